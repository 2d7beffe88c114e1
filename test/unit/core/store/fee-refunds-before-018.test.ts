// Migration 022: reversals and returns counted before migration 018 give their operation's fee back (R9.4.6), on a
// database made by the migrations before 018, on disk.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { ClearingAccumulator } from '../../../../src/core/clearing/accumulator'
import { feeOf, TariffsRepo } from '../../../../src/core/clearing/tariffs'
import { openDatabase } from '../../../../src/core/store/database'
import { migrate } from '../../../../src/core/store/migrate'
import { MIGRATIONS } from '../../../../src/core/store/migrations'

let dir: string
let db: Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-fee-refunds-'))
  db = openDatabase(join(dir, 'old.db'))
  migrate(db, MIGRATIONS.filter((m) => m.version < 18), 1)
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const SETTLED = '2026-11-20'
const CLOSED = '2026-11-21'
const OPEN = '2026-11-22'

interface Op {
  seq: number
  day: string
  type?: string
  amount: number
  code?: string
  hold?: boolean
  reason?: string | null
  original?: number
}

/** What the desk held before 018: its days, tariffs and operations, the fees charged and the progress mark. */
function oldDesk(ops: Op[], counted: number): void {
  const participant = db.prepare(`INSERT INTO participants (id, code, name, bic, bin, status, created_at) VALUES (?, ?, ?, ?, ?, 'active', 1)`)
  participant.run('p1', 'P001', 'Kaspi Bank JSC', 'CASPKZKA', '931140001235')
  participant.run('p2', 'P002', 'Halyk Bank of Kazakhstan JSC', 'HSBKKZKX', '920140004562')
  const day = db.prepare('INSERT INTO operational_days (day, state, opened_at, closed_at) VALUES (?, ?, 1, ?)')
  day.run(SETTLED, 'settled', 2)
  day.run(CLOSED, 'closed', 3)
  day.run(OPEN, 'open', null)
  const tariff = db.prepare(
    `INSERT INTO tariffs (id, participant_id, payer_role, op_type, channel, currency, fixed_minor, percent_bp, min_minor, max_minor, effective_from, created_at)
     VALUES (?, ?, ?, ?, 'app', 'KZT', ?, ?, ?, ?, ?, ?)`
  )
  // The issuer pays 1 % (at least 5.00, at most 5,000.00) from the 20th, and 2 % from the 21st; P001 a transfer's 10.00 + 0.5 %.
  tariff.run('t1', null, 'issuer', null, 0, 100, 5_00, 5_000_00, SETTLED, 1)
  tariff.run('t2', null, 'issuer', null, 0, 200, null, null, CLOSED, 2)
  tariff.run('t3', 'p1', 'issuer', 'transfer', 10_00, 50, null, null, SETTLED, 3)
  // The acquirer pays a fixed 1.00 on a payment.
  tariff.run('t4', null, 'acquirer', 'payment', 1_00, 0, null, null, SETTLED, 4)
  const op = db.prepare(
    `INSERT INTO operations (seq, source, request_id, request_hash, type, channel, method, op_day, received_at, amount_minor, currency, issuer_id, acquirer_id, two_phase, status, result_code, reason, checks, original_seq)
     VALUES (@seq, 'test', @id, 'h', @type, 'app', 'requisites', @day, 1, @amount, 'KZT', 'p1', @acquirer, @twoPhase, @status, @code, @reason, '[]', @original)`
  )
  for (const o of ops) {
    const code = o.code ?? (o.original ? '4000' : '0000')
    const status = code === '0000' ? (o.hold ? 'held' : 'accepted') : code === '4000' ? 'reversed' : 'refused'
    const type = o.type ?? 'payment'
    op.run({ seq: o.seq, id: `r${o.seq}`, type, day: o.day, amount: o.amount, acquirer: type === 'payment' ? 'p2' : null, twoPhase: o.hold ? 1 : 0, status, code, reason: o.reason ?? null, original: o.original ?? null })
  }
  db.prepare('UPDATE clearing_progress SET last_seq = ?').run(counted)
  // The fees the accumulator charged before 018: each executed operation's (a hold's when completed), never anything given back.
  const fee = db.prepare(`INSERT INTO day_fees VALUES (?, ?, ?, ?, 'app', 'KZT', 1, ?, ?) ON CONFLICT DO UPDATE SET count = count + 1, amount_minor = amount_minor + excluded.amount_minor, fee_minor = fee_minor + excluded.fee_minor`)
  const tariffs = new TariffsRepo(db)
  const sides = (type: string): ['issuer' | 'acquirer', string, string][] => [['issuer', 'p1', 'P001'], ...(type === 'payment' ? [['acquirer', 'p2', 'P002'] as ['acquirer', string, string]] : [])]
  for (const o of ops.filter((x) => !x.original && !x.hold && x.seq <= counted))
    for (const [role, id, code] of sides(o.type ?? 'payment')) {
      const t = tariffs.forDay(o.day)(id, role, o.type ?? 'payment', 'app', 'KZT')!
      fee.run(o.day, code, role, o.type ?? 'payment', o.amount, feeOf(t, o.amount))
    }
}

