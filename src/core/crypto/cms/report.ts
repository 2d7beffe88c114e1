// What verifyCms tells: every check with its outcome, and the verdict with named failures an interface can
// translate (kk/ru/en). A report is data, never an exception.
import type { ChainResult } from '../trust/chain'
import type { CertificateHashCheck } from './ess'
import type { KeyUsage } from '../trust/certificate'
import type { Reason } from '../../domain/errors'
import type { SubjectIdentity } from '../trust/identity'

export const VERIFICATION_FAILURES = [
  'malformed',
  'no_signers',
  'content_missing',
  'content_changed',
  'content_type_mismatch',
  'duplicate_attribute',
  'signature_invalid',
  'signer_certificate_missing',
  'certificate_hash_mismatch',
  'untrusted_chain',
  'invalid_ca',
  'expired',
  'not_yet_valid',
  'revoked',
  'wrong_key_usage',
  'signing_time_in_future',
  'unsupported_algorithm'
] as const
export type VerificationFailureCode = (typeof VERIFICATION_FAILURES)[number]

/** The signed attributes a signature may hold once, with one value, as a duplicate_attribute failure names them (`signedAttribute`). */
export const SIGNED_ATTRIBUTES = ['contentType', 'messageDigest', 'signingTime', 'signingCertificate', 'signingCertificateV2'] as const
export type SignedAttribute = (typeof SIGNED_ATTRIBUTES)[number]

export interface VerificationFailure {
  code: VerificationFailureCode
  /** The check's English, for the CLI and the log. */
  detail: string
  /**
   * The failure's words with its data, for the screens: which certificate, attribute, algorithm or time
   * (chainReason: `trust.chain_<kind>`, the certificate and its data). None where the code says all (content_missing…).
   */
  reason?: Reason
}

export interface SignerCertificateReport {
  subject: string
  issuer: string
  serial: string
  notBefore: Date
  notAfter: Date
  fingerprint: string
  keyUsage: readonly KeyUsage[] | null
}

export interface SignerReport {
  /** Who signed, from the certificate's subject. Null when the certificate is not in the CMS. */
  signer: SubjectIdentity | null
  certificate: SignerCertificateReport | null
  /** The signing-time attribute: claimed by the signer, not proven (no time-stamp in CAdES-BES). */
  signingTime: Date | null
  digestAlgorithm: string
  signatureAlgorithm: string
  integrity: {
    /** message-digest attribute against the content's hash. */
    messageDigest: 'match' | 'mismatch' | 'not_checked'
    /** The signature over the signed attributes (or over the content when there are none). */
    signature: 'valid' | 'invalid' | 'not_checked'
  }
  /**
   * ESS signing-certificate(-v2) hash against the certificate used; 'absent' for plain CMS (e.g. from openssl),
   * 'not_checked' for a hash algorithm the desk lacks (an unsupported_algorithm failure).
   */
  certificateHash: CertificateHashCheck
  chain: ChainResult | null
  keyUsage: 'ok' | 'wrong' | 'not_checked'
  valid: boolean
  failures: VerificationFailure[]
}

export interface VerificationReport {
  valid: boolean
  detached: boolean
  signers: SignerReport[]
  /** All signers' failures and the message's own (malformed, no_signers), without duplicates. */
  failures: VerificationFailure[]
  verifiedAt: Date
}

export function malformedReport(detail: string, at: Date): VerificationReport {
  return { valid: false, detached: false, signers: [], failures: [{ code: 'malformed', detail }], verifiedAt: at }
}
