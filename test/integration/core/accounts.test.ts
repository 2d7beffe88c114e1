// Accounts' debit limits (R7.5: the limits the Center checks): set when an account is opened or later, and
// refused, with nothing changed, when one operation would be allowed more than the whole day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, Client, Instrument, Participant } from '../../../src/core/api/types'
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

// A closed account moves no money, so the Center refuses its instruments (R7.5); the registry must not go on calling
// them active, and closing them is a change like any other: in the account's transaction, in the audit log (R3.2.2).
describe('closing an account', () => {
  const kaspi = () => ws.ok<Participant[]>('op', 'participants.list', {}).find((p) => p.code === 'P001')!
  const newClientAccounts = () => {
    const client = ws.ok<Client>('op', 'clients.create', { iin: '061211600012', name: 'Aibek Tulegenov' })
    const open = (currency: string) => ws.ok<Account>('op', 'accounts.open', { clientId: client.id, participantId: kaspi().id, currency })
    return { client, kzt: open('KZT'), usd: open('USD') }
  }
  const issue = (accountId: string, kind: 'card' | 'wallet') =>
    ws.ok<Instrument>('op', 'instruments.issue', { kind, accountId, holderName: 'AIBEK TULEGENOV', ...(kind === 'card' ? { expiry: '2030-12' } : {}) })

  it('closes its active instruments with it, saying why, and records each change; a blocked one keeps its reason, another account’s stay active', () => {
    const { client, kzt, usd } = newClientAccounts()
    const card = issue(kzt.id, 'card')
    const wallet = issue(kzt.id, 'wallet')
    const lost = issue(kzt.id, 'card')
    ws.ok('op', 'instruments.setStatus', { instrumentId: lost.id, status: 'blocked', reason: 'reported lost' })
    const other = issue(usd.id, 'card')
    const auditBefore = ws.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number

    expect(ws.ok<Account>('op', 'accounts.setStatus', { accountId: kzt.id, status: 'closed', reason: 'the client left the bank' }).status).toBe('closed')

    const now = new Map(ws.ok<Instrument[]>('op', 'instruments.list', { clientId: client.id }).map((i) => [i.id, i]))
    const why = `account ${kzt.iban} closed: the client left the bank`
    expect(now.get(card.id)).toMatchObject({ status: 'closed', statusReason: why })
    expect(now.get(wallet.id)).toMatchObject({ status: 'closed', statusReason: why })
    expect(now.get(lost.id)).toMatchObject({ status: 'blocked', statusReason: 'reported lost' })
    expect(now.get(other.id)).toMatchObject({ status: 'active', statusReason: null })
    // Each instrument's change in the log, by whoever closed the account, with the instrument as the subject.
    const records = ws.db.prepare("SELECT action, actor_login, subject, detail FROM audit_log WHERE seq > ? AND action = 'instruments.setStatus' ORDER BY seq").all(auditBefore) as {
      action: string
      actor_login: string
      subject: string
      detail: string
    }[]
    expect(records.map((r) => r.subject).sort()).toEqual([card.panMasked, wallet.walletNo].sort())
    for (const r of records) {
      expect(r.actor_login).toBe('operator')
      expect(JSON.parse(r.detail)).toMatchObject({ status: 'closed', reason: why })
    }
    expect(ws.db.prepare("SELECT count(*) FROM audit_log WHERE seq > ? AND action = 'accounts.setStatus' AND subject = ?").pluck().get(auditBefore, kzt.iban)).toBe(1)
  })

  it('leaves its instruments active when the closing is refused (money still on it), and changes nothing', () => {
    const funded = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).find((a) => a.status === 'open' && a.balanceMinor > 0)!
    const card = issue(funded.id, 'card')
    const before = snapshot(ws)
    expect(ws.call('op', 'accounts.setStatus', { accountId: funded.id, status: 'closed', reason: 'the client left the bank' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(snapshot(ws)).toBe(before)
    expect(ws.ok<Instrument[]>('op', 'instruments.list', { clientId: funded.clientId! }).find((i) => i.id === card.id)!.status).toBe('active')
  })
})
