// Which operations the payee's bank's staff see (R14.1–R14.5, R9.3.4): an operation is a bank's as its issuer or
// acquirer, and the payee's bank's once it credits that bank's client, i.e. when it was not refused. A refused
// transfer from a Kaspi client to a Halyk client never reached Halyk: the Kaspi client's IIN and the failed check on
// the Kaspi account are Kaspi's to know. Walked through the dispatcher on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Account, AuthorizationAnswer, CenterStats, OperationDetail, OperationRow, OperationsPage } from '../../../src/core/api/types'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
/** An answer that recorded an operation (every one here does, accepted or refused). */
type Recorded = AuthorizationAnswer & { operation: number }
const recorded = (a: AuthorizationAnswer): Recorded => {
  if (a.operation === null) throw new Error(`${a.requestId} recorded no operation`)
  return a as Recorded
}
/** Kaspi → Halyk transfers: refused on the Kaspi account's daily limit, accepted, and what followed them. */
let refused: Recorded
let accepted: Recorded
let reversalOfRefused: Recorded
let reversalOfAccepted: Recorded
let secondReversal: Recorded
let kaspiIin: string
/** Halyk's figures of the day before and after the refused transfer arrived, then after the accepted one. */
let halykStats: CenterStats[]

const submit = (input: Record<string, unknown>) => recorded(ws.ok<AuthorizationAnswer>('op', 'operations.submit', input))
const reverse = (seq: number, reason: string, requestId: string) => recorded(ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq, reason, requestId }))
const journal = (caller: string, filter: Record<string, unknown> = {}) => ws.ok<OperationsPage>(caller, 'operations.list', { limit: 500, ...filter }).rows.map((r) => r.seq)
const feed = (caller: string, afterSeq: number) => ws.ok<OperationRow[]>(caller, 'operations.feed', { afterSeq, limit: 500 }).map((r) => r.seq)

beforeAll(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
  ws.signIn('kaspi', 'kaspi.operator')
  ws.signIn('halyk', 'halyk.operator')
  const kzt = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).filter((a) => a.currency === 'KZT')
  const payer = kzt.find((a) => a.participantCode === 'P001')!
  const payee = kzt.find((a) => a.participantCode === 'P002')!
  kaspiIin = ws.db.prepare('SELECT c.iin FROM clients c JOIN accounts a ON a.client_id = c.id WHERE a.iban = ?').pluck().get(payer.iban) as string
  const transfer = (requestId: string, amount: string) => submit({ requestId, type: 'transfer', channel: 'app', payer: { iban: payer.iban }, payee: { iban: payee.iban }, amount, currency: 'KZT' })
  halykStats = [ws.ok<CenterStats>('halyk', 'operations.stats')]
  refused = transfer('ps-refused', '5000001.00')
  halykStats.push(ws.ok<CenterStats>('halyk', 'operations.stats'))
  accepted = transfer('ps-accepted', '10.00')
  halykStats.push(ws.ok<CenterStats>('halyk', 'operations.stats'))
  reversalOfRefused = reverse(refused.operation, 'wrong account', 'ps-r1')
  reversalOfAccepted = reverse(accepted.operation, 'wrong account', 'ps-r2')
  secondReversal = reverse(accepted.operation, 'again', 'ps-r3')
}, 60_000)
afterAll(() => ws?.dispose())

