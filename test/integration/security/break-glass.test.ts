// Break-glass (R12.4): on a desk of two administrators, one of whom lost the password, the other cannot both make and
// check a reset. The command line, with the desk closed and no sign-in, gives that administrator a one-time password,
// recorded under the operating system's user. Real SQLite files on disk; the desk is closed and opened again around it.
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Approval, AuditPage, AuditVerification, BreakGlassNotice, SessionState, UserRow } from '../../../src/core/api/types'
import { DEMO_PASSWORD } from '../../../src/core/demo/seed'
import { breakGlassReset } from '../../../src/core/security/break-glass'
import { auditCount, snapshot, TEST_COST, testWorkstation, type TestWorkstation } from '../../support/workstation'

const actor = 'os:security-officer'
let closed: TestWorkstation
let ws: TestWorkstation | null
let dbPath: string
beforeEach(() => {
  closed = testWorkstation()
  dbPath = join(closed.dir, 'ws.db')
  ws = null
})
afterEach(() => {
  ws?.dispose()
  if (closed.db.open) closed.close()
  rmSync(closed.dir, { recursive: true, force: true })
})

const reset = (login: string, path = dbPath) => breakGlassReset({ dbPath: path, login, clock: closed.clock, actor, cost: TEST_COST })
/** The desk started again on the database as the command line left it. */
const reopen = (): TestWorkstation => (ws = testWorkstation({ copyOf: { dir: closed.dir, now: closed.clock.now() } }))
/** Every row of every table, the audit log's too: equal before and after means nothing changed. */
function contents(path: string): string {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]
    return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all()]))
  } finally {
    db.close()
  }
}
const idOf = (login: string, desk: TestWorkstation = closed): string => {
  desk.signIn('lookup', 'auditor')
  const id = desk.ok<UserRow[]>('lookup', 'users.list', { query: login }).find((u) => u.login === login)!.id
  desk.ok('lookup', 'session.signOut')
  return id
}

