import type { StatusRequest } from '../types'
import { readMessageType, type IsoCodec } from './common'
import { isoDateTime, need, parseIsoDateTime } from './values'
import { child, children, parseRoot, ReadProblems, textAt, type Line } from './xml-read'
import { XmlWriter } from './xml-write'

/**
 * pacs.028.001.03 FIToFIPaymentStatusRequest ⇄ StatusRequest: a TxInf per instruction asked about, each with
 * its own OrgnlGrpInf (original message id and type), since one request may ask about several messages.
 */
const TYPE = 'pacs.028.001.03'
const ROOT = 'FIToFIPmtStsReq'

export function writePacs028(r: StatusRequest): string {
  const w = new XmlWriter(TYPE, ROOT)
  w.open('GrpHdr').leaf('MsgId', r.messageId).leaf('CreDtTm', isoDateTime(r.createdAt)).close()
  for (const t of r.transactions) {
    w.open('TxInf').open('OrgnlGrpInf').leaf('OrgnlMsgId', t.originalMessageId).leaf('OrgnlMsgNmId', t.originalMessageType).close()
    w.leaf('OrgnlEndToEndId', t.originalEndToEndId).leaf('OrgnlTxId', t.originalTxId).close()
  }
  return w.done()
}

/** `checked`: see parseRoot — readMessage passes true after the guard and the schema. */
export function readPacs028(text: string, checked = false): StatusRequest {
  const root = parseRoot(text, ROOT, checked)
  const p = new ReadProblems(text)
  const hdr = child(root, 'GrpHdr')
  const createdAt = parseIsoDateTime(textAt(hdr, 'CreDtTm') ?? '')
  if (createdAt === null) p.add(p.at('GrpHdr', 0, 'CreDtTm'), 'GrpHdr/CreDtTm missing or not an ISODateTime')
  const r: StatusRequest = {
    messageId: need(p, p.at('GrpHdr', 0, 'MsgId'), textAt(hdr, 'MsgId'), 'GrpHdr/MsgId'),
    createdAt: createdAt ?? 0,
    transactions: children(root, 'TxInf').map((tx, k) => {
      const line = (...path: string[]): Line => p.at('TxInf', k, ...path)
      return {
        originalMessageId: need(p, line('OrgnlGrpInf'), textAt(tx, 'OrgnlGrpInf', 'OrgnlMsgId'), `transaction ${k + 1}: OrgnlGrpInf/OrgnlMsgId`),
        originalMessageType: readMessageType(p, line('OrgnlMsgNmId'), textAt(tx, 'OrgnlGrpInf', 'OrgnlMsgNmId'), `transaction ${k + 1}: OrgnlMsgNmId`),
        originalEndToEndId: need(p, line('OrgnlEndToEndId'), textAt(tx, 'OrgnlEndToEndId'), `transaction ${k + 1}: OrgnlEndToEndId`),
        originalTxId: textAt(tx, 'OrgnlTxId') ?? ''
      }
    })
  }
  return p.finish(r)
}

export const pacs028: IsoCodec<StatusRequest> = { format: TYPE, write: writePacs028, read: readPacs028 }
