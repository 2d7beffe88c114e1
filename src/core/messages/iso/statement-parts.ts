import type { StatementAccount, StatementEntry } from '../types'
import { readAccountIban, readAgentBic, readRemittance, writeRemittance } from './parties'
import { amountXml, checkBic, checkCount, checkSum, decimalSum, isIsoDate, need, parseIsoDateTime, readAmount, sameDecimal } from './values'
import { at, attrOf, child, textAt, textOf, type ReadProblems, type XNode, type Line } from './xml-read'
import type { XmlWriter } from './xml-write'

/** The account of a statement or notification (CashAccount39): IBAN, currency, owner's name, servicing bank. */
export function writeStatementAccount(w: XmlWriter, a: StatementAccount): void {
  w.open('Acct').path(['Id', 'IBAN'], a.iban).leaf('Ccy', a.currency).path(['Ownr', 'Nm'], a.ownerName).path(['Svcr', 'FinInstnId', 'BICFI'], a.servicerBic).close()
}

export function readStatementAccount(p: ReadProblems, acct: XNode | undefined, line: (...path: string[]) => Line): StatementAccount {
  return {
    iban: readAccountIban(p, acct, line('IBAN'), 'account (Acct)'),
    currency: need(p, line('Ccy'), textAt(acct, 'Ccy'), 'Acct/Ccy'),
    ownerName: need(p, line('Ownr'), textAt(acct, 'Ownr', 'Nm'), 'Acct/Ownr/Nm'),
    servicerBic: child(acct, 'Svcr') === undefined ? checkBic(p, line('Svcr'), undefined, 'account servicer (Acct/Svcr)') : readAgentBic(p, child(acct, 'Svcr'), line('Svcr', 'BICFI'), 'account servicer (Acct/Svcr)')
  }
}

/**
 * One booked entry (ReportEntry10). BkTxCd is mandatory: PMNT / RCDT (received) or ICDT (issued credit
 * transfer) / DMCT (domestic). The transaction details — EndToEndId, KNP in Purp/Prtry as in pacs.008,
 * remittance — go in NtryDtls/TxDtls when there are any.
 */
export function writeEntry(w: XmlWriter, e: StatementEntry): void {
  const a = amountXml(e.amountMinor, e.currency)
  w.open('Ntry').leaf('NtryRef', e.reference).leaf('Amt', a.text, a.attrs).leaf('CdtDbtInd', e.creditDebit).path(['Sts', 'Cd'], 'BOOK')
  w.path(['BookgDt', 'Dt'], e.bookingDate).path(['ValDt', 'Dt'], e.valueDate)
  w.open('BkTxCd').open('Domn').leaf('Cd', 'PMNT').open('Fmly').leaf('Cd', e.creditDebit === 'CRDT' ? 'RCDT' : 'ICDT').leaf('SubFmlyCd', 'DMCT').close().close().close()
  if (e.endToEndId !== null || e.purposeCode !== null || e.remittance !== null) {
    w.open('NtryDtls').open('TxDtls')
    if (e.endToEndId !== null) w.path(['Refs', 'EndToEndId'], e.endToEndId)
    if (e.purposeCode !== null) w.path(['Purp', 'Prtry'], e.purposeCode)
    writeRemittance(w, e.remittance)
    w.close().close()
  }
  w.close()
}

export function readEntry(p: ReadProblems, ntry: XNode, k: number): StatementEntry {
  const line = (...path: string[]): Line => p.at('Ntry', k, ...path)
  const amt = child(ntry, 'Amt')
  const currency = attrOf(amt, 'Ccy') ?? ''
  const cd = textAt(ntry, 'CdtDbtInd')
  if (cd !== 'CRDT' && cd !== 'DBIT') p.add(line('CdtDbtInd'), `entry ${k + 1}: CdtDbtInd must be CRDT or DBIT`)
  const tx = at(ntry, 'NtryDtls', 'TxDtls')
  const day = (name: string): string => {
    const d = textAt(ntry, name, 'Dt') ?? isoDayOf(textAt(ntry, name, 'DtTm'))
    if (d === undefined || !isIsoDate(d)) p.add(line(name), `entry ${k + 1}: ${name} missing or not a date`)
    return d ?? ''
  }
  const purposeCode = textAt(tx, 'Purp', 'Prtry') ?? null
  if (purposeCode !== null && !/^\d{3}$/.test(purposeCode)) p.add(line('Purp'), `entry ${k + 1}: KNP (Purp/Prtry) must be 3 digits, not ${JSON.stringify(purposeCode)}`)
  return {
    reference: textAt(ntry, 'NtryRef') ?? '',
    amountMinor: readAmount(p, line('Amt'), textOf(amt), currency, `entry ${k + 1} Amt`) ?? 0,
    currency,
    creditDebit: cd === 'DBIT' ? 'DBIT' : 'CRDT',
    bookingDate: day('BookgDt'),
    valueDate: day('ValDt'),
    endToEndId: textAt(tx, 'Refs', 'EndToEndId') ?? null,
    purposeCode,
    remittance: readRemittance(tx)
  }
}

