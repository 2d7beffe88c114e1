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
