import { createHmac, timingSafeEqual } from 'node:crypto'
import { performance } from 'node:perf_hooks'

// Request authentication of the online intake (R7.4): every request carries its terminal's key id, a
// timestamp, a nonce and an HMAC-SHA256 over its method, its path, them and the body, under the terminal's
// secret. The timestamp window and the nonce memory together make a captured request useless to replay.

/** The authenticated sender: the terminal whose key signed the request. */
export interface TerminalIdentity {
  terminalId: string
  terminalCode: string
}

/** Where the intake finds a key (TerminalKeysRepo in the product). */
export interface KeyLookup {
  findByKeyId(keyId: string): { terminalId: string; terminalCode: string; secret: Buffer } | undefined
}

/** The headers a signed request carries (lower-case, as node:http gives them). */
export const AUTH_HEADERS = { keyId: 'x-key-id', timestamp: 'x-timestamp', nonce: 'x-nonce', signature: 'x-signature' } as const

/**
 * The signed text: method, path, timestamp, nonce and the body's exact bytes, so no part can be swapped and a body
 * signed for one endpoint (a completion) is no good at another (a reversal).
 */
export function signature(secret: Buffer, method: string, path: string, timestamp: string, nonce: string, body: Buffer): string {
  return createHmac('sha256', secret).update(`${method}\n${path}\n${timestamp}\n${nonce}\n`).update(body).digest('hex')
}

export type AuthFailure = 'auth.missing' | 'auth.malformed' | 'auth.unknownKey' | 'auth.badSignature' | 'auth.stale' | 'auth.replayed' | 'auth.busy'

export type AuthResult = { ok: true; terminal: TerminalIdentity } | { ok: false; reason: AuthFailure }

const NONCE = /^[A-Za-z0-9_-]{16,64}$/
const TIMESTAMP = /^\d{1,15}$/
const SIGNATURE = /^[0-9a-f]{64}$/
// Key ids are short printable tokens; anything else is refused before a database look-up.
const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/

/**
 * Nonces seen within the replay window, in buckets by the moment they may be forgotten (their timestamp
 * plus the window: after that the timestamp check refuses the request anyway). Whole buckets are dropped,
 * so forgetting costs nothing per entry. Memory is bounded: when full, new requests are refused (busy)
 * rather than forgetting a nonce early, which would reopen the replay hole.
 */
export class NonceMemory {
  private readonly buckets = new Map<number, Set<string>>()
  private size = 0

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
    /** Bucket width: a nonce is kept at most this much longer than needed. */
    private readonly bucketMs = Math.max(1, Math.ceil(windowMs / 6))
  ) {}

  /** Remembers the nonce; false when it was already seen ('replayed') or memory is full ('busy'). */
  remember(key: string, timestamp: number, now: number): true | 'replayed' | 'busy' {
    this.forget(now)
    for (const set of this.buckets.values()) if (set.has(key)) return 'replayed'
    if (this.size >= this.maxEntries) return 'busy'
    const bucket = Math.floor((timestamp + this.windowMs) / this.bucketMs)
    let set = this.buckets.get(bucket)
    if (!set) this.buckets.set(bucket, (set = new Set()))
    set.add(key)
    this.size++
    return true
  }

  get entries(): number {
    return this.size
  }

  private forget(now: number): void {
    for (const [bucket, set] of this.buckets) {
      // Every nonce in the bucket expires before the bucket's end.
      if ((bucket + 1) * this.bucketMs > now) continue
      this.size -= set.size
      this.buckets.delete(bucket)
    }
  }
}

/**
 * The replay memory's copy on disk (IntakeNonces in the product): without it a restart forgets every nonce, and a
 * request captured before it passes again for as long as its timestamp is in the window.
 */
export interface NonceJournal {
  /** The nonces accepted before this start that are still to be refused at `now`, with when each may be forgotten. */
  live(now: number): Iterable<readonly [key: string, expiresAt: number]>
  /** An accepted nonce, to be durable before its request is answered. */
  keep(key: string, expiresAt: number): void
}

