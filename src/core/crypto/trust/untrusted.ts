import { AppError, type Reason } from '../../domain/errors'
import type { ChainFailure } from './chain'

/**
 * A chain failure as the screens word it (R12.1, R14.2): `trust.chain_<kind>` with the certificate it is about
 * (`certificate`), its kind (`chainFailure`) and its data (issuer, days, serial…). A refused binding and a
 * signature's verification report name a failure alike.
 */
export const chainReason = (f: ChainFailure): Reason => ({ rule: `trust.chain_${f.code}`, params: { chainFailure: f.code, certificate: f.certificate, ...f.params } })

/**
 * Refuses a certificate whose chain check failed (R12.1, R14.2): the refusal `trust.certificate_untrusted` names the
 * certificate, and each failure follows as a reason of its own (chainReason). The lines keep the check's English for
 * the CLI and the log.
 */
export function refuseUntrusted(subject: string, failures: readonly ChainFailure[], message: string): never {
  throw new AppError('CONFLICT', message, failures.map((f) => `${f.code}: ${f.certificate}: ${f.detail}`), [{ rule: 'trust.certificate_untrusted', params: { subject } }, ...failures.map(chainReason)])
}
