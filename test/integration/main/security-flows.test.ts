// The security rules end to end through the dispatcher, on a real SQLite file, with a manual clock.
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditPage, AuditVerification, CreateUserResult, OneTimePassword, SessionState, UserRow } from '../../../src/core/api/types'
import { DEMO_ONE_TIME_PASSWORD, DEMO_PASSWORD } from '../../../src/core/demo/seed'
import { demoInterbankOperation, auditCount, snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

const MIN = 60_000
let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
})
afterEach(() => ws.dispose())

type ResetResult = { status: 'issued'; credential: OneTimePassword } | { status: 'pendingApproval'; approvalId: string }
const issued = (r: ResetResult): OneTimePassword => {
  if (r.status !== 'issued') throw new Error('expected the one-time password at once')
  return r.credential
}
const status = (caller: string) => ws.ok<SessionState>(caller, 'session.state').status
const userId = (login: string) => {
  ws.signIn('lookup', 'auditor')
  const id = ws.ok<UserRow[]>('lookup', 'users.list', { query: login }).find((u) => u.login === login)!.id
  ws.ok('lookup', 'session.signOut')
  return id
}

describe('one-time password and forced change (R12.4)', () => {
  it('signs in with the one-time password, forces a change, then works with the new one', () => {
    expect(ws.ok<SessionState>('w', 'session.signIn', { login: 'newcomer', password: DEMO_ONE_TIME_PASSWORD }).status).toBe('mustChangePassword')
    expect(ws.call('w', 'participants.list')).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } })

    const weak = ws.call('w', 'session.changePassword', { currentPassword: DEMO_ONE_TIME_PASSWORD, newPassword: 'short' })
    expect(weak).toMatchObject({ ok: false, error: { code: 'PASSWORD_POLICY' } })
    if (!weak.ok) {
      expect(weak.error.details).toContain('must be at least 12 characters long')
      expect(weak.error.reasons).toEqual([{ rule: 'minLength', value: 12 }, { rule: 'classes', value: 'upper,digit,symbol' }])
    }
    const same = ws.call('w', 'session.changePassword', { currentPassword: DEMO_ONE_TIME_PASSWORD, newPassword: DEMO_ONE_TIME_PASSWORD })
    expect(same).toMatchObject({ ok: false, error: { code: 'PASSWORD_POLICY' } })

    expect(ws.ok<SessionState>('w', 'session.changePassword', { currentPassword: DEMO_ONE_TIME_PASSWORD, newPassword: 'Astana#Morning2026' }).status).toBe('active')
    expect(ws.call('w', 'participants.list').ok).toBe(true)
    ws.ok('w', 'session.signOut')
    expect(ws.call('w', 'session.signIn', { login: 'newcomer', password: DEMO_ONE_TIME_PASSWORD })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } })
    expect(ws.ok<SessionState>('w', 'session.signIn', { login: 'NEWCOMER', password: 'Astana#Morning2026' }).status).toBe('active')
  })

  it('refuses a one-time password after it expires', () => {
    ws.signIn('a', 'admin')
    const otp = issued(ws.ok<ResetResult>('a', 'users.resetPassword', { userId: userId('operator') }))
    ws.clock.advance(72 * 60 * MIN + 1)
    expect(ws.call('w', 'session.signIn', { login: 'operator', password: otp.oneTimePassword })).toMatchObject({ ok: false, error: { code: 'PASSWORD_EXPIRED_OTP' } })
  })

  // The same refusal wherever the one-time password is typed: a session opened just before it expired must not
  // carry it past its expiry into an unlock or the forced change (R12.4).
  const otpExpiringIn = (minutes: number): string => {
    ws.signIn('a', 'admin')
    const otp = issued(ws.ok<ResetResult>('a', 'users.resetPassword', { userId: userId('operator') })).oneTimePassword
    ws.ok('a', 'session.signOut')
    ws.clock.advance(72 * 60 * MIN - minutes * MIN)
    return otp
  }

  it('R12.4: refuses an expired one-time password at unlock, and changes nothing', () => {
    const otp = otpExpiringIn(10)
    expect(ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: otp }).status).toBe('mustChangePassword')
    ws.clock.advance(15 * MIN)
    expect(status('w')).toBe('locked')
    const before = snapshot(ws)
    expect(ws.call('w', 'session.unlock', { password: otp })).toMatchObject({ ok: false, error: { code: 'PASSWORD_EXPIRED_OTP' } })
    expect(snapshot(ws)).toEqual(before)
    expect(status('w')).toBe('locked')
    expect(ws.call('w', 'participants.list')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } })
  })

  it('R12.4: refuses an expired one-time password at the forced change, and changes nothing', () => {
    const otp = otpExpiringIn(5)
    expect(ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: otp }).status).toBe('mustChangePassword')
    ws.clock.advance(6 * MIN)
    const before = snapshot(ws)
    expect(ws.call('w', 'session.changePassword', { currentPassword: otp, newPassword: 'Late#Change2026' })).toMatchObject({ ok: false, error: { code: 'PASSWORD_EXPIRED_OTP' } })
    expect(snapshot(ws)).toEqual(before)
    expect(status('w')).toBe('mustChangePassword')
    expect(ws.call('w', 'participants.list')).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } })
  })

  it('forces a change when the password is older than the maximum age', () => {
    ws.clock.advance(91 * 24 * 60 * MIN)
    expect(ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD }).status).toBe('mustChangePassword')
  })

  it('refuses reuse of a recent password', () => {
    ws.signIn('w', 'operator')
    ws.ok('w', 'session.changePassword', { currentPassword: DEMO_PASSWORD, newPassword: 'Second#Password2026' })
    const back = ws.call('w', 'session.changePassword', { currentPassword: 'Second#Password2026', newPassword: DEMO_PASSWORD })
    expect(back).toMatchObject({ ok: false, error: { code: 'PASSWORD_POLICY', details: ['must differ from the last 5 passwords'] } })
  })

  it('R12.4: a password reset does not let the user take back the password it replaced', () => {
    ws.signIn('a', 'admin')
    const otp = issued(ws.ok<ResetResult>('a', 'users.resetPassword', { userId: userId('operator') }))
    ws.ok('w', 'session.signIn', { login: 'operator', password: otp.oneTimePassword })
    const back = ws.call('w', 'session.changePassword', { currentPassword: otp.oneTimePassword, newPassword: DEMO_PASSWORD })
    expect(back).toMatchObject({ ok: false, error: { code: 'PASSWORD_POLICY', details: ['must differ from the last 5 passwords'] } })
    expect(ws.ok<SessionState>('w', 'session.changePassword', { currentPassword: otp.oneTimePassword, newPassword: 'Fresh#Start2026' }).status).toBe('active')
  })
})

