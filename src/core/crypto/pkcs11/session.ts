// Sessions and logins, one per operation: the session is closed in `finally`, which also ends any half-done
// operation (C_SignInit without C_Sign) and logs the user out when it was the application's last session.
import * as pkcs11 from 'pkcs11js'
import { TokenError } from '../signer'
import { ckrOf } from './errors'

export type Handle = Buffer

/** A CK_SLOT_ID as a number (pkcs11js hands slots over as CK_ULONG-sized buffers). */
export function handleNumber(handle: Handle): number {
  return handle.length >= 8 ? Number(handle.readBigUInt64LE(0)) : handle.readUInt32LE(0)
}

export async function withSession<T>(lib: pkcs11.PKCS11, slot: Handle, readWrite: boolean, fn: (session: Handle) => Promise<T> | T): Promise<T> {
  const flags = pkcs11.CKF_SERIAL_SESSION | (readWrite ? pkcs11.CKF_RW_SESSION : 0)
  const session = lib.C_OpenSession(slot, flags)
  try {
    return await fn(session)
  } finally {
    try {
      lib.C_CloseSession(session)
    } catch {
      // The token went away with the session in it; nothing is left to close.
    }
  }
}

/**
 * Logs the user in with a PIN given for this operation. A login left by someone else (the login state is per
 * application and token, not per session) is dropped first, so the PIN is checked every time.
 */
export function loginUser(lib: pkcs11.PKCS11, session: Handle, pin: string): void {
  try {
    lib.C_Login(session, pkcs11.CKU_USER, pin)
  } catch (e) {
    if (ckrOf(e) !== 'CKR_USER_ALREADY_LOGGED_IN') throw e
    lib.C_Logout(session)
    lib.C_Login(session, pkcs11.CKU_USER, pin)
  }
}

/** The second, per-use login a key with CKA_ALWAYS_AUTHENTICATE asks for after C_SignInit / C_DecryptInit. */
export function loginContextSpecific(lib: pkcs11.PKCS11, session: Handle, pin: string): void {
  lib.C_Login(session, pkcs11.CKU_CONTEXT_SPECIFIC, pin)
}

export function logoutQuietly(lib: pkcs11.PKCS11, session: Handle): void {
  try {
    lib.C_Logout(session)
  } catch {
    // Not logged in, or the token is gone: either way nobody is logged in any more.
  }
}

/** Refuses a PIN the token would refuse anyway, without spending one of its tries. */
export function checkPinLength(pin: string, min: number, max: number): void {
  const length = Buffer.byteLength(pin, 'utf8')
  // Some modules report 0 or CK_UNAVAILABLE_INFORMATION-like huge values; only trust sensible bounds.
  const lo = min > 0 && min < 256 ? min : 1
  const hi = max >= lo && max < 1024 ? max : 1024
  if (length < lo || length > hi) throw new TokenError('pin_len_range', `The PIN must be ${lo} to ${hi} characters long.`)
}
