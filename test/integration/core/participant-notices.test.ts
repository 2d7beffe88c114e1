// R9.3.2: the participants are told of a suspension, a resumption or a termination of service, with its reason,
// on the day it happens: notices written with the change (a real SQLite file) and delivered by the outbox relay.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Participant, ParticipantStatusChange } from '../../../src/core/api/types'
import { OutboxRelay, type OutboxEnvelope } from '../../../src/core/center/outbox-relay'
import { operatorWorkstation, snapshot, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let bank: Record<string, Participant>
let delivered: OutboxEnvelope[]
let failWith: string | null
const relay = () =>
  new OutboxRelay({
    db: ws.db,
    clock: ws.clock,
    retryMs: 1_000,
    transport: {
      deliver: async (batch) => {
        if (failWith) throw new Error(failWith)
        delivered.push(...batch)
      }
    }
  })
const setStatus = (code: string, status: string, reason: string) => ws.call<Participant>('ops', 'participants.setStatus', { participantId: bank[code]!.id, status, reason })
const history = (code: string, caller = 'ops') => ws.call<ParticipantStatusChange[]>(caller, 'participants.history', { participantId: bank[code]!.id })
const notices = () => delivered.filter((m) => m.kind === 'notice')

beforeEach(() => {
  ;({ ws, bank } = operatorWorkstation())
  delivered = []
  failWith = null
  // What the demo left in the outbox is not this test's.
  ws.db.prepare('UPDATE outbox SET delivered_at = 0 WHERE delivered_at IS NULL').run()
})
afterEach(() => ws.dispose())

describe('notices of a participant’s status (R9.3.2)', () => {
  it('tells the settlement bank and every participant of a suspension, with its reason and day, and shows who made it', async () => {
    expect(setStatus('P002', 'suspended', 'AML review: unreported transfers')).toMatchObject({ ok: true })
    // Written with the change, before any delivery: a crash now still sends them.
    const [change] = ws.ok<ParticipantStatusChange[]>('ops', 'participants.history', { participantId: bank.P002!.id })
    expect(change).toMatchObject({ from: 'active', to: 'suspended', reason: 'AML review: unreported transfers', day: '2026-11-23', by: expect.any(String), notices: 6, delivered: 0 })
    expect(change!.waiting).toEqual(['settlement-bank', 'participant:P001', 'participant:P002', 'participant:P003', 'participant:P004', 'participant:P005'])

    await relay().drainOnce()
    expect(notices().map((m) => m.destination)).toEqual(change!.waiting)
    for (const m of notices())
      expect(m.payload).toEqual({
        notice: 'participant.status',
        participant: { code: 'P002', name: bank.P002!.name, bic: bank.P002!.bic, bin: bank.P002!.bin },
        from: 'active',
        to: 'suspended',
        reason: 'AML review: unreported transfers',
        day: '2026-11-23',
        at: ws.clock.now()
      })
    expect(ws.ok<ParticipantStatusChange[]>('ops', 'participants.history', { participantId: bank.P002!.id })[0]).toMatchObject({ notices: 6, delivered: 6, waiting: [], lastError: null })
  })

  it('dates the notice by the day in Almaty: 19:30 UTC is already the next day there', () => {
    ws.clock.advance(Date.UTC(2026, 10, 23, 19, 30) - ws.clock.now()) // 00:30 on the 24th in Almaty
    ws.signIn('ops', 'operator') // the long wait ended the session
    setStatus('P004', 'suspended', 'licence review')
    expect(ws.ok<ParticipantStatusChange[]>('ops', 'participants.history', { participantId: bank.P004!.id })[0]!.day).toBe('2026-11-24')
  })

  it('tells a resumption and a termination too, newest first; a terminated bank is told of its own termination, then hears no more', async () => {
    setStatus('P004', 'suspended', 'licence review')
    setStatus('P004', 'active', 'licence confirmed')
    setStatus('P004', 'terminated', 'contract ended')
    const changes = ws.ok<ParticipantStatusChange[]>('ops', 'participants.history', { participantId: bank.P004!.id })
    expect(changes.map((c) => [c.from, c.to, c.reason])).toEqual([
      ['active', 'terminated', 'contract ended'],
      ['suspended', 'active', 'licence confirmed'],
      ['active', 'suspended', 'licence review']
    ])
    expect(changes[0]!.waiting).toContain('participant:P004')

    setStatus('P005', 'suspended', 'overdue reports')
    const p005 = ws.ok<ParticipantStatusChange[]>('ops', 'participants.history', { participantId: bank.P005!.id })[0]!
    expect(p005.waiting).not.toContain('participant:P004')
    expect(p005.notices).toBe(5)
  })

  it('keeps a notice waiting, with the error, while its destination cannot take it', async () => {
    setStatus('P003', 'suspended', 'security incident')
    failWith = 'participant gateway unreachable'
    await relay().drainOnce()
    expect(ws.ok<ParticipantStatusChange[]>('ops', 'participants.history', { participantId: bank.P003!.id })[0]).toMatchObject({ delivered: 0, notices: 6, lastError: { code: 'failed', params: {}, message: 'participant gateway unreachable' } })
  })

  it('sends nothing and records nothing when the change is refused', () => {
    setStatus('P004', 'terminated', 'contract ended')
    const before = snapshot(ws)
    expect(setStatus('P004', 'active', 'reinstated')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(setStatus('P002', 'suspended', '')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(snapshot(ws)).toBe(before)
  })

  it('shows a bank’s staff the history of their own bank only', () => {
    setStatus('P001', 'suspended', 'AML review')
    setStatus('P001', 'active', 'review closed')
    setStatus('P003', 'suspended', 'overdue reports')
    ws.signIn('kaspi', 'kaspi.operator')
    expect(history('P001', 'kaspi')).toMatchObject({ ok: true, value: [{ to: 'active' }, { to: 'suspended' }] })
    expect(history('P003', 'kaspi')).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
  })

  it('refuses the history of an unknown participant', () => {
    expect(ws.call('ops', 'participants.history', { participantId: '0'.repeat(26) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
