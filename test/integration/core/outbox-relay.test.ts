// The outbox's delivery (R7.5.4, R7.5.5; ARCHITECTURE decision 6): each destination receives the notices of
// the operations that concern it, although a transaction stores each notice only once.
import { createServer } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, AuthorizationAnswer, OperationDetail } from '../../../src/core/api/types'
import { DeliveryError, OutboxRelay, type OutboxEnvelope } from '../../../src/core/center/outbox-relay'
import { httpTransport } from '../../../src/main/center/http-transport'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let delivered: OutboxEnvelope[]
let failWith: string | Error | null
const transport = {
  deliver: async (batch: OutboxEnvelope[]) => {
    if (failWith) throw typeof failWith === 'string' ? new Error(failWith) : failWith
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

/** A loopback port nothing listens on: one the system gave a server that is closed again. */
const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

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
    expect(rows[0]).toMatchObject({ next_attempt_at: ws.clock.now() + 1_000 })
    expect(JSON.parse((rows[0] as { last_error: string }).last_error)).toEqual({ code: 'failed', params: {}, message: 'settlement bank unreachable' })
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

  // The operation's page shows the last error to a user of any language: a code and its figures, not the transport's English.
  describe('names why a delivery failed, as a code the screens word', () => {
    const lastErrors = async (): Promise<unknown[]> => {
      const [answer] = await twoTransfers()
      await relay().drainOnce()
      return ws.ok<OperationDetail>('op', 'operations.get', { seq: answer!.operation }).confirmations.map((c) => c.lastError)
    }

    it('an answer of the receiver other than 2xx, with its status', async () => {
      failWith = new DeliveryError('receiver_status', { status: 503 }, 'the receiver answered 503')
      const errors = await lastErrors()
      expect(errors).toHaveLength(5)
      for (const e of errors) expect(e).toEqual({ code: 'receiver_status', params: { status: 503 }, message: 'the receiver answered 503' })
    })

    // The page showed «The receiver cannot be reached (ECONNREFUSED)»: the network error is one of a list the screens word.
    it('a receiver that cannot be reached, by the network error, through the real transport to a closed loopback port', async () => {
      const port = await closedPort()
      const http = httpTransport(`http://127.0.0.1:${port}`, 2_000)
      try {
        const [answer] = await twoTransfers()
        await new OutboxRelay({ db: ws.db, clock: ws.clock, transport: http, retryMs: 1_000 }).drainOnce()
        const errors = ws.ok<OperationDetail>('op', 'operations.get', { seq: answer!.operation }).confirmations.map((c) => c.lastError)
        expect(errors).toHaveLength(5)
        for (const e of errors) expect(e).toEqual({ code: 'network', params: { networkError: 'ECONNREFUSED' }, message: `connect ECONNREFUSED 127.0.0.1:${port}` })
      } finally {
        http.close()
      }
    })

    it('a network error outside the list as `other`, its system code kept in the English message only', async () => {
      failWith = Object.assign(new Error('write EPROTO'), { code: 'EPROTO' })
      expect((await lastErrors())[0]).toEqual({ code: 'network', params: { networkError: 'other' }, message: 'write EPROTO' })
    })

    it('an unreachable receiver stored before its network error was named keeps showing as it was', async () => {
      const [answer] = await twoTransfers()
      const kept = JSON.stringify({ code: 'unreachable', params: { reason: 'ECONNREFUSED' }, message: 'connect ECONNREFUSED 127.0.0.1:9' })
      ws.db.prepare('UPDATE outbox SET last_error = ? WHERE delivered_at IS NULL').run(kept)
      expect(ws.ok<OperationDetail>('op', 'operations.get', { seq: answer!.operation }).confirmations[0]!.lastError).toEqual(JSON.parse(kept))
    })

    it('a failure it cannot name in its own words, and an error stored before codes were as it was', async () => {
      failWith = 'settlement bank unreachable'
      expect((await lastErrors())[0]).toEqual({ code: 'failed', params: {}, message: 'settlement bank unreachable' })
      ws.db.prepare(`UPDATE outbox SET last_error = 'the receiver answered 502' WHERE delivered_at IS NULL`).run()
      const seq = ws.db.prepare('SELECT max(seq) FROM operations').pluck().get() as number
      expect(ws.ok<OperationDetail>('op', 'operations.get', { seq }).confirmations[0]!.lastError).toEqual({ code: 'text', params: {}, message: 'the receiver answered 502' })
    })
  })
})
