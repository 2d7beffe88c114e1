// Accounts' debit limits (R7.5: the limits the Center checks): set when an account is opened or later, and
// refused, with nothing changed, when one operation would be allowed more than the whole day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, Client, Participant } from '../../../src/core/api/types'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation

beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
})
afterEach(() => ws.dispose())

const firstKzt = () => ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).find((a) => a.currency === 'KZT' && a.status === 'open')!

describe('an account’s limits', () => {
  it('are set per operation and per day, and lifted', () => {
    const a = firstKzt()
    expect(ws.ok<Account>('op', 'accounts.setLimits', { accountId: a.id, limitPerOp: '1000.00', limitDaily: '5000.00' })).toMatchObject({ limitPerOpMinor: 100_000, limitDailyMinor: 500_000 })
    // Equal is allowed: one operation may use the whole day.
    expect(ws.ok<Account>('op', 'accounts.setLimits', { accountId: a.id, limitPerOp: '5000.00', limitDaily: '5000.00' })).toMatchObject({ limitPerOpMinor: 500_000 })
    expect(ws.ok<Account>('op', 'accounts.setLimits', { accountId: a.id, limitPerOp: '9000.00', limitDaily: null })).toMatchObject({ limitPerOpMinor: 900_000, limitDailyMinor: null })
  })

  it('refuse a per-operation limit above the daily one, naming both, and change nothing', () => {
    const a = firstKzt()
    const before = snapshot(ws)
    const r = ws.call('op', 'accounts.setLimits', { accountId: a.id, limitPerOp: '6000.00', limitDaily: '5000.00' })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/limitPerOp: .*daily limit \(5000\.00 KZT\)/), reasons: [{ rule: 'per_op_above_daily', value: 'limitPerOp' }] }
    })
    expect(snapshot(ws)).toBe(before)
  })

  it('are checked the same way when the account is opened', () => {
    const client = ws.ok<Client[]>('op', 'clients.list', {})[0]!
    const kaspi = ws.ok<Participant[]>('op', 'participants.list', {}).find((p) => p.code === 'P001')!
    const before = snapshot(ws)
    const r = ws.call('op', 'accounts.open', { clientId: client.id, participantId: kaspi.id, currency: 'EUR', limitPerOp: '2000.00', limitDaily: '1000.00' })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('limitPerOp') } })
    expect(snapshot(ws)).toBe(before)
  })
})
