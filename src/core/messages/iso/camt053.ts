import type { AccountStatement } from '../types'
import { checkEntryCurrencies, readEntry, readStatementAccount, checkSummary, isoDayOf, writeEntry, writeStatementAccount, writeSummary } from './statement-parts'
import type { IsoCodec } from './common'
import { amountXml, isIsoDate, isoDateTime, need, parseIsoDateTime, readAmount } from './values'
import { at, attrOf, child, children, parseRoot, ReadProblems, textAt, textOf, type XNode, type Line } from './xml-read'
import { XmlWriter } from './xml-write'

/**
 * camt.053.001.08 BankToCustomerStatement ⇄ AccountStatement (end-of-day statement, R9.3.7): one Stmt with
 * FrToDt (the Almaty days from 00:00:00+05:00 to 23:59:59+05:00), the account, the opening (OPBD) and
 * closing (CLBD) booked balances — a negative balance as its amount with CdtDbtInd DBIT — TxsSummry and the
 * entries. On reading, TxsSummry is checked against the entries, and opening + credits − debits in the
 * account's currency must give the closing balance.
 */
const TYPE = 'camt.053.001.08'
const ROOT = 'BkToCstmrStmt'

function writeBalance(w: XmlWriter, code: 'OPBD' | 'CLBD', minor: number, currency: string, day: string): void {
  const a = amountXml(Math.abs(minor), currency)
  w.open('Bal').path(['Tp', 'CdOrPrtry', 'Cd'], code).leaf('Amt', a.text, a.attrs).leaf('CdtDbtInd', minor < 0 ? 'DBIT' : 'CRDT').path(['Dt', 'Dt'], day).close()
}

export function writeCamt053(s: AccountStatement): string {
  const w = new XmlWriter(TYPE, ROOT)
  w.open('GrpHdr').leaf('MsgId', s.messageId).leaf('CreDtTm', isoDateTime(s.createdAt)).close()
  w.open('Stmt').leaf('Id', s.statementId).leaf('CreDtTm', isoDateTime(s.createdAt))
  w.open('FrToDt').leaf('FrDtTm', `${s.fromDay}T00:00:00+05:00`).leaf('ToDtTm', `${s.toDay}T23:59:59+05:00`).close()
  writeStatementAccount(w, s.account)
  writeBalance(w, 'OPBD', s.openingBalanceMinor, s.account.currency, s.fromDay)
  writeBalance(w, 'CLBD', s.closingBalanceMinor, s.account.currency, s.toDay)
  writeSummary(w, s.entries)
  for (const e of s.entries) writeEntry(w, e)
  return w.done()
}

/** `checked`: see parseRoot — readMessage passes true after the guard and the schema. */
export function readCamt053(text: string, checked = false): AccountStatement {
  const root = parseRoot(text, ROOT, checked)
  const p = new ReadProblems(text)
  const hdr = child(root, 'GrpHdr')
  const stmt = child(root, 'Stmt')
  if (children(root, 'Stmt').length > 1) p.add(p.at('Stmt', 1), 'only one statement (Stmt) per message is handled')
  const sl = (...path: string[]): Line => p.at('Stmt', 0, ...path)
  const createdAt = parseIsoDateTime(textAt(hdr, 'CreDtTm') ?? '')
  if (createdAt === null) p.add(p.at('GrpHdr', 0, 'CreDtTm'), 'GrpHdr/CreDtTm missing or not an ISODateTime')
  const account = readStatementAccount(p, child(stmt, 'Acct'), (...path) => sl('Acct', ...path))
  const balance = (code: string): { minor: number; day: string | undefined } => {
    const k = children(stmt, 'Bal').findIndex((b) => textAt(b, 'Tp', 'CdOrPrtry', 'Cd') === code)
    const bal = children(stmt, 'Bal')[k]
    if (bal === undefined) {
      p.add(sl('Bal'), `balance ${code} missing`)
      return { minor: 0, day: undefined }
    }
    const ccy = attrOf(at(bal, 'Amt'), 'Ccy')
    if (ccy !== undefined && account.currency !== '' && ccy !== account.currency) p.add(sl('Bal'), `balance ${code} is in ${ccy} but the account (Acct/Ccy) is in ${account.currency}`)
    return { minor: readBalance(p, bal, sl('Bal'), code), day: textAt(bal, 'Dt', 'Dt') ?? isoDayOf(textAt(bal, 'Dt', 'DtTm')) }
  }
  const opening = balance('OPBD')
  const closing = balance('CLBD')
  const fromDay = isoDayOf(textAt(stmt, 'FrToDt', 'FrDtTm')) ?? opening.day ?? ''
  const toDay = isoDayOf(textAt(stmt, 'FrToDt', 'ToDtTm')) ?? closing.day ?? ''
  if (!isIsoDate(fromDay) || !isIsoDate(toDay)) p.add(sl('FrToDt'), 'the statement period (FrToDt or the balances\' dates) is missing')
  const entries = children(stmt, 'Ntry').map((n, k) => readEntry(p, n, k))
  checkSummary(p, child(stmt, 'TxsSummry'), entries, (...path) => sl('TxsSummry', ...path))
  checkEntryCurrencies(p, entries, account)
  if (entries.every((e) => e.currency === account.currency)) {
    const net = entries.reduce((s, e) => s + (e.creditDebit === 'CRDT' ? e.amountMinor : -e.amountMinor), 0)
    if (opening.minor + net !== closing.minor) p.add(sl('Bal'), `closing balance ${closing.minor} ≠ opening balance ${opening.minor} + entries ${net} (minor units of ${account.currency})`)
  }
  const s: AccountStatement = {
    messageId: need(p, p.at('GrpHdr', 0, 'MsgId'), textAt(hdr, 'MsgId'), 'GrpHdr/MsgId'),
    createdAt: createdAt ?? 0,
    statementId: need(p, sl('Id'), textAt(stmt, 'Id'), 'Stmt/Id'),
    account,
    fromDay,
    toDay,
    openingBalanceMinor: opening.minor,
    closingBalanceMinor: closing.minor,
    entries
  }
  return p.finish(s)
}

function readBalance(p: ReadProblems, bal: XNode, line: Line, code: string): number {
  const amt = at(bal, 'Amt')
  const minor = readAmount(p, line, textOf(amt), attrOf(amt, 'Ccy'), `balance ${code}`) ?? 0
  return textAt(bal, 'CdtDbtInd') === 'DBIT' ? -minor : minor
}

export const camt053: IsoCodec<AccountStatement> = { format: TYPE, write: writeCamt053, read: readCamt053 }
