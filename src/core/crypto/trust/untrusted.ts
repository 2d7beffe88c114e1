import { AppError } from '../../domain/errors'
import type { ChainFailure } from './chain'

/**
 * Refuses a certificate whose chain check failed (R12.1, R14.2): the refusal `trust.certificate_untrusted` names the
 * certificate, and each failure follows as a reason of its own, `trust.chain_<kind>` with the certificate it is about
 * (`certificate`), its kind (`chainFailure`) and its data (issuer, days, serial…) for the screens to word. The lines
 * keep the check's English for the CLI and the log.
 */
export function refuseUntrusted(subject: string, failures: readonly ChainFailure[], message: string): never {
  const reasons = failures.map((f) => ({ rule: `trust.chain_${f.code}`, params: { chainFailure: f.code, certificate: f.certificate, ...f.params } }))
  throw new AppError('CONFLICT', message, failures.map((f) => `${f.code}: ${f.certificate}: ${f.detail}`), [{ rule: 'trust.certificate_untrusted', params: { subject } }, ...reasons])
}
