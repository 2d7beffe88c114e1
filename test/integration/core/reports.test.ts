// Reports read back from a real SQLite file: what they cover and what they say (R3.1.3, R9.3.7, R14.1).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, AuthorizationAnswer, Participant } from '../../../src/core/api/types'
import { REPORT_LABELS } from '../../../src/core/reports/labels'
import { instrumentOf, snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let kzt: Account[]
const YESTERDAY = '2026-11-22'
const TODAY = '2026-11-23'

const atBank = (code: string) => kzt.filter((a) => a.participantCode === code)
const transfer = (id: string, from: string, to: string, amount: string) =>
  ws.ok<AuthorizationAnswer>('op', 'operations.submit', {
    requestId: id,
    type: 'transfer',
    channel: 'app',
    payer: { iban: atBank(from)[0]!.iban },
    payee: { iban: atBank(to)[1]!.iban },
    amount,
    currency: 'KZT'
  })
const regulatory = (from: string, to: string) => ws.callAsync<{ base64: string }>('c', 'reports.regulatory', { from, to, format: 'csv' })

/** A CSV report's tables by heading: the column labels and the rows, the totals row last (RFC 4180, no line breaks in cells). */
function tablesOf(base64: string): Map<string, string[][]> {
  const records = Buffer.from(base64, 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"')))
  const tables = new Map<string, string[][]>()
  records.forEach((r, i) => {
    if (r.every((c) => c === '') && records[i + 1]) {
      const end = records.findIndex((x, j) => j > i + 1 && x.every((c) => c === ''))
      tables.set(records[i + 1]![0]!, records.slice(i + 2, end < 0 ? undefined : end).map((x) => x.filter((c, k) => c !== '' || k < records[i + 2]!.filter((h) => h !== '').length)))
    }
  })
  return tables
}
/** "1 234,56" (ru) back to minor units. */
const minorOf = (cell: string): number => Number(cell.replace(/[^\d-]/g, ''))

beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
  ws.signIn('c', 'clearing')
  kzt = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).filter((a) => a.currency === 'KZT')
})
afterEach(() => ws.dispose())

describe('the regulatory report of a period (R3.1.3)', () => {
  it('R3.1.3: covers cleared days only: a period reaching the open day or a day not begun is refused, with a clear error, changing nothing', async () => {
    // The open day's figures are accumulated behind the Center: a report of it would miss its last operations.
    transfer('reg-open-1', 'P001', 'P002', '100.00')
    ws.clearingAccumulator.catchUp()
    transfer('reg-open-2', 'P001', 'P002', '200.00')
    const before = snapshot(ws)
    for (const [from, to] of [
      [TODAY, TODAY],
      [YESTERDAY, TODAY],
      ['2026-11-01', '2026-11-30'],
      ['2026-12-01', '2026-12-31']
    ] as const) {
      const r = await regulatory(from, to)
      expect(r, `${from}..${to}`).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
      if (!r.ok) expect(r.error.message).toMatch(/cleared/)
    }
    expect(snapshot(ws)).toBe(before)
    // Up to the last cleared day, the report is made.
    expect(await regulatory('2026-11-01', YESTERDAY)).toMatchObject({ ok: true })
  })

  it('R3.1.3: names the rule and its figures for the screens: a day not cleared with its state, a day not begun, a period over 366 days', async () => {
    const before = snapshot(ws)
    expect(await regulatory(TODAY, TODAY)).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'clearing.report_day_not_cleared', params: { day: TODAY, dayStatus: 'open' } }] } })
    expect(await regulatory('2026-12-01', '2026-12-31')).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'clearing.report_day_not_begun', params: { day: '2026-12-31' } }] } })
    expect(await regulatory('2025-01-01', '2026-01-02')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'a report covers at most 366 days; this period has 367', reasons: [{ rule: 'clearing.report_period_too_long', params: { maxCount: 366, count: 367 } }] }
    })
    expect(snapshot(ws)).toBe(before)
  })
})

