// A Signer over a certificate's private key on a PKCS#11 token. By default every operation is self-contained:
// session, login with a PIN asked for this operation, the operation, logout, session closed. In a signing
// session (`login: 'per_session'`, e.g. a batch of documents) the token keeps the login after the first PIN
// until close(), unless the key demands a PIN for each use (CKA_ALWAYS_AUTHENTICATE). The PIN itself is never
// kept on the object.
import * as pkcs11 from 'pkcs11js'
import { TokenError, type Signer, type SignatureScheme, type TokenCertificate } from '../signer'
import { ckrOf, toTokenError } from './errors'
import { ecdsaRawToDer } from './ecdsa-der'
import { oaepMechanism, signPlan, type SignOptions } from './mechanisms'
import type { Pkcs11Module } from './module'
import { findObjects, idTemplate, readAttributes, readFlag } from './objects'
import { pinStateOf } from './pin-state'
import { checkPinLength, loginContextSpecific, loginUser, logoutQuietly, withSession, type Handle } from './session'

/** The PIN for one operation from the PIN dialog; null when the operator cancelled. */
export type AskPin = () => Promise<string | null>

export interface TokenSignerOptions extends SignOptions {
  module: Pkcs11Module
  slot: number
  certificate: TokenCertificate
  askPin: AskPin
  /** Once per operation (the default), or once for a signing session that ends with close(). */
  login?: 'per_operation' | 'per_session'
}

/** Room for the largest output (RSA-8192 signature or decrypted block). */
const OUTPUT_BYTES = 1024

/** The key operation itself; `reauthenticate` must follow the *Init call (CKA_ALWAYS_AUTHENTICATE keys). */
type Operation<T> = (lib: pkcs11.PKCS11, session: Handle, key: Handle, reauthenticate: () => void) => Promise<T>

export class TokenSigner implements Signer {
  readonly certificate: TokenCertificate
  private readonly module: Pkcs11Module
  private readonly slot: number
  private readonly askPin: AskPin
  private readonly signOptions: SignOptions
  private readonly perSession: boolean
  // The logged-in session of a signing session (its login lives in the token, not here) and the key found in it.
  private held: { session: Handle; key: Handle } | null = null

  constructor(options: TokenSignerOptions) {
    this.perSession = options.login === 'per_session'
    this.module = options.module
    this.slot = options.slot
    this.certificate = options.certificate
    this.askPin = options.askPin
    this.signOptions = { ecdsaHashOnToken: options.ecdsaHashOnToken ?? false }
  }

  async sign(data: Uint8Array, scheme: SignatureScheme, hash: 'SHA-256'): Promise<Uint8Array> {
    if (hash !== 'SHA-256') throw new TokenError('mechanism_invalid', `Signing with ${String(hash)} is not supported.`)
    const plan = signPlan(scheme, this.certificate.keyAlgorithm, data, this.signOptions)
    const signature = await this.operate(async (lib, session, key, reauthenticate) => {
      lib.C_SignInit(session, plan.mechanism, key)
      reauthenticate()
      return lib.C_SignAsync(session, plan.input, Buffer.alloc(OUTPUT_BYTES))
    })
    return plan.rawEcdsa ? ecdsaRawToDer(signature) : new Uint8Array(signature)
  }

  async decryptKey(encryptedKey: Uint8Array, oaepHash: 'SHA-1' | 'SHA-256'): Promise<Uint8Array> {
    if (this.certificate.keyAlgorithm !== 'RSA') throw new TokenError('mechanism_invalid', 'Only an RSA key can decrypt an RSA-OAEP key transport.')
    const plain = await this.operate(async (lib, session, key, reauthenticate) => {
      lib.C_DecryptInit(session, oaepMechanism(oaepHash), key)
      reauthenticate()
      return lib.C_DecryptAsync(session, Buffer.from(encryptedKey), Buffer.alloc(OUTPUT_BYTES))
    })
    return new Uint8Array(plain)
  }