describe('lockout after failed attempts', () => {
  it('locks after 5 wrong passwords, refuses even the right one, and opens after 30 minutes', () => {
    for (let i = 0; i < 4; i++) expect(ws.call('w', 'session.signIn', { login: 'operator', password: 'wrong' })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } })
    expect(ws.call('w', 'session.signIn', { login: 'operator', password: 'wrong' })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } })
    expect(ws.call('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD })).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } })
    ws.clock.advance(30 * MIN)
    expect(status2(ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD }))).toBe('active')
  })

  it('with lockout minutes 0 waits for an administrator to unblock', () => {
    ws.signIn('a', 'admin')
    ws.ok('a', 'settings.update', { lockoutMinutes: 0, lockoutThreshold: 3 })
    for (let i = 0; i < 3; i++) ws.call('w', 'session.signIn', { login: 'operator', password: 'wrong' })
    ws.clock.advance(24 * 60 * MIN)
    expect(ws.call('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD })).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } })
    ws.signIn('a', 'admin')
    const row = ws.ok<UserRow>('a', 'users.unblock', { userId: userId('operator') })
    expect(row).toMatchObject({ failedAttempts: 0, lockedUntil: null })
    expect(status2(ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD }))).toBe('active')
  })

  it('answers an unknown login like a wrong password and records the attempt', () => {
    expect(ws.call('w', 'session.signIn', { login: 'nobody', password: 'whatever' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS', message: 'wrong login or password' } })
    ws.signIn('a', 'auditor')
    const page = ws.ok<AuditPage>('a', 'audit.list', { action: 'session.signIn', outcome: 'error' })
    expect(page.records[0]).toMatchObject({ actorLogin: 'nobody', errorCode: 'INVALID_CREDENTIALS', actorId: null })
  })

  it('R12.4: wrong current passwords in a password change lock the account and end the session, so the password cannot be guessed there', () => {
    ws.signIn('w', 'operator')
    for (let i = 0; i < 4; i++)
      expect(ws.call('w', 'session.changePassword', { currentPassword: `guess${i}`, newPassword: 'Guessed#Right2026' })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } })
    expect(ws.call('w', 'session.changePassword', { currentPassword: 'guess4', newPassword: 'Guessed#Right2026' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } })
    expect(status('w')).toBe('signedOut')
    // The right password found after the lock changes nothing.
    expect(ws.call('w', 'session.changePassword', { currentPassword: DEMO_PASSWORD, newPassword: 'Guessed#Right2026' })).toMatchObject({ ok: false })
    ws.clock.advance(30 * MIN)
    expect(status2(ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD }))).toBe('active')
  })
})

