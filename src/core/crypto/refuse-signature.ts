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
 * CLI and the log; the reasons, one a failure in the same order (signatureReason), are what the screens word.
 */
export function refuseFailures(message: string, failures: readonly VerificationFailureView[]): never {
  throw new AppError('VALIDATION', message, failures.map((f) => `${f.code}: ${f.detail}`), failures.map(signatureReason))
}

/** Refuses (refuseFailures) unless the signature is valid and its chain trusted. */
export function requireValid(report: VerificationReportView, what: string): void {
  if (!report.valid) refuseFailures(`${what}: the signature is not valid (${[...new Set(report.failures.map((f) => f.code))].join(', ') || 'no valid signer'})`, report.failures)
}
