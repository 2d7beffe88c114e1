// The outbox's delivery (R7.5.4, R7.5.5; ARCHITECTURE decision 6): each destination receives the notices of
// the operations that concern it, although a transaction stores each notice only once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, AuthorizationAnswer } from '../../../src/core/api/types'
import { OutboxRelay, type OutboxEnvelope } from '../../../src/core/center/outbox-relay'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let delivered: OutboxEnvelope[]
let failWith: string | null
const transport = {
  deliver: async (batch: OutboxEnvelope[]) => {
    if (failWith) throw new Error(failWith)
    delivered.push(...batch)
  }
}
const relay = () => new OutboxRelay({ db: ws.db, clock: ws.clock, transport, retryMs: 1_000 })

beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
  delivered = []
  failWith = null
  // What the demo left in the outbox is not this test's.
  ws.db.prepare('UPDATE outbox SET delivered_at = 0 WHERE delivered_at IS NULL').run()
})
afterEach(() => ws.dispose())

/** Two transfers between Bank CenterCredit and Kaspi clients, in one batch of the group commit. */
async function twoTransfers(): Promise<AuthorizationAnswer[]> {
  const kzt = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).filter((a) => a.currency === 'KZT')
  const [a, b] = [kzt.find((x) => x.participantCode === 'P001')!, kzt.find((x) => x.participantCode === 'P002')!]
  const transfer = (requestId: string, payer: Account, payee: Account) =>
    ws.center.submit({ requestId, type: 'transfer', channel: 'app', payer: { iban: payer.iban }, payee: { iban: payee.iban }, amount: '15.00', currency: 'KZT' }, 'app')
  return Promise.all([transfer('or-1', a, b), transfer('or-2', b, a)])
}

describe('the outbox relay', () => {
  it('delivers to every destination the full notice of each of its operations, from notices stored once', async () => {
    const answers = await twoTransfers()
    expect(answers.map((a) => a.status)).toEqual(['accepted', 'accepted'])
    expect(ws.db.prepare('SELECT count(DISTINCT notices_id) FROM outbox WHERE delivered_at IS NULL').pluck().get()).toBe(1)

    expect(await relay().drainOnce()).toBe(5)
    expect(delivered.map((e) => e.destination).sort()).toEqual(['abs:P001', 'abs:P002', 'participant:P001', 'participant:P002', 'settlement-bank'])
    for (const e of delivered) {
      expect(e.operations).toBe(2)
      expect(e.payload).toEqual({
        operations: answers.map((a) => ({
          operation: a.operation,
          requestId: a.requestId,
          type: 'transfer',
          status: 'accepted',
          amountMinor: 1500,
          currency: 'KZT',
          opDay: a.opDay,
          documentNo: a.documentNo,
          at: ws.clock.now()
        }))
      })
    }
    expect(ws.db.prepare('SELECT count(*) FROM outbox WHERE delivered_at IS NULL').pluck().get()).toBe(0)
    expect(await relay().drainOnce()).toBe(0)
  })

  it('delivers a message written before notices were stored apart (its own payload) as it is', async () => {
    const payload = { operations: [{ operation: 1, requestId: 'old', type: 'payment', status: 'accepted', amountMinor: 100, currency: 'KZT', opDay: '2026-11-22', documentNo: null, at: 1 }] }
    ws.db.prepare(`INSERT INTO outbox (destination, kind, first_seq, last_seq, operations, payload, created_at) VALUES ('settlement-bank', 'confirmation', 1, 1, 1, ?, 1)`).run(JSON.stringify(payload))
    expect(await relay().drainOnce()).toBe(1)
    expect(delivered[0]!.payload).toEqual(payload)
  })

  it('keeps a message it could not deliver, with the error, and tries again later', async () => {
    await twoTransfers()
    failWith = 'settlement bank unreachable'
    expect(await relay().drainOnce()).toBe(5)
    const rows = ws.db.prepare('SELECT attempts, last_error, next_attempt_at, delivered_at FROM outbox WHERE delivered_at IS NULL').all()
    expect(rows).toHaveLength(5)
    expect(rows.every((r) => (r as { attempts: number }).attempts === 1)).toBe(true)
    expect(rows[0]).toMatchObject({ last_error: 'settlement bank unreachable', next_attempt_at: ws.clock.now() + 1_000 })
    // Not due yet; then due, and delivered whole.
    failWith = null
    expect(await relay().drainOnce()).toBe(0)
    ws.clock.advance(1_000)
    expect(await relay().drainOnce()).toBe(5)
    expect(delivered.every((e) => (e.payload as { operations: unknown[] }).operations.length === 2)).toBe(true)
  })

  it('keeps each destination’s messages in order after a failure: a later one waits for the earlier one due again (R7.5.4, R7.5.5)', async () => {
    await twoTransfers()
    failWith = 'settlement bank unreachable'
    expect(await relay().drainOnce()).toBe(5)
    failWith = null
    // The next batch of operations (e.g. the reversal of the first) is written while the first waits to be tried again.
    const kzt = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).filter((a) => a.currency === 'KZT')
    const [a, b] = [kzt.find((x) => x.participantCode === 'P001')!, kzt.find((x) => x.participantCode === 'P002')!]
    expect(await ws.center.submit({ requestId: 'or-3', type: 'transfer', channel: 'app', payer: { iban: a.iban }, payee: { iban: b.iban }, amount: '1.00', currency: 'KZT' }, 'app')).toMatchObject({ status: 'accepted' })
    // Not one destination hears of the later operation before the earlier ones.
    await relay().drainOnce()
    expect(delivered).toEqual([])
    ws.clock.advance(1_000)
    while ((await relay().drainOnce()) > 0);
    const byDestination = new Map<string, number[]>()
    for (const e of delivered) byDestination.set(e.destination, [...(byDestination.get(e.destination) ?? []), e.id])
    expect(byDestination.size).toBe(5)
    for (const ids of byDestination.values()) {
      expect(ids).toHaveLength(2)
      expect(ids).toEqual([...ids].sort((x, y) => x - y))
    }
  })
})
