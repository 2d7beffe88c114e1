/**
 * pacs.008.001.08 FIToFICustomerCreditTransfer ⇄ PaymentBatch (R4.1, R4.2).
 *
 * Where the Kazakh data goes (the same in every message that carries it; MAPPING.md has the full table):
 * - KNP (EKNP purpose code, 3 digits): CdtTrfTxInf/Purp/Prtry. Purp/Cd takes only ISO's external purpose
 *   codes (4 letters), so a national code is proprietary by definition.
 * - KOd / KBe (residency + economic sector, 2 digits): CdtTrfTxInf/RgltryRptg, one per party, with
 *   DbtCdtRptgInd DEBT (payer, KOd) or CRED (payee, KBe) and Dtls/Tp "KOd"/"KBe", Dtls/Cd the two digits.
 *   RegulatoryReporting is ISO's place for codes a central bank requires of a payment, and the indicator
 *   says whose side the code describes. A half-known code writes 0 for the unknown digit (neither 0 is a
 *   valid residency nor sector); both unknown writes no RgltryRptg.
 * - IIN (individual): Dbtr|Cdtr/Id/PrvtId/Othr/Id with SchmeNm/Prtry "IIN"; BIN (legal entity, individual
 *   entrepreneur): .../Id/OrgId/Othr/Id with SchmeNm/Prtry "BIN". Which it is comes from the number itself
 *   (a BIN's fifth digit is 4–6, an IIN's 0–3).
 * - IIK (KZ IBAN): DbtrAcct|CdtrAcct/Id/IBAN; the banks' BICs: DbtrAgt|CdtrAgt/FinInstnId/BICFI.
 * - Group: InstgAgt = the sending participant, InstdAgt = the settlement bank (R4.1) or the operator (the desk's own BIC); an import refuses a file addressed elsewhere, IntrBkSttlmDt = settlement
 *   date (read from the group, or from the transactions when they all carry the same one), SttlmInf/SttlmMtd CLRG (settled through the clearing), ChrgBr SLEV (the scheme's tariffs).
 * - The group totals are always written: NbOfTxs, CtrlSum (the plain sum), and TtlIntrBkSttlmAmt when every
 *   transaction has the same currency (it has a single Ccy). On reading, each present total is checked.
 */
import type { CreditTransfer, MessageParty, PaymentBatch } from '../types'
import { readAccountIban, readAgentBic, readParty, readRemittance, writeAccount, writeAgent, writeParty, writeRemittance } from './parties'
import type { IsoCodec } from './common'
import { amountXml, checkCount, checkSum, decimalSum, isIsoDate, isoDateTime, need, parseIsoDateTime, readAmount } from './values'
import { at, attrOf, child, children, parseRoot, ReadProblems, textAt, textOf, type XNode, type Line } from './xml-read'
import { XmlWriter } from './xml-write'

const TYPE = 'pacs.008.001.08'
const ROOT = 'FIToFICstmrCdtTrf'
const TX = 'CdtTrfTxInf'

/** The EKNP residency+sector code of a party, '0' for an unknown half; null when both are unknown. */
export function eknpCode(party: MessageParty): string | null {
  return party.residency === null && party.sector === null ? null : `${party.residency ?? '0'}${party.sector ?? '0'}`
}

function writeEknp(w: XmlWriter, indicator: 'DEBT' | 'CRED', party: MessageParty): void {
  const code = eknpCode(party)
  if (code === null) return
  w.open('RgltryRptg').leaf('DbtCdtRptgInd', indicator).open('Dtls').leaf('Tp', indicator === 'DEBT' ? 'KOd' : 'KBe').leaf('Cd', code).close().close()
}