const status2 = (s: SessionState) => s.status

describe('inactivity lock and absolute limit (R12.5)', () => {
  it('counts activity from calls and heartbeats, not from polling, and locks at the limit', () => {
    ws.signIn('w', 'operator')
    ws.clock.advance(14 * MIN)
    ws.ok('w', 'participants.list')
    ws.clock.advance(14 * MIN)
    ws.ok('w', 'session.heartbeat')
    for (let i = 0; i < 14; i++) (ws.clock.advance(MIN), expect(status('w')).toBe('active'))
    ws.clock.advance(MIN)
    expect(status('w')).toBe('locked')
    expect(ws.call('w', 'participants.list')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } })
    expect(ws.call('w', 'session.heartbeat')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } })
  })

  // The disputes queue and case screens poll every 10 s, the messages screens every 4 s: a desk left on one of
  // them must still lock, and the polls must not write a record each into the audit log.
  it('R12.5: the calls the screens poll do not count as activity, so a desk left on those screens locks', async () => {
    ws.signIn('w', 'kaspi.operator')
    const seq = demoInterbankOperation(ws).seq
    const dispute = ws.ok<{ id: string }>('w', 'disputes.file', { operationSeq: seq, reason: 'FRAD', description: 'The client did not make this transfer' })
    const file = Number(
      ws.db.prepare(`INSERT INTO message_files (direction, party, format, file_name, sha256, bytes, status, source, received_at) VALUES ('in', 'P001', 'unknown', 'x.xml', 'x', 1, 'queued', 'ui', ?)`).run(ws.clock.now()).lastInsertRowid
    )
    const polls: [string, object][] = [
      ['disputes.list', {}],
      ['disputes.get', { id: dispute.id }],
      ['messages.list', { direction: 'in' }],
      ['messages.list', { direction: 'out' }],
      ['messages.status', { id: file }]
    ]
    const audited = auditCount(ws)
    for (let s = 5; s < 15 * 60; s += 5) {
      ws.clock.advance(5_000)
      for (const [name, input] of polls) expect(await ws.callAsync('w', name, input)).toMatchObject({ ok: true })
    }
    expect(auditCount(ws)).toBe(audited)
    ws.clock.advance(5_000)
    expect(status('w')).toBe('locked')
    expect(await ws.callAsync('w', 'disputes.list', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } })
    // One record: the lock itself.
    expect(auditCount(ws)).toBe(audited + 1)
  })

  it('R12.5, R12.4: locks a session waiting for the password change too, and unlocking it still asks for the change', () => {
    expect(ws.ok<SessionState>('w', 'session.signIn', { login: 'newcomer', password: DEMO_ONE_TIME_PASSWORD }).status).toBe('mustChangePassword')
    ws.clock.advance(15 * MIN - 1)
    expect(status('w')).toBe('mustChangePassword')
    ws.clock.advance(1)
    expect(status('w')).toBe('locked')
    expect(ws.call('w', 'session.changePassword', { currentPassword: DEMO_ONE_TIME_PASSWORD, newPassword: 'Astana#Morning2026' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } })
    expect(ws.ok<SessionState>('w', 'session.unlock', { password: DEMO_ONE_TIME_PASSWORD }).status).toBe('mustChangePassword')
    expect(ws.call('w', 'participants.list')).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } })
  })

  it('R12.5: counts a refused password change as activity while the change is awaited', () => {
    ws.ok('w', 'session.signIn', { login: 'newcomer', password: DEMO_ONE_TIME_PASSWORD })
    ws.clock.advance(10 * MIN)
    expect(ws.call('w', 'session.changePassword', { currentPassword: DEMO_ONE_TIME_PASSWORD, newPassword: 'short' })).toMatchObject({ ok: false, error: { code: 'PASSWORD_POLICY' } })
    ws.clock.advance(10 * MIN)
    expect(status('w')).toBe('mustChangePassword')
    ws.clock.advance(5 * MIN)
    expect(status('w')).toBe('locked')
  })

  it('R12.5, R14.3: opening a message file is recorded, who opened which, and counts as activity; the screen’s poll is neither', () => {
    ws.signIn('w', 'kaspi.operator')
    const insert = ws.db.prepare(`INSERT INTO message_files (direction, party, format, file_name, sha256, bytes, status, source, received_at) VALUES ('in', ?, 'unknown', 'x.xml', ?, 1, 'queued', 'ui', ?)`)
    const own = Number(insert.run('P001', 'a', ws.clock.now()).lastInsertRowid)
    const other = Number(insert.run('P002', 'b', ws.clock.now()).lastInsertRowid)
    const audited = auditCount(ws)
    expect(ws.ok('w', 'messages.status', { id: own })).toEqual({ id: own, status: 'queued' })
    expect(auditCount(ws)).toBe(audited)
    ws.clock.advance(14 * MIN)
    expect(ws.ok<{ file: { id: number } }>('w', 'messages.get', { id: own }).file.id).toBe(own)
    const opened = ws.db.prepare("SELECT actor_login, outcome, subject FROM audit_log WHERE action = 'messages.get'").all()
    expect(opened).toEqual([{ actor_login: 'kaspi.operator', outcome: 'ok', subject: String(own) }])
    ws.clock.advance(14 * MIN)
    expect(status('w')).toBe('active')
    ws.clock.advance(MIN)
    expect(status('w')).toBe('locked')
    ws.ok('w', 'session.unlock', { password: DEMO_PASSWORD })
    // The poll's refusals: another bank's file (recorded, as every OUT_OF_SCOPE is), a missing one, a bad id.
    expect(ws.call('w', 'messages.status', { id: other })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(ws.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'messages.status' AND error_code = 'OUT_OF_SCOPE'").pluck().get()).toBe(1)
    expect(ws.call('w', 'messages.status', { id: other + 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no message file #${other + 1}` } })
    expect(ws.call('w', 'messages.status', { id: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('unlocks with the password and refuses a wrong one', () => {
    ws.signIn('w', 'operator')
    ws.clock.advance(15 * MIN)
    expect(ws.call('w', 'session.unlock', { password: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } })
    expect(status('w')).toBe('locked')
    expect(ws.ok<SessionState>('w', 'session.unlock', { password: DEMO_PASSWORD }).status).toBe('active')
    expect(ws.call('w', 'participants.list').ok).toBe(true)
  })

  it('R12.4: a lockout earned by guesses elsewhere ends the locked session: the right password neither unlocks it nor lifts the lockout', () => {
    ws.signIn('w', 'operator')
    ws.clock.advance(15 * MIN)
    expect(status('w')).toBe('locked')
    for (let i = 0; i < 5; i++) ws.call('x', 'session.signIn', { login: 'operator', password: `guess${i}` })
    const lockout = () => ws.db.prepare("SELECT failed_attempts, locked_until FROM users WHERE login = 'operator'").get()
    const locked = lockout()
    expect(locked).toEqual({ failed_attempts: 5, locked_until: ws.clock.now() + 30 * MIN })
    expect(ws.call('w', 'session.unlock', { password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } })
    expect(ws.call('w', 'session.unlock', { password: 'another-guess' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(lockout()).toEqual(locked)
    expect(status('w')).toBe('signedOut')
    expect(ws.call('x', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } })
    // Once the lockout has run out, the password signs in as before.
    ws.clock.advance(30 * MIN)
    expect(ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD }).status).toBe('active')
    expect(lockout()).toEqual({ failed_attempts: 0, locked_until: null })
  })

  it('R12.4: a session standing past a lockout that ran out unnoticed still ends at its next call, and a new sign-in works', () => {
    ws.signIn('w', 'operator')
    for (let i = 0; i < 5; i++) ws.call('x', 'session.signIn', { login: 'operator', password: `guess${i}` })
    ws.clock.advance(31 * MIN)
    expect(ws.call('w', 'session.unlock', { password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } })
    expect(ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD }).status).toBe('active')
    expect(ws.call('w', 'participants.list').ok).toBe(true)
  })

  it('ends the session and locks the account when unlock attempts reach the threshold', () => {
    ws.signIn('w', 'operator')
    ws.clock.advance(15 * MIN)
    for (let i = 0; i < 4; i++) ws.call('w', 'session.unlock', { password: 'nope' })
    expect(ws.call('w', 'session.unlock', { password: 'nope' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } })
    expect(status('w')).toBe('signedOut')
    expect(ws.call('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD })).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } })
  })

  it('ends the session at the absolute limit even while the user is active', () => {
    ws.signIn('a', 'admin')
    ws.ok('a', 'settings.update', { absoluteMinutes: 60 })
    ws.signIn('w', 'operator')
    for (let i = 0; i < 5; i++) (ws.clock.advance(10 * MIN), ws.ok('w', 'session.heartbeat'))
    ws.clock.advance(10 * MIN)
    expect(ws.call('w', 'participants.list')).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } })
    expect(ws.ok<SessionState>('w', 'session.state')).toEqual({ status: 'signedOut', reason: 'none' })
  })

  it('tells a polling renderer why its session ended', () => {
    ws.signIn('w', 'operator')
    ws.clock.advance(601 * MIN)
    expect(ws.ok<SessionState>('w', 'session.state')).toEqual({ status: 'signedOut', reason: 'expired' })
  })

  it('applies a changed inactivity limit at once', () => {
    ws.signIn('w', 'operator')
    ws.signIn('a', 'admin')
    ws.ok('a', 'settings.update', { inactivityMinutes: 1 })
    ws.clock.advance(MIN)
    expect(status('w')).toBe('locked')
  })

  it('refuses an absolute limit not longer than the inactivity limit', () => {
    ws.signIn('a', 'admin')
    expect(ws.call('a', 'settings.update', { inactivityMinutes: 30, absoluteMinutes: 30 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', reasons: [{ rule: 'settings.absolute_not_above_inactivity', params: { absoluteMinutes: 30, inactivityMinutes: 30 } }] }
    })
    expect(ws.ok<{ inactivityMinutes: number }>('a', 'settings.get').inactivityMinutes).toBe(15)
  })
})

describe('administration', () => {
  it('blocks a user: their next call ends the session and says why; they cannot sign in', () => {
    ws.signIn('w', 'operator')
    ws.signIn('a', 'admin')
    ws.ok('a', 'users.block', { userId: userId('operator'), reason: 'left the bank' })
    expect(ws.call('w', 'participants.list')).toMatchObject({ ok: false, error: { code: 'ACCOUNT_BLOCKED' } })
    expect(ws.call('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_BLOCKED' } })
  })

  it('creates a participant user with a one-time password that works once', () => {
    ws.signIn('a', 'admin')
    const kaspi = ws.ok<{ id: string; code: string }[]>('a', 'participants.list').find((p) => p.code === 'P001')!.id
    const r = ws.ok<CreateUserResult>('a', 'users.create', { login: 'kaspi.teller', displayName: 'Teller', kind: 'participant', participantId: kaspi, roles: ['participant_viewer'] })
    if (r.status !== 'created') throw new Error('expected created')
    expect(r.user).toMatchObject({ status: 'active', mustChangePassword: true, participantName: 'Kaspi Bank JSC' })
    expect(r.credential.expiresAt).toBe(ws.clock.now() + 72 * 60 * MIN)
    expect(ws.ok<SessionState>('t', 'session.signIn', { login: 'kaspi.teller', password: r.credential.oneTimePassword }).status).toBe('mustChangePassword')
  })

  it.each([
    [{ kind: 'participant', roles: ['participant_viewer'] }, 'a participant user must belong to a participant'],
    [{ kind: 'operator', roles: ['participant_viewer'] }, 'roles not allowed for operator staff'],
    [{ kind: 'operator', roles: [] }, 'must name at least one role'],
    [{ kind: 'operator', roles: ['auditor', 'auditor'] }, 'a role is repeated']
  ])('refuses an inconsistent new user %j', (over, message) => {
    ws.signIn('a', 'admin')
    const r = ws.call('a', 'users.create', { login: 'x.user', displayName: 'Xavier Test', ...over })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    if (!r.ok) {
      expect(r.error.details!.join(' ')).toContain(message)
      expect(r.error.reasons![0]!.value).toMatch(/^(participantId|roles)$/)
    }
  })

  it('refuses a taken login whatever its case', () => {
    ws.signIn('a', 'admin')
    expect(ws.call('a', 'users.create', { login: 'Operator', displayName: 'Dup', kind: 'operator', roles: ['auditor'] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('needs a second administrator to create an administrator (maker-checker)', () => {
    ws.signIn('a', 'admin')
    const made = ws.ok<CreateUserResult>('a', 'users.create', { login: 'third.admin', displayName: 'Third', kind: 'operator', roles: ['administrator'] })
    if (made.status !== 'pendingApproval') throw new Error('expected pendingApproval')
    expect(made.user.status).toBe('pending')
    expect(ws.call('x', 'session.signIn', { login: 'third.admin', password: 'anything' })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } })
    expect(ws.call('a', 'approvals.approve', { approvalId: made.approvalId })).toMatchObject({ ok: false, error: { code: 'MAKER_CHECKER' } })
    ws.signIn('b', 'admin2')
    const decision = ws.ok<{ credential: OneTimePassword; approval: { status: string; checkerLogin: string } }>('b', 'approvals.approve', { approvalId: made.approvalId })
    expect(decision.approval).toMatchObject({ status: 'approved', checkerLogin: 'admin2' })
    expect(ws.ok<SessionState>('x', 'session.signIn', { login: 'third.admin', password: decision.credential.oneTimePassword }).status).toBe('mustChangePassword')
    expect(ws.call('b', 'approvals.approve', { approvalId: made.approvalId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  // Alone, an administrator could reset another's password, sign in as them and approve its own requests.
  it('R12.4: resets an administrator’s password only when a third administrator approves, who receives the one-time password', () => {
    ws.signIn('b', 'admin2')
    ws.signIn('a', 'admin')
    const made = ws.ok<CreateUserResult>('a', 'users.create', { login: 'third.admin', displayName: 'Third', kind: 'operator', roles: ['administrator'] })
    if (made.status !== 'pendingApproval') throw new Error('expected pendingApproval')
    const third = ws.ok<{ credential: OneTimePassword }>('b', 'approvals.approve', { approvalId: made.approvalId }).credential
    ws.ok('c', 'session.signIn', { login: 'third.admin', password: third.oneTimePassword })
    ws.ok('c', 'session.changePassword', { currentPassword: third.oneTimePassword, newPassword: 'Third#Admin2026' })

    const reset = ws.ok<ResetResult>('a', 'users.resetPassword', { userId: userId('admin2') })
    if (reset.status !== 'pendingApproval') throw new Error('expected pendingApproval')
    // Nothing changed for admin2 yet: the session goes on and the password still works.
    expect(ws.call('b', 'participants.list').ok).toBe(true)
    expect(ws.call('x', 'session.signIn', { login: 'admin2', password: DEMO_PASSWORD }).ok).toBe(true)
    expect(ws.ok<unknown[]>('a', 'approvals.list', { status: 'pending' })).toMatchObject([{ kind: 'user.resetPassword', subjectLogin: 'admin2', makerLogin: 'admin' }])
    // Neither the maker nor the administrator being reset approves it; it is asked for once.
    expect(ws.call('a', 'approvals.approve', { approvalId: reset.approvalId })).toMatchObject({ ok: false, error: { code: 'MAKER_CHECKER' } })
    expect(ws.call('b', 'approvals.approve', { approvalId: reset.approvalId })).toMatchObject({ ok: false, error: { code: 'MAKER_CHECKER' } })
    expect(ws.call('a', 'users.resetPassword', { userId: userId('admin2') })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    const decision = ws.ok<{ credential: OneTimePassword; approval: { status: string; checkerLogin: string } }>('c', 'approvals.approve', { approvalId: reset.approvalId })
    expect(decision.approval).toMatchObject({ status: 'approved', checkerLogin: 'third.admin' })
    expect(ws.call('b', 'participants.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(ws.call('x', 'session.signIn', { login: 'admin2', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } })
    expect(ws.ok<SessionState>('x', 'session.signIn', { login: 'admin2', password: decision.credential.oneTimePassword }).status).toBe('mustChangePassword')
  })

  it('resets another user’s password at once, and the administrator receives it', () => {
    ws.signIn('a', 'admin')
    const r = ws.ok<ResetResult>('a', 'users.resetPassword', { userId: userId('operator') })
    expect(r).toMatchObject({ status: 'issued', credential: { oneTimePassword: expect.any(String), expiresAt: ws.clock.now() + 72 * 60 * MIN } })
  })

  it('needs a second administrator to grant the administrator role, and rejection leaves roles as they were', () => {
    ws.signIn('a', 'admin')
    const op = userId('operator')
    const r = ws.ok<{ status: string; approvalId: string }>('a', 'users.setRoles', { userId: op, roles: ['administrator'] })
    expect(r.status).toBe('pendingApproval')
    // Named by its rule, for the screens to word (users.refusals), and in English for the CLI and the audit record.
    expect(ws.call('a', 'users.setRoles', { userId: op, roles: ['auditor'] })).toMatchObject({
      error: { code: 'CONFLICT', message: 'a request for operator already awaits approval', reasons: [{ rule: 'users.approval_pending', params: { login: 'operator' } }] }
    })
    ws.signIn('b', 'admin2')
    ws.ok('b', 'approvals.reject', { approvalId: r.approvalId, reason: 'not justified' })
    expect(ws.ok<UserRow[]>('a', 'users.list', { query: 'operator' }).find((u) => u.id === op)!.roles).toEqual(['operations_officer'])
  })

  it('refuses to let administrators block themselves, reset or change their own roles', () => {
    ws.signIn('a', 'admin')
    const me = userId('admin')
    expect(ws.call('a', 'users.block', { userId: me, reason: 'test me' })).toMatchObject({ error: { code: 'CONFLICT' } })
    expect(ws.call('a', 'users.resetPassword', { userId: me })).toMatchObject({ error: { code: 'CONFLICT' } })
    expect(ws.call('a', 'users.setRoles', { userId: me, roles: ['auditor'] })).toMatchObject({ error: { code: 'CONFLICT' } })
  })

  it('a reset ends the user’s sessions and requires a change at the next sign-in', () => {
    ws.signIn('w', 'operator')
    ws.signIn('a', 'admin')
    const otp = issued(ws.ok<ResetResult>('a', 'users.resetPassword', { userId: userId('operator') }))
    expect(ws.call('w', 'participants.list')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
    expect(ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: otp.oneTimePassword }).status).toBe('mustChangePassword')
    // A session opened with a one-time password stands until a new one replaces it.
    expect(status('w')).toBe('mustChangePassword')
    issued(ws.ok<ResetResult>('a', 'users.resetPassword', { userId: userId('operator') }))
    expect(ws.ok<SessionState>('w', 'session.state')).toEqual({ status: 'signedOut', reason: 'passwordReset' })
  })
})

describe('language and audit', () => {
  it('remembers the language per user', () => {
    ws.signIn('w', 'operator')
    ws.ok('w', 'session.setLocale', { locale: 'kk' })
    ws.ok('w', 'session.signOut')
    const s = ws.ok<SessionState>('w', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD })
    if (s.status === 'signedOut') throw new Error('not signed in')
    expect(s.user.locale).toBe('kk')
  })

  it('records who did what, never a password, and the chain stays intact', () => {
    ws.signIn('a', 'admin')
    ws.call('a', 'session.changePassword', { currentPassword: DEMO_PASSWORD, newPassword: 'Another#Secret2026' })
    ws.ok('a', 'users.block', { userId: userId('operator'), reason: 'left the bank' })
    ws.signIn('r', 'auditor')
    const page = ws.ok<AuditPage>('r', 'audit.list', { limit: 500 })
    const text = JSON.stringify(page)
    expect(text).not.toContain(DEMO_PASSWORD)
    expect(text).not.toContain('Another#Secret2026')
    expect(page.records.find((r) => r.action === 'users.block')).toMatchObject({ actorLogin: 'admin', subject: 'operator', outcome: 'ok' })
    expect(ws.ok('r', 'audit.verify')).toMatchObject({ intact: true })
  })
})

// The audit screen lists the log, then checks the chain: each call writes its own record after it has read, so the
// check of the whole log counted one record (the list's) more than the table showed.
describe('the audit chain check and the list agree (R12.1)', () => {
  /** Tampering from outside the app: another connection to the same file, with the guard triggers dropped. */
  const tamper = (sql: string): void => {
    const other = new BetterSqlite3(ws.dbPath)
    other.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;')
    other.exec(sql)
    other.close()
  }

  it('checks the records the list showed: as many, ending at the newest one listed', () => {
    ws.signIn('r', 'auditor')
    const page = ws.ok<AuditPage>('r', 'audit.list', { limit: 500 })
    expect(page.headSeq).toBe(page.records[0]!.seq)
    expect(page.total).toBe(page.records.length)
    const check = ws.ok<AuditVerification>('r', 'audit.verify', { throughSeq: page.headSeq })
    expect(check).toEqual({ intact: true, records: page.total, headHash: page.records[0]!.hash })
    // Filtered, the list still names the newest record of the whole log (the verify's, after the first list's).
    const refusals = ws.ok<AuditPage>('r', 'audit.list', { outcome: 'error' })
    expect(refusals.headSeq).toBe(page.headSeq! + 2)
  })

  it('still finds an altered record among them', () => {
    ws.signIn('r', 'auditor')
    const page = ws.ok<AuditPage>('r', 'audit.list', {})
    tamper("UPDATE audit_log SET subject = 'forged' WHERE seq = 2")
    expect(ws.ok<AuditVerification>('r', 'audit.verify', { throughSeq: page.headSeq })).toMatchObject({ intact: false, records: 1, firstBroken: { seq: 2, problem: 'altered' } })
  })

  it('names the newest record listed as missing when it was removed since', () => {
    ws.signIn('r', 'auditor')
    const page = ws.ok<AuditPage>('r', 'audit.list', {})
    tamper(`DELETE FROM audit_log WHERE seq = ${page.headSeq}`)
    expect(ws.ok<AuditVerification>('r', 'audit.verify', { throughSeq: page.headSeq })).toMatchObject({ intact: false, records: page.headSeq! - 1, firstBroken: { seq: page.headSeq, problem: 'missing' } })
  })

  it('checks the whole log when no record is named', () => {
    ws.signIn('r', 'auditor')
    expect(ws.ok<AuditVerification>('r', 'audit.verify', {})).toMatchObject({ intact: true, records: auditCount(ws) - 1 })
  })

  it.each([
    ['beyond the newest record', (head: number) => head + 5, 'NOT_FOUND', (head: number) => `the audit log has no record #${head + 5}; its newest is #${head + 1}`],
    ['zero', () => 0, 'VALIDATION', () => 'invalid input for audit.verify'],
    ['not a whole number', () => 1.5, 'VALIDATION', () => 'invalid input for audit.verify']
  ])('refuses a record %s, changing nothing', (_what, seq, code, message) => {
    ws.signIn('r', 'auditor')
    const head = ws.ok<AuditPage>('r', 'audit.list', {}).headSeq!
    const before = snapshot(ws)
    expect(ws.call('r', 'audit.verify', { throughSeq: seq(head) })).toMatchObject({ ok: false, error: { code, message: message(head) } })
    expect(snapshot(ws)).toBe(before)
  })
})
