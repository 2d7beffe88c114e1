// Each edit's audit record carries, beside its input, the old and new values of exactly the fields it changed, so an
// auditor reads "from what, to what" even where no earlier record holds the old value (seeded or imported data);
// a refused edit records its input alone; the old values are masked as the input is; the chain stays intact (R12.1,
// R9.2.1). A real workstation on a SQLite file, through the dispatcher.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Participant, Terminal } from '../../../src/core/api/types'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let bank: Record<string, Participant>
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('ops', 'operator')
  bank = Object.fromEntries(ws.ok<Participant[]>('ops', 'participants.list').map((p) => [p.code, p]))
})
afterEach(() => ws.dispose())

interface Detail {
  before?: Record<string, unknown>
  after?: Record<string, unknown>
  [field: string]: unknown
}
/** The detail of the newest record of the action, read back as the log holds it. */
const lastText = (action: string): string => ws.db.prepare('SELECT detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1').pluck().get(action) as string
const lastDetail = (action: string): Detail => JSON.parse(lastText(action)) as Detail
const chainIntact = () => {
  ws.signIn('auditor', 'auditor')
  expect(ws.ok('auditor', 'audit.verify')).toMatchObject({ intact: true })
}
const one = <T>(sql: string, ...args: unknown[]): T => ws.db.prepare(sql).pluck().get(...args) as T