export function writePacs008(b: PaymentBatch): string {
  const w = new XmlWriter(TYPE, ROOT)
  const amounts = b.transactions.map((t) => ({ minor: t.amountMinor, currency: t.currency }))
  const currencies = new Set(b.transactions.map((t) => t.currency))
  w.open('GrpHdr').leaf('MsgId', b.messageId).leaf('CreDtTm', isoDateTime(b.createdAt)).leaf('NbOfTxs', String(b.transactions.length)).leaf('CtrlSum', decimalSum(amounts))
  if (currencies.size === 1) {
    const total = b.transactions.reduce((s, t) => s + t.amountMinor, 0)
    const a = amountXml(total, b.transactions[0]!.currency)
    w.leaf('TtlIntrBkSttlmAmt', a.text, a.attrs)
  }
  w.leaf('IntrBkSttlmDt', b.settlementDate).path(['SttlmInf', 'SttlmMtd'], 'CLRG')
  writeAgent(w, 'InstgAgt', b.instructingBic)
  writeAgent(w, 'InstdAgt', b.instructedBic)
  w.close()
  for (const t of b.transactions) writeTransaction(w, t)
  return w.done()
}

function writeTransaction(w: XmlWriter, t: CreditTransfer): void {
  w.open(TX).open('PmtId').leaf('InstrId', t.instructionId).leaf('EndToEndId', t.endToEndId).leaf('TxId', t.txId).close()
  const a = amountXml(t.amountMinor, t.currency)
  w.leaf('IntrBkSttlmAmt', a.text, a.attrs).leaf('ChrgBr', 'SLEV')
  writeParty(w, 'Dbtr', t.debtor)
  writeAccount(w, 'DbtrAcct', t.debtor.iban)
  writeAgent(w, 'DbtrAgt', t.debtor.bic)
  writeAgent(w, 'CdtrAgt', t.creditor.bic)
  writeParty(w, 'Cdtr', t.creditor)
  writeAccount(w, 'CdtrAcct', t.creditor.iban)
  w.path(['Purp', 'Prtry'], t.purposeCode)
  writeEknp(w, 'DEBT', t.debtor)
  writeEknp(w, 'CRED', t.creditor)
  writeRemittance(w, t.remittance)
  w.close()
}

/** `checked`: see parseRoot — readMessage passes true after the guard and the schema. */
export function readPacs008(text: string, checked = false): PaymentBatch {
  const root = parseRoot(text, ROOT, checked)
  const p = new ReadProblems(text)
  const hdr = child(root, 'GrpHdr')
  const hl = (...path: string[]): Line => p.at('GrpHdr', 0, ...path)
  const createdAt = parseIsoDateTime(need(p, hl('CreDtTm'), textAt(hdr, 'CreDtTm'), 'GrpHdr/CreDtTm'))
  const settlementDate = textAt(hdr, 'IntrBkSttlmDt') ?? textAt(child(root, TX), 'IntrBkSttlmDt') ?? ''
  if (!isIsoDate(settlementDate)) p.add(hl('IntrBkSttlmDt'), `settlement date (IntrBkSttlmDt) missing or not a date: ${JSON.stringify(settlementDate)}`)
  const batch: PaymentBatch = {
    messageId: need(p, hl('MsgId'), textAt(hdr, 'MsgId'), 'GrpHdr/MsgId'),
    createdAt: createdAt ?? 0,
    settlementDate,
    instructingBic: readAgentBic(p, child(hdr, 'InstgAgt'), hl('InstgAgt'), 'instructing agent (InstgAgt)'),
    instructedBic: readAgentBic(p, child(hdr, 'InstdAgt'), hl('InstdAgt'), 'instructed agent (InstdAgt)'),
    transactions: children(root, TX).map((tx, k) => readTransaction(p, tx, k))
  }
  if (createdAt === null) p.add(hl('CreDtTm'), 'GrpHdr/CreDtTm is not an ISODateTime')
  // The batch has one settlement date: a transaction dated otherwise cannot be taken as dated like the file.
  children(root, TX).forEach((tx, k) => {
    const own = textAt(tx, 'IntrBkSttlmDt')
    if (own !== undefined && own !== settlementDate && isIsoDate(settlementDate))
      p.add(p.at(TX, k, 'IntrBkSttlmDt'), `transaction ${k + 1}: IntrBkSttlmDt ${own} differs from the file's settlement date ${settlementDate}; a file has one settlement date`)
  })

  checkCount(p, hl('NbOfTxs'), textAt(hdr, 'NbOfTxs'), batch.transactions.length, 'NbOfTxs')
  const amounts = batch.transactions.map((t) => ({ minor: t.amountMinor, currency: t.currency }))
  checkSum(p, hl('CtrlSum'), textAt(hdr, 'CtrlSum'), decimalSum(amounts), 'CtrlSum')
  const total = child(hdr, 'TtlIntrBkSttlmAmt')
  if (total !== undefined) {
    const ccy = attrOf(total, 'Ccy') ?? ''
    const declared = readAmount(p, hl('TtlIntrBkSttlmAmt'), textOf(total), ccy, 'TtlIntrBkSttlmAmt')
    const other = batch.transactions.find((t) => t.currency !== ccy)
    if (other) p.add(hl('TtlIntrBkSttlmAmt'), `TtlIntrBkSttlmAmt is in ${ccy} but a transaction (${other.endToEndId}) is in ${other.currency}`)
    else if (declared !== null) checkSum(p, hl('TtlIntrBkSttlmAmt'), textOf(total), decimalSum(amounts), 'TtlIntrBkSttlmAmt')
  }
  return p.finish(batch)
}