/**
 * Every entry in the account's currency: Ntry/Amt is the amount booked on the account (an amount in another
 * currency goes in AmtDtls), so an entry in another one cannot be added to the account's balance.
 */
export function checkEntryCurrencies(p: ReadProblems, entries: StatementEntry[], account: StatementAccount): void {
  entries.forEach((e, k) => {
    if (e.currency !== '' && account.currency !== '' && e.currency !== account.currency)
      p.add(p.at('Ntry', k, 'Amt'), `entry ${k + 1}: Amt is in ${e.currency} but the account (Acct/Ccy) is in ${account.currency}`)
  })
}

/** The day (Asia/Almaty) of an ISODateTime, as the domain keeps days. */
export function isoDayOf(dateTime: string | undefined): string | undefined {
  const ms = dateTime === undefined ? null : parseIsoDateTime(dateTime)
  return ms === null ? undefined : new Date(ms + 5 * 3_600_000).toISOString().slice(0, 10)
}

const amountsOf = (entries: StatementEntry[]): { minor: number; currency: string }[] => entries.map((e) => ({ minor: e.amountMinor, currency: e.currency }))

/** TxsSummry (TotalTransactions6): number and sum of all entries, their net, and of credits and debits apart. */
export function writeSummary(w: XmlWriter, entries: StatementEntry[]): void {
  const credits = entries.filter((e) => e.creditDebit === 'CRDT')
  const debits = entries.filter((e) => e.creditDebit === 'DBIT')
  const net = net2(entries)
  w.open('TxsSummry')
  w.open('TtlNtries').leaf('NbOfNtries', String(entries.length)).leaf('Sum', decimalSum(amountsOf(entries)))
  w.open('TtlNetNtry').leaf('Amt', net.abs).leaf('CdtDbtInd', net.sign).close().close()
  w.open('TtlCdtNtries').leaf('NbOfNtries', String(credits.length)).leaf('Sum', decimalSum(amountsOf(credits))).close()
  w.open('TtlDbtNtries').leaf('NbOfNtries', String(debits.length)).leaf('Sum', decimalSum(amountsOf(debits))).close()
  w.close()
}

/** The net of the entries: credits minus debits, as a non-negative amount and its direction. */
function net2(entries: StatementEntry[]): { abs: string; sign: 'CRDT' | 'DBIT' } {
  const signed = entries.map((e) => ({ minor: e.creditDebit === 'CRDT' ? e.amountMinor : -e.amountMinor, currency: e.currency }))
  const v = decimalSum(signed)
  return v.startsWith('-') ? { abs: v.slice(1), sign: 'DBIT' } : { abs: v, sign: 'CRDT' }
}

/** Checks every total present in TxsSummry against the entries read. */
export function checkSummary(p: ReadProblems, summary: XNode | undefined, entries: StatementEntry[], line: (...path: string[]) => Line): void {
  if (summary === undefined) return
  const groups = [
    ['TtlNtries', entries],
    ['TtlCdtNtries', entries.filter((e) => e.creditDebit === 'CRDT')],
    ['TtlDbtNtries', entries.filter((e) => e.creditDebit === 'DBIT')]
  ] as const
  for (const [name, list] of groups) {
    const g = child(summary, name)
    if (g === undefined) continue
    checkCount(p, line(name, 'NbOfNtries'), textAt(g, 'NbOfNtries'), list.length, `TxsSummry/${name}/NbOfNtries`)
    checkSum(p, line(name, 'Sum'), textAt(g, 'Sum'), decimalSum(amountsOf(list)), `TxsSummry/${name}/Sum`)
  }
  const net = at(summary, 'TtlNtries', 'TtlNetNtry')
  if (net !== undefined) {
    const n = net2(entries)
    const declared = textAt(net, 'Amt') ?? ''
    const sign = textAt(net, 'CdtDbtInd')
    // A zero net may be marked either way.
    const zero = /^0*(\.0*)?$/.test(n.abs)
    const sameAmount = sameDecimal(declared, n.abs)
    if (!sameAmount || (!zero && sign !== n.sign)) p.add(line('TtlNetNtry'), `TxsSummry/TtlNtries/TtlNetNtry is ${declared} ${sign ?? ''} but the entries net to ${n.abs} ${n.sign}`)
  }
}
