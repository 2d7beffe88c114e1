// PKCS#11 return values in words the interfaces can translate. pkcs11js throws a Pkcs11Error whose message is the
// CKR_* name (or "CKR_X:160" from the native layer); anything else from the binding is a NativeError or TypeError.
import { TokenError, type TokenErrorCode } from '../signer'
import { triesLeftOf } from './pin-state'

interface Mapping {
  code: TokenErrorCode
  message: string
}

const BY_CKR: Record<string, Mapping> = {
  CKR_PIN_INCORRECT: { code: 'pin_incorrect', message: 'The PIN is wrong.' },
  CKR_PIN_LOCKED: { code: 'pin_locked', message: 'The PIN is locked after too many wrong attempts; the security officer must unlock it.' },
  CKR_PIN_LEN_RANGE: { code: 'pin_len_range', message: 'The PIN is too short or too long for this token.' },
  CKR_PIN_INVALID: { code: 'pin_len_range', message: 'The PIN contains characters this token does not accept.' },
  CKR_PIN_EXPIRED: { code: 'function_failed', message: 'The PIN has expired; change it with the token vendor tool.' },
  CKR_USER_PIN_NOT_INITIALIZED: { code: 'function_failed', message: 'The token has no user PIN yet; initialise it with the token vendor tool.' },
  CKR_TOKEN_NOT_PRESENT: { code: 'token_not_present', message: 'The token is not inserted.' },
  CKR_DEVICE_REMOVED: { code: 'token_not_present', message: 'The token was removed during the operation.' },
  CKR_SLOT_ID_INVALID: { code: 'token_not_present', message: 'The token reader is no longer there; insert the token again.' },
  CKR_TOKEN_NOT_RECOGNIZED: { code: 'token_not_recognized', message: 'The token in the reader is not one this driver recognises.' },
  CKR_MECHANISM_INVALID: { code: 'mechanism_invalid', message: 'The token does not support this signature or encryption algorithm.' },
  CKR_MECHANISM_PARAM_INVALID: { code: 'mechanism_invalid', message: 'The token does not support these algorithm parameters.' },
  // SoftHSM answers OAEP with a hash other than SHA-1 this way rather than with a mechanism error.
  CKR_ARGUMENTS_BAD: { code: 'mechanism_invalid', message: 'The token refused the algorithm parameters.' },
  CKR_KEY_TYPE_INCONSISTENT: { code: 'mechanism_invalid', message: 'The key on the token is of a type this algorithm cannot use.' },
  CKR_KEY_FUNCTION_NOT_PERMITTED: { code: 'mechanism_invalid', message: 'The key on the token is not allowed to be used for this operation.' },
  CKR_KEY_HANDLE_INVALID: { code: 'key_not_found', message: 'The private key is no longer on the token.' },
  CKR_OBJECT_HANDLE_INVALID: { code: 'key_not_found', message: 'The object is no longer on the token.' },
  CKR_SESSION_CLOSED: { code: 'session_closed', message: 'The session with the token was closed; try again.' },
  CKR_SESSION_HANDLE_INVALID: { code: 'session_closed', message: 'The session with the token was closed; try again.' },
  CKR_SESSION_COUNT: { code: 'device_error', message: 'The token has too many open sessions.' },
  CKR_USER_NOT_LOGGED_IN: { code: 'user_not_logged_in', message: 'The token needs the PIN for this operation.' },
  CKR_DEVICE_ERROR: { code: 'device_error', message: 'The token reported a hardware error.' },
  CKR_DEVICE_MEMORY: { code: 'device_error', message: 'The token is out of memory.' },
  CKR_GENERAL_ERROR: { code: 'device_error', message: 'The token driver reported an unrecoverable error.' },
  CKR_HOST_MEMORY: { code: 'device_error', message: 'The token driver ran out of memory.' },
  CKR_FUNCTION_FAILED: { code: 'function_failed', message: 'The token could not complete the operation.' },
  CKR_CRYPTOKI_NOT_INITIALIZED: { code: 'function_failed', message: 'The token driver is not initialised (it was closed).' }
}

/** The CKR_* name in a pkcs11js error, or null when the failure did not come from the module. */
export function ckrOf(e: unknown): string | null {
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : ''
  return /CKR_[A-Z0-9_]+/.exec(message)?.[0] ?? null
}

/**
 * A TokenError for anything thrown by the binding. `tokenFlags` (read after the failure) gives the tries left
 * for a wrong PIN; pass null when the token could not be asked.
 */
export function toTokenError(e: unknown, tokenFlags: number | null = null): TokenError {
  if (e instanceof TokenError) return e
  const ckr = ckrOf(e)
  if (ckr === null) {
    const detail = e instanceof Error ? e.message : String(e)
    return new TokenError('function_failed', `The token driver failed: ${detail}`)
  }
  const m = BY_CKR[ckr] ?? { code: 'function_failed' as const, message: `The token refused the operation (${ckr}).` }
  if (m.code !== 'pin_incorrect') return new TokenError(m.code, m.message, ckr)
  const tries = tokenFlags === null ? null : triesLeftOf(tokenFlags)
  const suffix = tries === 'one' ? ' One more wrong PIN will lock the token.' : tries === 'few' ? ' Few tries remain before the token locks.' : ''
  return new TokenError('pin_incorrect', m.message + suffix, ckr, tries)
}

/** The module file could not be loaded: missing, not a shared library, or without C_GetFunctionList. */
export function moduleLoadError(path: string, e: unknown): TokenError {
  const detail = e instanceof Error ? e.message : String(e)
  return new TokenError('module_not_found', `The token driver ${path} could not be loaded: ${detail}`)
}
