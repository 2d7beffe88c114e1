// The decision on a dispute as a signed document (R10.1.3): its JSON, signed attached (CMS) on the analyst's
// token, so the applicant, an auditor or an offline desk can check who decided what, when, and that nothing
// changed since.
import { signCms, verifyCms } from '../crypto/cms'
import { readSignedData } from '../crypto/cms/read-signed-data'
import type { Signer } from '../crypto/signer'
import type { TrustStore } from '../crypto/trust/trust-store'
import type { VerificationReport } from '../crypto/cms/report'
import type { Outcome } from './lifecycle'

export const DECISION_FORMAT = 'kz-psw-dispute-decision/1'

export interface DecisionDocument {
  format: typeof DECISION_FORMAT
  dispute: string
  operationSeq: number
  /** The case version the decision was made on: applying it to a case that changed since is refused. */
  caseVersion: number
  outcome: Outcome
  amountMinor: number
  currency: string
  grounds: string
  decidedAt: number
  analyst: string
}

export async function signDecision(doc: DecisionDocument, signer: Signer): Promise<Uint8Array> {
  return signCms({ content: new TextEncoder().encode(JSON.stringify(doc)), detached: false, signer, signingTime: new Date(doc.decidedAt) })
}

/** The verification report and the document it carries (null when the content is not a decision). */
export async function openDecision(cms: Uint8Array, trust: TrustStore, at: Date): Promise<{ report: VerificationReport; document: DecisionDocument | null }> {
  const report = await verifyCms({ cms, trust, at })
  let document: DecisionDocument | null = null
  try {
    const content = readSignedData(cms).content
    const parsed = content ? (JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(content)) as DecisionDocument) : null
    document = parsed?.format === DECISION_FORMAT ? parsed : null
  } catch {
    document = null
  }
  return { report, document }
}
