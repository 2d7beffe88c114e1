import { CANCELLATION_STATUSES, type CancellationResult, type CancellationStatus } from '../types'
import { readCode, readReason, writeReason, type IsoCodec } from './common'
import { readAgentPartyBic, readCreatorBic, writeAgentParty } from './parties'
import { isoDateTime, need, parseIsoDateTime } from './values'
import { at, child, children, parseRoot, ReadProblems, textAt, type Line } from './xml-read'
import { XmlWriter } from './xml-write'

/**
 * camt.029.001.09 ResolutionOfInvestigation ⇄ CancellationResult (revocation result, R10.1.3):
 * Assgnmt, RslvdCase, Sts/Conf = the overall status (CNCL, PDCR, RJCR — ISO's external investigation codes),
 * then CxlDtls/TxInfAndSts per transaction. The per-transaction code list of the schema
 * (CancellationIndividualStatus1Code) is ACCR/PDCR/RJCR: an accepted revocation CNCL is written ACCR there
 * and read back as CNCL.
 */
const TYPE = 'camt.029.001.09'
const ROOT = 'RsltnOfInvstgtn'
const TX_STATUSES = ['ACCR', 'PDCR', 'RJCR'] as const

const txStatusXml = (s: CancellationStatus): (typeof TX_STATUSES)[number] => (s === 'CNCL' ? 'ACCR' : s)

export function writeCamt029(r: CancellationResult): string {
  const w = new XmlWriter(TYPE, ROOT)
  w.open('Assgnmt').leaf('Id', r.assignmentId)
  writeAgentParty(w, 'Assgnr', r.assignerBic)
  writeAgentParty(w, 'Assgne', r.assigneeBic)
  w.leaf('CreDtTm', isoDateTime(r.createdAt)).close()
  w.open('RslvdCase').leaf('Id', r.caseId)
  // A result queued before the creator was kept has none: it was written as the assignee then.
  writeAgentParty(w, 'Cretr', r.creatorBic ?? r.assigneeBic)
  w.close()
  w.path(['Sts', 'Conf'], r.status)
  if (r.transactions.length) {
    w.open('CxlDtls')
    for (const t of r.transactions) {
      w.open('TxInfAndSts').leaf('CxlStsId', t.cancellationId).leaf('OrgnlEndToEndId', t.originalEndToEndId).leaf('OrgnlTxId', t.originalTxId).leaf('TxCxlSts', txStatusXml(t.status))
      writeReason(w, 'CxlStsRsnInf', t.reason, t.info)
      w.close()
    }
    w.close()
  }
  return w.done()
}

/** `checked`: see parseRoot — readMessage passes true after the guard and the schema. */
export function readCamt029(text: string, checked = false): CancellationResult {
  const root = parseRoot(text, ROOT, checked)
  const p = new ReadProblems(text)
  const asg = child(root, 'Assgnmt')
  const al = (...path: string[]): Line => p.at('Assgnmt', 0, ...path)
  const createdAt = parseIsoDateTime(textAt(asg, 'CreDtTm') ?? '')
  if (createdAt === null) p.add(al('CreDtTm'), 'Assgnmt/CreDtTm missing or not an ISODateTime')
  const txs = children(root, 'CxlDtls').flatMap((d) => children(d, 'TxInfAndSts'))
  const assigneeBic = readAgentPartyBic(p, child(asg, 'Assgne'), al('Assgne'), 'assignee (Assgne)')
  const r: CancellationResult = {
    assignmentId: need(p, al('Id'), textAt(asg, 'Id'), 'Assgnmt/Id'),
    createdAt: createdAt ?? 0,
    assignerBic: readAgentPartyBic(p, child(asg, 'Assgnr'), al('Assgnr'), 'assigner (Assgnr)'),
    assigneeBic,
    caseId: need(p, p.at('RslvdCase', 0), textAt(root, 'RslvdCase', 'Id'), 'RslvdCase/Id'),
    creatorBic: readCreatorBic(p, at(root, 'RslvdCase', 'Cretr'), p.at('RslvdCase', 0, 'Cretr'), 'case creator (RslvdCase/Cretr)', assigneeBic),
    status: readCode(p, p.at('Sts', 0), textAt(root, 'Sts', 'Conf'), CANCELLATION_STATUSES, 'Sts/Conf'),
    transactions: txs.map((tx, k) => {
      const line = (...path: string[]): Line => p.at('TxInfAndSts', k, ...path)
      const { reason, info } = readReason(child(tx, 'CxlStsRsnInf'))
      const s = readCode(p, line('TxCxlSts'), textAt(tx, 'TxCxlSts'), TX_STATUSES, `transaction ${k + 1}: TxCxlSts`)
      return {
        cancellationId: textAt(tx, 'CxlStsId') ?? '',
        originalEndToEndId: need(p, line('OrgnlEndToEndId'), textAt(tx, 'OrgnlEndToEndId'), `transaction ${k + 1}: OrgnlEndToEndId`),
        originalTxId: textAt(tx, 'OrgnlTxId') ?? '',
        status: s === 'ACCR' ? 'CNCL' : s,
        reason,
        info
      }
    })
  }
  return p.finish(r)
}

export const camt029: IsoCodec<CancellationResult> = { format: TYPE, write: writeCamt029, read: readCamt029 }
