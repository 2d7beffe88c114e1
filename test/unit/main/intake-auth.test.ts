// The intake's request authentication: HMAC over method, path, timestamp, nonce and body; a ±window around the
// Center's clock; nonces remembered for exactly as long as the window could let them back in.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Authenticator, NonceMemory, signature } from '../../../src/main/intake/auth'

describe('NonceMemory', () => {
  it('refuses a nonce seen within the window and forgets it once its timestamp is out of the window', () => {
    const m = new NonceMemory(60_000, 100)
    expect(m.remember('k\na', 1_000, 1_000)).toBe(true)
    expect(m.remember('k\na', 1_000, 50_000)).toBe('replayed')
    // Its timestamp + window has passed (plus at most one bucket): the timestamp check refuses it from now on.
    expect(m.remember('k\nb', 200_000, 200_000)).toBe(true)
    expect(m.entries).toBe(1)
  })

  it('is bounded: when full, it refuses new nonces rather than forgetting early', () => {
    const m = new NonceMemory(60_000, 3)
    for (const n of ['a', 'b', 'c']) expect(m.remember(n, 0, 0)).toBe(true)
    expect(m.remember('d', 0, 0)).toBe('busy')
    expect(m.remember('d', 200_000, 200_000)).toBe(true)
  })
})

describe('Authenticator', () => {
  const secret = randomBytes(32)
  const key = { terminalId: 'id-1', terminalCode: 'T000001', secret }
  const now = 1_700_000_000_000
  let lookups = 0
  const auth = new Authenticator({ keys: { findByKeyId: (id) => (lookups++, id === 'T000001.k' ? key : undefined) }, now: () => now })
  const body = Buffer.from('{"requestId":"r1"}')
  const authenticate = (h: Record<string, string | undefined>, b: Buffer) => auth.authenticate('POST', '/v1/authorize', h, b)
  const headers = (o: { ts?: number; nonce?: string; sig?: string; keyId?: string } = {}) => {
    const ts = String(o.ts ?? now)
    const nonce = o.nonce ?? randomBytes(16).toString('base64url')
    return { 'x-key-id': o.keyId ?? 'T000001.k', 'x-timestamp': ts, 'x-nonce': nonce, 'x-signature': o.sig ?? signature(secret, 'POST', '/v1/authorize', ts, nonce, body) }
  }

  it('accepts a genuine request and names its terminal', () => {
    expect(authenticate(headers(), body)).toEqual({ ok: true, terminal: { terminalId: 'id-1', terminalCode: 'T000001' } })
  })

  it('names each failure', () => {
    const h = headers()
    expect(authenticate({ ...h, 'x-nonce': undefined }, body)).toEqual({ ok: false, reason: 'auth.missing' })
    expect(authenticate({ ...h, 'x-timestamp': '12e3' }, body)).toEqual({ ok: false, reason: 'auth.malformed' })
    expect(authenticate(headers({ keyId: 'T000002.k' }), body)).toEqual({ ok: false, reason: 'auth.unknownKey' })
    expect(authenticate(headers({ sig: 'ab'.repeat(32) }), body)).toEqual({ ok: false, reason: 'auth.badSignature' })
    expect(authenticate(headers({ ts: now - 60_001 }), body)).toEqual({ ok: false, reason: 'auth.stale' })
    expect(authenticate(h, body)).toMatchObject({ ok: true })
    expect(authenticate(h, body)).toEqual({ ok: false, reason: 'auth.replayed' })
  })

  it('refuses a request signed for another path or method (R7.4)', () => {
    const h = headers()
    expect(auth.authenticate('POST', '/v1/reverse', h, body)).toEqual({ ok: false, reason: 'auth.badSignature' })
    expect(auth.authenticate('PUT', '/v1/authorize', h, body)).toEqual({ ok: false, reason: 'auth.badSignature' })
    expect(authenticate(h, body)).toMatchObject({ ok: true })
  })

  it('checks the clock and the nonce only for a genuine signature, so forgeries cannot fill the memory', () => {
    const nonce = randomBytes(16).toString('base64url')
    expect(authenticate(headers({ nonce, sig: 'cd'.repeat(32) }), body)).toMatchObject({ reason: 'auth.badSignature' })
    expect(authenticate(headers({ nonce }), body)).toMatchObject({ ok: true })
  })

  it('remembers across a restart what its journal kept: a request accepted before is refused after (R7.4)', () => {
    const kept: [string, number][] = []
    const journal = { live: (at: number) => kept.filter(([, expiresAt]) => expiresAt > at), keep: (key: string, expiresAt: number) => void kept.push([key, expiresAt]) }
    const first = new Authenticator({ keys: { findByKeyId: () => key }, now: () => now, journal })
    const h = headers()
    expect(first.authenticate('POST', '/v1/authorize', h, body)).toMatchObject({ ok: true })
    expect(kept).toEqual([[`T000001.k\n${h['x-nonce']}`, now + 60_000]])
    const restarted = new Authenticator({ keys: { findByKeyId: () => key }, now: () => now + 5_000, journal })
    expect(restarted.authenticate('POST', '/v1/authorize', h, body)).toEqual({ ok: false, reason: 'auth.replayed' })
    expect(restarted.authenticate('POST', '/v1/authorize', headers(), body)).toMatchObject({ ok: true })
  })

  it('asks the key store at most once a second per key', () => {
    const before = lookups
    for (let i = 0; i < 5; i++) authenticate(headers(), body)
    expect(lookups - before).toBeLessThanOrEqual(1)
  })
})