describe('the regulatory report: holds and money given back (R3.1.3, R9.3.7)', () => {
  it('shows executed, refused, held and given back per side, and together they reconcile with the day’s statements and its operations', async () => {
    const hold = (id: string, amount: string) =>
      ws.ok<AuthorizationAnswer>('op', 'operations.submit', { requestId: id, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, atBank('P002')[0]!.iban), amount, currency: 'KZT', twoPhase: true })
    transfer('rr-1', 'P002', 'P004', '100.00')
    ws.ok('op', 'operations.reverse', { seq: transfer('rr-2', 'P002', 'P004', '500.00').operation, reason: 'customer dispute', requestId: 'rr-2-rev' })
    ws.center.returnFunds(transfer('rr-3', 'P001', 'P003', '80.00').operation!, 30_00, 'dispute accepted in part', 'rr-3-ret', 'desk')
    hold('rr-4', '300.00') // never completed
    ws.ok('op', 'operations.complete', { seq: hold('rr-5', '200.00').operation, amount: '150.00', requestId: 'rr-5-done' })
    ws.ok('op', 'operations.reverse', { seq: hold('rr-6', '50.00').operation, reason: 'cancelled', requestId: 'rr-6-void' })
    expect(transfer('rr-7', 'P003', 'P001', '999999999.00')).toMatchObject({ status: 'refused' })
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()

    const r = await regulatory(TODAY, TODAY)
    if (!r.ok) throw new Error(JSON.stringify(r))
    const report = tablesOf(r.value.base64)
    const l = REPORT_LABELS.ru
    const summary = report.get(`${l.sections.summary} — KZT`)!
    expect(summary[0]).toEqual([l.columns.figure, l.columns.issuerOperations, l.columns.issuerAmount, l.columns.acquirerOperations, l.columns.acquirerAmount])
    const figure = (label: string) => summary.find((row) => row[0] === label)!
    const FIGURES = [l.figures.executed, l.figures.refused, l.figures.held, l.figures.givenBack]
    expect(summary.slice(1).map((row) => row[0])).toEqual([...FIGURES, l.figures.total])

    // What every bank's statement of the day says, added up side by side.
    const statements = { issuer: { executed: 0, executedMinor: 0, refused: 0, held: 0, heldMinor: 0, givenBack: 0, givenBackMinor: 0 }, acquirer: { executed: 0, executedMinor: 0, refused: 0, held: 0, heldMinor: 0, givenBack: 0, givenBackMinor: 0 } }
    for (const p of ws.ok<Participant[]>('op', 'participants.list')) {
      const s = await ws.callAsync<{ base64: string }>('c', 'reports.statement', { day: TODAY, participantId: p.id, format: 'csv' })
      if (!s.ok) throw new Error(JSON.stringify(s))
      const tables = tablesOf(s.value.base64)
      const role = (name: string) => (name === l.roles.issuer ? statements.issuer : statements.acquirer)
      for (const row of tables.get(`${l.sections.operations} — KZT`)?.slice(1, -1) ?? []) {
        const side = role(row[0]!)
        side.executed += Number(row[3]); side.executedMinor += minorOf(row[4]!); side.refused += Number(row[5])
      }
      for (const row of tables.get(`${l.sections.holdsAndReturns} — KZT`)?.slice(1, -1) ?? []) {
        const side = role(row[0]!)
        side.held += Number(row[3]); side.heldMinor += minorOf(row[4]!); side.givenBack += Number(row[5]); side.givenBackMinor += minorOf(row[6]!)
      }
    }
    for (const [i, side] of [[1, statements.issuer], [3, statements.acquirer]] as const) {
      expect(Number(figure(l.figures.executed)[i])).toBe(side.executed)
      expect(minorOf(figure(l.figures.executed)[i + 1]!)).toBe(side.executedMinor)
      expect(Number(figure(l.figures.refused)[i])).toBe(side.refused)
      expect(Number(figure(l.figures.held)[i])).toBe(side.held)
      expect(minorOf(figure(l.figures.held)[i + 1]!)).toBe(side.heldMinor)
      expect(Number(figure(l.figures.givenBack)[i])).toBe(side.givenBack)
      expect(minorOf(figure(l.figures.givenBack)[i + 1]!)).toBe(side.givenBackMinor)
      expect(Number(figure(l.figures.total)[i])).toBe(side.executed + side.refused + side.held + side.givenBack)
    }
    // The holds and what was given back are those of the day's operations: 300 + 200 + 50 held, 500 + 30 given back
    // (the void released a hold and moved nothing); the total is every operation the day counts on the issuer's side.
    const ops = (where: string) => ws.db.prepare(`SELECT count(*) AS n, coalesce(sum(amount_minor), 0) AS minor FROM operations WHERE op_day = ? AND issuer_id IS NOT NULL AND (${where})`).get(TODAY) as { n: number; minor: number }
    expect(ops(`result_code = '0000' AND two_phase = 1`)).toEqual({ n: 3, minor: 550_00 })
    expect(ops(`result_code = '4000' AND reason <> 'void'`)).toEqual({ n: 2, minor: 530_00 })
    expect(minorOf(figure(l.figures.held)[2]!)).toBe(550_00)
    expect(minorOf(figure(l.figures.givenBack)[2]!)).toBe(530_00)
    expect(Number(figure(l.figures.total)[1])).toBe(ops(`result_code = '0000' OR (result_code = '4000' AND reason <> 'void') OR (original_seq IS NULL AND result_code <> '4000')`).n)

    // The tables by type, channel and participant carry the same holds and money given back.
    for (const heading of [l.sections.setAsideByType, l.sections.setAsideByChannel, l.sections.setAsideByParticipant]) {
      const table = report.get(`${heading} — KZT`)!
      expect(table[0]).toEqual([expect.any(String), l.columns.issuerHeld, l.columns.issuerHeldAmount, l.columns.issuerGivenBack, l.columns.issuerGivenBackAmount, l.columns.acquirerHeld, l.columns.acquirerHeldAmount, l.columns.acquirerGivenBack, l.columns.acquirerGivenBackAmount])
      expect(table.at(-1)).toEqual([l.total, figure(l.figures.held)[1], figure(l.figures.held)[2], figure(l.figures.givenBack)[1], figure(l.figures.givenBack)[2], figure(l.figures.held)[3], figure(l.figures.held)[4], figure(l.figures.givenBack)[3], figure(l.figures.givenBack)[4]])
    }
  })
})
