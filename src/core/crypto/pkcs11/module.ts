// One PKCS#11 module per path and process: the library keeps one state per process (a second C_Initialize gives
// CKR_CRYPTOKI_ALREADY_INITIALIZED), so every Pkcs11Module over the same path shares it, and the last close finalises.
import * as pkcs11 from 'pkcs11js'
import type { TokenCertificate, TokenInfo } from '../signer'
import { TokenError } from '../signer'
import { listCertificates } from './certificates'
import { ckrOf, moduleLoadError, toTokenError } from './errors'
import { CKF_TOKEN_INITIALIZED, pinStateOf } from './pin-state'
import { handleNumber, withSession, type Handle } from './session'
import { watchSlots, type SlotWatch, type WatchOptions } from './watch'

interface Loaded {
  lib: pkcs11.PKCS11
  users: number
  /** Operations on one token run one after another: a login is shared by all sessions of the application. */
  queues: Map<string, Promise<unknown>>
}

const loaded = new Map<string, Loaded>()

function load(path: string): Loaded {
  const known = loaded.get(path)
  if (known) return known
  const lib = new pkcs11.PKCS11()
  try {
    lib.load(path)
  } catch (e) {
    throw moduleLoadError(path, e)
  }
  try {
    // OS locking: the async calls (C_SignAsync…) run on libuv's thread pool.
    lib.C_Initialize({ flags: pkcs11.CKF_OS_LOCKING_OK })
  } catch (e) {
    // Someone else in this process (another binding instance) initialised it; the state is shared, so use it.
    if (ckrOf(e) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw toTokenError(e)
  }
  const entry: Loaded = { lib, users: 0, queues: new Map() }
  loaded.set(path, entry)
  return entry
}

const trim = (s: string): string => s.replace(/[\s\0]+$/, '')

export class Pkcs11Module {
  private entry: Loaded | null

  private constructor(readonly path: string) {
    this.entry = load(path)
    this.entry.users++
  }

  /** Loads and initialises the module at `path`, or joins it when already loaded in this process. */
  static open(path: string): Pkcs11Module {
    return new Pkcs11Module(path)
  }

  /** The binding, for the token operations in this folder. */
  get lib(): pkcs11.PKCS11 {
    if (!this.entry) throw new TokenError('function_failed', 'The token driver was closed.')
    return this.entry.lib
  }

  /** The slot's handle as the module knows it now; a slot that went away is a removed token or reader. */
  slotHandle(slot: number): Handle {
    const handle = this.call(() => this.lib.C_GetSlotList(false)).find((h) => handleNumber(h) === slot)
    if (!handle) throw new TokenError('token_not_present', 'The token reader is no longer there; insert the token again.', 'CKR_SLOT_ID_INVALID')
    return handle
  }

  /** CK_TOKEN_INFO.flags of the token in the slot (PIN state among them). */
  tokenFlags(slot: number): number {
    return this.rawTokenInfo(slot).flags
  }

  rawTokenInfo(slot: number): pkcs11.TokenInfo {
    const handle = this.slotHandle(slot)
    return this.call(() => this.lib.C_GetTokenInfo(handle))
  }

  /** Initialised tokens that are present, with their certificates (readable without a PIN). */
  async listTokens(): Promise<TokenInfo[]> {
    const tokens: TokenInfo[] = []
    for (const handle of this.call(() => this.lib.C_GetSlotList(true))) {
      const slot = handleNumber(handle)
      let info: pkcs11.TokenInfo
      try {
        info = this.lib.C_GetTokenInfo(handle)
      } catch (e) {
        // Pulled out between the two calls: not a failure of the listing.
        if (toTokenError(e).code === 'token_not_present') continue
        throw toTokenError(e)
      }
      // A blank token (SoftHSM's spare slot, a fresh card) has no keys and no PIN to ask for.
      if (!(info.flags & CKF_TOKEN_INITIALIZED)) continue
      tokens.push({
        slot,
        label: trim(info.label),
        serial: trim(info.serialNumber),
        manufacturer: trim(info.manufacturerID),
        model: trim(info.model),
        pinState: pinStateOf(info.flags),
        certificates: await this.listCertificates(slot)
      })
    }
    return tokens
  }

  async listCertificates(slot: number): Promise<TokenCertificate[]> {
    const handle = this.slotHandle(slot)
    try {
      return await withSession(this.lib, handle, false, (session) => listCertificates(this.lib, session))
    } catch (e) {
      throw toTokenError(e)
    }
  }

  /**
   * Calls `onChange` with the new token list whenever a token is inserted, removed or its PIN state changes.
   * Polls C_GetSlotList(true): C_WaitForSlotEvent is optional in modules and blocks a thread when it works.
   */
  watch(onChange: (tokens: TokenInfo[]) => void, options: WatchOptions = {}): SlotWatch {
    return watchSlots(this, onChange, options)
  }

  /** Runs `fn` after every earlier operation on the same token has finished. */
  exclusive<T>(slot: number, fn: () => Promise<T>): Promise<T> {
    const queues = this.entry?.queues
    if (!queues) return Promise.reject(new TokenError('function_failed', 'The token driver was closed.'))
    const key = String(slot)
    const before = queues.get(key) ?? Promise.resolve()
    const run = before.then(fn, fn)
    const settled = run.then(
      () => undefined,
      () => undefined
    )
    queues.set(key, settled)
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key)
    })
    return run
  }

  /** Leaves the module; the last user in the process finalises it (C_Finalize) and unloads the library. */
  close(): void {
    const entry = this.entry
    if (!entry) return
    this.entry = null
    if (--entry.users > 0) return
    loaded.delete(this.path)
    try {
      entry.lib.C_Finalize()
    } finally {
      entry.lib.close()
    }
  }

  private call<T>(fn: () => T): T {
    try {
      return fn()
    } catch (e) {
      throw toTokenError(e)
    }
  }
}