describe('the registries’ edits', () => {
  it('participants.update: the old and new name, not the participation type left as it was', () => {
    const p = bank.P005!
    ws.ok('ops', 'participants.update', { participantId: p.id, name: 'Freedom Finance Bank JSC', issuer: p.issuer, acquirer: p.acquirer })
    const d = lastDetail('participants.update')
    expect(d.before).toEqual({ name: p.name })
    expect(d.after).toEqual({ name: 'Freedom Finance Bank JSC' })
    expect(d).toMatchObject({ participantId: p.id, name: 'Freedom Finance Bank JSC' })
    chainIntact()
  })

  it('participants.update: a role taken up is recorded false → true', () => {
    const p = bank.P005!
    expect(p.acquirer).toBe(false)
    ws.ok('ops', 'participants.update', { participantId: p.id, name: p.name, issuer: true, acquirer: true })
    expect(lastDetail('participants.update')).toMatchObject({ before: { acquirer: false }, after: { acquirer: true } })
    expect(Object.keys(lastDetail('participants.update').before!)).toEqual(['acquirer'])
  })

  it('a refused edit records its refusal and no old values', () => {
    const p = bank.P001!
    // Refused after the service read the participant: P001 still has terminals in service.
    expect(ws.call('ops', 'participants.update', { participantId: p.id, name: 'Kaspi Bank', issuer: true, acquirer: false })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(ws.db.prepare("SELECT outcome, error_code AS code FROM audit_log WHERE action = 'participants.update'").all()).toEqual([{ outcome: 'error', code: 'CONFLICT' }])
    expect(lastText('participants.update')).not.toMatch(/"before"|"after"|Kaspi Bank"/)
  })

  it('a card number in an old value is masked as it is in the input', () => {
    const p = bank.P005!
    ws.db.prepare('UPDATE participants SET name = ? WHERE id = ?').run('Freedom 4111 1111 1111 1111', p.id)
    ws.ok('ops', 'participants.update', { participantId: p.id, name: 'Freedom Bank', issuer: p.issuer, acquirer: p.acquirer })
    const text = one<string>("SELECT detail FROM audit_log WHERE action = 'participants.update'")
    expect(text).not.toContain('4111 1111 1111 1111')
    expect(lastDetail('participants.update').before).toEqual({ name: expect.stringMatching(/^Freedom 4111 11\S* \S+ 1111$/) })
  })

  it('clients.update: the old and new name', () => {
    const client = ws.db.prepare('SELECT id, name FROM clients ORDER BY id LIMIT 1').get() as { id: string; name: string }
    ws.ok('ops', 'clients.update', { clientId: client.id, name: 'Aigerim Sadykova' })
    expect(lastDetail('clients.update')).toMatchObject({ before: { name: client.name }, after: { name: 'Aigerim Sadykova' } })
  })

  it('terminals.update: the old address; a change of kind also records the certification it withdrew', () => {
    const t = ws.ok<Terminal[]>('ops', 'terminals.list', {}).find((x) => x.certifiedAt !== null)!
    ws.ok('ops', 'terminals.update', { terminalId: t.id, kind: t.kind, address: 'Almaty, Satpaev St 30' })
    let d = lastDetail('terminals.update')
    expect(d.before).toEqual({ address: t.address })
    expect(d.after).toEqual({ address: 'Almaty, Satpaev St 30' })
    ws.ok('ops', 'terminals.update', { terminalId: t.id, kind: 'recycler', address: 'Almaty, Satpaev St 30' })
    d = lastDetail('terminals.update')
    expect(d.before).toEqual({ kind: t.kind, certificateRef: t.certificateRef })
    expect(d.after).toEqual({ kind: 'recycler', certificateRef: null })
    chainIntact()
  })
})

describe('limits, settings, roles and contracts', () => {
  it('accounts.setLimits: the limits that changed, as amounts in the account’s currency', () => {
    const a = ws.db.prepare("SELECT id, currency FROM accounts WHERE kind = 'client' AND status = 'open' ORDER BY id LIMIT 1").get() as { id: string; currency: string }
    ws.ok('ops', 'accounts.setLimits', { accountId: a.id, limitPerOp: '5000', limitDaily: '20000.5' })
    ws.ok('ops', 'accounts.setLimits', { accountId: a.id, limitPerOp: '5000.00', limitDaily: null })
    expect(lastDetail('accounts.setLimits')).toMatchObject({ before: { limitDaily: '20000.50' }, after: { limitDaily: null } })
    expect(Object.keys(lastDetail('accounts.setLimits').before!)).toEqual(['limitDaily'])
  })

  it('settings.update: the settings that changed, the password policy’s figures readable (they are no secret)', () => {
    ws.signIn('a', 'admin')
    ws.ok('a', 'settings.update', { inactivityMinutes: 10, passwordMinLength: 14, lockoutThreshold: 5 })
    const d = lastDetail('settings.update')
    expect(d.before).toEqual({ inactivityMinutes: 15, passwordMinLength: 12 })
    expect(d.after).toEqual({ inactivityMinutes: 10, passwordMinLength: 14 })
    expect(d).toMatchObject({ passwordMinLength: 14 })
    chainIntact()
  })

  it('settings.update refused: no old values', () => {
    ws.signIn('a', 'admin')
    expect(ws.call('a', 'settings.update', { inactivityMinutes: 30, absoluteMinutes: 30 })).toMatchObject({ ok: false })
    expect(lastText('settings.update')).not.toMatch(/"before"|"after"/)
  })

  it('a password is still masked wherever it is named', () => {
    expect(ws.call('x', 'session.signIn', { login: 'operator', password: 'wrong password 1' })).toMatchObject({ ok: false })
    const text = one<string>("SELECT detail FROM audit_log WHERE action = 'session.signIn' ORDER BY seq DESC LIMIT 1")
    expect(text).not.toContain('wrong password')
  })

  it('users.setRoles: the old and new roles', () => {
    ws.signIn('a', 'admin')
    const userId = one<string>("SELECT id FROM users WHERE login = 'risk'")
    ws.ok('a', 'users.setRoles', { userId, roles: ['auditor'] })
    expect(lastDetail('users.setRoles')).toMatchObject({ before: { roles: ['risk_officer'] }, after: { roles: ['auditor'] } })
  })

  it('users.setRoles awaiting approval records no change; its approval records the roles before and after', () => {
    ws.signIn('a', 'admin')
    const userId = one<string>("SELECT id FROM users WHERE login = 'risk'")
    const r = ws.ok<{ approvalId: string }>('a', 'users.setRoles', { userId, roles: ['risk_officer', 'administrator'] })
    expect(lastText('users.setRoles')).not.toMatch(/"before"|"after"/)
    ws.signIn('b', 'admin2')
    ws.ok('b', 'approvals.approve', { approvalId: r.approvalId })
    expect(lastDetail('approvals.approve')).toMatchObject({ before: { roles: ['risk_officer'] }, after: { roles: ['administrator', 'risk_officer'] } })
  })

  it('settlement.setFunds and setModel: the figures and the model before', () => {
    ws.signIn('c', 'clearing')
    const halyk = bank.P002!.id
    ws.ok('c', 'settlement.setFunds', { participantId: halyk, currency: 'KZT', settlement: '100.00', current: '200.00', insurance: '300.00' })
    ws.ok('c', 'settlement.setFunds', { participantId: halyk, currency: 'KZT', settlement: '100', current: '250.00', insurance: '300.00' })
    expect(lastDetail('settlement.setFunds')).toMatchObject({ before: { current: '200.00' }, after: { current: '250.00' } })
    expect(Object.keys(lastDetail('settlement.setFunds').before!)).toEqual(['current'])
    ws.ok('c', 'settlement.setModel', { participantId: halyk, model: 'gross' })
    expect(lastDetail('settlement.setModel')).toMatchObject({ before: { model: 'net' }, after: { model: 'gross' } })
  })

  it('disputes.setTerms: the terms in force before, only those that changed', () => {
    ws.signIn('d', 'disputes')
    const before = ws.ok<{ participantId: string | null; answerDays: number; filingDays: number; unit: string; decisionDays: number; appealDays: number }[]>('d', 'disputes.terms').find((t) => t.participantId === null)!
    ws.ok('d', 'disputes.setTerms', { participantId: null, unit: before.unit, filingDays: before.filingDays, answerDays: before.answerDays + 1, decisionDays: before.decisionDays, appealDays: before.appealDays })
    expect(lastDetail('disputes.setTerms')).toMatchObject({ before: { answerDays: before.answerDays }, after: { answerDays: before.answerDays + 1 } })
    expect(Object.keys(lastDetail('disputes.setTerms').before!)).toEqual(['answerDays'])
  })
})

describe('changes of status', () => {
  it('participants.setStatus: the status and the reason before', () => {
    const p = bank.P005!
    ws.ok('ops', 'participants.setStatus', { participantId: p.id, status: 'suspended', reason: 'late insurance deposit' })
    ws.ok('ops', 'participants.setStatus', { participantId: p.id, status: 'active', reason: 'deposit paid' })
    expect(lastDetail('participants.setStatus')).toMatchObject({
      before: { status: 'suspended', reason: 'late insurance deposit' },
      after: { status: 'active', reason: 'deposit paid' }
    })
  })

  it('terminals.setStatus: the status before', () => {
    const t = ws.ok<Terminal[]>('ops', 'terminals.list', {}).find((x) => x.status === 'active')!
    ws.ok('ops', 'terminals.setStatus', { terminalId: t.id, status: 'blocked' })
    expect(lastDetail('terminals.setStatus')).toMatchObject({ before: { status: 'active' }, after: { status: 'blocked' } })
  })

  it('accounts.setStatus: the status and the reason before', () => {
    const a = ws.db.prepare("SELECT id FROM accounts WHERE kind = 'client' AND status = 'open' LIMIT 1").pluck().get() as string
    ws.ok('ops', 'accounts.setStatus', { accountId: a, status: 'blocked', reason: 'court order 15' })
    expect(lastDetail('accounts.setStatus')).toMatchObject({ before: { status: 'open', reason: null }, after: { status: 'blocked', reason: 'court order 15' } })
  })

  it('instruments.setStatus: the status and the reason before; refused, none', () => {
    const i = ws.db.prepare("SELECT id FROM instruments WHERE status = 'active' LIMIT 1").pluck().get() as string
    ws.ok('ops', 'instruments.setStatus', { instrumentId: i, status: 'blocked', reason: 'reported lost' })
    expect(lastDetail('instruments.setStatus')).toMatchObject({ before: { status: 'active', reason: null }, after: { status: 'blocked', reason: 'reported lost' } })
    expect(ws.call('ops', 'instruments.setStatus', { instrumentId: i, status: 'blocked', reason: 'again' })).toMatchObject({ ok: false })
    expect(lastText('instruments.setStatus')).not.toMatch(/"before"|"after"/)
    chainIntact()
  })
})
