// The token layer's port (R12.1, R14): what signing and decrypting need of a key, whether it lives on a hardware
// token over PKCS#11 or in a PKCS#12 file (the demo database). The PIN crosses once, from the PIN dialog to main,
// and is never stored, logged or sent back.

export type KeyAlgorithm = 'RSA' | 'EC-P256'
export type SignatureScheme = 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA'

/** A certificate as found on a token or in a file, DER-encoded, with its private key's handle if it has one. */
export interface TokenCertificate {
  /** CKA_ID (hex) on a token; the alias in a PKCS#12 file. */
  id: string
  label: string
  der: Uint8Array
  hasPrivateKey: boolean
  keyAlgorithm: KeyAlgorithm
}

export interface TokenInfo {
  slot: number
  label: string
  serial: string
  manufacturer: string
  model: string
  /** The token says how many wrong PINs remain before it locks, when it says (CKF_USER_PIN_COUNT_LOW / FINAL_TRY). */
  pinState: 'ok' | 'count_low' | 'final_try' | 'locked'
  certificates: TokenCertificate[]
}

/**
 * A key that signs and decrypts. `sign` takes the data to be signed (the DER of the signed attributes) and
 * returns the signature in the form CMS needs (DER-encoded ECDSA-Sig-Value for EC); the hashing is the signer's.
 */
export interface Signer {
  readonly certificate: TokenCertificate
  sign(data: Uint8Array, scheme: SignatureScheme, hash: 'SHA-256'): Promise<Uint8Array>
  /** RSA-OAEP (SHA-1, as SoftHSM supports in C_Decrypt; SHA-256 where the key allows) key transport. */
  decryptKey(encryptedKey: Uint8Array, oaepHash: 'SHA-1' | 'SHA-256'): Promise<Uint8Array>
}

/** Why a token operation failed, in words each interface can translate (kk/ru/en). */
export const TOKEN_ERRORS = ['pin_incorrect', 'pin_locked', 'pin_len_range', 'token_not_present', 'token_not_recognized', 'mechanism_invalid', 'key_not_found', 'session_closed', 'module_not_found', 'device_error', 'user_not_logged_in', 'pin_cancelled', 'function_failed'] as const
export type TokenErrorCode = (typeof TOKEN_ERRORS)[number]

export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
    /** The PKCS#11 return value's name, e.g. CKR_PIN_INCORRECT, when the failure came from the module. */
    readonly ckr: string | null = null,
    /** Tries left before the PIN locks, when the token tells. */
    readonly triesLeft: 'several' | 'few' | 'one' | null = null
  ) {
    super(message)
    this.name = 'TokenError'
  }
}
