import type { AccountNotification } from '../types'
import { checkEntryCurrencies, checkSummary, readEntry, readStatementAccount, writeEntry, writeStatementAccount, writeSummary } from './statement-parts'
import type { IsoCodec } from './common'
import { isoDateTime, need, parseIsoDateTime } from './values'
import { child, children, parseRoot, ReadProblems, textAt, type Line } from './xml-read'
import { XmlWriter } from './xml-write'

/**
 * camt.054.001.08 BankToCustomerDebitCreditNotification ⇄ AccountNotification (intraday debits and credits):
 * one Ntfctn with the account, TxsSummry (checked on reading) and the entries, laid out as in camt.053.
 */
const TYPE = 'camt.054.001.08'
const ROOT = 'BkToCstmrDbtCdtNtfctn'

export function writeCamt054(n: AccountNotification): string {
  const w = new XmlWriter(TYPE, ROOT)
  w.open('GrpHdr').leaf('MsgId', n.messageId).leaf('CreDtTm', isoDateTime(n.createdAt)).close()
  w.open('Ntfctn').leaf('Id', n.notificationId).leaf('CreDtTm', isoDateTime(n.createdAt))
  writeStatementAccount(w, n.account)
  writeSummary(w, n.entries)
  for (const e of n.entries) writeEntry(w, e)
  return w.done()
}

/** `checked`: see parseRoot — readMessage passes true after the guard and the schema. */
export function readCamt054(text: string, checked = false): AccountNotification {
  const root = parseRoot(text, ROOT, checked)
  const p = new ReadProblems(text)
  const hdr = child(root, 'GrpHdr')
  const ntf = child(root, 'Ntfctn')
  if (children(root, 'Ntfctn').length > 1) p.add(p.at('Ntfctn', 1), 'only one notification (Ntfctn) per message is handled')
  const nl = (...path: string[]): Line => p.at('Ntfctn', 0, ...path)
  const createdAt = parseIsoDateTime(textAt(hdr, 'CreDtTm') ?? '')
  if (createdAt === null) p.add(p.at('GrpHdr', 0, 'CreDtTm'), 'GrpHdr/CreDtTm missing or not an ISODateTime')
  const entries = children(ntf, 'Ntry').map((e, k) => readEntry(p, e, k))
  checkSummary(p, child(ntf, 'TxsSummry'), entries, (...path) => nl('TxsSummry', ...path))
  const account = readStatementAccount(p, child(ntf, 'Acct'), (...path) => nl('Acct', ...path))
  checkEntryCurrencies(p, entries, account)
  const n: AccountNotification = {
    messageId: need(p, p.at('GrpHdr', 0, 'MsgId'), textAt(hdr, 'MsgId'), 'GrpHdr/MsgId'),
    createdAt: createdAt ?? 0,
    notificationId: need(p, nl('Id'), textAt(ntf, 'Id'), 'Ntfctn/Id'),
    account,
    entries
  }
  return p.finish(n)
}

export const camt054: IsoCodec<AccountNotification> = { format: TYPE, write: writeCamt054, read: readCamt054 }