describe('break-glass reset of an administrator’s password (R12.4)', () => {
  it('gives the administrator a one-time password to change at sign-in, closes the pending reset, and records the OS user', () => {
    // admin asked for admin2's reset; no third administrator exists to approve it.
    const admin2 = idOf('admin2')
    closed.signIn('a', 'admin')
    const asked = closed.ok<{ status: string; approvalId: string }>('a', 'users.resetPassword', { userId: admin2 })
    expect(asked.status).toBe('pendingApproval')
    closed.ok('a', 'session.signOut')
    closed.close()

    const done = reset('admin2')
    expect(done).toMatchObject({ login: 'admin2', supersededApprovalId: asked.approvalId, expiresAt: closed.clock.now() + 72 * 3600_000 })
    expect(done.oneTimePassword).toMatch(/^\S{12,}$/)

    const desk = reopen()
    expect(desk.call('x', 'session.signIn', { login: 'admin2', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } })
    expect(desk.ok<SessionState>('b', 'session.signIn', { login: 'admin2', password: done.oneTimePassword }).status).toBe('mustChangePassword')
    expect(desk.call('b', 'participants.list')).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } })
    expect(desk.ok<SessionState>('b', 'session.changePassword', { currentPassword: done.oneTimePassword, newPassword: 'Broken#Glass2026' }).status).toBe('active')

    // The request awaiting a checker is closed: approving it later would replace the password just issued.
    desk.signIn('a', 'admin')
    const approval = desk.ok<Approval[]>('a', 'approvals.list', {}).find((r) => r.id === asked.approvalId)
    expect(approval).toMatchObject({ status: 'superseded', checkerLogin: null, decidedAt: closed.clock.now() })
    expect(desk.call('b', 'approvals.approve', { approvalId: asked.approvalId })).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'users.approval_decided', params: { approvalStatus: 'superseded' } }] } })
    // admin2 can make requests again, and admin check them: the pair works once more.
    expect(desk.ok<{ status: string }>('b', 'users.resetPassword', { userId: idOf('admin', desk) }).status).toBe('pendingApproval')

    desk.signIn('audit', 'auditor')
    const page = desk.ok<AuditPage>('audit', 'audit.list', { action: 'users.breakGlassReset' })
    expect(page.records).toMatchObject([{ action: 'users.breakGlassReset', actorLogin: actor, actorId: null, sessionId: null, subject: 'admin2', outcome: 'ok' }])
    expect(page.records[0]!.detail).not.toContain(done.oneTimePassword)
    expect(JSON.parse(page.records[0]!.detail!)).toMatchObject({ expiresAt: done.expiresAt, supersededApprovalId: asked.approvalId })
    expect(desk.ok<AuditVerification>('audit', 'audit.verify')).toMatchObject({ intact: true })
  })

  it('lifts a lockout earned by guessing, as an administrator’s reset does', () => {
    for (let i = 0; i < 5; i++) closed.call('x', 'session.signIn', { login: 'admin2', password: 'wrong' })
    expect(closed.call('x', 'session.signIn', { login: 'admin2', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } })
    closed.close()
    const { oneTimePassword } = reset('admin2')
    expect(reopen().ok<SessionState>('b', 'session.signIn', { login: 'admin2', password: oneTimePassword }).status).toBe('mustChangePassword')
  })

  it('needs no pending reset request', () => {
    closed.close()
    expect(reset('admin')).toMatchObject({ login: 'admin', supersededApprovalId: null })
  })

  describe('refuses, each with its own reason and a non-zero code, and changes nothing', () => {
    // The database's own files; its WAL comes and goes with the connections that read it.
    const files = () => readdirSync(closed.dir).filter((f) => !/-(wal|shm)$/.test(f)).sort()
    const refusedUnchanged = (login: string, path: string, expected: object) => {
      const before = { files: files(), rows: existsSync(path) ? contents(path) : null }
      expect(() => reset(login, path)).toThrow(expect.objectContaining(expected))
      expect({ files: files(), rows: existsSync(path) ? contents(path) : null }).toEqual(before)
    }

    it('an unknown login', () => {
      closed.close()
      refusedUnchanged('nobody', dbPath, { code: 'NOT_FOUND', reasons: [{ rule: 'users.no_login', params: { login: 'nobody' } }] })
    })

    it('a user who is not an administrator: any administrator resets theirs on the Users screen', () => {
      closed.close()
      refusedUnchanged('operator', dbPath, { code: 'FORBIDDEN', reasons: [{ rule: 'users.break_glass_not_administrator', params: { login: 'operator' } }] })
    })

    it('an administrator who is blocked, or awaits approval', () => {
      closed.signIn('a', 'admin')
      closed.ok('a', 'users.block', { userId: idOf('admin2'), reason: 'left the bank' })
      const made = closed.ok<{ status: string }>('a', 'users.create', { login: 'third.admin', displayName: 'Third', kind: 'operator', roles: ['administrator'] })
      expect(made.status).toBe('pendingApproval')
      closed.close()
      refusedUnchanged('admin2', dbPath, { code: 'CONFLICT', reasons: [{ rule: 'users.reset_not_active', params: { login: 'admin2', userStatus: 'blocked' } }] })
      refusedUnchanged('third.admin', dbPath, { code: 'CONFLICT', reasons: [{ rule: 'users.reset_not_active', params: { login: 'third.admin', userStatus: 'pending' } }] })
    })

    it('while the desk has the database open', () => {
      closed.signIn('a', 'admin')
      const audited = closed.db.prepare('SELECT count(*) FROM audit_log').pluck().get()
      expect(() => reset('admin2')).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/open in another process/) }))
      expect(closed.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(audited)
      // The desk goes on, admin2's password unchanged.
      expect(closed.call('x', 'session.signIn', { login: 'admin2', password: DEMO_PASSWORD }).ok).toBe(true)
    })

    it('a database that is not there, which it does not create', () => {
      closed.close()
      refusedUnchanged('admin2', join(closed.dir, 'elsewhere.db'), { code: 'NOT_FOUND', message: expect.stringMatching(/no database at .*elsewhere\.db/) })
    })
  })
})