describe('a refused transfer from a Kaspi client to a Halyk client', () => {
  it('was refused on the Kaspi account after the payee was found (the case at issue)', () => {
    expect(refused).toMatchObject({ status: 'refused', reason: 'limit.daily' })
    const d = ws.ok<OperationDetail>('op', 'operations.get', { seq: refused.operation })
    expect(d.operation).toMatchObject({ clientIin: kaspiIin, issuerCode: 'P001' })
    expect(d.operation.payeeParticipantId).not.toBeNull()
    expect(d.checks.find((c) => !c.ok)).toMatchObject({ check: 'limits', reason: 'limit.daily' })
  })

  it('is not in Halyk’s journal, its pages, a search by the Kaspi client’s IIN or the live feed', () => {
    expect(journal('halyk')).not.toContain(refused.operation)
    expect(journal('halyk', { iin: kaspiIin })).not.toContain(refused.operation)
    expect(journal('halyk', { status: 'refused' })).not.toContain(refused.operation)
    // Keyset pages of one: the page after the accepted transfer goes on past the refused one to older ones.
    const first = ws.ok<OperationsPage>('halyk', 'operations.list', { limit: 1, beforeSeq: accepted.operation })
    expect(first.rows.map((r) => r.seq)).not.toContain(refused.operation)
    expect(first.rows[0]!.seq).toBeLessThan(refused.operation)
    expect(feed('halyk', refused.operation - 1)).not.toContain(refused.operation)
  })

  it('is refused to Halyk’s staff by its number (OUT_OF_SCOPE), nothing changed', () => {
    const before = snapshot(ws)
    expect(ws.call('halyk', 'operations.get', { seq: refused.operation })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(snapshot(ws)).toBe(before)
  })

  it('is not counted in Halyk’s figures of the day, nor is it Halyk’s newest operation', () => {
    const [before, after] = halykStats
    expect(after).toMatchObject({ accepted: before!.accepted, refused: before!.refused, lastSeq: before!.lastSeq })
    expect(after!.byType).toEqual(before!.byType)
  })

  it('cannot be disputed by Halyk: refused as out of scope, not as an operation that cannot be revoked', () => {
    const before = snapshot(ws)
    const r = ws.call('halyk', 'disputes.file', { operationSeq: refused.operation, reason: 'DUPL', amount: '1.00', description: 'The client was charged twice for one purchase' })
    expect(r).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(snapshot(ws)).toBe(before)
  })

  it('is seen by Kaspi, the issuer, and by the operator’s staff', () => {
    for (const caller of ['kaspi', 'op']) {
      expect(journal(caller)).toContain(refused.operation)
      expect(journal(caller, { iin: kaspiIin })).toContain(refused.operation)
      expect(feed(caller, refused.operation - 1)).toContain(refused.operation)
      expect(ws.ok<OperationDetail>(caller, 'operations.get', { seq: refused.operation }).operation.seq).toBe(refused.operation)
    }
  })
})

describe('an accepted transfer from a Kaspi client to a Halyk client', () => {
  it('is Halyk’s too: in its journal, feed, detail and figures', () => {
    expect(accepted).toMatchObject({ status: 'accepted' })
    expect(journal('halyk')).toContain(accepted.operation)
    expect(journal('halyk', { iin: kaspiIin })).toContain(accepted.operation)
    expect(feed('halyk', refused.operation - 1)).toContain(accepted.operation)
    expect(ws.ok<OperationDetail>('halyk', 'operations.get', { seq: accepted.operation }).operation.seq).toBe(accepted.operation)
    const [, before, after] = halykStats
    expect(after).toMatchObject({ accepted: before!.accepted + 1, refused: before!.refused, lastSeq: accepted.operation })
  })

  it('is seen by Kaspi and by the operator’s staff', () => {
    for (const caller of ['kaspi', 'op']) expect(journal(caller)).toContain(accepted.operation)
  })
})

describe('what follows a transfer', () => {
  // A follow-up addressed at money that reached the payee's bank (its reversal, accepted or refused) is that bank's;
  // one addressed at a refused transfer concerns nothing of it.
  it('is Halyk’s when it follows the accepted transfer, even refused', () => {
    expect(reversalOfAccepted).toMatchObject({ status: 'accepted' })
    expect(secondReversal).toMatchObject({ status: 'refused' })
    expect(journal('halyk')).toEqual(expect.arrayContaining([reversalOfAccepted.operation, secondReversal.operation]))
    const related = ws.ok<OperationDetail>('halyk', 'operations.get', { seq: accepted.operation }).related.map((r) => r.seq)
    expect(related).toEqual([reversalOfAccepted.operation, secondReversal.operation])
    expect(ws.ok<OperationDetail>('halyk', 'operations.get', { seq: secondReversal.operation }).operation.originalSeq).toBe(accepted.operation)
  })

  it('is not Halyk’s when it follows the refused transfer', () => {
    expect(reversalOfRefused).toMatchObject({ status: 'refused' })
    expect(journal('halyk')).not.toContain(reversalOfRefused.operation)
    expect(feed('halyk', refused.operation)).not.toContain(reversalOfRefused.operation)
    expect(ws.call('halyk', 'operations.get', { seq: reversalOfRefused.operation })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(journal('kaspi')).toContain(reversalOfRefused.operation)
  })
})
