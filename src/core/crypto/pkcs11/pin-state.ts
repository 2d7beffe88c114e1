// The token's PIN flags (CK_TOKEN_INFO.flags), read without logging in, so the PIN dialog can warn before a try.
import type { TokenInfo } from '../signer'

export const CKF_USER_PIN_COUNT_LOW = 0x0001_0000
export const CKF_USER_PIN_FINAL_TRY = 0x0002_0000
export const CKF_USER_PIN_LOCKED = 0x0004_0000
export const CKF_TOKEN_INITIALIZED = 0x0000_0400

export function pinStateOf(flags: number): TokenInfo['pinState'] {
  if (flags & CKF_USER_PIN_LOCKED) return 'locked'
  if (flags & CKF_USER_PIN_FINAL_TRY) return 'final_try'
  if (flags & CKF_USER_PIN_COUNT_LOW) return 'count_low'
  return 'ok'
}

/** Tries left as far as the token tells; null when it sets no flag (many tokens keep the count to themselves). */
export function triesLeftOf(flags: number): 'few' | 'one' | null {
  if (flags & CKF_USER_PIN_FINAL_TRY) return 'one'
  if (flags & CKF_USER_PIN_COUNT_LOW) return 'few'
  return null
}
