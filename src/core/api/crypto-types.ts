// Plain data of hardware tokens and certificates (R12.1, R14) crossing the call boundary. Types only.

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
