// Reports read back from a real SQLite file: what they cover and what they say (R3.1.3, R9.3.7, R14.1).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, AuthorizationAnswer } from '../../../src/core/api/types'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

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
})
