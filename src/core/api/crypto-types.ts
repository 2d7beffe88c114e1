// Plain data of hardware tokens and certificates (R12.1, R14) crossing the call boundary. Types only.
import type { Reason } from '../domain/errors'

export interface CertificateView {
  /** CKA_ID on the token (hex). */
  id: string
  label: string
  keyAlgorithm: 'RSA' | 'EC-P256'
  hasPrivateKey: boolean
  subject: string
  commonName: string | null
  iin: string | null
  bin: string | null
  organisation: string | null
  issuer: string
  serial: string
  notBefore: number
  notAfter: number
  /** Null when the certificate has no keyUsage extension (any use allowed). */
  keyUsage: string[] | null
  fingerprint: string
  validity: 'valid' | 'expired' | 'not_yet_valid'
  /** The certificate itself (base64 DER): public, so the panel can bind it without asking for a file. */
  der: string
}

export interface TokenView {
  slot: number
  label: string
  serial: string
  manufacturer: string
  model: string
  pinState: 'ok' | 'count_low' | 'final_try' | 'locked'
  certificates: CertificateView[]
}

/** The token panel: the configured PKCS#11 module, why it could not be used if so, and the tokens present. */
export interface TokenPanel {
  module: string | null
  error: { code: string; message: string } | null
  tokens: TokenView[]
}

/** One check of a signature as the verification report shows it; dates are epoch milliseconds. */
export interface VerificationFailureView {
  code: string
  /** The check's English, for the CLI and the log. */
  detail: string
  /**
   * The failure's words with its data, for the screens, where it has data: a chain failure's `trust.chain_<kind>` with the
   * certificate (issuer, day, serial…), an altered attachment's name, a field the signed document says otherwise.
   */
  reason?: Reason
}

export interface SignerReportView {
  commonName: string | null
  iin: string | null
  bin: string | null
  organisation: string | null
  subject: string | null
  issuer: string | null
  serial: string | null
  fingerprint: string | null
  notBefore: number | null
  notAfter: number | null
  signingTime: number | null
  digestAlgorithm: string
  signatureAlgorithm: string
  messageDigest: 'match' | 'mismatch' | 'not_checked'
  signature: 'valid' | 'invalid' | 'not_checked'
  certificateHash: 'match' | 'mismatch' | 'absent' | 'not_checked'
  /** Subjects from the signer up to the trusted CA, when a path was built. */
  chain: string[]
  chainTrusted: boolean
  keyUsage: 'ok' | 'wrong' | 'not_checked'
  valid: boolean
  failures: VerificationFailureView[]
}

/** What crypto.verifyFile and a document's view tell about a signature (R14.2): who, which certificate, when, trusted, changed. */
export interface VerificationReportView {
  valid: boolean
  detached: boolean
  signers: SignerReportView[]
  failures: VerificationFailureView[]
  verifiedAt: number
}

export interface SignFileResult {
  out: string
  bytes: number
  detached: boolean
  signer: string
  fingerprint: string
}

export interface EncryptFileResult {
  out: string
  bytes: number
  recipients: string[]
}

export interface DecryptFileResult {
  out: string
  bytes: number
}

/** A certificate bound to a member of staff; its key is on a token or (demo) in a PIN-protected key file. */
export interface BoundCertificate {
  fingerprint: string
  userId: string
  login: string
  subject: string
  commonName: string | null
  keyAlgorithm: 'RSA' | 'EC-P256'
  notAfter: number
  keyStore: 'token' | 'software'
  status: 'active' | 'unbound'
  boundAt: number
}

export interface TrustAnchorView {
  fingerprint: string
  subject: string
  issuer: string
  serial: string
  notBefore: number
  notAfter: number
  isCa: boolean
  addedAt: number
}

/** Why a stored CRL decides nothing: the trusted CA that signed it may not sign CRLs (its keyUsage lacks cRLSign). */
export type CrlUntrustedReason = 'issuer_not_crl_signer'

export interface TrustCrlView {
  id: number
  issuer: string
  thisUpdate: number
  nextUpdate: number | null
  revokedCount: number
  addedAt: number
  /** Null when the CRL counts in revocation checks. */
  untrusted: CrlUntrustedReason | null
}

export interface PartyCertificateView {
  fingerprint: string
  party: string
  subject: string
  notAfter: number
  addedAt: number
}

export interface TrustView {
  anchors: TrustAnchorView[]
  crls: TrustCrlView[]
  parties: PartyCertificateView[]
}

/** A key pair generated on a token and the PKCS#10 request to take to the CA. */
export interface GeneratedKey {
  slot: number
  id: string
  label: string
  algorithm: 'RSA-2048' | 'EC-P256'
  csrPem: string
}
