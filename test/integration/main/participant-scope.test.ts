// What participant staff may reach through the dispatcher: their own bank's data, nothing system-wide.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CenterStats, ClearingResult, DisputeTermsView, LedgerVerification, OpdayOverview, OperationalDayRow, Participant, Tariff } from '../../../src/core/api/types'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
})
afterEach(() => ws.dispose())

describe('the whole-ledger check', () => {
  // Its answer counts every posting and account of the system, sums every bank's debits and credits, and names any
  // account's IBAN and balances where they do not match: none of it is a participant's to see (R9.3.4, R14.3).
  it.each(['kaspi.operator', 'halyk.viewer'])('is refused to participant staff (%s)', async (login) => {
    ws.signIn('bank', login)
    const r = await ws.callAsync('bank', 'ledger.verify', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it.each(['operator', 'auditor', 'clearing'])('is run by the operator’s staff (%s)', async (login) => {
    ws.signIn('staff', login)
    expect(await ws.okAsync<LedgerVerification>('staff', 'ledger.verify', {})).toMatchObject({ balanced: true, problems: [] })
  })
})

describe('the tariffs of the contracts (R2.3)', () => {
  // A participant's special tariff is a term of its own contract with the operator: confidential (R14.3), as its
  // fees of a day are (fees.day shows a participant only its own).
  it('show participant staff the general tariffs and their own bank’s, never another bank’s', () => {
    ws.signIn('clearing', 'clearing')
    const bank = Object.fromEntries(ws.ok<Participant[]>('clearing', 'participants.list').map((p) => [p.code, p.id]))
    const special = (participantId: string, percentBp: number) =>
      ws.ok<Tariff>('clearing', 'fees.setTariff', { participantId, payerRole: 'issuer', type: 'transfer', channel: 'app', currency: 'KZT', fixed: '0', percentBp, min: null, max: null, effectiveFrom: '2026-12-01' })
    special(bank.P001!, 7)
    special(bank.P002!, 3)
    expect(new Set(ws.ok<Tariff[]>('clearing', 'fees.tariffs', {}).map((t) => t.participant))).toEqual(new Set([null, 'P001', 'P002']))

    ws.signIn('kaspi', 'kaspi.operator')
    const seen = ws.ok<Tariff[]>('kaspi', 'fees.tariffs', {})
    expect(new Set(seen.map((t) => t.participant))).toEqual(new Set([null, 'P001']))
    expect(seen.find((t) => t.participant === 'P001')).toMatchObject({ percentBp: 7 })
  })
})

describe('the dispute terms of the contracts (R2.3, R10.1.2)', () => {
  // The disputes screen already shows participant staff only the default and their own; the core now says the same.
  it('show participant staff the default terms and their own bank’s, never another bank’s', () => {
    ws.signIn('analyst', 'disputes')
    const bank = Object.fromEntries(ws.ok<Participant[]>('analyst', 'participants.list').map((p) => [p.code, p.id]))
    const terms = (participantId: string, answerDays: number) =>
      ws.ok<DisputeTermsView>('analyst', 'disputes.setTerms', { participantId, unit: 'operational', filingDays: 60, answerDays, decisionDays: 20, appealDays: 5 })
    terms(bank.P001!, 7)
    terms(bank.P002!, 3)
    expect(new Set(ws.ok<DisputeTermsView[]>('analyst', 'disputes.terms', {}).map((t) => t.participantId))).toEqual(new Set([null, bank.P001, bank.P002]))

    ws.signIn('kaspi', 'kaspi.operator')
    const seen = ws.ok<DisputeTermsView[]>('kaspi', 'disputes.terms', {})
    expect(new Set(seen.map((t) => t.participantId))).toEqual(new Set([null, bank.P001]))
    expect(seen.find((t) => t.participantId === bank.P001)).toMatchObject({ answerDays: 7 })
  })
})

describe('the operational days (R3.1, R14.3)', () => {
  // How many operations a day had, and its range of numbers, count every bank's: participant staff learn their
  // bank's figures from the clearing and the live panel, not the system's volume.
  it('show participant staff the days’ states and times, without the whole system’s operation counts and numbers', () => {
    ws.signIn('op', 'operator')
    const yesterday = ws.ok<OperationalDayRow[]>('op', 'opday.list', { limit: 5 }).find((d) => d.state !== 'open')!
    expect(yesterday.operations).toBeGreaterThan(0)
    expect(yesterday.firstSeq).not.toBeNull()

    ws.signIn('kaspi', 'kaspi.operator')
    const days = ws.ok<OperationalDayRow[]>('kaspi', 'opday.list', { limit: 5 })
    expect(days.map((d) => d.day)).toContain(yesterday.day)
    for (const d of days) expect(d).toMatchObject({ operations: null, firstSeq: null, lastSeq: null })
    const overview = ws.ok<OpdayOverview>('kaspi', 'opday.overview', {})
    for (const d of [overview.open, overview.previous!]) expect(d).toMatchObject({ operations: null, firstSeq: null, lastSeq: null })
    expect(ws.ok<ClearingResult>('kaspi', 'clearing.result', { day: yesterday.day }).day).toMatchObject({ day: yesterday.day, operations: null, firstSeq: null, lastSeq: null })
    // The operator's staff see them whole.
    expect(ws.ok<ClearingResult>('op', 'clearing.result', { day: yesterday.day }).day).toMatchObject({ operations: yesterday.operations, firstSeq: yesterday.firstSeq })
  })
})

describe('the overview’s undelivered confirmations (R7.5)', () => {
  // The Center confirms each operation to the banks concerned and hands it to their ABS; a bank's staff see how
  // many of those addressed to their bank are still undelivered, not the operator's whole outbox, and not a bare 0.
  it('count for participant staff the confirmations and ABS hand-offs addressed to their bank still undelivered', () => {
    const pending = (where: string) => ws.db.prepare(`SELECT count(*) FROM outbox WHERE delivered_at IS NULL ${where}`).pluck().get() as number
    const kaspi = pending(`AND destination IN ('participant:P001', 'abs:P001')`)
    const all = pending('')
    expect(kaspi).toBeGreaterThan(0)
    expect(all).toBeGreaterThan(kaspi)

    ws.signIn('kaspi', 'kaspi.operator')
    expect(ws.ok<CenterStats>('kaspi', 'operations.stats', {}).pendingOutbox).toBe(kaspi)
    ws.signIn('op', 'operator')
    expect(ws.ok<CenterStats>('op', 'operations.stats', {}).pendingOutbox).toBe(all)
  })
})
