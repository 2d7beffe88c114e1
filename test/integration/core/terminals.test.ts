// The terminal registry on a real SQLite file (R8.4).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Participant, Terminal } from '../../../src/core/api/types'
import { operatorWorkstation, snapshot, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let bank: Record<string, Participant>
beforeEach(() => void ({ ws, bank } = operatorWorkstation()))
afterEach(() => ws.dispose())

const pos = (acquirerId: string, serial = 'POS-0001') => ({ acquirerId, kind: 'pos', serial, address: 'Almaty, Dostyk Ave 1' })

describe('terminal registry', () => {
  it('registers an uncertified terminal with the next code, then certifies it once', () => {
    const t = ws.ok<Terminal>('ops', 'terminals.create', pos(bank.P003!.id))
    expect(t).toMatchObject({ code: 'T000009', acquirerName: 'ForteBank JSC', status: 'active', certifiedAt: null })
    const c = ws.ok<Terminal>('ops', 'terminals.certify', { terminalId: t.id, certificateRef: 'CERT-77' })
    expect(c).toMatchObject({ certificateRef: 'CERT-77', certifiedAt: ws.clock.now() })
    expect(ws.call('ops', 'terminals.certify', { terminalId: t.id, certificateRef: 'CERT-78' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('refuses terminals for a participant that is not an acquirer, not active, or with a repeated serial', () => {
    expect(ws.call('ops', 'terminals.create', pos(bank.P005!.id))).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'P005 is not an acquirer: it cannot have terminals' } })
    ws.ok('ops', 'participants.setStatus', { participantId: bank.P004!.id, status: 'suspended', reason: 'AML review' })
    expect(ws.call('ops', 'terminals.create', pos(bank.P004!.id))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    ws.ok('ops', 'terminals.create', pos(bank.P001!.id, 'SAME-1'))
    expect(ws.call('ops', 'terminals.create', pos(bank.P001!.id, 'SAME-1'))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(ws.call('ops', 'terminals.create', { ...pos(bank.P001!.id), kind: 'phone' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('blocks and unblocks a terminal', () => {
    const t = ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: bank.P001!.id })[0]!
    expect(ws.ok<Terminal>('ops', 'terminals.setStatus', { terminalId: t.id, status: 'blocked' }).status).toBe('blocked')
    expect(ws.call('ops', 'terminals.setStatus', { terminalId: t.id, status: 'blocked' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(ws.ok<Terminal>('ops', 'terminals.setStatus', { terminalId: t.id, status: 'active' }).status).toBe('active')
  })

  it.each(['suspended', 'terminated'])('neither certifies nor gives an intake key to a terminal of a %s acquirer, and changes nothing (R8.4)', (status) => {
    const [certified, uncertified] = [true, false].map((c) => ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: bank.P004!.id }).find((t) => (t.certifiedAt !== null) === c)!)
    ws.ok('ops', 'participants.setStatus', { participantId: bank.P004!.id, status, reason: 'AML review' })
    const before = snapshot(ws)
    expect(ws.call('ops', 'terminals.issueKey', { terminalId: certified!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: `P004 is ${status}: its terminals may not submit operations (R8.4)` } })
    expect(ws.call('ops', 'terminals.certify', { terminalId: uncertified!.id, certificateRef: 'CERT-99' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: `P004 is ${status}: its terminals may not submit operations (R8.4)` } })
    expect(snapshot(ws)).toBe(before)
  })

  it('shows participant staff only their own bank’s terminals', () => {
    ws.signIn('kaspi', 'kaspi.operator')
    const mine = ws.ok<Terminal[]>('kaspi', 'terminals.list', {})
    expect(mine.length).toBe(2)
    expect(new Set(mine.map((t) => t.acquirerName))).toEqual(new Set(['Kaspi Bank JSC']))
  })
})

describe('editing a terminal (R8.4)', () => {
  const demo = (code: string, certified: boolean) =>
    ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: bank[code]!.id }).find((t) => (t.certifiedAt !== null) === certified)!
  const lastAudit = () => ws.db.prepare('SELECT action, outcome, subject FROM audit_log ORDER BY rowid DESC LIMIT 1').get()

  it('records a move to another address and keeps the certification; the acquirer and the serial stay', () => {
    const t = demo('P001', true)
    const moved = ws.ok<Terminal>('ops', 'terminals.update', { terminalId: t.id, kind: t.kind, address: '  Almaty, Satpaev St 30  ' })
    expect(moved).toEqual({ ...t, address: 'Almaty, Satpaev St 30' })
    expect(lastAudit()).toEqual({ action: 'terminals.update', outcome: 'ok', subject: t.code })
    expect(ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: bank.P001!.id }).find((x) => x.id === t.id)).toEqual(moved)
  })

  it('withdraws the certification when the kind changes: the device certified is not the one registered any more', () => {
    const t = demo('P001', true)
    const changed = ws.ok<Terminal>('ops', 'terminals.update', { terminalId: t.id, kind: 'cash_desk', address: t.address })
    expect(changed).toEqual({ ...t, kind: 'cash_desk', certifiedAt: null, certificateRef: null })
    expect(ws.call('ops', 'terminals.issueKey', { terminalId: t.id })).toMatchObject({ ok: false, error: { reasons: [{ rule: 'registry.terminal_not_certified' }] } })
    expect(ws.ok<Terminal>('ops', 'terminals.certify', { terminalId: t.id, certificateRef: 'CERT-CD-1' }).certificateRef).toBe('CERT-CD-1')
  })

  it('edits an uncertified terminal’s kind, a blocked one, and one of a suspended acquirer', () => {
    const t = demo('P004', false)
    ws.ok('ops', 'terminals.setStatus', { terminalId: t.id, status: 'blocked' })
    ws.ok('ops', 'participants.setStatus', { participantId: bank.P004!.id, status: 'suspended', reason: 'AML review' })
    expect(ws.ok<Terminal>('ops', 'terminals.update', { terminalId: t.id, kind: 'atm', address: 'Shymkent, Tauke Khan Ave 5' })).toMatchObject({ kind: 'atm', address: 'Shymkent, Tauke Khan Ave 5', status: 'blocked', certifiedAt: null })
  })

  it('refuses, changing nothing, an unknown terminal, no change, a terminated acquirer’s terminal, a bad address, identity fields and participant staff', () => {
    const t = demo('P004', true)
    ws.ok('ops', 'participants.setStatus', { participantId: bank.P004!.id, status: 'terminated', reason: 'Contract ended' })
    const mine = demo('P001', true)
    ws.signIn('kaspi', 'kaspi.operator')
    const before = snapshot(ws)
    const unknown = '0'.repeat(26)
    expect(ws.call('ops', 'terminals.update', { terminalId: unknown, kind: 'pos', address: 'Almaty, Dostyk Ave 1' })).toMatchObject({
      ok: false, error: { code: 'NOT_FOUND', reasons: [{ rule: 'registry.no_terminal', params: { id: unknown } }] }
    })
    expect(ws.call('ops', 'terminals.update', { terminalId: mine.id, kind: mine.kind, address: ` ${mine.address} ` })).toMatchObject({
      ok: false, error: { code: 'CONFLICT', message: `${mine.code} already has this kind and address: nothing to change`, reasons: [{ rule: 'registry.terminal_unchanged', params: { code: mine.code } }] }
    })
    expect(ws.call('ops', 'terminals.update', { terminalId: t.id, kind: t.kind, address: 'Almaty, Satpaev St 30' })).toMatchObject({
      ok: false, error: { code: 'CONFLICT', message: `P004 is terminated: its terminal ${t.code} is no longer edited`, reasons: [{ rule: 'registry.terminal_acquirer_terminated', params: { code: t.code, acquirer: 'P004' } }] }
    })
    expect(ws.call('ops', 'terminals.update', { terminalId: mine.id, kind: mine.kind, address: 'Ala' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'invalid input for terminals.update' } })
    expect(ws.call('ops', 'terminals.update', { terminalId: mine.id, kind: mine.kind, address: 'Almaty, Satpaev St 30', serial: 'OTHER-1' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(ws.call('ops', 'terminals.update', { terminalId: mine.id, kind: mine.kind, address: 'Almaty, Satpaev St 30', acquirerId: bank.P002!.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    // Participant staff keep no registry: the terminals of their own bank are edited by the operator, as they are registered.
    expect(ws.call('kaspi', 'terminals.update', { terminalId: mine.id, kind: mine.kind, address: 'Almaty, Satpaev St 30' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(lastAudit()).toMatchObject({ action: 'terminals.update', outcome: 'error' })
    expect(snapshot(ws)).toBe(before)
  })
})