const OPS: Op[] = [
  // Settled day: a payment reversed the same day. Its clearing netted the whole fee; it stays so.
  { seq: 1, day: SETTLED, amount: 1_000_00 },
  { seq: 2, day: SETTLED, amount: 1_000_00, original: 1 },
  // Charged on the settled day (1 %: 30.00 on 3,000.00), returned in part on the closed day: its fee back by the 20th's tariff.
  { seq: 3, day: SETTLED, amount: 3_000_00 },
  { seq: 4, day: CLOSED, amount: 1_000_00, original: 3 },
  // Charged on the closed day (2 %), returned in two parts: the parts add up to the whole fee.
  { seq: 5, day: CLOSED, amount: 500_00 },
  { seq: 6, day: CLOSED, amount: 200_00, original: 5 },
  { seq: 7, day: OPEN, amount: 300_00, original: 5 },
  // P001's own transfer tariff, reversed whole on the open day.
  { seq: 8, day: CLOSED, type: 'transfer', amount: 2_000_00 },
  { seq: 9, day: OPEN, type: 'transfer', amount: 2_000_00, original: 8 },
  // A hold released (void) was never charged and gives nothing back; a refused reversal neither.
  { seq: 10, day: OPEN, amount: 400_00, hold: true },
  { seq: 11, day: OPEN, amount: 400_00, original: 10, reason: 'void' },
  { seq: 12, day: OPEN, amount: 400_00 },
  { seq: 13, day: OPEN, amount: 400_00, original: 12, code: '1016' },
  // Committed after the mark: the accumulator counts it, with its fee back (2 %: 8.00), when it catches up.
  { seq: 14, day: OPEN, amount: 400_00, original: 12 }
]
const COUNTED = 13

const givenBack = () =>
  db.prepare(`SELECT day, party, role, op_type, reversed, refund_minor FROM day_fees WHERE reversed > 0 OR refund_minor > 0 ORDER BY day, party, role, op_type`).all()

it('gives back the fee of what was reversed or returned before 018 on a day not cleared, by the tariff it was charged by', () => {
  oldDesk(OPS, COUNTED)
  const charged = db.prepare('SELECT day, party, role, op_type, count, amount_minor, fee_minor FROM day_fees ORDER BY 1, 2, 3, 4').all()
  migrate(db, MIGRATIONS, 2)

  expect(givenBack()).toEqual([
    // 1,000.00 of 3,000.00 by the 20th's 1 %: 30.00 − 20.00; the acquirer's fixed 1.00 stays while 2,000.00 stands.
    { day: CLOSED, party: 'P001', role: 'issuer', op_type: 'payment', reversed: 2, refund_minor: 10_00 + 4_00 },
    { day: CLOSED, party: 'P002', role: 'acquirer', op_type: 'payment', reversed: 2, refund_minor: 0 },
    // 300.00 of what still stood of 500.00 (2 %: 6.00 of 10.00, 4.00 went back on the 21st); the acquirer's 1.00 with it.
    { day: OPEN, party: 'P001', role: 'issuer', op_type: 'payment', reversed: 1, refund_minor: 6_00 },
    { day: OPEN, party: 'P001', role: 'issuer', op_type: 'transfer', reversed: 1, refund_minor: 20_00 },
    { day: OPEN, party: 'P002', role: 'acquirer', op_type: 'payment', reversed: 1, refund_minor: 1_00 }
  ])
  // What was charged stays as charged; the settled day keeps what its clearing netted.
  expect(db.prepare('SELECT day, party, role, op_type, count, amount_minor, fee_minor FROM day_fees WHERE count > 0 ORDER BY 1, 2, 3, 4').all()).toEqual(charged)

  // Exactly what the accumulator counts now, on the days not cleared, and the reversal after the mark is its to count.
  const migrated = givenBack()
  db.prepare(`DELETE FROM day_fees`).run()
  db.prepare('UPDATE clearing_progress SET last_seq = 0').run()
  const accumulator = new ClearingAccumulator(db, new TariffsRepo(db))
  accumulator.catchUp(COUNTED)
  expect(givenBack().filter((r) => (r as { day: string }).day !== SETTLED)).toEqual(migrated)
  accumulator.catchUp()
  expect(givenBack().filter((r) => (r as { day: string }).day === OPEN && (r as { role: string }).role === 'issuer')).toContainEqual({ day: OPEN, party: 'P001', role: 'issuer', op_type: 'payment', reversed: 2, refund_minor: 6_00 + 8_00 })
})

it('changes nothing on a database whose reversals were already counted with their fee given back', () => {
  oldDesk(OPS, COUNTED)
  migrate(db, MIGRATIONS.filter((m) => m.version < 22), 2)
  // Counted after 018 (the accumulator from the start, as a desk made after 018 has): the refunds are already there.
  db.prepare(`DELETE FROM day_fees`).run()
  db.prepare('UPDATE clearing_progress SET last_seq = 0').run()
  new ClearingAccumulator(db, new TariffsRepo(db)).catchUp()
  const all = () => db.prepare('SELECT * FROM day_fees ORDER BY day, party, role, op_type, channel, currency').all()
  const before = all()
  expect(migrate(db, MIGRATIONS, 3)).toEqual(MIGRATIONS.filter((m) => m.version >= 22).map((m) => m.version))
  expect(all()).toEqual(before)
})
