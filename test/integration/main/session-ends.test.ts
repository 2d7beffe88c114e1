// Every end of a session is in the audit log with its cause (R12.5, R12.1): who worked when, and why they stopped.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OneTimePassword, SessionState, UserRow } from '../../../src/core/api/types'
import { DEMO_PASSWORD } from '../../../src/core/demo/seed'
import { openWorkstation } from '../../../src/main/workstation'
import { immediate } from '../../../src/main/dispatch'
import { TEST_COST, testWorkstation, type TestWorkstation } from '../../support/workstation'

const MIN = 60_000
let ws: TestWorkstation
beforeEach(() => void (ws = testWorkstation()))
afterEach(() => ws.dispose())

interface Row {
  seq: number
  actor_login: string | null
  session_id: string | null
  action: string
  outcome: string
  detail: string | null
}
const records = (action: string): Row[] => ws.db.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY seq').all(action) as Row[]
/** The session the caller's last sign-in opened, as its record names it. */
const sessionOf = (login: string): string => records('session.signIn').filter((r) => r.actor_login === login && r.outcome === 'ok').at(-1)!.session_id!
const endsOf = (session: string): Row[] => ws.db.prepare('SELECT * FROM audit_log WHERE session_id = ? AND action LIKE ? ORDER BY seq').all(session, 'session.%') as Row[]
const userId = (login: string): string => {
  ws.signIn('lookup', 'auditor')
  const id = ws.ok<UserRow[]>('lookup', 'users.list', { query: login }).find((u) => u.login === login)!.id
  ws.ok('lookup', 'session.signOut')
  return id
}

