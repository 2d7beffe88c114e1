import { TRANSACTION_STATUSES, type StatusReport } from '../types'
import { readCode, readOriginalType, readReason, writeReason, type IsoCodec } from './common'
import { isoDateTime, need, parseIsoDateTime } from './values'
import { child, children, parseRoot, ReadProblems, textAt, type Line } from './xml-read'
import { XmlWriter } from './xml-write'

/**
 * pacs.002.001.10 FIToFIPaymentStatusReport ⇄ StatusReport: one OrgnlGrpInfAndSts (the original message,
 * its type in OrgnlMsgNmId — an ISO message name, or MT100 / MT102 for a national-format file —, the group status when there is one, and its reason in StsRsnInf), then a TxInfAndSts per transaction with
 * TxSts and, for a rejection, StsRsnInf/Rsn (ISO status reason code) and AddtlInf.
 */
const TYPE = 'pacs.002.001.10'
const ROOT = 'FIToFIPmtStsRpt'
const GROUP_STATUSES = [...TRANSACTION_STATUSES, 'PART'] as const

export function writePacs002(r: StatusReport): string {
  const w = new XmlWriter(TYPE, ROOT)
  w.open('GrpHdr').leaf('MsgId', r.messageId).leaf('CreDtTm', isoDateTime(r.createdAt)).close()
  w.open('OrgnlGrpInfAndSts').leaf('OrgnlMsgId', r.originalMessageId).leaf('OrgnlMsgNmId', r.originalMessageType).opt('GrpSts', r.groupStatus)
  // A report queued before the group reason existed has none (its payload is kept as JSON until written).
  writeReason(w, 'StsRsnInf', r.groupReason ?? null, r.groupInfo ?? null)
  w.close()
  for (const t of r.transactions) {
    w.open('TxInfAndSts').leaf('OrgnlEndToEndId', t.originalEndToEndId).leaf('OrgnlTxId', t.originalTxId).leaf('TxSts', t.status)
    writeReason(w, 'StsRsnInf', t.reason, t.info)
    w.close()
  }
  return w.done()
}

/** `checked`: see parseRoot — readMessage passes true after the guard and the schema. */
export function readPacs002(text: string, checked = false): StatusReport {
  const root = parseRoot(text, ROOT, checked)
  const p = new ReadProblems(text)
  const hdr = child(root, 'GrpHdr')
  const grp = child(root, 'OrgnlGrpInfAndSts')
  const gl = (...path: string[]): Line => p.at('OrgnlGrpInfAndSts', 0, ...path)
  const createdAt = parseIsoDateTime(textAt(hdr, 'CreDtTm') ?? '')
  if (createdAt === null) p.add(p.at('GrpHdr', 0, 'CreDtTm'), 'GrpHdr/CreDtTm missing or not an ISODateTime')
  const grpSts = textAt(grp, 'GrpSts')
  const group = readReason(child(grp, 'StsRsnInf'))
  const report: StatusReport = {
    messageId: need(p, p.at('GrpHdr', 0, 'MsgId'), textAt(hdr, 'MsgId'), 'GrpHdr/MsgId'),
    createdAt: createdAt ?? 0,
    originalMessageId: need(p, gl('OrgnlMsgId'), textAt(grp, 'OrgnlMsgId'), 'OrgnlGrpInfAndSts/OrgnlMsgId'),
    originalMessageType: readOriginalType(p, gl('OrgnlMsgNmId'), textAt(grp, 'OrgnlMsgNmId'), 'OrgnlMsgNmId'),
    groupStatus: grpSts === undefined ? null : readCode(p, gl('GrpSts'), grpSts, GROUP_STATUSES, 'GrpSts'),
    groupReason: group.reason,
    groupInfo: group.info,
    transactions: children(root, 'TxInfAndSts').map((tx, k) => {
      const line = (...path: string[]): Line => p.at('TxInfAndSts', k, ...path)
      const { reason, info } = readReason(child(tx, 'StsRsnInf'))
      return {
        originalEndToEndId: need(p, line('OrgnlEndToEndId'), textAt(tx, 'OrgnlEndToEndId'), `transaction ${k + 1}: OrgnlEndToEndId`),
        originalTxId: textAt(tx, 'OrgnlTxId') ?? '',
        status: readCode(p, line('TxSts'), textAt(tx, 'TxSts'), TRANSACTION_STATUSES, `transaction ${k + 1}: TxSts`),
        reason,
        info
      }
    })
  }
  return p.finish(report)
}

export const pacs002: IsoCodec<StatusReport> = { format: TYPE, write: writePacs002, read: readPacs002 }
