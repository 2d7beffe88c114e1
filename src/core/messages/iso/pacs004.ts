import type { PaymentReturn } from '../types'
import { readReason, writeReason, type IsoCodec } from './common'
import { readAgentBic, writeAgent } from './parties'
import { amountXml, checkCount, checkSum, decimalSum, isIsoDate, isoDateTime, need, parseIsoDateTime, readAmount } from './values'
import { attrOf, child, children, parseRoot, ReadProblems, textAt, textOf, type Line } from './xml-read'
import { XmlWriter } from './xml-write'

/**
 * pacs.004.001.09 PaymentReturn ⇄ PaymentReturn: group totals as in pacs.008 (NbOfTxs, CtrlSum, and
 * TtlRtrdIntrBkSttlmAmt when one currency), each TxInf with RtrId, OrgnlGrpInf (the original message, always
 * a pacs.008 here), the original ids, RtrdIntrBkSttlmAmt and RtrRsnInf (e.g. FOCR after a revocation).
 */
const TYPE = 'pacs.004.001.09'
const ROOT = 'PmtRtr'
/** The domain keeps only the original message's id: every returned payment was a customer credit transfer. */
const ORIGINAL_TYPE = 'pacs.008.001.08'

export function writePacs004(r: PaymentReturn): string {
  const w = new XmlWriter(TYPE, ROOT)
  const amounts = r.transactions.map((t) => ({ minor: t.amountMinor, currency: t.currency }))
  w.open('GrpHdr').leaf('MsgId', r.messageId).leaf('CreDtTm', isoDateTime(r.createdAt)).leaf('NbOfTxs', String(r.transactions.length)).leaf('CtrlSum', decimalSum(amounts))
  if (new Set(amounts.map((a) => a.currency)).size === 1) {
    const a = amountXml(amounts.reduce((s, x) => s + x.minor, 0), amounts[0]!.currency)
    w.leaf('TtlRtrdIntrBkSttlmAmt', a.text, a.attrs)
  }
  w.leaf('IntrBkSttlmDt', r.settlementDate).path(['SttlmInf', 'SttlmMtd'], 'CLRG')
  writeAgent(w, 'InstgAgt', r.instructingBic)
  writeAgent(w, 'InstdAgt', r.instructedBic)
  w.close()
  for (const t of r.transactions) {
    w.open('TxInf').leaf('RtrId', t.returnId).open('OrgnlGrpInf').leaf('OrgnlMsgId', t.originalMessageId).leaf('OrgnlMsgNmId', ORIGINAL_TYPE).close()
    w.leaf('OrgnlEndToEndId', t.originalEndToEndId).leaf('OrgnlTxId', t.originalTxId)
    const a = amountXml(t.amountMinor, t.currency)
    w.leaf('RtrdIntrBkSttlmAmt', a.text, a.attrs)
    writeReason(w, 'RtrRsnInf', t.reason, t.info)
    w.close()
  }
  return w.done()
}

/** `checked`: see parseRoot — readMessage passes true after the guard and the schema. */
export function readPacs004(text: string, checked = false): PaymentReturn {
  const root = parseRoot(text, ROOT, checked)
  const p = new ReadProblems(text)
  const hdr = child(root, 'GrpHdr')
  const hl = (...path: string[]): Line => p.at('GrpHdr', 0, ...path)
  const createdAt = parseIsoDateTime(textAt(hdr, 'CreDtTm') ?? '')
  if (createdAt === null) p.add(hl('CreDtTm'), 'GrpHdr/CreDtTm missing or not an ISODateTime')
  const settlementDate = textAt(hdr, 'IntrBkSttlmDt') ?? ''
  if (!isIsoDate(settlementDate)) p.add(hl('IntrBkSttlmDt'), `settlement date (IntrBkSttlmDt) missing or not a date: ${JSON.stringify(settlementDate)}`)
  const r: PaymentReturn = {
    messageId: need(p, hl('MsgId'), textAt(hdr, 'MsgId'), 'GrpHdr/MsgId'),
    createdAt: createdAt ?? 0,
    settlementDate,
    instructingBic: readAgentBic(p, child(hdr, 'InstgAgt'), hl('InstgAgt'), 'instructing agent (InstgAgt)'),
    instructedBic: readAgentBic(p, child(hdr, 'InstdAgt'), hl('InstdAgt'), 'instructed agent (InstdAgt)'),
    transactions: children(root, 'TxInf').map((tx, k) => {
      const line = (...path: string[]): Line => p.at('TxInf', k, ...path)
      const amt = child(tx, 'RtrdIntrBkSttlmAmt')
      const currency = attrOf(amt, 'Ccy') ?? ''
      const { reason, info } = readReason(child(tx, 'RtrRsnInf'))
      return {
        returnId: textAt(tx, 'RtrId') ?? '',
        originalMessageId: textAt(tx, 'OrgnlGrpInf', 'OrgnlMsgId') ?? textAt(root, 'OrgnlGrpInf', 'OrgnlMsgId') ?? '',
        originalEndToEndId: need(p, line('OrgnlEndToEndId'), textAt(tx, 'OrgnlEndToEndId'), `transaction ${k + 1}: OrgnlEndToEndId`),
        originalTxId: textAt(tx, 'OrgnlTxId') ?? '',
        amountMinor: readAmount(p, line('RtrdIntrBkSttlmAmt'), textOf(amt), currency, `transaction ${k + 1} RtrdIntrBkSttlmAmt`) ?? 0,
        currency,
        reason: need(p, line('RtrRsnInf'), reason ?? undefined, `transaction ${k + 1}: return reason (RtrRsnInf/Rsn)`),
        info
      }
    })
  }
  const amounts = r.transactions.map((t) => ({ minor: t.amountMinor, currency: t.currency }))
  checkCount(p, hl('NbOfTxs'), textAt(hdr, 'NbOfTxs'), r.transactions.length, 'NbOfTxs')
  checkSum(p, hl('CtrlSum'), textAt(hdr, 'CtrlSum'), decimalSum(amounts), 'CtrlSum')
  const total = child(hdr, 'TtlRtrdIntrBkSttlmAmt')
  if (total !== undefined) {
    const ccy = attrOf(total, 'Ccy') ?? ''
    const other = r.transactions.find((t) => t.currency !== ccy)
    if (other) p.add(hl('TtlRtrdIntrBkSttlmAmt'), `TtlRtrdIntrBkSttlmAmt is in ${ccy} but a transaction (${other.originalEndToEndId}) is in ${other.currency}`)
    else if (readAmount(p, hl('TtlRtrdIntrBkSttlmAmt'), textOf(total), ccy, 'TtlRtrdIntrBkSttlmAmt') !== null) checkSum(p, hl('TtlRtrdIntrBkSttlmAmt'), textOf(total), decimalSum(amounts), 'TtlRtrdIntrBkSttlmAmt')
  }
  return p.finish(r)
}

export const pacs004: IsoCodec<PaymentReturn> = { format: TYPE, write: writePacs004, read: readPacs004 }
