// A terminated participant stays terminated (R9.1.5, R13.1, R15.2): its code and history remain, service does
// not resume. Nothing of it is put back in service in the registries either; blocking and closing still work.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, Instrument, Participant, SessionState, Terminal, UserRow } from '../../../src/core/api/types'
import { DEMO_PIN } from '../../../src/core/demo/pki-seed'
import { DEMO_PASSWORD } from '../../../src/core/demo/seed'
import { operatorWorkstation, snapshot, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let bank: Record<string, Participant>
beforeEach(() => void ({ ws, bank } = operatorWorkstation()))
afterEach(() => ws.dispose())

const terminate = (code: string) => ws.ok('ops', 'participants.setStatus', { participantId: bank[code]!.id, status: 'terminated', reason: 'licence revoked' })
const refusedUnchanged = (name: string, input: object, message: string) => {
  const before = snapshot(ws)
  expect(ws.call('ops', name, input)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message } })
  expect(snapshot(ws)).toBe(before)
}

describe('a terminated participant’s registry entries', () => {
  it('keep its blocked accounts blocked', () => {
    const account = ws.ok<Account[]>('ops', 'accounts.list', { participantId: bank.P004!.id, kind: 'client' })[0]!
    ws.ok('ops', 'accounts.setStatus', { accountId: account.id, status: 'blocked', reason: 'court order' })
    terminate('P004')
    refusedUnchanged('accounts.setStatus', { accountId: account.id, status: 'open', reason: 'court order lifted' }, 'P004 is terminated: nothing of it is put back in service')
  })

  it('keep its blocked instruments blocked', () => {
    const instrument = ws.ok<Instrument[]>('ops', 'instruments.list', { issuerId: bank.P004!.id }).find((i) => i.status === 'active')!
    ws.ok('ops', 'instruments.setStatus', { instrumentId: instrument.id, status: 'blocked', reason: 'suspected fraud' })
    terminate('P004')
    refusedUnchanged('instruments.setStatus', { instrumentId: instrument.id, status: 'active', reason: 'fraud ruled out' }, 'P004 is terminated: nothing of it is put back in service')
  })

  it('keep its blocked terminals blocked', () => {
    const terminal = ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: bank.P004!.id })[0]!
    ws.ok('ops', 'terminals.setStatus', { terminalId: terminal.id, status: 'blocked' })
    terminate('P004')
    refusedUnchanged('terminals.setStatus', { terminalId: terminal.id, status: 'active' }, 'P004 is terminated: nothing of it is put back in service')
  })

  it('R15.2, R12.4: keep its staff’s blocked logins blocked', () => {
    ws.signIn('adm', 'admin')
    const staff = ws.ok<UserRow[]>('adm', 'users.list', { participantId: bank.P001!.id }).find((u) => u.login === 'kaspi.operator')!
    ws.ok('adm', 'users.block', { userId: staff.id, reason: 'left the bank' })
    terminate('P001')
    const before = snapshot(ws)
    expect(ws.call('adm', 'users.unblock', { userId: staff.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'P001 is terminated: nothing of it is put back in service' } })
    expect(snapshot(ws)).toBe(before)
  })

  it('may still be blocked and closed', () => {
    const account = ws.ok<Account[]>('ops', 'accounts.list', { participantId: bank.P004!.id, kind: 'client' })[0]!
    const instrument = ws.ok<Instrument[]>('ops', 'instruments.list', { issuerId: bank.P004!.id }).find((i) => i.status === 'active')!
    const terminal = ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: bank.P004!.id })[0]!
    terminate('P004')
    expect(ws.ok<Account>('ops', 'accounts.setStatus', { accountId: account.id, status: 'blocked', reason: 'bank terminated' }).status).toBe('blocked')
    expect(ws.ok<Instrument>('ops', 'instruments.setStatus', { instrumentId: instrument.id, status: 'closed', reason: 'bank terminated' }).status).toBe('closed')
    expect(ws.ok<Terminal>('ops', 'terminals.setStatus', { terminalId: terminal.id, status: 'blocked' }).status).toBe('blocked')
  })
})

// Its staff no longer work in the system (R9.1.5, R13.1, R15.2; R14.3–14.5: only the parties' own authorised
// employees see its data): refused at sign-in with their own code, their open sessions ended, both recorded.
describe('a terminated participant’s staff', () => {
  const audit = (action: string) => ws.db.prepare('SELECT actor_login, outcome, error_code, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action)

  it('are refused at sign-in with PARTICIPANT_TERMINATED, recorded, and nothing of theirs changes', () => {
    terminate('P001')
    const before = snapshot(ws)
    expect(ws.call('k', 'session.signIn', { login: 'kaspi.operator', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_TERMINATED' } })
    expect(ws.ok<SessionState>('k', 'session.state').status).toBe('signedOut')
    expect(snapshot(ws)).toBe(before)
    expect(audit('session.signIn').at(-1)).toEqual({ actor_login: 'kaspi.operator', outcome: 'error', error_code: 'PARTICIPANT_TERMINATED', detail: expect.any(String) })
    // A wrong password learns nothing about the termination, and counts as before.
    expect(ws.call('k', 'session.signIn', { login: 'kaspi.operator', password: 'not-the-password' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } })
  })

  it('lose an open session at its next call, which says why, and its end is recorded', () => {
    ws.signIn('k', 'kaspi.operator')
    expect(ws.call('k', 'participants.list').ok).toBe(true)
    terminate('P001')
    expect(ws.call('k', 'participants.list')).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_TERMINATED' } })
    expect(ws.ok<SessionState>('k', 'session.state')).toEqual({ status: 'signedOut', reason: 'none' })
    expect(audit('session.ended')).toEqual([{ actor_login: 'kaspi.operator', outcome: 'ok', error_code: null, detail: '{"cause":"terminated"}' }])
  })

  it('tell a polling window why its session ended', () => {
    ws.signIn('k', 'kaspi.operator')
    terminate('P001')
    expect(ws.ok<SessionState>('k', 'session.state')).toEqual({ status: 'signedOut', reason: 'terminated' })
  })

  // R12.5: the PIN dialog can stay open while the bank is terminated; the key then does nothing.
  it('cannot use a key whose PIN is typed after the termination', async () => {
    ws.signIn('k', 'kaspi.operator')
    const file = join(ws.dir, 'act.txt')
    writeFileSync(file, 'act of reconciliation')
    ws.pinAnswers.push(() => (terminate('P001'), DEMO_PIN))
    const signed = await ws.callAsync('k', 'crypto.signFile', { path: file, out: join(ws.dir, 'act.p7s'), detached: true })
    expect(signed).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_TERMINATED' } })
    expect(existsSync(join(ws.dir, 'act.p7s'))).toBe(false)
  })

  it('of another participant work on', () => {
    ws.signIn('h', 'halyk.operator')
    terminate('P001')
    expect(ws.call('h', 'participants.list').ok).toBe(true)
  })

  // The rules refuse a suspended participant's new operations (R9.1.5, R11.5), not its staff's work: reports,
  // disputes and documents go on while it is suspended.
  it('of a suspended participant still sign in and work', () => {
    ws.signIn('k', 'kaspi.operator')
    ws.ok('ops', 'participants.setStatus', { participantId: bank.P001!.id, status: 'suspended', reason: 'risk review' })
    expect(ws.call('k', 'participants.list').ok).toBe(true)
    expect(ws.ok<SessionState>('k2', 'session.signIn', { login: 'kaspi.operator', password: DEMO_PASSWORD }).status).toBe('active')
  })
})
