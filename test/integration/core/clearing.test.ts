// Operational days, clearing and settlement on a real SQLite file (R3.1.1, R4.1, R5, R7.6–7.9, R9.4.5–9.4.7).
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, AuthorizationAnswer, ClearingResult, FeeLine, OpdayOverview, OperationalDayRow, OperationDetail, OperationRow, Settlement, SettlementFunds, Participant } from '../../../src/core/api/types'
import { ClearingAccumulator } from '../../../src/core/clearing/accumulator'
import { DayClearing } from '../../../src/core/clearing/day-clearing'
import { feeOf, TariffsRepo } from '../../../src/core/clearing/tariffs'
import { AuditLog } from '../../../src/core/security/audit-log'
import { REPORT_LABELS } from '../../../src/core/reports/labels'
import { CloseQueue } from '../../../src/core/opday/close-queue'
import { codedText } from '../../../src/core/domain/coded-text'
import { DayCloser } from '../../../src/core/opday/day-closer'
import { instrumentOf, snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let kzt: Account[]
let participants: Participant[]
const YESTERDAY = '2026-11-22'
const TODAY = '2026-11-23'

const submit = (input: Record<string, unknown>) => ws.ok<AuthorizationAnswer>('op', 'operations.submit', input)
const day = (d: string) => ws.ok<OperationalDayRow[]>('c', 'opday.list', { limit: 50 }).find((x) => x.day === d)
const result = (d: string, who = 'c') => ws.ok<ClearingResult>(who, 'clearing.result', { day: d })
const idOf = (code: string) => participants.find((p) => p.code === code)!.id
const atBank = (code: string) => kzt.filter((a) => a.participantCode === code)
const transfer = (id: string, from: string, to: string, amount: string) =>
  submit({ requestId: id, type: 'transfer', channel: 'app', payer: { iban: atBank(from)[0]!.iban }, payee: { iban: atBank(to)[1]!.iban }, amount, currency: 'KZT' })

const signIn = () => {
  ws.signIn('op', 'operator')
  ws.signIn('c', 'clearing')
  ws.signIn('c2', 'clearing2')
}
/** Time passes (beyond a session's length): the staff sign in again. */
const later = (ms: number) => {
  ws.clock.advance(ms)
  signIn()
}

beforeEach(() => {
  ws = testWorkstation()
  signIn()
  kzt = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).filter((a) => a.currency === 'KZT')
  participants = ws.ok<Participant[]>('op', 'participants.list')
})
afterEach(() => ws.dispose())

/** Net positions computed independently, straight from the operations: what each bank's clients sent to another's. */
function independentNets(d: string): Map<string, number> {
  const rows = ws.db
    .prepare(
      `SELECT pa.code AS payer, pb.code AS payee, sum(p.amount_minor) AS amount FROM postings p JOIN operations o ON o.seq = p.operation_seq
       JOIN accounts a ON a.id = p.debit_account JOIN accounts b ON b.id = p.credit_account
       JOIN participants pa ON pa.id = a.participant_id JOIN participants pb ON pb.id = b.participant_id
       WHERE o.op_day = ? AND a.kind = 'settlement' AND b.kind = 'settlement' AND p.currency = 'KZT'
         AND pa.id NOT IN (SELECT participant_id FROM participant_contracts WHERE settlement_model = 'gross')
       GROUP BY 1, 2`
    )
    .all(d) as { payer: string; payee: string; amount: number }[]
  const nets = new Map<string, number>()
  for (const r of rows) {
    nets.set(r.payee, (nets.get(r.payee) ?? 0) + r.amount)
    nets.set(r.payer, (nets.get(r.payer) ?? 0) - r.amount)
  }
  const fees = ws.db.prepare(`SELECT party, sum(fee_minor - refund_minor) AS fee FROM day_fees WHERE day = ? AND currency = 'KZT' GROUP BY party`).all(d) as { party: string; fee: number }[]
  for (const f of fees) nets.set(f.party, (nets.get(f.party) ?? 0) - f.fee)
  return nets
}

