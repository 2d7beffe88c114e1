// A signature refused for what its verification report found (R12.1, R14.2): a bundle, a document, a decision.
import type { VerificationFailureView, VerificationReportView } from '../api/crypto-types'
import { AppError, type Reason } from '../domain/errors'

/**
 * A failure as the screens word it: its own reason where it has data (a chain failure's certificate and day, an altered
 * attachment's name…), else `trust.verification_<code>`; `signatureFailure` names its code, and marks the refusal a
 * signature's.
 */
export const signatureReason = (f: VerificationFailureView): Reason => ({
  rule: f.reason?.rule ?? `trust.verification_${f.code}`,
  params: { ...f.reason?.params, signatureFailure: f.code }
})

/**
 * Refuses with VALIDATION: the message names the failures by code and the lines keep each check's English, for the
 * CLI and the log; the reasons, one a failure in the same order (signatureReason), are what the screens word. `first`:
 * a refusal of the caller's own before them (what the file lacks besides its signature), its English its first line.
 */
export function refuseFailures(message: string, failures: readonly VerificationFailureView[], first?: { reason: Reason; detail: string }): never {
  const details = failures.map((f) => `${f.code}: ${f.detail}`)
  const reasons = failures.map(signatureReason)
  throw new AppError('VALIDATION', message, first ? [first.detail, ...details] : details, first ? [first.reason, ...reasons] : reasons)
}

/** Refuses (refuseFailures) unless the signature is valid and its chain trusted. */
export function requireValid(report: VerificationReportView, what: string): void {
  if (report.valid) return
  const codes = [...new Set(report.failures.map((f) => f.code))].join(', ')
  // A report that is not valid names why; should one name nothing, the refusal still says it in the user's words.
  if (!codes) refuseFailures(`${what}: the signature is not valid (no valid signer)`, [], { reason: { rule: 'trust.no_valid_signer', params: {} }, detail: 'no signer of the file is valid' })
  refuseFailures(`${what}: the signature is not valid (${codes})`, report.failures)
}
