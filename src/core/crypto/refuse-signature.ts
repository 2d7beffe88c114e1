// A signature refused for what its verification report found (R12.1, R14.2): a bundle, a document, a decision.
import type { VerificationFailureView, VerificationReportView } from '../api/crypto-types'
import { AppError } from '../domain/errors'

/**
 * Refuses with VALIDATION: the message names the failures by code and the lines keep each check's English, for the
 * CLI and the log; a chain failure also follows as its reason (`trust.chain_<kind>` with its certificate and data),
 * which the screens word in place of its line.
 */
export function refuseFailures(message: string, failures: readonly VerificationFailureView[]): never {
  throw new AppError('VALIDATION', message, failures.map((f) => `${f.code}: ${f.detail}`), failures.flatMap((f) => (f.reason ? [f.reason] : [])))
}

/** Refuses (refuseFailures) unless the signature is valid and its chain trusted. */
export function requireValid(report: VerificationReportView, what: string): void {
  if (!report.valid) refuseFailures(`${what}: the signature is not valid (${[...new Set(report.failures.map((f) => f.code))].join(', ') || 'no valid signer'})`, report.failures)
}