describe('the operational day (R3.1.1, R5)', () => {
  it('opens today and has closed and cleared yesterday, missed while the app was not running, on start', () => {
    const o = ws.ok<OpdayOverview>('c', 'opday.overview')
    expect(o.open).toMatchObject({ day: TODAY, state: 'open' })
    expect(o.closesAt).toBe(Date.UTC(2026, 10, 23, 19, 0, 0)) // 24:00 Asia/Almaty
    expect(o.previous).toMatchObject({ day: YESTERDAY, state: 'cleared', closeKind: 'catch_up', settlement: 'computed' })
    expect(o.previous!.operations).toBe(ws.db.prepare('SELECT count(*) FROM operations WHERE op_day = ?').pluck().get(YESTERDAY))
  })

  it('closes by hand only with a reason; operations after the close belong to the next day; intake never stops', () => {
    const before = snapshot(ws)
    expect(ws.call('c', 'opday.close', { reason: ' ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(snapshot(ws)).toBe(before)
    const a = transfer('before-close', 'P001', 'P002', '100.00')
    expect(a.opDay).toBe(TODAY)
    expect(ws.ok<OperationalDayRow>('c', 'opday.close', { reason: 'the settlement bank closes early' })).toMatchObject({ day: TODAY, state: 'closing', closeKind: 'manual', closedBy: 'clearing' })
    // The Center keeps answering while the closed day waits for its clearing.
    const b = transfer('after-close', 'P001', 'P002', '200.00')
    expect(b).toMatchObject({ status: 'accepted', opDay: '2026-11-24' })
    ws.closer.tick()
    expect(day(TODAY)).toMatchObject({ state: 'cleared', operations: 1, firstSeq: a.operation, lastSeq: a.operation })
    expect(ws.ok<OpdayOverview>('c', 'opday.overview').open.day).toBe('2026-11-24')
    // The next day has not begun by the calendar: it cannot be closed by hand yet.
    expect(ws.call('c', 'opday.close', { reason: 'again' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('counts the open day’s operations as they arrive, in the history and the console, as its close then records them (R3.1.1)', () => {
    const stored = (d: string) => ws.db.prepare('SELECT count(*) FROM operations WHERE op_day = ?').pluck().get(d) as number
    const opened = () => ws.ok<OpdayOverview>('c', 'opday.overview').open
    expect(transfer('counted-1', 'P001', 'P002', '100.00').status).toBe('accepted')
    expect(transfer('counted-refused', 'P001', 'P002', '999999999.00').status).toBe('refused')
    const n = stored(TODAY)
    expect(n).toBeGreaterThanOrEqual(2)
    expect(day(TODAY)).toMatchObject({ state: 'open', operations: n })
    expect(opened()).toMatchObject({ day: TODAY, operations: n })
    transfer('counted-2', 'P002', 'P003', '10.00')
    expect(opened().operations).toBe(n + 1)
    expect(day(TODAY)!.operations).toBe(n + 1)
    // Past midnight, before the close begins, the day still open counts its own only: a later operation is the next day's.
    later(Date.UTC(2026, 10, 23, 19, 0, 1) - ws.clock.now())
    expect(transfer('counted-next', 'P002', 'P003', '10.00').opDay).toBe('2026-11-24')
    expect(day(TODAY)).toMatchObject({ state: 'open', operations: n + 1 })
    expect(opened()).toMatchObject({ day: TODAY, operations: n + 1 })
    ws.closer.tick()
    expect(day(TODAY)).toMatchObject({ state: 'cleared', operations: n + 1 })
    expect(day('2026-11-24')).toMatchObject({ state: 'open', operations: 1 })
  })

  it('closes at 24:00 Asia/Almaty by schedule; an operation at 23:59:59.999 is the day’s, at 00:00 the next day’s', () => {
    later(Date.UTC(2026, 10, 23, 18, 59, 59, 999) - ws.clock.now())
    const late = transfer('late', 'P002', 'P003', '10.00')
    ws.clock.advance(1)
    const next = transfer('next', 'P002', 'P003', '10.00')
    expect([late.opDay, next.opDay]).toEqual([TODAY, '2026-11-24'])
    ws.clock.advance(2_000)
    ws.closer.tick()
    expect(day(TODAY)).toMatchObject({ state: 'cleared', closeKind: 'scheduled', lastSeq: late.operation })
    expect(day('2026-11-24')).toMatchObject({ state: 'open' })
  })

  it('catches up several missed days one by one, in order, each cleared', () => {
    transfer('d1', 'P001', 'P003', '50.00')
    later(3 * 24 * 3600_000)
    const closed = ws.closer.tick()
    expect(closed.map((d) => [d.day, d.state, d.closeKind])).toEqual([
      [TODAY, 'cleared', 'catch_up'],
      ['2026-11-24', 'cleared', 'catch_up'],
      ['2026-11-25', 'cleared', 'catch_up']
    ])
    expect(day('2026-11-26')).toMatchObject({ state: 'open' })
    expect(day('2026-11-24')).toMatchObject({ operations: 0, firstSeq: null })
  })

  it('processes the files queued for the day at its close (R4.1): one failing does not hold back the others', () => {
    const seen: string[] = []
    ws.closeQueue.register('test_file', (item) => {
      if (item.reference === 'broken.xml') throw new Error('the file is not valid against pacs.008.001.08')
      seen.push(item.reference)
      return codedText('file_processed', { executedCount: 3, rejectedCount: 0 }, '3 executed, 0 rejected')
    })
    ws.db.transaction(() => {
      ws.closeQueue.enqueue(TODAY, 'P001', 'test_file', 'kaspi-001.xml', ws.clock.now())
      ws.closeQueue.enqueue(TODAY, 'P002', 'test_file', 'broken.xml', ws.clock.now())
      ws.closeQueue.enqueue(TODAY, 'P002', 'unknown_kind', 'x.bin', ws.clock.now())
    })()
    expect(ws.ok<OpdayOverview>('c', 'opday.overview').queue.map((q) => q.state)).toEqual(['queued', 'queued', 'queued'])
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    expect(seen).toEqual(['kaspi-001.xml'])
    // What each file came to is a code with its figures, worded by the close screen in the user's language (R4.1).
    expect(ws.closeQueue.list(TODAY).map((q) => [q.reference, q.state, q.result])).toEqual([
      ['kaspi-001.xml', 'processed', { code: 'file_processed', params: { executedCount: 3, rejectedCount: 0 }, message: '3 executed, 0 rejected' }],
      ['broken.xml', 'failed', { code: 'failed', params: {}, message: 'the file is not valid against pacs.008.001.08' }],
      ['x.bin', 'failed', { code: 'no_processor', params: { kind: 'unknown_kind' }, message: 'no processor for unknown_kind items' }]
    ])
    expect(day(TODAY)).toMatchObject({ state: 'cleared' })
  })

  it('marks a close that fails with its reason, and a retry finishes it with the same result', () => {
    transfer('f1', 'P001', 'P002', '70.00')
    let fail = true
    const closer = new DayCloser({
      db: ws.db, clock: ws.clock, audit: new AuditLog(ws.db), queue: new CloseQueue(ws.db), clearing: new DayClearing(ws.db, new ClearingAccumulator(ws.db, new TariffsRepo(ws.db))),
      onStep: (step) => {
        if (step === 'computed' && fail) throw new Error('the disk is full')
      }
    })
    ws.ok('c', 'opday.close', { reason: 'test' })
    closer.tick()
    // An unexpected failure keeps its own words, framed by the screens in the user's language.
    expect(day(TODAY)).toMatchObject({ state: 'failed', failure: { code: 'failed', params: {}, message: 'the disk is full' }, attempts: 1 })
    expect(ws.db.prepare('SELECT count(*) FROM clearing_positions WHERE day = ?').pluck().get(TODAY)).toBe(0)
    expect(ws.call('c', 'opday.retry', { day: YESTERDAY })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    fail = false
    expect(ws.ok<OperationalDayRow>('c', 'opday.retry', { day: TODAY })).toMatchObject({ state: 'closing' })
    closer.tick()
    expect(day(TODAY)).toMatchObject({ state: 'cleared', failure: null })
    expect(result(TODAY).checks.every((c) => c.sumMinor === 0)).toBe(true)
  })

  // The day console shows why a close stopped to a user of any language: a code and its figures, not an English sentence.
  it('names a close stopped by net positions that do not sum to zero as "unbalanced", with the currency and the amount off, and writes nothing of the clearing', () => {
    transfer('u1', 'P001', 'P002', '70.00')
    class Unbalanced extends DayClearing {
      override compute(d: OperationalDayRow) {
        const r = super.compute(d)
        return { ...r, checks: [{ currency: 'KZT', sumMinor: 5 }, { currency: 'USD', sumMinor: -3 }] }
      }
    }
    const closer = new DayCloser({ db: ws.db, clock: ws.clock, audit: new AuditLog(ws.db), queue: new CloseQueue(ws.db), clearing: new Unbalanced(ws.db, new ClearingAccumulator(ws.db, new TariffsRepo(ws.db))) })
    ws.ok('c', 'opday.close', { reason: 'test' })
    closer.tick()
    expect(day(TODAY)).toMatchObject({
      state: 'failed',
      failure: { code: 'unbalanced', params: { currency: 'KZT', sumMinor: 5 }, message: 'net positions do not sum to zero: KZT 5, USD -3' }
    })
    expect(ws.db.prepare('SELECT count(*) FROM clearing_positions WHERE day = ?').pluck().get(TODAY)).toBe(0)
  })

  it('shows a failure recorded before codes were as it was written', () => {
    ws.db.prepare(`UPDATE operational_days SET state = 'failed', failure = 'net positions do not sum to zero: KZT 1' WHERE day = ?`).run(YESTERDAY)
    expect(day(YESTERDAY)!.failure).toEqual({ code: 'text', params: {}, message: 'net positions do not sum to zero: KZT 1' })
  })
})

describe('clearing (R7.6, R7.7, R9.4.6)', () => {
  it('nets yesterday multilaterally: positions sum to zero per currency and each equals an independent computation', () => {
    const r = result(YESTERDAY)
    expect(r.checks.length).toBeGreaterThan(0)
    for (const c of r.checks) expect(c.sumMinor).toBe(0)
    for (const currency of new Set(r.positions.map((p) => p.currency))) expect(r.positions.filter((p) => p.currency === currency).reduce((s, p) => s + p.netMinor, 0)).toBe(0)
    const nets = independentNets(YESTERDAY)
    for (const p of r.positions.filter((x) => x.currency === 'KZT' && x.party !== 'operator')) expect(p.netMinor).toBe(nets.get(p.party) ?? 0)
    // Every net position is an instruction, debit or credit; the operator collects the fees.
    const netInstructions = r.settlement!.instructions.filter((i) => i.kind === 'net')
    expect(netInstructions.length).toBe(r.positions.filter((p) => p.netMinor !== 0).length)
    expect(r.positions.find((p) => p.party === 'operator' && p.currency === 'KZT')!.netMinor).toBe(r.positions.filter((p) => p.currency === 'KZT').reduce((s, p) => s + p.feesMinor, 0))
  })

  it('settles a gross-model participant’s obligations one by one (R7.9), outside the net', () => {
    const r = result(YESTERDAY)
    const gross = r.settlement!.instructions.filter((i) => i.kind === 'gross')
    expect(gross.length).toBeGreaterThan(0)
    const grossCells = r.matrix.filter((m) => m.gross)
    expect(grossCells.every((m) => m.payer === 'P005')).toBe(true)
    const debits = gross.filter((i) => i.direction === 'debit')
    expect(debits.every((i) => i.party === 'P005' && i.operationSeq !== null)).toBe(true)
    expect(debits.reduce((s, i) => s + i.amountMinor, 0)).toBe(grossCells.reduce((s, m) => s + m.amountMinor, 0))
    expect(r.positions.find((p) => p.party === 'P005' && p.currency === 'KZT')!.payableMinor).toBe(0)
  })

  it('applies a settlement model set during a day from the next day: the running day is settled by one model, whenever its operations were accumulated (R7.6, R7.9)', () => {
    transfer('m-1', 'P002', 'P003', '100.00')
    ws.clearingAccumulator.catchUp()
    ws.ok('c', 'settlement.setModel', { participantId: idOf('P002'), model: 'gross' })
    transfer('m-2', 'P002', 'P003', '200.00')
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    const cells = (d: string) => result(d).matrix.filter((m) => m.payer === 'P002' && m.payee === 'P003').map((m) => [m.gross, m.count, m.amountMinor])
    expect(cells(TODAY)).toEqual([[false, 2, 300_00]])
    expect(result(TODAY).settlement!.instructions.filter((i) => i.kind === 'gross' && i.party === 'P002')).toEqual([])
    // From the next day the contract's new model applies.
    later(24 * 3600_000)
    ws.closer.tick()
    transfer('m-3', 'P002', 'P003', '50.00')
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    expect(cells('2026-11-24')).toEqual([[true, 1, 50_00]])
  })

  it('charges fees by the most specific tariff in force, per operation, from a day not yet begun, and aggregates them per participant', () => {
    const tariff = { participantId: idOf('P003'), payerRole: 'issuer', type: 'transfer', channel: 'app', currency: 'KZT', fixed: '1.00', percentBp: 100, min: null, max: '40.00' }
    // The running day keeps the tariffs it began with.
    expect(ws.call('c', 'fees.setTariff', { ...tariff, effectiveFrom: TODAY })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    ws.ok('c', 'fees.setTariff', { ...tariff, effectiveFrom: '2026-11-24' })
    later(24 * 3600_000)
    ws.closer.tick()
    transfer('fee-1', 'P003', 'P001', '1000.00') // 1.00 + 1 % = 11.00
    transfer('fee-2', 'P003', 'P001', '9000.00') // 1.00 + 90.00 = 91.00 → max 40.00
    transfer('fee-3', 'P001', 'P003', '1000.00') // Kaspi: the default issuer tariff, 0.10 % min 10.00 → 10.00
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    const fees = ws.ok<{ party: string; role: string; type: string; count: number; feeMinor: number }[]>('c', 'fees.day', { day: '2026-11-24' })
    expect(fees.find((f) => f.party === 'P003' && f.role === 'issuer' && f.type === 'transfer')).toMatchObject({ count: 2, feeMinor: 11_00 + 40_00 })
    expect(fees.find((f) => f.party === 'P001' && f.role === 'issuer' && f.type === 'transfer')).toMatchObject({ count: 1, feeMinor: 10_00 })
    const r = result('2026-11-24')
    expect(r.positions.find((p) => p.party === 'P003')).toMatchObject({ receivableMinor: 1000_00, payableMinor: 10_000_00, feesMinor: 51_00, netMinor: 1000_00 - 10_000_00 - 51_00 })
    expect(r.positions.find((p) => p.party === 'operator')).toMatchObject({ netMinor: 61_00 })
  })

  it('gives a fee back with the money: in full on a reversal, as the fee of what stands on a partial return, on the day it is given back (R9.4.6, R2.3)', () => {
    // The demo's issuer tariff: 0.10 %, at least 10.00, at most 2,000.00.
    transfer('fee-kept', 'P002', 'P004', '1000.00') // 10.00, kept
    const reversed = transfer('fee-rev', 'P002', 'P004', '50000.00') // 50.00, all given back
    ws.ok('op', 'operations.reverse', { seq: reversed.operation, reason: 'customer dispute', requestId: 'fee-rev-r' })
    const returned = transfer('fee-ret', 'P002', 'P004', '30000.00') // 30.00
    ws.center.returnFunds(returned.operation!, 25_000_00, 'dispute accepted in part', 'fee-ret-1', 'desk') // 5,000.00 stands: 10.00, so 20.00 back
    ws.center.returnFunds(returned.operation!, 5_000_00, 'appeal accepted', 'fee-ret-2', 'desk') // nothing stands: the last 10.00 back
    // An operation of yesterday, its day already cleared, reversed today: its fee comes back today, by yesterday's tariff.
    const o = ws.db
      .prepare(`SELECT seq, amount_minor, issuer_id, type, channel FROM operations WHERE op_day = ? AND status = 'accepted' AND original_seq IS NULL AND two_phase = 0
        AND currency = 'KZT' AND credit_currency IS NULL AND type = 'transfer' ORDER BY seq LIMIT 1`)
      .get(YESTERDAY) as { seq: number; amount_minor: number; issuer_id: string; type: string; channel: string }
    const charged = feeOf(new TariffsRepo(ws.db).forDay(YESTERDAY)(o.issuer_id, 'issuer', o.type, o.channel, 'KZT')!, o.amount_minor)
    const feesOfYesterday = () => ws.db.prepare('SELECT * FROM day_fees WHERE day = ? ORDER BY 1, 2, 3, 4, 5, 6').all(YESTERDAY)
    const before = feesOfYesterday()
    expect(ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: o.seq, reason: 'late dispute', requestId: 'fee-old-r' }).status).toBe('accepted')
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()

    const fees = ws.ok<FeeLine[]>('c', 'fees.day', { day: TODAY })
    expect(fees.find((f) => f.party === 'P002' && f.role === 'issuer' && f.type === 'transfer')).toMatchObject({ count: 3, amountMinor: 81_000_00, feeMinor: 90_00, reversed: 3, refundMinor: 80_00 })
    const issuer = fees.find((f) => f.party === participants.find((p) => p.id === o.issuer_id)!.code && f.role === 'issuer' && f.type === o.type && f.channel === o.channel)!
    expect(charged).toBeGreaterThan(0)
    expect(issuer).toMatchObject({ reversed: 1, refundMinor: charged })
    expect(feesOfYesterday()).toEqual(before)
    // The clearing nets what was charged less what was given back; the positions still sum to zero.
    const r = result(TODAY)
    expect(r.positions.find((p) => p.party === 'P002' && p.currency === 'KZT')!.feesMinor).toBe(90_00 - 80_00)
    const nets = independentNets(TODAY)
    for (const p of r.positions.filter((x) => x.currency === 'KZT' && x.party !== 'operator')) expect(p.netMinor).toBe(nets.get(p.party) ?? 0)
    expect(r.checks.every((c) => c.sumMinor === 0)).toBe(true)
    const netFees = fees.filter((f) => f.currency === 'KZT').reduce((s, f) => s + f.feeMinor - f.refundMinor, 0)
    expect(r.positions.find((p) => p.party === 'operator' && p.currency === 'KZT')!.netMinor).toBe(netFees)
  })

  it('refuses a tariff from the day operations are already stamped with, though its close has not begun yet (R9.4.6, R3.1.1)', () => {
    // Just past 24:00: the host's timer has not closed the day yet, but the Center stamps the new calendar day.
    later(Date.UTC(2026, 10, 23, 19, 0, 1) - ws.clock.now())
    expect(transfer('after-midnight', 'P001', 'P002', '1000.00').opDay).toBe('2026-11-24')
    const tariff = { participantId: null, payerRole: 'issuer', type: null, channel: null, currency: 'KZT', fixed: '100.00', percentBp: 0, min: null, max: null }
    const before = snapshot(ws)
    expect(ws.call('c', 'fees.setTariff', { ...tariff, effectiveFrom: '2026-11-24' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(snapshot(ws)).toBe(before)
    ws.ok('c', 'fees.setTariff', { ...tariff, effectiveFrom: '2026-11-25' })
  })

  it('accumulates the open day’s figures behind the Center, exactly once, and the close adds only what is left', () => {
    transfer('acc-1', 'P001', 'P002', '100.00')
    expect(ws.clearingAccumulator.catchUp()).toBeGreaterThan(0)
    expect(ws.clearingAccumulator.catchUp()).toBe(0)
    transfer('acc-2', 'P001', 'P002', '200.00')
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    expect(result(TODAY).matrix.filter((m) => m.payer === 'P001' && m.payee === 'P002')).toEqual([{ payer: 'P001', payee: 'P002', currency: 'KZT', count: 2, amountMinor: 300_00, gross: false }])
    expect(ws.db.prepare('SELECT sum(accepted) FROM day_stats WHERE day = ? AND role = ?').pluck().get(TODAY, 'issuer')).toBe(2)
  })

  it('nets a reversal against its original within the day', () => {
    const a = transfer('r-1', 'P002', 'P004', '500.00')
    ws.ok('op', 'operations.reverse', { seq: a.operation, reason: 'customer dispute', requestId: 'r-1-rev' })
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    const r = result(TODAY)
    expect(r.matrix.filter((m) => !m.gross).map((m) => [m.payer, m.payee, m.amountMinor])).toEqual([
      ['P002', 'P004', 500_00],
      ['P004', 'P002', 500_00]
    ])
    expect(r.positions.filter((p) => p.party !== 'operator').map((p) => p.receivableMinor - p.payableMinor)).toEqual([0, 0])
  })

  it('shows participant staff their own position, matrix cells and instructions only', () => {
    ws.signIn('k', 'kaspi.operator')
    const r = result(YESTERDAY, 'k')
    expect(new Set(r.positions.map((p) => p.party))).toEqual(new Set(['P001']))
    expect(r.matrix.every((m) => m.payer === 'P001' || m.payee === 'P001')).toBe(true)
    expect(r.settlement!.instructions.every((i) => i.party === 'P001')).toBe(true)
    expect(r.checks).toEqual([])
    expect(ws.call('k', 'clearing.cellOperations', { day: YESTERDAY, payer: 'P002', payee: 'P005' })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    const ops = ws.ok<OperationRow[]>('k', 'clearing.cellOperations', { day: YESTERDAY, payer: 'P001', payee: 'P005' })
    expect(ops.length).toBeGreaterThan(0)
    expect(ops.every((o) => o.opDay === YESTERDAY)).toBe(true)
  })

  it('counts the day’s figures as the operations say: executed, held, given back and refused originals per side, refusals once each', () => {
    const count = (sql: string) => ws.db.prepare(sql).pluck().get(YESTERDAY) as number
    const refused = count(`SELECT count(*) FROM operations WHERE op_day = ? AND original_seq IS NULL AND result_code NOT IN ('0000', '4000')`)
    expect(refused).toBeGreaterThan(0)
    expect(count(`SELECT sum(count) FROM day_refusals WHERE day = ? AND party = '*'`)).toBe(refused)
    expect(count(`SELECT sum(refused) FROM day_stats WHERE day = ? AND role = 'issuer'`)).toBe(count(`SELECT count(*) FROM operations WHERE op_day = ? AND original_seq IS NULL AND result_code NOT IN ('0000', '4000') AND issuer_id IS NOT NULL`))
    expect(count(`SELECT sum(accepted_minor) FROM day_stats WHERE day = ? AND role = 'acquirer'`)).toBe(count(`SELECT sum(amount_minor) FROM operations WHERE op_day = ? AND result_code = '0000' AND two_phase = 0 AND acquirer_id IS NOT NULL`))
    expect(count(`SELECT sum(held_minor) FROM day_stats WHERE day = ? AND role = 'issuer'`)).toBe(count(`SELECT coalesce(sum(amount_minor), 0) FROM operations WHERE op_day = ? AND result_code = '0000' AND two_phase = 1 AND issuer_id IS NOT NULL`))
    expect(count(`SELECT sum(reversed_minor) FROM day_stats WHERE day = ? AND role = 'issuer'`)).toBe(count(`SELECT coalesce(sum(amount_minor), 0) FROM operations WHERE op_day = ? AND result_code = '4000' AND reason <> 'void' AND issuer_id IS NOT NULL`))
  })

  it('counts as executed what moved money, holds and money given back apart, as the clearing moved it (R9.3.7, R3.1.3)', async () => {
    const hold = (id: string, amount: string) =>
      submit({ requestId: id, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, atBank('P002')[0]!.iban), amount, currency: 'KZT', twoPhase: true })
    transfer('fig-1', 'P002', 'P004', '100.00')
    const reversed = transfer('fig-2', 'P002', 'P004', '500.00')
    ws.ok('op', 'operations.reverse', { seq: reversed.operation, reason: 'customer dispute', requestId: 'fig-2-rev' })
    const returned = transfer('fig-3', 'P002', 'P004', '80.00')
    ws.center.returnFunds(returned.operation!, 30_00, 'dispute accepted in part', 'fig-3-ret', 'desk')
    hold('fig-4', '300.00') // never completed
    ws.ok('op', 'operations.complete', { seq: hold('fig-5', '200.00').operation, amount: '150.00', requestId: 'fig-5-done' })
    ws.ok('op', 'operations.reverse', { seq: hold('fig-6', '50.00').operation, reason: 'cancelled', requestId: 'fig-6-void' })
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()

    const line = (role: string, type: string) => ws.db.prepare(`SELECT * FROM day_stats WHERE day = ? AND party = 'P002' AND role = ? AND op_type = ?`).get(TODAY, role, type)
    // Payments: only the completion moved money (150); three holds were taken (300, 200, 50), the void moved nothing.
    expect(line('issuer', 'payment')).toMatchObject({ accepted: 1, accepted_minor: 150_00, held: 3, held_minor: 550_00, reversed: 0, reversed_minor: 0 })
    // Transfers: three moved money (100, 500, 80), 500 and 30 of them went back.
    expect(line('issuer', 'transfer')).toMatchObject({ accepted: 3, accepted_minor: 680_00, reversed: 2, reversed_minor: 530_00, held: 0, held_minor: 0, refused: 0 })
    // What the figures say moved is what the clearing moved between the banks.
    const cell = (payer: string, payee: string) => result(TODAY).matrix.find((m) => m.payer === payer && m.payee === payee && m.currency === 'KZT')!.amountMinor
    expect(cell('P002', 'P004')).toBe(680_00)
    expect(cell('P004', 'P002')).toBe(530_00)

    // The statement says so, with the holds and what was given back in a table of their own.
    const r = await ws.callAsync<{ base64: string }>('c', 'reports.statement', { day: TODAY, participantId: idOf('P002'), format: 'csv' })
    if (!r.ok) throw new Error(JSON.stringify(r))
    const csv = Buffer.from(r.value.base64, 'base64').toString('utf8').split('\r\n')
    const l = REPORT_LABELS.ru
    const after = (heading: string) => csv.slice(csv.findIndex((line) => line.startsWith(`"${heading} — KZT",`))).map((line) => line.replace(/,+$/, ''))
    expect(after(l.sections.operations).slice(2, 5)).toEqual([
      `${l.roles.issuer},${l.types.transfer},${l.channels.app},3,"680,00",0`,
      `${l.roles.issuer},${l.types.payment},${l.channels.terminal},1,"150,00",0`,
      `${l.total},,,4,"830,00",0`
    ])
    expect(after(l.sections.holdsAndReturns).slice(2, 5)).toEqual([
      `${l.roles.issuer},${l.types.transfer},${l.channels.app},0,"0,00",2,"530,00"`,
      `${l.roles.issuer},${l.types.payment},${l.channels.terminal},3,"550,00",0,"0,00"`,
      `${l.total},,,3,"550,00",2,"530,00"`
    ])
  })

  it('recounts, in migration 017, the figures accumulated before it exactly as the accumulator now counts them', () => {
    const held = submit({ requestId: 'm17-1', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { iban: atBank('P003')[0]!.iban }, amount: '70.00', currency: 'KZT', twoPhase: true })
    ws.ok('op', 'operations.complete', { seq: held.operation, requestId: 'm17-1-done' })
    ws.ok('op', 'operations.reverse', { seq: transfer('m17-2', 'P003', 'P001', '40.00').operation, reason: 'test', requestId: 'm17-2-rev' })
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    const all = () => ws.db.prepare('SELECT * FROM day_stats ORDER BY day, party, role, op_type, channel, currency').all()
    const accumulated = all()
    const sql = readFileSync('src/core/store/migrations/017_day_stats_moved.sql', 'utf8')
    ws.db.exec(sql.slice(sql.indexOf('DELETE FROM day_stats;')))
    expect(all()).toEqual(accumulated)
  })

  it('drills from a matrix cell to exactly the operations behind it', () => {
    const cell = result(YESTERDAY).matrix.find((m) => m.payer === 'P001' && m.payee === 'P005' && !m.gross)!
    const ops = ws.ok<OperationRow[]>('c', 'clearing.cellOperations', { day: YESTERDAY, payer: 'P001', payee: 'P005', currency: 'KZT', limit: 500 })
    expect(ops.length).toBe(cell.count)
    expect(ops.every((o) => o.currency === 'KZT' && o.opDay === YESTERDAY)).toBe(true)
  })
})

describe('settlement (R7.8, R9.3.6, R9.4.5, R9.4.7)', () => {
  const fundsOf = (code: string) => ws.ok<SettlementFunds[]>('c', 'settlement.funds').find((f) => f.party === code && f.currency === 'KZT')!

  it('goes computed → submitted → approved (by another officer) → instructed → confirmed → finalized, the day settled', () => {
    expect(ws.ok<Settlement>('c', 'settlement.submit', { day: YESTERDAY })).toMatchObject({ state: 'submitted', submittedBy: 'clearing' })
    const before = snapshot(ws)
    expect(ws.call('c', 'settlement.approve', { day: YESTERDAY })).toMatchObject({ ok: false, error: { code: 'MAKER_CHECKER' } })
    expect(ws.call('c', 'settlement.instruct', { day: YESTERDAY })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(snapshot(ws)).toBe(before)
    expect(ws.ok<Settlement>('c2', 'settlement.approve', { day: YESTERDAY })).toMatchObject({ state: 'approved', approvedBy: 'clearing2' })
    const outbox = () => ws.db.prepare(`SELECT destination, payload FROM outbox WHERE kind = 'settlement'`).all() as { destination: string; payload: string }[]
    expect(outbox()).toEqual([])
    const instructed = ws.ok<Settlement>('c', 'settlement.instruct', { day: YESTERDAY })
    expect(instructed.state).toBe('instructed')
    expect(ws.call('c', 'settlement.instruct', { day: YESTERDAY })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    // Sent once: one message to the settlement bank listing every instruction.
    const sent = outbox()
    expect(sent.map((m) => m.destination)).toEqual(['settlement-bank'])
    expect((JSON.parse(sent[0]!.payload) as { instructions: { id: string }[] }).instructions.map((i) => i.id)).toEqual(instructed.instructions.map((i) => i.id))
    // The instruction spans the day's operations but confirms none of them: an operation's detail still lists its own (R7.5.4).
    const seq = ws.db.prepare(`SELECT min(seq) FROM operations WHERE op_day = ? AND status = 'accepted'`).pluck().get(YESTERDAY) as number
    const detail = ws.ok<OperationDetail>('op', 'operations.get', { seq })
    expect(detail.confirmations.map((c) => c.destination)).toContain('settlement-bank')
    expect(detail.confirmations.map((c) => c.kind)).not.toContain('settlement')
    expect(ws.call('c', 'settlement.confirm', { day: YESTERDAY, bankReference: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    ws.ok('c', 'settlement.confirm', { day: YESTERDAY, bankReference: 'SB-2026-0001' })
    const p004 = fundsOf('P004')
    const debit = instructed.instructions.find((i) => i.party === 'P004' && i.kind === 'net')!
    expect(debit).toMatchObject({ direction: 'debit', shortfall: true })
    const finalized = ws.ok<Settlement>('c', 'settlement.finalize', { day: YESTERDAY })
    expect(finalized).toMatchObject({ state: 'finalized', bankReference: 'SB-2026-0001', finalizedBy: 'clearing' })
    expect(day(YESTERDAY)).toMatchObject({ state: 'settled' })
    // The shortfall path: the settlement account first, then the other accounts (R9.4.5); the deposit untouched.
    const steps = finalized.postings.filter((p) => p.instructionId === debit.id).map((p) => [p.source, p.amountMinor])
    expect(steps).toEqual([
      ['settlement', p004.settlementMinor],
      ['current', debit.amountMinor - p004.settlementMinor]
    ])
    expect(fundsOf('P004')).toMatchObject({ settlementMinor: 0, currentMinor: p004.currentMinor - (debit.amountMinor - p004.settlementMinor), insuranceMinor: p004.insuranceMinor })
    const audit = ws.db.prepare(`SELECT action, subject FROM audit_log WHERE action LIKE 'settlement.debit%'`).all()
    expect(audit).toEqual([{ action: 'settlement.debitOtherAccounts', subject: 'P004' }])
    // Every instruction is applied: debits and credits balance per currency.
    for (const currency of ['KZT', 'USD']) {
      const sum = finalized.postings.filter((p) => p.currency === currency).reduce((s, p) => s + (p.source === 'credit' ? p.amountMinor : -p.amountMinor), 0)
      expect(sum).toBe(0)
    }
  })

  it('takes the insurance deposit last (R9.4.7), and refuses to finalize, changing nothing, when even that does not cover', () => {
    ws.ok('c', 'settlement.setFunds', { participantId: idOf('P004'), currency: 'KZT', settlement: '100.00', current: '200.00', insurance: '300.00' })
    ws.ok('c', 'settlement.submit', { day: YESTERDAY })
    ws.ok('c2', 'settlement.approve', { day: YESTERDAY })
    ws.ok('c', 'settlement.instruct', { day: YESTERDAY })
    ws.ok('c', 'settlement.confirm', { day: YESTERDAY, bankReference: 'SB-1' })
    const before = snapshot(ws)
    const r = ws.call('c', 'settlement.finalize', { day: YESTERDAY })
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    if (!r.ok) expect(r.error.message).toMatch(/P004 lacks [\d.]+ KZT for STL-20261122-P004-KZT/)
    // The screens word each bank's shortfall from its rule, the amount as money; then, once, what to do (R7.6).
    expect(r).toMatchObject({
      ok: false,
      error: { reasons: [{ rule: 'clearing.settlement_short', params: { party: 'P004', currency: 'KZT', instruction: 'STL-20261122-P004-KZT', lackMinor: expect.any(Number) } }, { rule: 'clearing.record_funds_first' }] }
    })
    expect(snapshot(ws)).toBe(before)
    const debit = result(YESTERDAY).settlement!.instructions.find((i) => i.id === 'STL-20261122-P004-KZT')!
    ws.ok('c', 'settlement.setFunds', { participantId: idOf('P004'), currency: 'KZT', settlement: '100.00', current: '200.00', insurance: `${debit.amountMinor / 100}` })
    const s = ws.ok<Settlement>('c', 'settlement.finalize', { day: YESTERDAY })
    expect(s.postings.filter((p) => p.instructionId === debit.id).map((p) => [p.source, p.amountMinor])).toEqual([
      ['settlement', 100_00],
      ['current', 200_00],
      ['insurance', debit.amountMinor - 300_00]
    ])
  })

  it('credits a participant the settlement bank had no figures for in a currency', () => {
    ws.db.prepare(`DELETE FROM settlement_funds WHERE currency = 'USD' AND participant_id = ?`).run(idOf('P005'))
    const credit = result(YESTERDAY).settlement!.instructions.find((i) => i.id === 'STL-20261122-P005-USD')!
    expect(credit.direction).toBe('credit')
    ws.ok('c', 'settlement.submit', { day: YESTERDAY })
    ws.ok('c2', 'settlement.approve', { day: YESTERDAY })
    ws.ok('c', 'settlement.instruct', { day: YESTERDAY })
    ws.ok('c', 'settlement.confirm', { day: YESTERDAY, bankReference: 'SB-2' })
    ws.ok('c', 'settlement.finalize', { day: YESTERDAY })
    expect(ws.ok<SettlementFunds[]>('c', 'settlement.funds').find((f) => f.party === 'P005' && f.currency === 'USD')).toMatchObject({ settlementMinor: credit.amountMinor, currentMinor: 0, insuranceMinor: 0 })
  })

  it('refuses settlement steps for a day that is not cleared, and bad funds, with clear errors', () => {
    expect(ws.call('c', 'settlement.submit', { day: TODAY })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: `operational day ${TODAY} is open: it has no clearing result to settle yet`, reasons: [{ rule: 'clearing.day_not_cleared', params: { day: TODAY, dayStatus: 'open' } }] } })
    expect(ws.call('c', 'settlement.submit', { day: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(ws.call('c', 'settlement.setFunds', { participantId: idOf('P001'), currency: 'KZT', settlement: '-5', current: '0', insurance: '0' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(ws.call('c', 'settlement.setFunds', { participantId: idOf('P001'), currency: 'KZT', settlement: '1.234', current: '0', insurance: '0' })).toMatchObject({ ok: false })
  })
})

describe('reports (R3.1.3, R9.3.7, R14.1)', () => {
  it('makes the clearing report, a statement and the period report as CSV and PDF, marked confidential', async () => {
    for (const [name, input] of [
      ['reports.clearing', { day: YESTERDAY, format: 'csv' }],
      ['reports.statement', { day: YESTERDAY, participantId: idOf('P002'), format: 'pdf' }],
      ['reports.regulatory', { from: '2026-11-01', to: YESTERDAY, format: 'pdf' }]
    ] as const) {
      const r = await ws.callAsync<{ fileName: string; base64: string; confidential: boolean; bytes: number }>('c', name, input)
      expect(r.ok).toBe(true)
      if (!r.ok) continue
      const bytes = Buffer.from(r.value.base64, 'base64')
      expect(bytes.length).toBe(r.value.bytes)
      expect(r.value.confidential).toBe(true)
      if (input.format === 'pdf') expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
      else expect(bytes.toString('utf8')).toContain('P001')
    }
  })

  it('gives participant staff their own bank’s reports only', async () => {
    ws.signIn('k', 'kaspi.operator')
    const own = await ws.callAsync<{ base64: string; fileName: string }>('k', 'reports.clearing', { day: YESTERDAY, format: 'csv' })
    expect(own.ok).toBe(true)
    if (own.ok) {
      expect(own.value.fileName).toBe('clearing-2026-11-22-P001.csv')
      const text = Buffer.from(own.value.base64, 'base64').toString('utf8')
      expect(text).not.toContain('Halyk')
    }
    expect(ws.call('k', 'reports.statement', { day: YESTERDAY, participantId: idOf('P002'), format: 'csv' })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(ws.call('k', 'reports.regulatory', { from: '2026-11-01', to: '2026-11-30', format: 'csv' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('refuses a report of a day not yet cleared', async () => {
    const r = await ws.callAsync('c', 'reports.clearing', { day: TODAY, format: 'csv' })
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })
})