describe('every other administrator is told of a break-glass reset until they acknowledge it (R12.4)', () => {
  it('shows it to the other administrators at each sign-in, not to the one reset nor to one created after it', () => {
    closed.close()
    const { oneTimePassword } = reset('admin2')
    const desk = reopen()
    desk.signIn('a', 'admin')
    const notices = desk.ok<BreakGlassNotice[]>('a', 'users.breakGlassNotices')
    expect(notices).toEqual([{ id: expect.any(String), subjectLogin: 'admin2', subjectDisplayName: 'Daniyar Serikuly (administrator)', at: closed.clock.now(), actor }])
    desk.ok('b', 'session.signIn', { login: 'admin2', password: oneTimePassword })
    desk.ok('b', 'session.changePassword', { currentPassword: oneTimePassword, newPassword: 'Broken#Glass2026' })
    expect(desk.ok<BreakGlassNotice[]>('b', 'users.breakGlassNotices')).toEqual([])
    // An administrator created afterwards was not there to be told.
    desk.clock.advance(60_000)
    const made = desk.ok<{ approvalId: string }>('a', 'users.create', { login: 'third.admin', displayName: 'Third', kind: 'operator', roles: ['administrator'] })
    const third = desk.ok<{ credential: { oneTimePassword: string } }>('b', 'approvals.approve', { approvalId: made.approvalId }).credential
    desk.ok('c', 'session.signIn', { login: 'third.admin', password: third.oneTimePassword })
    desk.ok('c', 'session.changePassword', { currentPassword: third.oneTimePassword, newPassword: 'Third#Admin2026' })
    expect(desk.ok<BreakGlassNotice[]>('c', 'users.breakGlassNotices')).toEqual([])
    // Signed out and in again: still there, until acknowledged; then gone for good, and the acknowledgement audited.
    desk.ok('a', 'session.signOut')
    desk.signIn('a', 'admin')
    expect(desk.ok<BreakGlassNotice[]>('a', 'users.breakGlassNotices')).toEqual(notices)
    expect(desk.ok<BreakGlassNotice[]>('a', 'users.acknowledgeBreakGlass', { resetId: notices[0]!.id })).toEqual([])
    desk.ok('a', 'session.signOut')
    desk.signIn('a', 'admin')
    expect(desk.ok<BreakGlassNotice[]>('a', 'users.breakGlassNotices')).toEqual([])
    desk.signIn('audit', 'auditor')
    expect(desk.ok<AuditPage>('audit', 'audit.list', { action: 'users.acknowledgeBreakGlass' }).records).toMatchObject([{ actorLogin: 'admin', subject: 'admin2', outcome: 'ok' }])
  })

  it('refuses to acknowledge twice, one’s own reset or an unknown one, and changes nothing', () => {
    closed.close()
    const { oneTimePassword } = reset('admin2')
    const desk = reopen()
    desk.signIn('a', 'admin')
    const [notice] = desk.ok<BreakGlassNotice[]>('a', 'users.breakGlassNotices')
    desk.ok('a', 'users.acknowledgeBreakGlass', { resetId: notice!.id })
    desk.ok('b', 'session.signIn', { login: 'admin2', password: oneTimePassword })
    desk.ok('b', 'session.changePassword', { currentPassword: oneTimePassword, newPassword: 'Broken#Glass2026' })
    const before = snapshot(desk)
    const audited = auditCount(desk)
    expect(desk.call('a', 'users.acknowledgeBreakGlass', { resetId: notice!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'users.break_glass_acknowledged', params: { login: 'admin2' } }] } })
    expect(desk.call('b', 'users.acknowledgeBreakGlass', { resetId: notice!.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reasons: [{ rule: 'users.no_break_glass_notice' }] } })
    expect(desk.call('a', 'users.acknowledgeBreakGlass', { resetId: '0'.repeat(26) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reasons: [{ rule: 'users.no_break_glass_notice' }] } })
    expect(snapshot(desk)).toBe(before)
    // Each refusal is audited, nothing else.
    expect(auditCount(desk)).toBe(audited + 3)
  })
})