  /**
   * ECDH with the token's P-256 key (CKM_ECDH1_DERIVE, CKD_NULL) for the KeyAgreement capability cms/ looks for:
   * Z comes back through a session-only, extractable secret object that dies with the session.
   */
  async deriveKey(peerPublicPoint: Uint8Array): Promise<Uint8Array> {
    if (this.certificate.keyAlgorithm !== 'EC-P256') throw new TokenError('mechanism_invalid', 'Only an EC key can agree keys.')
    if (peerPublicPoint.length !== 65 || peerPublicPoint[0] !== 0x04) throw new TokenError('mechanism_invalid', 'The peer key is not an uncompressed P-256 point.')
    const z = await this.operate(async (lib, session, key) => {
      const parameter: pkcs11.ECDH1 = { type: pkcs11.CK_PARAMS_EC_DH, kdf: pkcs11.CKD_NULL, publicData: Buffer.from(peerPublicPoint) }
      const secret = lib.C_DeriveKey(session, { mechanism: pkcs11.CKM_ECDH1_DERIVE, parameter }, key, [
        { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
        { type: pkcs11.CKA_KEY_TYPE, value: pkcs11.CKK_GENERIC_SECRET },
        { type: pkcs11.CKA_TOKEN, value: false },
        { type: pkcs11.CKA_SENSITIVE, value: false },
        { type: pkcs11.CKA_EXTRACTABLE, value: true },
        { type: pkcs11.CKA_VALUE_LEN, value: 32 }
      ])
      return readAttributes(lib, session, secret, [pkcs11.CKA_VALUE]).get(pkcs11.CKA_VALUE)!
    })
    return new Uint8Array(z)
  }

  /** Ends a signing session: logout, session closed. Harmless when none is open. */
  close(): Promise<void> {
    return this.module.exclusive(this.slot, async () => this.drop())
  }

  private drop(): void {
    if (!this.held) return
    const lib = this.module.lib
    logoutQuietly(lib, this.held.session)
    try {
      lib.C_CloseSession(this.held.session)
    } catch {
      // The token went away with the session in it.
    }
    this.held = null
  }

  /** An operation in the signing session's logged-in session, when there is one and the key needs no PIN per use. */
  private async inHeldSession<T>(run: Operation<T>): Promise<{ value: T } | null> {
    if (!this.held) return null
    const { session, key } = this.held
    try {
      return { value: await run(this.module.lib, session, key, () => undefined) }
    } catch (e) {
      // A session the token closed (removed, logged out elsewhere) is opened again with a new PIN.
      if (['CKR_SESSION_HANDLE_INVALID', 'CKR_SESSION_CLOSED', 'CKR_USER_NOT_LOGGED_IN', 'CKR_DEVICE_REMOVED', 'CKR_TOKEN_NOT_PRESENT'].includes(ckrOf(e) ?? '')) {
        this.held = null
        return null
      }
      throw toTokenError(e, this.flagsAfterFailure())
    }
  }

  private operate<T>(run: Operation<T>): Promise<T> {
    return this.module.exclusive(this.slot, async () => {
      const kept = await this.inHeldSession(run)
      if (kept) return kept.value
      const lib = this.module.lib
      const slot = this.module.slotHandle(this.slot)
      const info = this.module.rawTokenInfo(this.slot)
      // Ask for the PIN only for a token that is there and can still take one.
      if (pinStateOf(info.flags) === 'locked') throw new TokenError('pin_locked', 'The PIN is locked after too many wrong attempts; the security officer must unlock it.', 'CKR_PIN_LOCKED')
      // Held only by this call's closures, which end with it.
      const given = await this.askPin()
      if (given === null) throw new TokenError('pin_cancelled', 'The PIN entry was cancelled.')
      try {
        checkPinLength(given, info.minPinLen, info.maxPinLen)
        if (this.perSession) return await this.openHeld(lib, slot, given, run)
        return await withSession(lib, slot, false, async (session) => {
          try {
            loginUser(lib, session, given)
          } catch (e) {
            throw toTokenError(e, this.flagsAfterFailure())
          }
          try {
            const key = this.privateKey(lib, session)
            const always = readFlag(lib, session, key, pkcs11.CKA_ALWAYS_AUTHENTICATE)
            return await run(lib, session, key, () => {
              if (always) loginContextSpecific(lib, session, given)
            })
          } finally {
            logoutQuietly(lib, session)
          }
        })
      } catch (e) {
        throw toTokenError(e, this.flagsAfterFailure())
      }
    })
  }

  /** Opens the signing session's session and logs in; it stays open for the next operations. */
  private async openHeld<T>(lib: pkcs11.PKCS11, slot: Handle, pin: string, run: Operation<T>): Promise<T> {
    this.drop()
    const session = lib.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION)
    try {
      loginUser(lib, session, pin)
      const key = this.privateKey(lib, session)
      const always = readFlag(lib, session, key, pkcs11.CKA_ALWAYS_AUTHENTICATE)
      const value = await run(lib, session, key, () => {
        if (always) loginContextSpecific(lib, session, pin)
      })
      // A key that wants its PIN for every use is not kept logged in: each operation asks again.
      if (always) {
        logoutQuietly(lib, session)
        lib.C_CloseSession(session)
      } else this.held = { session, key }
      return value
    } catch (e) {
      logoutQuietly(lib, session)
      lib.C_CloseSession(session)
      throw e
    }
  }

  private privateKey(lib: pkcs11.PKCS11, session: Handle): Handle {
    const keys = findObjects(lib, session, idTemplate(pkcs11.CKO_PRIVATE_KEY, this.certificate.id))
    const key = keys[0]
    if (!key) throw new TokenError('key_not_found', `The token has no private key for the certificate "${this.certificate.label}".`)
    return key
  }

  /** Token flags after a failure, for the tries left; null when the token is gone too. */
  private flagsAfterFailure(): number | null {
    try {
      return this.module.tokenFlags(this.slot)
    } catch {
      return null
    }
  }
}