describe('a session’s end is recorded with its cause', () => {
  it('R12.5: the window closed', () => {
    ws.signIn('w', 'operator')
    const session = sessionOf('operator')
    ws.release('w')
    expect(records('session.ended')).toMatchObject([{ actor_login: 'operator', session_id: session, outcome: 'ok', detail: '{"cause":"windowClosed"}' }])
  })

  it('R12.5: another sign-in in the same window', () => {
    ws.signIn('w', 'operator')
    const first = sessionOf('operator')
    ws.signIn('w', 'auditor')
    expect(records('session.ended')).toMatchObject([{ actor_login: 'operator', session_id: first, detail: '{"cause":"newSignIn"}' }])
    // The new session goes on.
    expect(ws.call('w', 'participants.list').ok).toBe(true)
  })

  it('R12.4: the user was blocked (at the session’s next call, which is told why)', () => {
    ws.signIn('w', 'operator')
    const session = sessionOf('operator')
    ws.signIn('a', 'admin')
    ws.ok('a', 'users.block', { userId: userId('operator'), reason: 'left the bank' })
    expect(ws.call('w', 'participants.list')).toMatchObject({ ok: false, error: { code: 'ACCOUNT_BLOCKED' } })
    expect(records('session.ended')).toMatchObject([{ actor_login: 'operator', session_id: session, detail: '{"cause":"blocked"}' }])
  })

  it('R12.4: a password reset ends the user’s sessions in every window at their next call, which is told why', () => {
    ws.signIn('w1', 'operator')
    const one = sessionOf('operator')
    ws.signIn('w2', 'operator')
    const two = sessionOf('operator')
    ws.signIn('a', 'admin')
    ws.ok<{ credential: OneTimePassword }>('a', 'users.resetPassword', { userId: userId('operator') })
    expect(ws.call('w1', 'participants.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(ws.ok<SessionState>('w2', 'session.state')).toEqual({ status: 'signedOut', reason: 'passwordReset' })
    expect(records('session.ended').map((r) => [r.session_id, r.detail])).toEqual([
      [one, '{"cause":"passwordReset"}'],
      [two, '{"cause":"passwordReset"}']
    ])
  })

  it('R12.4: a password reset made by another process on the database (the command line) ends the desk’s sessions at their next call, which is told why', () => {
    ws.signIn('w1', 'operator')
    const one = sessionOf('operator')
    ws.signIn('w2', 'operator')
    const two = sessionOf('operator')
    const operator = userId('operator')
    const cli = openWorkstation({ dbPath: join(ws.dir, 'ws.db'), demo: false, clock: ws.clock, cost: TEST_COST, log: () => undefined })
    try {
      const admin = (name: string, input: unknown) => immediate(cli.dispatch('cli', name, input))
      expect(admin('session.signIn', { login: 'admin', password: DEMO_PASSWORD }).ok).toBe(true)
      expect(admin('users.resetPassword', { userId: operator })).toMatchObject({ ok: true, value: { status: 'issued' } })
    } finally {
      cli.close()
    }
    expect(ws.call('w1', 'participants.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(ws.ok<SessionState>('w2', 'session.state')).toEqual({ status: 'signedOut', reason: 'passwordReset' })
    expect(records('session.ended').map((r) => [r.session_id, r.detail])).toEqual([
      [one, '{"cause":"passwordReset"}'],
      [two, '{"cause":"passwordReset"}']
    ])
  })

  it('R12.4: wrong passwords at unlock lock the account out and end the session', () => {
    ws.signIn('w', 'operator')
    const session = sessionOf('operator')
    ws.clock.advance(15 * MIN)
    for (let i = 0; i < 5; i++) ws.call('w', 'session.unlock', { password: 'nope' })
    expect(records('session.ended')).toMatchObject([{ session_id: session, detail: '{"cause":"lockedOut"}' }])
  })

  it('R12.4: a lockout earned by guesses at a sign-in ends the user’s other sessions at their next call, which is told why', () => {
    ws.signIn('w1', 'operator')
    const one = sessionOf('operator')
    ws.signIn('w2', 'operator')
    const two = sessionOf('operator')
    for (let i = 0; i < 5; i++) ws.call('x', 'session.signIn', { login: 'operator', password: `guess${i}` })
    expect(ws.call('w1', 'participants.list')).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } })
    expect(ws.ok<SessionState>('w1', 'session.state')).toEqual({ status: 'signedOut', reason: 'none' })
    // A window that only polls is told why on the sign-in screen.
    expect(ws.ok<SessionState>('w2', 'session.state')).toEqual({ status: 'signedOut', reason: 'lockedOut' })
    expect(records('session.ended').map((r) => [r.actor_login, r.session_id, r.detail])).toEqual([
      ['operator', one, '{"cause":"lockedOut"}'],
      ['operator', two, '{"cause":"lockedOut"}']
    ])
  })

  it('R12.4: a lockout earned at one window’s unlock ends the other windows’ sessions, which are told why', () => {
    ws.signIn('w1', 'operator')
    const one = sessionOf('operator')
    ws.signIn('w2', 'operator')
    const two = sessionOf('operator')
    ws.clock.advance(15 * MIN)
    for (let i = 0; i < 5; i++) ws.call('w1', 'session.unlock', { password: 'nope' })
    expect(ws.ok<SessionState>('w2', 'session.state')).toEqual({ status: 'signedOut', reason: 'lockedOut' })
    expect(records('session.ended').map((r) => [r.session_id, r.detail])).toEqual([
      [one, '{"cause":"lockedOut"}'],
      [two, '{"cause":"lockedOut"}']
    ])
  })

  // Each of these already had its own record: one is enough.
  it('a sign-out and the absolute limit keep their one record each', () => {
    ws.signIn('w', 'operator')
    const out = sessionOf('operator')
    ws.ok('w', 'session.signOut')
    expect(endsOf(out).map((r) => r.action)).toEqual(['session.signIn', 'session.signOut'])
    ws.ok('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD })
    const expired = sessionOf('operator')
    ws.clock.advance(601 * MIN)
    ws.call('w', 'session.state')
    expect(endsOf(expired).map((r) => r.action)).toEqual(['session.signIn', 'session.expired'])
    expect(records('session.ended')).toEqual([])
  })
})