export interface AuthenticatorOptions {
  keys: KeyLookup
  now: () => number
  journal?: NonceJournal
  /** How far the request's timestamp may be from the Center's clock, either way. */
  windowMs?: number
  maxNonces?: number
  /** How long a key found is trusted without asking the database again: a replaced key signs at most this much longer. */
  keyCacheMs?: number
}

type Key = NonNullable<ReturnType<KeyLookup['findByKeyId']>>

/** Checks a request's signature headers against the terminal keys and the replay window. */
export class Authenticator {
  private readonly windowMs: number
  private readonly nonces: NonceMemory
  // A read outside the Center's transactions costs tens of microseconds on a busy WAL database: at
  // thousands of requests a second the key look-up would cost more than the HMAC.
  private readonly keyCache = new Map<string, { key: Key; until: number }>()

  constructor(private readonly o: AuthenticatorOptions) {
    this.windowMs = o.windowMs ?? 60_000
    this.nonces = new NonceMemory(this.windowMs, o.maxNonces ?? 1_000_000)
    const now = o.now()
    // What the intake accepted before it (re)started: stored by the moment each may be forgotten.
    for (const [key, expiresAt] of o.journal?.live(now) ?? []) this.nonces.remember(key, expiresAt - this.windowMs, now)
  }

  /** Known keys only are cached, so a newly issued key signs at once. Monotonic time: this is freshness, not business time. */
  private key(keyId: string): Key | undefined {
    const at = performance.now()
    const cached = this.keyCache.get(keyId)
    if (cached && cached.until > at) return cached.key
    const key = this.o.keys.findByKeyId(keyId)
    if (!key) return undefined
    if (this.keyCache.size >= 10_000) this.keyCache.clear()
    this.keyCache.set(keyId, { key, until: at + (this.o.keyCacheMs ?? 1_000) })
    return key
  }

  /** `method` and `path` as the request came (the path without its query, as the intake routes it). */
  authenticate(method: string, path: string, headers: Record<string, string | string[] | undefined>, body: Buffer): AuthResult {
    const header = (name: string): string | undefined => {
      const v = headers[name]
      return typeof v === 'string' ? v : undefined
    }
    const keyId = header(AUTH_HEADERS.keyId)
    const timestamp = header(AUTH_HEADERS.timestamp)
    const nonce = header(AUTH_HEADERS.nonce)
    const sig = header(AUTH_HEADERS.signature)
    if (!keyId || !timestamp || !nonce || !sig) return { ok: false, reason: 'auth.missing' }
    if (!KEY_ID.test(keyId) || !TIMESTAMP.test(timestamp) || !NONCE.test(nonce) || !SIGNATURE.test(sig.toLowerCase())) return { ok: false, reason: 'auth.malformed' }
    const key = this.key(keyId)
    if (!key) return { ok: false, reason: 'auth.unknownKey' }
    const expected = Buffer.from(signature(key.secret, method, path, timestamp, nonce, body), 'hex')
    if (!timingSafeEqual(expected, Buffer.from(sig.toLowerCase(), 'hex'))) return { ok: false, reason: 'auth.badSignature' }
    // Only a genuine signature reaches the clock and nonce checks, so forged requests cannot fill the memory.
    const now = this.o.now()
    const at = Number(timestamp)
    if (Math.abs(now - at) > this.windowMs) return { ok: false, reason: 'auth.stale' }
    const remembered = `${keyId}\n${nonce}`
    const seen = this.nonces.remember(remembered, at, now)
    if (seen !== true) return { ok: false, reason: seen === 'replayed' ? 'auth.replayed' : 'auth.busy' }
    this.o.journal?.keep(remembered, at + this.windowMs)
    return { ok: true, terminal: { terminalId: key.terminalId, terminalCode: key.terminalCode } }
  }
}
