import { describe, expect, it } from 'vitest'
import { endsAt, lockAt, MINUTE, SessionRegistry, sessionVerdict, type Session } from '../../../../src/core/security/sessions'
import { DEFAULT_SETTINGS } from '../../../../src/core/security/settings'

const limits = { ...DEFAULT_SETTINGS, inactivityMinutes: 15, absoluteMinutes: 600 }
const session = (over: Partial<Session> = {}): Session => ({ id: 's', userId: 'u', startedAt: 0, lastActivityAt: 0, status: 'active', oneTimeHash: null, ...over })

describe('session limits (R12.5)', () => {
  it('stands until the inactivity limit, then locks exactly at it', () => {
    expect(sessionVerdict(session(), 15 * MINUTE - 1, limits)).toBe('stands')
    expect(sessionVerdict(session(), 15 * MINUTE, limits)).toBe('lock')
  })

  it('counts inactivity from the last activity, not from the start', () => {
    const s = session({ lastActivityAt: 100 * MINUTE })
    expect(lockAt(s, limits)).toBe(115 * MINUTE)
    expect(sessionVerdict(s, 114 * MINUTE, limits)).toBe('stands')
  })

  it('ends at the absolute limit whatever the activity', () => {
    const s = session({ lastActivityAt: 599 * MINUTE })
    expect(endsAt(s, limits)).toBe(600 * MINUTE)
    expect(sessionVerdict(s, 600 * MINUTE, limits)).toBe('expired')
  })

  it('does not lock a session again once locked, but still ends it', () => {
    expect(sessionVerdict(session({ status: 'locked' }), 20 * MINUTE, limits)).toBe('stands')
    expect(sessionVerdict(session({ status: 'locked' }), 600 * MINUTE, limits)).toBe('expired')
  })

  it('locks a session waiting for the password change at the same limit (R12.5)', () => {
    expect(sessionVerdict(session({ status: 'mustChangePassword' }), 15 * MINUTE - 1, limits)).toBe('stands')
    expect(sessionVerdict(session({ status: 'mustChangePassword' }), 15 * MINUTE, limits)).toBe('lock')
  })

  it('keeps one session per caller and ends each, telling each end with its cause', () => {
    const ended: string[] = []
    const reg = new SessionRegistry((s, cause, at) => ended.push(`${s.id} ${cause} ${at}`))
    reg.set('w1', session({ id: 'a', userId: 'u1' }))
    reg.set('w2', session({ id: 'b', userId: 'u1' }))
    reg.set('w3', session({ id: 'c', userId: 'u2' }))
    expect(reg.end('w1', 'passwordReset', 7)?.id).toBe('a')
    expect(reg.get('w1')).toBeUndefined()
    expect(reg.get('w2')?.id).toBe('b')
    expect(reg.size).toBe(2)
    expect(reg.end('w1', 'windowClosed', 8)).toBeUndefined()
    expect(reg.end('w3', 'windowClosed', 9)?.id).toBe('c')
    expect(ended).toEqual(['a passwordReset 7', 'c windowClosed 9'])
  })
})
