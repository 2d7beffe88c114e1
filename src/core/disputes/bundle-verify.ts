// Reading a bundle that was opened with the user's key: the bundle's signature, then every decision it carries
// with its own signature and document, checked against the case the bundle describes. Any failure refuses the
// whole bundle with VALIDATION naming it; nothing is written before all of this holds.
import type { VerificationFailureView, VerificationReportView } from '../api/crypto-types'
import { verifyCms } from '../crypto/cms'
import { readSignedData } from '../crypto/cms/read-signed-data'
import { reportView } from '../crypto/report-view'
import { refuseFailures, requireValid } from '../crypto/refuse-signature'
import type { TrustStore } from '../crypto/trust/trust-store'
import { refuse } from '../domain/errors'
import { alteredEvidence, decodeBundle, type BundleDecision, type DisputeBundle } from './bundle-format'
import { openDecision, type DecisionDocument } from './decision-document'

export interface Signature {
  subject: string
  fingerprint: string
}

export interface VerifiedDecision {
  entry: BundleDecision
  document: DecisionDocument
  signed: Uint8Array
  signer: Signature
}

export interface VerifiedBundle {
  bundle: DisputeBundle
  signer: Signature
  decisions: VerifiedDecision[]
}

export async function verifyBundle(signedData: Uint8Array, trust: TrustStore, at: Date, fileName: string): Promise<VerifiedBundle> {
  const report = reportView(await verifyCms({ cms: signedData, trust, at }))
  requireValid(report, fileName)
  const decoded = decodeBundle(readSignedData(signedData).content ?? new Uint8Array())
  if (typeof decoded === 'string') return refuse('VALIDATION', 'disputes.bundle_unreadable', { file: fileName }, `${fileName}: ${decoded}`)
  const altered = alteredEvidence(decoded).map((evidence) => changed(`evidence ${evidence} does not match its signed size and digest`, 'disputes.evidence_changed', { evidence }))
  if (altered.length) refuseFailures(`${fileName}: evidence does not match its signed digest (content_changed)`, altered)
  const decisions: VerifiedDecision[] = []
  for (const [i, entry] of decoded.decisions.entries()) {
    const what = `${fileName}: decision ${i + 1}`
    const signed = new Uint8Array(Buffer.from(entry.signedBase64, 'base64'))
    const opened = await openDecision(signed, trust, at)
    const view = reportView(opened.report)
    requireValid(view, what)
    if (!opened.document) return refuse('VALIDATION', 'disputes.not_a_decision', { n: i + 1 }, `${what}: the signed content is not a dispute decision`)
    const mismatches = decisionMismatches(opened.document, entry, decoded.case, i + 1)
    if (mismatches.length) refuseFailures(`${what} does not match its signed document or the case (content_changed)`, mismatches)
    decisions.push({ entry, document: opened.document, signed, signer: signerOf(view) })
  }
  return { bundle: decoded, signer: signerOf(report), decisions }
}

const signerOf = (report: VerificationReportView): Signature => ({ subject: report.signers[0]!.subject!, fingerprint: report.signers[0]!.fingerprint! })

/** What the signed content says otherwise than it holds, as a content_changed failure the screens word by `rule`. */
const changed = (detail: string, rule: string, params: Record<string, string | number>): VerificationFailureView => ({ code: 'content_changed', detail, reason: { rule, params } })

/** Where a signed decision (the bundle's `n`th) and what the bundle lists or says of the case disagree, each a failure. */
function decisionMismatches(doc: DecisionDocument, entry: BundleDecision, c: DisputeBundle['case'], n: number): VerificationFailureView[] {
  const fields: [string, string | number, string | number][] = [
    ['dispute', doc.dispute, c.number],
    ['operation', doc.operationSeq, c.operationSeq],
    ['currency', doc.currency, c.currency],
    ['outcome', doc.outcome, entry.outcome],
    ['amount', doc.amountMinor, entry.amountMinor],
    ['grounds', doc.grounds, entry.grounds]
  ]
  const problems = fields
    .filter(([, signed, stated]) => signed !== stated)
    .map(([decisionField, signed, stated]) => changed(`${decisionField}: the signed decision says ${signed}, the bundle ${stated}`, 'disputes.decision_differs', { n, decisionField }))
  const money = { amountMinor: doc.amountMinor, currency: doc.currency }
  if (doc.amountMinor > c.amountMinor) problems.push(changed(`amount: ${doc.amountMinor} is more than the ${c.amountMinor} claimed`, 'disputes.decision_over_claim', { n, ...money, claimedMinor: c.amountMinor }))
  if ((doc.outcome === 'rejected') !== (doc.amountMinor === 0))
    problems.push(changed(`amount: a decision "${doc.outcome}" cannot return ${doc.amountMinor}`, 'disputes.decision_outcome_amount', { n, disputeStatus: doc.outcome, ...money }))
  return problems
}