function readTransaction(p: ReadProblems, tx: XNode, k: number): CreditTransfer {
  const line = (...path: string[]): Line => p.at(TX, k, ...path)
  const amt = child(tx, 'IntrBkSttlmAmt')
  const currency = attrOf(amt, 'Ccy') ?? ''
  const n = k + 1
  const debtor = readSide(p, tx, 'Dbtr', 'DEBT', line, `transaction ${n} debtor`)
  const creditor = readSide(p, tx, 'Cdtr', 'CRED', line, `transaction ${n} creditor`)
  const purposeCode = textAt(tx, 'Purp', 'Prtry') ?? ''
  if (!/^\d{3}$/.test(purposeCode)) p.add(line('Purp'), `transaction ${n}: KNP (Purp/Prtry) must be 3 digits, not ${JSON.stringify(purposeCode)}`)
  return {
    instructionId: textAt(tx, 'PmtId', 'InstrId') ?? '',
    endToEndId: need(p, line('PmtId', 'EndToEndId'), textAt(tx, 'PmtId', 'EndToEndId'), `transaction ${n}: EndToEndId`),
    txId: textAt(tx, 'PmtId', 'TxId') ?? '',
    amountMinor: readAmount(p, line('IntrBkSttlmAmt'), textOf(amt), currency, `transaction ${n} IntrBkSttlmAmt`) ?? 0,
    currency,
    debtor,
    creditor,
    purposeCode,
    remittance: readRemittance(tx)
  }
}

function readSide(p: ReadProblems, tx: XNode, role: 'Dbtr' | 'Cdtr', indicator: 'DEBT' | 'CRED', line: (...path: string[]) => Line, what: string): MessageParty {
  const { name, idn } = readParty(p, child(tx, role), (...path) => line(role, ...path), what)
  const iban = readAccountIban(p, child(tx, `${role}Acct`), line(`${role}Acct`, 'IBAN'), what)
  const bic = readAgentBic(p, child(tx, `${role}Agt`), line(`${role}Agt`, 'BICFI'), `${what} agent`)
  const report = children(tx, 'RgltryRptg').find((r) => textAt(r, 'DbtCdtRptgInd') === indicator)
  const code = textAt(at(report, 'Dtls'), 'Cd')
  let residency: MessageParty['residency'] = null
  let sector: string | null = null
  if (code !== undefined) {
    if (!/^[012][0-9]$/.test(code) || code === '00') p.add(line('RgltryRptg'), `${what}: ${indicator === 'DEBT' ? 'KOd' : 'KBe'} ${JSON.stringify(code)} is not residency (1, 2) + sector (1–9)`)
    else {
      residency = code[0] === '0' ? null : (code[0] as '1' | '2')
      sector = code[1] === '0' ? null : code[1]!
    }
  }
  return { name, iban, bic, idn, residency, sector }
}

export const pacs008: IsoCodec<PaymentBatch> = { format: TYPE, write: writePacs008, read: readPacs008 }
