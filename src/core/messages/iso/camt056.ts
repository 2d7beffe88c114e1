import { CANCELLATION_REASONS, type CancellationRequest } from '../types'
import { readCode, readReason, writeReason, type IsoCodec } from './common'
import { readAgentPartyBic, readCreatorBic, writeAgentParty } from './parties'
import { amountXml, checkCount, checkSum, decimalSum, isoDateTime, need, parseIsoDateTime, readAmount } from './values'
import { at, attrOf, child, children, parseRoot, ReadProblems, textAt, textOf, type Line } from './xml-read'
import { XmlWriter } from './xml-write'

/**
 * camt.056.001.08 FIToFIPaymentCancellationRequest ⇄ CancellationRequest (revocation, R10.1.1):
 * Assgnmt (id, assigner and assignee banks as Agt, creation time), Case (id, the bank that created it as Agt),
 * CtrlData (NbOfTxs, CtrlSum — checked on reading), one Undrlyg with a TxInf per revoked transaction:
 * CxlId, OrgnlGrpInf, original ids, OrgnlIntrBkSttlmAmt, CxlRsnInf/Rsn/Cd (DUPL, FRAD, …) and AddtlInf.
 */
const TYPE = 'camt.056.001.08'
const ROOT = 'FIToFIPmtCxlReq'
/** The domain keeps only the original message's id: revocations are of customer credit transfers. */
const ORIGINAL_TYPE = 'pacs.008.001.08'

export function writeCamt056(r: CancellationRequest): string {
  const w = new XmlWriter(TYPE, ROOT)
  w.open('Assgnmt').leaf('Id', r.assignmentId)
  writeAgentParty(w, 'Assgnr', r.assignerBic)
  writeAgentParty(w, 'Assgne', r.assigneeBic)
  w.leaf('CreDtTm', isoDateTime(r.createdAt)).close()
  w.open('Case').leaf('Id', r.caseId)
  // A request queued before the creator was kept has none: it was written as the assigner then.
  writeAgentParty(w, 'Cretr', r.creatorBic ?? r.assignerBic)
  w.close()
  const amounts = r.transactions.map((t) => ({ minor: t.amountMinor, currency: t.currency }))
  w.open('CtrlData').leaf('NbOfTxs', String(r.transactions.length)).leaf('CtrlSum', decimalSum(amounts)).close()
  w.open('Undrlyg')
  for (const t of r.transactions) {
    w.open('TxInf').leaf('CxlId', t.cancellationId).open('OrgnlGrpInf').leaf('OrgnlMsgId', t.originalMessageId).leaf('OrgnlMsgNmId', ORIGINAL_TYPE).close()
    w.leaf('OrgnlEndToEndId', t.originalEndToEndId).leaf('OrgnlTxId', t.originalTxId)
    const a = amountXml(t.amountMinor, t.currency)
    w.leaf('OrgnlIntrBkSttlmAmt', a.text, a.attrs)
    writeReason(w, 'CxlRsnInf', t.reason, t.info)
    w.close()
  }
  return w.done()
}

/** `checked`: see parseRoot — readMessage passes true after the guard and the schema. */
export function readCamt056(text: string, checked = false): CancellationRequest {
  const root = parseRoot(text, ROOT, checked)
  const p = new ReadProblems(text)
  const asg = child(root, 'Assgnmt')
  const al = (...path: string[]): Line => p.at('Assgnmt', 0, ...path)
  const createdAt = parseIsoDateTime(textAt(asg, 'CreDtTm') ?? '')
  if (createdAt === null) p.add(al('CreDtTm'), 'Assgnmt/CreDtTm missing or not an ISODateTime')
  const txs = children(root, 'Undrlyg').flatMap((u) => children(u, 'TxInf'))
  const assignerBic = readAgentPartyBic(p, child(asg, 'Assgnr'), al('Assgnr'), 'assigner (Assgnr)')
  const r: CancellationRequest = {
    assignmentId: need(p, al('Id'), textAt(asg, 'Id'), 'Assgnmt/Id'),
    createdAt: createdAt ?? 0,
    assignerBic,
    assigneeBic: readAgentPartyBic(p, child(asg, 'Assgne'), al('Assgne'), 'assignee (Assgne)'),
    caseId: need(p, p.at('Case', 0), textAt(root, 'Case', 'Id'), 'Case/Id'),
    creatorBic: readCreatorBic(p, at(root, 'Case', 'Cretr'), p.at('Case', 0, 'Cretr'), 'case creator (Case/Cretr)', assignerBic),
    transactions: txs.map((tx, k) => {
      const line = (...path: string[]): Line => p.at('TxInf', k, ...path)
      const amt = child(tx, 'OrgnlIntrBkSttlmAmt')
      const currency = attrOf(amt, 'Ccy') ?? ''
      const { reason, info } = readReason(child(tx, 'CxlRsnInf'))
      return {
        cancellationId: textAt(tx, 'CxlId') ?? '',
        originalMessageId: need(p, line('OrgnlGrpInf'), textAt(tx, 'OrgnlGrpInf', 'OrgnlMsgId'), `transaction ${k + 1}: OrgnlGrpInf/OrgnlMsgId`),
        originalEndToEndId: need(p, line('OrgnlEndToEndId'), textAt(tx, 'OrgnlEndToEndId'), `transaction ${k + 1}: OrgnlEndToEndId`),
        originalTxId: textAt(tx, 'OrgnlTxId') ?? '',
        amountMinor: readAmount(p, line('OrgnlIntrBkSttlmAmt'), textOf(amt), currency, `transaction ${k + 1} OrgnlIntrBkSttlmAmt`) ?? 0,
        currency,
        reason: readCode(p, line('CxlRsnInf'), reason ?? undefined, CANCELLATION_REASONS, `transaction ${k + 1}: cancellation reason`),
        info
      }
    })
  }
  const ctrl = child(root, 'CtrlData')
  checkCount(p, p.at('CtrlData', 0, 'NbOfTxs'), textAt(ctrl, 'NbOfTxs'), txs.length, 'CtrlData/NbOfTxs')
  checkSum(p, p.at('CtrlData', 0, 'CtrlSum'), textAt(ctrl, 'CtrlSum'), decimalSum(r.transactions.map((t) => ({ minor: t.amountMinor, currency: t.currency }))), 'CtrlData/CtrlSum')
  return p.finish(r)
}

export const camt056: IsoCodec<CancellationRequest> = { format: TYPE, write: writeCamt056, read: readCamt056 }
