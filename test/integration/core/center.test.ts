// The Center on a real SQLite file: the authorization pipeline (R7.5), the ledger, holds, reversal,
// idempotency, operational-day stamping (R3.1.1) and the group commit.
import BetterSqlite3 from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, AuthorizationAnswer, CallResult, CenterStats, FxRate, LedgerVerification, OperationDetail, Participant } from '../../../src/core/api/types'
import { DEMO_PASSWORD, demoCardPan, demoIin } from '../../../src/core/demo/seed'
import { createCenter } from '../../../src/core/center'
import { messagePayload } from '../../../src/core/center/outbox'
import { keysPathOf, startJournalKeys } from '../../../src/core/center/journal-keys'
import type { PreAuthorizationRule } from '../../../src/core/center/pre-authorization'
import { createIdGenerator } from '../../../src/core/domain/ids'
import { openWorkstation } from '../../../src/main/workstation'
import { immediate } from '../../../src/main/dispatch'
import { instrumentOf, snapshot, testWorkstation, type TestWorkstation, TEST_COST } from '../../support/workstation'

let ws: TestWorkstation
let kzt: Account[]
let participants: Participant[]

const submit = (input: Record<string, unknown>) => ws.ok<AuthorizationAnswer>('op', 'operations.submit', input)
const counts = () => ws.db.prepare('SELECT (SELECT count(*) FROM postings) AS postings, (SELECT count(*) FROM outbox) AS outbox, (SELECT sum(balance_minor * 7 + held_minor) FROM accounts) AS balances').get()
const account = (iban: string) => ws.ok<Account[]>('op', 'accounts.list', { query: iban })[0]!
const verify = () => ws.okAsync<LedgerVerification>('op', 'ledger.verify')

beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
  kzt = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).filter((a) => a.currency === 'KZT')
  participants = ws.ok<Participant[]>('op', 'participants.list')
})
afterEach(() => ws.dispose())

const atBank = (code: string) => kzt.filter((a) => a.participantCode === code)

describe('accepting an operation (R7.5)', () => {
  it('moves the money by double entry, confirms it to the settlement bank and both banks, hands it to the ABS and issues a document', async () => {
    const [payer] = atBank('P001')
    const [payee] = atBank('P002')
    const before = { payer: account(payer!.iban).balanceMinor, payee: account(payee!.iban).balanceMinor }
    const a = submit({ requestId: 't-1', type: 'transfer', channel: 'app', payer: { iban: payer!.iban }, payee: { iban: payee!.iban }, amount: '1234.56', currency: 'KZT', purpose: '119' })
    expect(a).toMatchObject({ status: 'accepted', resultCode: '0000', replayed: false })
    expect(a.documentNo).toBe(`20261123-${String(a.operation).padStart(10, '0')}`)
    expect(account(payer!.iban).balanceMinor).toBe(before.payer - 123456)
    expect(account(payee!.iban).balanceMinor).toBe(before.payee + 123456)
    const d = ws.ok<OperationDetail>('op', 'operations.get', { seq: a.operation })
    // The client leg and the interbank leg between the two banks' settlement positions (cleared later, R7.7).
    expect(d.postings.map((p) => [p.kind, p.debitKind, p.creditKind, p.amountMinor])).toEqual([
      ['client', 'client', 'client', 123456],
      ['interbank', 'settlement', 'settlement', 123456]
    ])
    expect(d.confirmations.map((c) => c.destination).sort()).toEqual(['abs:P001', 'abs:P002', 'participant:P001', 'participant:P002', 'settlement-bank'])
    expect(d.document).toMatchObject({ number: a.documentNo, purpose: '119', payer: { iban: payer!.iban, bic: 'CASPKZKA' }, payee: { iban: payee!.iban, bic: 'HSBKKZKX' } })
    expect(d.checks.every((c) => c.ok)).toBe(true)
    expect(await verify()).toMatchObject({ balanced: true, problems: [] })
  })

  it('pays a card payment at a terminal to the acquirer and a cash withdrawal out of its cash account', () => {
    const pay = submit({ requestId: 'p-1', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '5000', currency: 'KZT' })
    expect(pay).toMatchObject({ status: 'accepted', resultCode: '0000' })
    const cash = submit({ requestId: 'w-1', type: 'cash_withdrawal', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '2000', currency: 'KZT' })
    const kinds = (seq: number) => ws.ok<OperationDetail>('op', 'operations.get', { seq }).postings.map((p) => p.creditKind)
    expect(kinds(pay.operation!)).toContain('merchant')
    expect(kinds(cash.operation!)).toContain('cash')
  })

  it('finds the payer by QR code and by IIN as well as by card and account (R1.1.11)', () => {
    const qrPayload = ws.ok<{ payload: string }>('op', 'instruments.qr', { instrumentId: ws.ok<{ id: string }[]>('op', 'instruments.list', { query: demoIin(2) })[0]!.id }).payload
    const byQr = submit({ requestId: 'q-1', type: 'payment', channel: 'app', payer: { qr: qrPayload }, payee: { iban: kzt[0]!.iban }, amount: '100', currency: 'KZT' })
    const byIin = submit({ requestId: 'i-1', type: 'transfer', channel: 'app', payer: { iin: demoIin(2) }, payee: { iin: demoIin(3) }, amount: '100', currency: 'KZT' })
    expect([byQr.status, byIin.status]).toEqual(['accepted', 'accepted'])
    const rows = ws.ok<{ rows: { method: string; clientIin: string }[] }>('op', 'operations.list', { iin: demoIin(2), limit: 5 }).rows
    expect(rows.slice(0, 2).map((r) => r.method).sort()).toEqual(['iin', 'qr'])
  })

  it('exchanges currency at the rate in force, through the bank’s currency positions (R7.3.5)', async () => {
    const client = kzt.find((a) => ws.ok<Account[]>('op', 'accounts.list', { clientId: a.clientId! }).some((x) => x.currency === 'USD'))!
    const a = submit({ requestId: 'fx-1', type: 'currency_exchange', channel: 'app', payer: { iban: client.iban }, amount: '10000', currency: 'KZT', toCurrency: 'USD' })
    expect(a.status).toBe('accepted')
    const d = ws.ok<OperationDetail>('op', 'operations.get', { seq: a.operation })
    // 10,000 KZT × 0.001941 = 19.41 USD
    expect(d.operation.creditAmountMinor).toBe(1941)
    expect(d.postings.map((p) => [p.currency, p.amountMinor, p.kind])).toEqual([['KZT', 1000000, 'exchange'], ['USD', 1941, 'exchange']])
    expect((await verify()).balanced).toBe(true)
  })
})

describe('the journal’s amount range (R7.5)', () => {
  const amounts = (f: Record<string, string>) => ws.ok<{ rows: { amountMinor: number }[] }>('op', 'operations.list', { ...f, limit: 500 }).rows.map((r) => r.amountMinor)

  it('refuses a range whose lower amount is above the upper one, naming the rule and the field, in the journal and its live feed', () => {
    const ranges = [{ amountMin: '500', amountMax: '100' }, { amountMin: '100.01', amountMax: '100' }, { amountMin: '20', amountMax: '10', currency: 'USD' }]
    for (const [name, extra] of [['operations.list', { limit: 5 }], ['operations.feed', { afterSeq: 0 }]] as const)
      for (const range of ranges)
        expect(ws.call('op', name, { ...range, ...extra }), `${name} ${JSON.stringify(range)}`).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION', reasons: [{ rule: 'amount_min_above_max', value: 'amountMin' }] }
        })
  })

  it('takes a range of one amount, finding the operations of exactly that amount', () => {
    const one = amounts({ currency: 'KZT' })[0]!
    const exact = (one / 100).toFixed(2)
    const found = amounts({ amountMin: exact, amountMax: exact, currency: 'KZT' })
    expect(found.length).toBeGreaterThan(0)
    expect(new Set(found)).toEqual(new Set([one]))
  })
})

describe('an exchange into the client’s own account at another bank (R7.3.5, R7.7)', () => {
  it('exchanges at the payer’s bank and leaves the payee’s bank a claim on it for what it credited', async () => {
    const payer = atBank('P001')[0]!
    const halyk = participants.find((p) => p.code === 'P002')!
    const usd = ws.ok<Account>('op', 'accounts.open', { clientId: payer.clientId!, participantId: halyk.id, currency: 'USD' })
    const a = submit({ requestId: 'fx-x', type: 'currency_exchange', channel: 'app', payer: { iban: payer.iban }, payee: { iban: usd.iban }, amount: '10000', currency: 'KZT', toCurrency: 'USD' })
    expect(a.status).toBe('accepted')
    const d = ws.ok<OperationDetail>('op', 'operations.get', { seq: a.operation })
    expect(d.postings.map((p) => [p.kind, p.debitKind, p.creditKind, p.currency, p.amountMinor])).toEqual([
      ['exchange', 'client', 'fx', 'KZT', 1000000],
      ['exchange', 'fx', 'client', 'USD', 1941],
      ['interbank', 'settlement', 'settlement', 'USD', 1941]
    ])
    expect((await verify()).balanced).toBe(true)
  })
})

describe('the rates table: each rate takes effect at its moment (R7.3.5)', () => {
  const exchange = (requestId: string) => {
    const client = kzt.find((a) => ws.ok<Account[]>('op', 'accounts.list', { clientId: a.clientId! }).some((x) => x.currency === 'USD'))!
    const a = submit({ requestId, type: 'currency_exchange', channel: 'app', payer: { iban: client.iban }, amount: '10000', currency: 'KZT', toCurrency: 'USD' })
    return ws.ok<OperationDetail>('op', 'operations.get', { seq: a.operation }).operation.creditAmountMinor
  }
  const rates = () => ws.ok<FxRate[]>('op', 'rates.list', { base: 'KZT', quote: 'USD' })

  it('keeps the rate in force until a published one takes effect, to the millisecond', () => {
    const at = ws.clock.now() + 3_600_000
    expect(ws.ok<FxRate>('op', 'rates.set', { base: 'KZT', quote: 'USD', rate: '0.002', effectiveFrom: at })).toMatchObject({ rate: '0.002', effectiveFrom: at })
    expect(exchange('fx-before')).toBe(1941)
    ws.clock.advance(3_600_000 - 1)
    // An hour idle locks the officer's session (R12.5): sign in again.
    ws.signIn('op', 'operator')
    expect(exchange('fx-just-before')).toBe(1941)
    ws.clock.advance(1)
    // 10,000 KZT × 0.002 = 20.00 USD
    expect(exchange('fx-after')).toBe(2000)
    expect(rates().map((r) => r.rate)).toEqual(['0.002', '0.001941'])
  })

  it('never puts a rate in force before the moment it is published, so no exchange already made is at odds with the table (R7.3.5)', () => {
    const made = ws.clock.now()
    expect(exchange('fx-made')).toBe(1941)
    ws.clock.advance(10_000)
    // Within the form's minute of grace, the officer names a moment just past: before the exchange above.
    const r = ws.ok<FxRate>('op', 'rates.set', { base: 'KZT', quote: 'USD', rate: '0.002', effectiveFrom: made - 20_000 })
    expect(r.effectiveFrom).toBeGreaterThanOrEqual(ws.clock.now())
    // The table still says the exchange above was made at the rate it used (0.001941, in millionths).
    expect(ws.db.prepare(`SELECT rate_micro FROM fx_rates WHERE base = 'KZT' AND quote = 'USD' AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`).pluck().get(made)).toBe(1941)
    expect(exchange('fx-now')).toBe(2000)
  })

  it('refuses a rate in the past, a second rate for the same moment, and a rate that is not one, publishing nothing', () => {
    const now = ws.clock.now()
    const before = rates()
    expect(ws.call('op', 'rates.set', { base: 'KZT', quote: 'USD', rate: '0.002', effectiveFrom: now - 120_000 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    for (const rate of ['0', '-1', '0.0000001', 'abc'])
      expect(ws.call('op', 'rates.set', { base: 'KZT', quote: 'USD', rate, effectiveFrom: now + 60_000 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(ws.call('op', 'rates.set', { base: 'KZT', quote: 'KZT', rate: '1', effectiveFrom: now + 60_000 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(rates()).toEqual(before)
    ws.ok('op', 'rates.set', { base: 'KZT', quote: 'USD', rate: '0.002', effectiveFrom: now + 60_000 })
    expect(ws.call('op', 'rates.set', { base: 'KZT', quote: 'USD', rate: '0.003', effectiveFrom: now + 60_000 })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(rates()).toHaveLength(before.length + 1)
  })
})

describe('refusing an operation: a result code and reason, the attempt recorded, no money moved', () => {
  const cases: [string, () => Record<string, unknown>, string, string][] = [
    ['an unknown card', () => ({ payer: { pan: demoCardPan(999) } }), '1011', 'instrument.unknown'],
    ['an expired card', () => ({ payer: { pan: demoCardPan(3) } }), '1001', 'instrument.expired'],
    ['a blocked card', () => ({ payer: { pan: demoCardPan(5) } }), '1004', 'instrument.blocked'],
    ['a card with the wrong expiry', () => ({ payer: { pan: demoCardPan(1), expiry: '2020-01' } }), '1001', 'instrument.expiry_mismatch'],
    ['more than the account holds', () => ({ payer: { pan: demoCardPan(1) }, amount: '3000000.00' }), '1016', 'account.insufficient_funds'],
    ['over the daily limit', () => ({ payer: { pan: demoCardPan(1) }, amount: '5000001.00' }), '1021', 'limit.daily'],
    ['an uncertified terminal (R8.4)', () => ({ terminal: 'T000002' }), '1819', 'terminal.not_certified'],
    ['an unknown terminal', () => ({ terminal: 'T999999' }), '1819', 'terminal.unknown'],
    ['a cash-in at a POS', () => ({ type: 'top_up', terminal: 'T000002', payer: undefined, payee: { pan: demoCardPan(1) } }), '1819', 'terminal.not_certified'],
    // The desk's entries name their terminal too: an ATM's operation is the terminal channel's, never the app's, salary's or a cash desk's.
    ['an app payment at an ATM', () => ({ channel: 'app' }), '1020', 'terminal.channel'],
    ['salary crediting at an ATM', () => ({ type: 'top_up', channel: 'salary', payee: { pan: demoCardPan(2) } }), '1020', 'terminal.channel'],
    ['a cash-desk withdrawal at an ATM', () => ({ type: 'cash_withdrawal', channel: 'cash_desk' }), '1020', 'terminal.channel'],
    ['a currency the account does not hold', () => ({ payer: { pan: demoCardPan(1) }, currency: 'EUR' }), '1014', 'account.currency']
  ]
  it.each(cases)('%s', (_name, change, code, reason) => {
    const before = counts()
    const a = submit({ requestId: `r-${code}-${reason}`, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '100', currency: 'KZT', ...change() })
    expect(a).toMatchObject({ status: 'refused', resultCode: code, reason })
    expect(counts()).toEqual(before)
    const d = ws.ok<OperationDetail>('op', 'operations.get', { seq: a.operation })
    expect(d.checks.at(-1)).toMatchObject({ ok: false, reason })
    expect(d.postings).toEqual([])
    expect(d.document).toBeNull()
  })

  it('refers a large cash withdrawal in dollars to AML review, valued in tenge at the rate in force (1078)', () => {
    const usd = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).find((a) => a.currency === 'USD' && a.status === 'open')!
    const cash = (requestId: string, amount: string) => submit({ requestId, type: 'cash_withdrawal', channel: 'terminal', terminal: 'T000001', payer: { iban: usd.iban }, amount, currency: 'USD' })
    expect(submit({ requestId: 'aml-in', type: 'top_up', channel: 'terminal', terminal: 'T000001', payee: { iban: usd.iban }, amount: '30000', currency: 'USD' })).toMatchObject({ status: 'accepted' })
    // $20,000 at 512.34 is 10,246,800 tenge: over the 10,000,000 threshold, though in dollars.
    const before = counts()
    expect(cash('aml-big', '20000')).toMatchObject({ status: 'refused', resultCode: '1078', reason: 'aml.cash_threshold' })
    expect(counts()).toEqual(before)
    expect(cash('aml-small', '100')).toMatchObject({ status: 'accepted' })
  })

  it('refuses the operations of a suspended issuer (R9.1.5) and of a suspended acquirer', () => {
    const halyk = participants.find((p) => p.code === 'P002')!
    ws.ok('op', 'participants.setStatus', { participantId: halyk.id, status: 'suspended', reason: 'AML review' })
    const [halykClient] = atBank('P002')
    const asIssuer = submit({ requestId: 's-1', type: 'transfer', channel: 'app', payer: { iban: halykClient!.iban }, payee: { iban: kzt[0]!.iban }, amount: '10', currency: 'KZT' })
    expect(asIssuer).toMatchObject({ status: 'refused', resultCode: '1000', reason: 'issuer.suspended' })
    const asAcquirer = submit({ requestId: 's-2', type: 'payment', channel: 'terminal', terminal: 'T000003', payer: { pan: demoCardPan(0) }, amount: '10', currency: 'KZT' })
    expect(asAcquirer).toMatchObject({ status: 'refused', resultCode: '1000', reason: 'acquirer.suspended' })
  })

  it('refuses the 21st operation with one card within a minute as suspected fraud (1002), and lets the card again a minute later', () => {
    const pay = (i: number) => submit({ requestId: `v-${i}`, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(7) }, amount: '10', currency: 'KZT' })
    expect(Array.from({ length: 20 }, (_, i) => pay(i).status).every((s) => s === 'accepted')).toBe(true)
    const before = counts()
    const refused = pay(20)
    expect(refused).toMatchObject({ status: 'refused', resultCode: '1002', reason: 'fraud.velocity' })
    expect(counts()).toEqual(before)
    const d = ws.ok<OperationDetail>('op', 'operations.get', { seq: refused.operation })
    // The Center's own checks passed; the rule in the pre-authorization chain refused.
    expect(d.checks.filter((c) => !c.ok)).toEqual([{ check: 'rule:fraud.velocity', ok: false, reason: 'fraud.velocity' }])
    expect(d.checks.find((c) => c.check === 'funds')).toMatchObject({ ok: true })
    ws.clock.advance(60_000)
    expect(pay(21).status).toBe('accepted')
  })

  it('keeps counting a card’s attempts of the last minute across a restart of the Center (R7.5)', () => {
    const payAt = (w: { dispatch: TestWorkstation['dispatch'] }, i: number) =>
      immediate(w.dispatch('op', 'operations.submit', { requestId: `vr-${i}`, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(8) }, amount: '10', currency: 'KZT' })) as CallResult<AuthorizationAnswer>
    for (let i = 0; i < 20; i++) expect(payAt(ws, i)).toMatchObject({ ok: true, value: { status: 'accepted' } })
    ws.clock.advance(30_000)
    ws.close()
    const reopened = openWorkstation({ dbPath: `${ws.dir}/ws.db`, demo: true, clock: ws.clock, cost: TEST_COST, log: () => undefined })
    try {
      expect(immediate(reopened.dispatch('op', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD })).ok).toBe(true)
      expect(payAt(reopened, 20)).toMatchObject({ ok: true, value: { status: 'refused', resultCode: '1002', reason: 'fraud.velocity' } })
      ws.clock.advance(30_000)
      expect(payAt(reopened, 21)).toMatchObject({ ok: true, value: { status: 'accepted' } })
    } finally {
      reopened.close()
      ws.close = () => undefined
    }
  })

  it.each([
    ['a zero amount', { amount: '0.00' }],
    ['a negative amount', { amount: '-5' }],
    ['a huge amount', { amount: '99999999999999999' }],
    ['three decimals', { amount: '1.005' }],
    ['an unknown currency', { currency: 'XYZ' }],
    ['an IIN with a bad check digit', { payer: { iin: '061211600013' } }],
    ['an IBAN with bad check digits', { payer: { iban: 'KZ00125KZT5004100100' } }],
    ['a PAN failing Luhn', { payer: { pan: '4400430000000001' } }],
    ['a number as the amount', { amount: 100 }],
    ['a missing payer', { payer: undefined }]
  ])('refuses %s as invalid input, recording nothing', (_name, change) => {
    const before = counts()
    const ops = ws.ok<{ rows: unknown[] }>('op', 'operations.list', { limit: 500 }).rows.length
    const r = ws.call('op', 'operations.submit', { requestId: 'bad-1', type: 'payment', channel: 'app', payer: { pan: demoCardPan(1) }, payee: { iban: kzt[0]!.iban }, amount: '100', currency: 'KZT', ...change })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(counts()).toEqual(before)
    expect(ws.ok<{ rows: unknown[] }>('op', 'operations.list', { limit: 500 }).rows.length).toBe(ops)
  })
})

describe('idempotency: a request id is answered once', () => {
  it('gives a retry the first answer and never posts twice; refuses the same id with other content (9094)', () => {
    const req = { requestId: 'same', type: 'transfer', channel: 'app', payer: { iban: kzt[0]!.iban }, payee: { iban: kzt[1]!.iban }, amount: '10', currency: 'KZT' }
    const first = submit(req)
    const after = counts()
    const retry = submit(req)
    expect(retry).toEqual({ ...first, replayed: true })
    expect(counts()).toEqual(after)
    const other = submit({ ...req, amount: '11' })
    expect(other).toMatchObject({ status: 'rejected', resultCode: '9094', operation: null })
    expect(counts()).toEqual(after)
  })
})

describe('two-phase operations: authorize, then complete or let the hold expire', () => {
  it('holds the amount, completes for less, and releases the rest', async () => {
    const iban = atBank('P001')[0]!.iban
    const start = account(iban)
    const auth = submit({ requestId: 'h-1', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '1000', currency: 'KZT', twoPhase: true })
    expect(auth).toMatchObject({ status: 'held', documentNo: null })
    expect(account(iban)).toMatchObject({ balanceMinor: start.balanceMinor, heldMinor: 100000, availableMinor: start.balanceMinor - 100000 })
    expect(ws.ok<AuthorizationAnswer>('op', 'operations.complete', { seq: auth.operation, amount: '1000.01', requestId: 'c-0' })).toMatchObject({ status: 'refused', resultCode: '1074' })
    const done = ws.ok<AuthorizationAnswer>('op', 'operations.complete', { seq: auth.operation, amount: '800', requestId: 'c-1' })
    expect(done).toMatchObject({ status: 'accepted', resultCode: '0000' })
    expect(account(iban)).toMatchObject({ balanceMinor: start.balanceMinor - 80000, heldMinor: 0 })
    expect(ws.ok<OperationDetail>('op', 'operations.get', { seq: auth.operation })).toMatchObject({ operation: { status: 'completed', reversedBy: done.operation }, hold: { state: 'completed' } })
    expect((await verify()).balanced).toBe(true)
  })

  it('expires a hold after its time and gives the money back', () => {
    const iban = atBank('P001')[0]!.iban
    const auth = submit({ requestId: 'h-2', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '1000', currency: 'KZT', twoPhase: true })
    ws.clock.advance(7 * 24 * 3600_000 + 1)
    ws.signIn('op', 'operator')
    expect(ws.center.expireHolds()).toBe(1)
    expect(account(iban).heldMinor).toBe(0)
    expect(ws.ok<OperationDetail>('op', 'operations.get', { seq: auth.operation }).operation.status).toBe('expired')
    expect(ws.ok<AuthorizationAnswer>('op', 'operations.complete', { seq: auth.operation, requestId: 'late' })).toMatchObject({ status: 'refused', reason: 'hold.expired' })
  })

  it('voids a hold without a payment document, since no money moved; a hold past its time is answered expired, not voided (R7.5)', () => {
    const iban = atBank('P001')[0]!.iban
    const held = submit({ requestId: 'vd-1', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '1000', currency: 'KZT', twoPhase: true })
    const voided = ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: held.operation, reason: 'customer left', requestId: 'vd-1-v' })
    expect(voided).toMatchObject({ status: 'accepted', resultCode: '4000', documentNo: null })
    expect(ws.ok<OperationDetail>('op', 'operations.get', { seq: voided.operation }).document).toBeNull()
    expect(ws.ok<OperationDetail>('op', 'operations.get', { seq: held.operation })).toMatchObject({ operation: { status: 'voided' }, hold: { state: 'voided' } })

    const late = submit({ requestId: 'vd-2', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '1000', currency: 'KZT', twoPhase: true })
    ws.clock.advance(7 * 24 * 3600_000 + 1)
    ws.signIn('op', 'operator')
    // Not yet swept by expireHolds: the void finds the time has run out, and the hold expires as it would have.
    expect(ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: late.operation, reason: 'customer left', requestId: 'vd-2-v' })).toMatchObject({ status: 'refused', resultCode: '1816', reason: 'hold.expired' })
    expect(ws.ok<OperationDetail>('op', 'operations.get', { seq: late.operation })).toMatchObject({ operation: { status: 'expired' }, hold: { state: 'expired' } })
    expect(account(iban).heldMinor).toBe(0)
  })
})

describe('reversal: new postings, never edits', () => {
  it('mirrors the postings, marks the original reversed, and refuses a second reversal (1824)', () => {
    const payer = atBank('P001')[0]!.iban
    const payee = atBank('P003')[0]!.iban
    const before = [account(payer).balanceMinor, account(payee).balanceMinor]
    const a = submit({ requestId: 'rv-1', type: 'transfer', channel: 'app', payer: { iban: payer }, payee: { iban: payee }, amount: '700', currency: 'KZT' })
    const original = ws.ok<OperationDetail>('op', 'operations.get', { seq: a.operation }).postings
    const r = ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: a.operation, reason: 'sent twice', requestId: 'rv-1-r' })
    expect(r).toMatchObject({ status: 'accepted', resultCode: '4000' })
    expect([account(payer).balanceMinor, account(payee).balanceMinor]).toEqual(before)
    const reversal = ws.ok<OperationDetail>('op', 'operations.get', { seq: r.operation })
    expect(reversal.postings.map((p) => [p.debitIban, p.creditIban, p.amountMinor, p.kind])).toEqual(original.map((p) => [p.creditIban, p.debitIban, p.amountMinor, 'reversal']))
    expect(ws.ok<OperationDetail>('op', 'operations.get', { seq: a.operation }).postings).toEqual(original)
    expect(ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: a.operation, reason: 'again', requestId: 'rv-1-r2' })).toMatchObject({ status: 'refused', resultCode: '1824' })
    expect(() => ws.db.prepare('UPDATE postings SET amount_minor = 1').run()).toThrow(/immutable/)
    expect(() => ws.db.prepare('DELETE FROM postings').run()).toThrow(/immutable/)
  })

  it('tells the settlement bank, the banks and the ABS that a reversal, a void or a completion follows an operation, not that a new one was accepted (R7.5.4, R7.5.5)', () => {
    const notices = (seq: number) =>
      (ws.db.prepare('SELECT o.destination, o.payload, n.notices FROM outbox o JOIN outbox_notices n ON n.id = o.notices_id WHERE n.last_seq >= ? ORDER BY o.id').all(seq) as { destination: string; payload: string; notices: string }[])
        .flatMap((m) => (messagePayload(m.payload, m.notices) as { operations: Record<string, unknown>[] }).operations.filter((n) => n.operation === seq).map((n): Record<string, unknown> => ({ ...n, destination: m.destination })))
    const iban = atBank('P001')[0]!.iban
    const paid = submit({ requestId: 'nt-1', type: 'transfer', channel: 'app', payer: { iban }, payee: { iban: atBank('P002')[0]!.iban }, amount: '70', currency: 'KZT' })
    expect(notices(paid.operation!).every((n) => n.original === undefined)).toBe(true)
    const reversal = ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: paid.operation, reason: 'sent twice', requestId: 'nt-1-r' })
    const held = submit({ requestId: 'nt-2', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '50', currency: 'KZT', twoPhase: true })
    const voided = ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: held.operation, reason: 'customer left', requestId: 'nt-2-v' })
    const heldToo = submit({ requestId: 'nt-3', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '50', currency: 'KZT', twoPhase: true })
    const completed = ws.ok<AuthorizationAnswer>('op', 'operations.complete', { seq: heldToo.operation, amount: '40', requestId: 'nt-3-c' })
    for (const [follower, original, reason] of [[reversal, paid, 'reversal'], [voided, held, 'void'], [completed, heldToo, 'completion']] as const) {
      const sent = notices(follower.operation!)
      expect(sent.length).toBeGreaterThan(0)
      for (const n of sent) expect(n).toMatchObject({ status: 'accepted', original: original.operation, reason })
    }
  })

  it('gives a reversal a payment document of its own, the money going back from the payee to the payer (R7.5.6)', () => {
    const payer = atBank('P001')[0]!.iban
    const payee = atBank('P003')[0]!.iban
    const a = submit({ requestId: 'rd-1', type: 'transfer', channel: 'app', payer: { iban: payer }, payee: { iban: payee }, amount: '700', currency: 'KZT', purpose: '119' })
    const r = ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: a.operation, reason: 'sent twice', requestId: 'rd-1-r' })
    const original = ws.ok<OperationDetail>('op', 'operations.get', { seq: a.operation }).document!
    const reversal = ws.ok<OperationDetail>('op', 'operations.get', { seq: r.operation }).document!
    expect(original).toMatchObject({ payer: { iban: payer }, payee: { iban: payee }, givesBack: null })
    expect(reversal).toMatchObject({ number: r.documentNo, payer: { iban: payee }, payee: { iban: payer }, amountMinor: 70_000, currency: 'KZT', purpose: '119', givesBack: { operation: a.operation, documentNo: a.documentNo } })
    expect(reversal.number).not.toBe(original.number)
    // An exchange given back: the client pays back the dollars and gets the tenge.
    const client = kzt.find((x) => ws.ok<Account[]>('op', 'accounts.list', { clientId: x.clientId! }).some((y) => y.currency === 'USD'))!
    const fx = submit({ requestId: 'rd-2', type: 'currency_exchange', channel: 'app', payer: { iban: client.iban }, amount: '10000', currency: 'KZT', toCurrency: 'USD' })
    const fxBack = ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: fx.operation, reason: 'client changed mind', requestId: 'rd-2-r' })
    const there = ws.ok<OperationDetail>('op', 'operations.get', { seq: fx.operation }).document!
    const back = ws.ok<OperationDetail>('op', 'operations.get', { seq: fxBack.operation }).document!
    expect([back.amountMinor, back.currency, back.creditAmountMinor, back.creditCurrency]).toEqual([there.creditAmountMinor, there.creditCurrency, there.amountMinor, there.currency])
    expect([back.payer.iban, back.payee.iban]).toEqual([there.payee.iban, there.payer.iban])
  })

  it('refuses to reverse when the payee has spent the money (1825), moving nothing', () => {
    const payee = atBank('P003')[1]!.iban
    const all = account(payee).availableMinor
    const a = submit({ requestId: 'rv-2', type: 'transfer', channel: 'app', payer: { iban: atBank('P001')[0]!.iban }, payee: { iban: payee }, amount: '100', currency: 'KZT' })
    submit({ requestId: 'rv-2-spend', type: 'transfer', channel: 'app', payer: { iban: payee }, payee: { iban: atBank('P004')[0]!.iban }, amount: ((all + 10000) / 100).toFixed(2), currency: 'KZT' })
    const before = counts()
    const r = ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: a.operation, reason: 'client claim', requestId: 'rv-2-r' })
    expect(r).toMatchObject({ status: 'refused', resultCode: '1825', reason: 'reversal.insufficient_funds' })
    expect((counts() as { postings: number }).postings).toBe((before as { postings: number }).postings)
  })
})

describe('operational day stamping (R3.1.1): the day open when the request reached the Center, Asia/Almaty', () => {
  it('stamps 23:59:59.999 to the closing day and 00:00 to the next', () => {
    ws.clock.advance(Date.UTC(2026, 10, 23, 18, 59, 59, 999) - ws.clock.now()) // 23:59:59.999 in Almaty
    ws.signIn('late', 'operator')
    const late = ws.ok<AuthorizationAnswer>('late', 'operations.submit', { requestId: 'd-1', type: 'transfer', channel: 'app', payer: { iban: kzt[0]!.iban }, payee: { iban: kzt[1]!.iban }, amount: '1', currency: 'KZT' })
    ws.clock.advance(1)
    const next = ws.ok<AuthorizationAnswer>('late', 'operations.submit', { requestId: 'd-2', type: 'transfer', channel: 'app', payer: { iban: kzt[0]!.iban }, payee: { iban: kzt[1]!.iban }, amount: '1', currency: 'KZT' })
    expect([late.opDay, next.opDay]).toEqual(['2026-11-23', '2026-11-24'])
    expect(next.documentNo).toMatch(/^20261124-/)
  })

  it('stamps a request that reached the Center at 23:59:59.999 with that day and that moment, though its batch commits after midnight (R3.1.1)', async () => {
    ws.clock.advance(Date.UTC(2026, 10, 23, 18, 59, 59, 999) - ws.clock.now()) // 23:59:59.999 in Almaty
    const arrivedAt = ws.clock.now()
    const pending = ws.center.submit({ requestId: 'd-gc', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '10', currency: 'KZT' }, 'T000001')
    // The group commit takes its batch a moment later: midnight has passed meanwhile.
    ws.clock.advance(5)
    const a = await pending
    expect(a).toMatchObject({ status: 'accepted', opDay: '2026-11-23' })
    expect(a.documentNo).toMatch(/^20261123-/)
    expect(ws.db.prepare('SELECT received_at FROM operations WHERE seq = ?').pluck().get(a.operation)).toBe(arrivedAt)
    // One that reached it after midnight is the next day's, in the same batch or the next.
    const after = await ws.center.submit({ requestId: 'd-gc-2', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '10', currency: 'KZT' }, 'T000001')
    expect(after.opDay).toBe('2026-11-24')
  })

  it('stamps a request that reached the Center before midnight with the next day when the day began to close before its batch (R3.1.1)', async () => {
    ws.clock.advance(Date.UTC(2026, 10, 23, 18, 59, 59, 999) - ws.clock.now())
    const pending = ws.center.submit({ requestId: 'd-gc-3', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '10', currency: 'KZT' }, 'T000001')
    ws.clock.advance(5)
    ws.closer.tick()
    expect(ws.db.prepare(`SELECT state FROM operational_days WHERE day = '2026-11-23'`).pluck().get()).not.toBe('open')
    const a = await pending
    // The closed day's range is final: what its close did not see goes to the day that is open.
    expect(a).toMatchObject({ status: 'accepted', opDay: '2026-11-24' })
  })
})

describe('a terminal’s completion or reversal: the moment it reached the Center, not its batch’s (R3.1.1)', () => {
  const receivedAt = (seq: number | null) => ws.db.prepare('SELECT received_at FROM operations WHERE seq = ?').pluck().get(seq)

  it('stamps one that reached the Center at 23:59:59.999 with that day and that moment, though its batch commits after midnight', async () => {
    const iban = atBank('P001')[0]!.iban
    const held = submit({ requestId: 'fa-h', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '100', currency: 'KZT', twoPhase: true })
    const paid = submit({ requestId: 'fa-p', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '20', currency: 'KZT' })
    ws.clock.advance(Date.UTC(2026, 10, 23, 18, 59, 59, 999) - ws.clock.now()) // 23:59:59.999 in Almaty
    const arrivedAt = ws.clock.now()
    // As the intake hands them over (src/main/intake/index.ts).
    const pending = [
      ws.center.submitFollowUp('fa-c', () => ws.center.complete(held.operation!, '80', 'fa-c', 'T000001')),
      ws.center.submitFollowUp('fa-r', () => ws.center.reverse(paid.operation!, 'cancelled', 'fa-r', 'T000001'))
    ]
    // The group commit takes the batch a moment later: midnight has passed meanwhile.
    ws.clock.advance(5)
    const [completed, reversed] = await Promise.all(pending)
    expect(completed).toMatchObject({ status: 'accepted', opDay: '2026-11-23' })
    expect(completed!.documentNo).toMatch(/^20261123-/)
    expect(reversed).toMatchObject({ status: 'accepted', opDay: '2026-11-23' })
    expect([receivedAt(completed!.operation), receivedAt(reversed!.operation)]).toEqual([arrivedAt, arrivedAt])
  })

  it('completes a hold the completion reached before it ran out, though its batch comes after', async () => {
    const iban = atBank('P001')[0]!.iban
    const held = submit({ requestId: 'fe-h', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '100', currency: 'KZT', twoPhase: true })
    const expiresAt = ws.db.prepare('SELECT expires_at FROM holds WHERE operation_seq = ?').pluck().get(held.operation) as number
    ws.clock.advance(expiresAt - 1 - ws.clock.now())
    const pending = ws.center.submitFollowUp('fe-c', () => ws.center.complete(held.operation!, undefined, 'fe-c', 'T000001'))
    ws.clock.advance(2)
    const completed = await pending
    expect(completed).toMatchObject({ status: 'accepted', resultCode: '0000' })
    expect(receivedAt(completed.operation)).toBe(expiresAt - 1)
    ws.signIn('op', 'operator') // a week later: the session has ended
    expect(ws.ok<OperationDetail>('op', 'operations.get', { seq: held.operation })).toMatchObject({ operation: { status: 'completed' }, hold: { state: 'completed' } })
  })
})

describe('the ledger check', () => {
  it('finds a balance changed behind the ledger’s back', async () => {
    expect(await verify()).toMatchObject({ balanced: true, problems: [] })
    ws.db.prepare('UPDATE accounts SET balance_minor = balance_minor + 1 WHERE iban = ?').run(kzt[0]!.iban)
    const v = await verify()
    expect(v.balanced).toBe(false)
    expect(v.problems).toContainEqual({ iban: kzt[0]!.iban, problem: 'balance', expected: kzt[0]!.balanceMinor, actual: kzt[0]!.balanceMinor + 1 })
  })

  it('checks the accounts the book has only logged, writes none of them, and finds a logged state changed behind its back', async () => {
    // A Center that leaves its accounts logged: no write-out while the check runs.
    const { center } = createCenter({ db: ws.db, clock: ws.clock, newId: createIdGenerator(ws.clock), settleIdleMs: 60_000 })
    const transfer = (i: number) => center.submit({ requestId: `lv-${i}`, type: 'transfer', channel: 'app', payer: { iban: kzt[i % kzt.length]!.iban }, payee: { iban: kzt[(i + 1) % kzt.length]!.iban }, amount: '1', currency: 'KZT' }, 'app')
    expect((await Promise.all(Array.from({ length: 40 }, (_, i) => transfer(i)))).every((a) => a.status === 'accepted')).toBe(true)
    const rows = () => JSON.stringify(ws.db.prepare('SELECT * FROM accounts ORDER BY rowid').all())
    const logged = ws.db.prepare('SELECT id, states FROM account_state_log ORDER BY id DESC LIMIT 1').get() as { id: number; states: string } | undefined
    expect(logged).toBeDefined()
    const before = { rows: rows(), unsettled: ws.db.prepare('SELECT count(*) FROM account_state_log').pluck().get() }
    expect(await verify()).toMatchObject({ balanced: true, problems: [] })
    expect({ rows: rows(), unsettled: ws.db.prepare('SELECT count(*) FROM account_state_log').pluck().get() }).toEqual(before)
    // A logged state one tiyn off, of an account whose row is behind it: the check reads the log over the row, as a recovery would.
    const states = JSON.parse(logged!.states) as [number, number, ...unknown[]][]
    const behind = states.findIndex(([rowid]) => (ws.db.prepare('SELECT state_log_id FROM accounts WHERE rowid = ?').pluck().get(rowid) as number) < logged!.id)
    expect(behind).toBeGreaterThanOrEqual(0)
    const [rowid, balance] = states[behind]!
    states[behind]![1] = balance + 1
    ws.db.prepare('UPDATE account_state_log SET states = ? WHERE id = ?').run(JSON.stringify(states), logged!.id)
    const iban = ws.db.prepare('SELECT iban FROM accounts WHERE rowid = ?').pluck().get(rowid) as string
    const v = await verify()
    expect(v.balanced).toBe(false)
    expect(v.problems).toContainEqual({ iban, problem: 'balance', expected: balance, actual: balance + 1 })
  })

  it('runs beside the Center: batches commit while it sums the postings, and it sees the ledger whole at one moment', async () => {
    let running = true
    let i = 0
    const traffic = (async () => {
      while (running) {
        const answers = await Promise.all(Array.from({ length: 8 }, () => i++).map((n) => ws.center.submit({ requestId: `lc-${n}`, type: 'transfer', channel: 'app', payer: { iban: kzt[n % kzt.length]!.iban }, payee: { iban: kzt[(n + 3) % kzt.length]!.iban }, amount: '2', currency: 'KZT' }, 'app')))
        expect(answers.every((a) => a.status === 'accepted')).toBe(true)
      }
    })()
    const batches = ws.center.totals.batches
    const v = await verify()
    const during = ws.center.totals.batches - batches
    running = false
    await traffic
    expect(during).toBeGreaterThan(0)
    expect(v).toMatchObject({ balanced: true, problems: [] })
    expect(v.postings).toBeLessThan(ws.db.prepare('SELECT count(*) FROM postings').pluck().get() as number)
  })

  it('never lets a client account go below its minimum, even by raw SQL', () => {
    expect(() => ws.db.prepare('UPDATE accounts SET balance_minor = -1 WHERE iban = ?').run(kzt[0]!.iban)).toThrow(/CHECK/)
  })
})

describe('the group commit', () => {
  it('answers concurrent requests only after they are durable: every accepted one is there after reopening', async () => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        ws.center.submit({ requestId: `g-${i}`, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(i % 30) }, amount: '10', currency: 'KZT' }, 'T000001')
      )
    )
    const accepted = answers.filter((a) => a.status === 'accepted').map((a) => a.operation)
    expect(accepted.length).toBeGreaterThan(250)
    const bad = await ws.center.submit({ requestId: 'g-bad', type: 'payment', channel: 'terminal', amount: 10 }, 'T000001')
    expect(bad).toMatchObject({ status: 'rejected', resultCode: '9030', operation: null })
    expect(bad.details?.join(' ')).toMatch(/terminal|amount/)
    ws.close()
    const reopened = openWorkstation({ dbPath: `${ws.dir}/ws.db`, demo: true, clock: ws.clock, cost: TEST_COST })
    const stored = reopened.db.prepare(`SELECT seq FROM operations WHERE source = 'T000001' AND request_id LIKE 'g-%' AND status = 'accepted'`).pluck().all()
    expect(stored.sort()).toEqual(accepted.sort())
    reopened.close()
    ws.close = () => undefined
  })

  it('counts its committed batches, their requests, and the time deciding and committing them', async () => {
    const before = { ...ws.center.totals }
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ws.center.submit({ requestId: `bt-${i}`, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(i % 30) }, amount: '10', currency: 'KZT' }, 'T000001')
      )
    )
    expect(answers.every((a) => a.status !== 'rejected')).toBe(true)
    const t = ws.center.totals
    // Submitted together: one batch, one commit.
    expect([t.batches - before.batches, t.requests - before.requests]).toEqual([1, 40])
    expect(t.decideMs).toBeGreaterThan(before.decideMs)
    expect(t.commitMs).toBeGreaterThan(before.commitMs)
  })

  it('commits terminals’ completions and reversals with the batch’s authorizations; one that fails is taken back alone', async () => {
    const iban = atBank('P001')[0]!.iban
    const held = submit({ requestId: 'gf-h', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '100', currency: 'KZT', twoPhase: true })
    const heldToo = submit({ requestId: 'gf-h2', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '50', currency: 'KZT', twoPhase: true })
    const paid = submit({ requestId: 'gf-p', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '20', currency: 'KZT' })
    const sets = () => ws.db.prepare('SELECT count(*) FROM outbox_notices').pluck().get() as number
    const before = { sets: sets(), account: account(iban) }
    const [completed, reversed, failed, authorized] = await Promise.all([
      ws.center.submitFollowUp('gf-c', () => ws.center.complete(held.operation!, '80', 'gf-c', 'T000001')),
      ws.center.submitFollowUp('gf-r', () => ws.center.reverse(paid.operation!, 'cancelled', 'gf-r', 'T000001')),
      // A completion that fails after it has released the hold: its savepoint goes, the others stay.
      ws.center.submitFollowUp('gf-x', () => {
        ws.center.complete(heldToo.operation!, undefined, 'gf-x', 'T000001')
        throw new Error('the disk said no')
      }),
      ws.center.submit({ requestId: 'gf-a', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '1', currency: 'KZT' }, 'T000001')
    ])
    expect([completed, reversed, authorized].map((a) => a!.status)).toEqual(['accepted', 'accepted', 'accepted'])
    expect(failed).toMatchObject({ status: 'rejected', resultCode: '9096', operation: null })
    // One transaction: one set of notices for all of them.
    expect(sets()).toBe(before.sets + 1)
    expect(ws.ok<OperationDetail>('op', 'operations.get', { seq: heldToo.operation })).toMatchObject({ operation: { status: 'held' }, hold: { state: 'active' } })
    expect(ws.db.prepare(`SELECT count(*) FROM operations WHERE request_id = 'gf-x'`).pluck().get()).toBe(0)
    // 80 completed, the 20 given back, 1 paid; the second hold still there.
    expect(account(iban)).toMatchObject({ balanceMinor: before.account.balanceMinor - 8000 + 2000 - 100, heldMinor: 5000 })
    expect((await verify()).balanced).toBe(true)
  })
})

it('never stores a card number: only its keyed hash and masked form are in the database file', () => {
  ws.db.pragma('wal_checkpoint(TRUNCATE)')
  const bytes = readFileSync(`${ws.dir}/ws.db`).toString('latin1')
  for (let i = 0; i < 10; i++) expect(bytes.includes(demoCardPan(i))).toBe(false)
  const audit = ws.db.prepare('SELECT group_concat(detail) FROM audit_log').pluck().get() as string
  submit({ requestId: 'pan-audit', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '1', currency: 'KZT' })
  const after = ws.db.prepare('SELECT group_concat(detail) FROM audit_log').pluck().get() as string
  expect(after.length).toBeGreaterThan(audit.length)
  expect(after.includes(demoCardPan(1))).toBe(false)
  expect(after).toContain('4400 43')
})

describe('the outbox of a batch (R7.5.4)', () => {
  it('writes one message per destination for a whole batch, and drops the notices of a request rolled back alone', async () => {
    // A rule that fails unexpectedly for one amount: its request must vanish without a trace, the others stand.
    const exploding: PreAuthorizationRule = { name: 'test.explode', check: (c) => (c.amountMinor === 66_600 ? (() => { throw new Error('boom') })() : null) }
    const c = createCenter({ db: ws.db, clock: ws.clock, newId: createIdGenerator(ws.clock), rules: [exploding] })
    const before = ws.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number
    const answers = await Promise.all(
      [10, 20, 666, 30].map((amount, i) =>
        c.center.submit({ requestId: `ob-${i}`, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(10 + i) }, amount: String(amount), currency: 'KZT' }, 'T000001')
      )
    )
    expect(answers.map((a) => a.resultCode)).toEqual(['0000', '0000', '9096', '0000'])
    expect(answers[2]).toMatchObject({ status: 'rejected', operation: null, reason: 'center.error' })
    expect(ws.db.prepare(`SELECT count(*) FROM operations WHERE request_id = 'ob-2'`).pluck().get()).toBe(0)
    const messages = ws.db
      .prepare('SELECT o.destination, o.operations, o.payload, n.notices FROM outbox o LEFT JOIN outbox_notices n ON n.id = o.notices_id WHERE o.id > ? ORDER BY o.id')
      .all(before) as { destination: string; operations: number; payload: string; notices: string | null }[]
    const settlement = messages.filter((m) => m.destination === 'settlement-bank')
    expect(settlement).toHaveLength(1)
    expect(settlement[0]!.operations).toBe(3)
    const listed = messages.flatMap((m) => (messagePayload(m.payload, m.notices) as { operations: { operation: number }[] }).operations.map((n) => n.operation))
    expect(new Set(listed)).toEqual(new Set(answers.filter((a) => a.operation !== null).map((a) => a.operation)))
    // The batch's notices are stored once, without the rolled-back request's, and every message lists its own of them.
    expect(new Set(messages.map((m) => m.notices)).size).toBe(1)
    expect((JSON.parse(messages[0]!.notices!) as { requestId: string }[]).map((n) => n.requestId)).toEqual(['ob-0', 'ob-1', 'ob-3'])
    // Each accepted operation still shows its own confirmations.
    const d = ws.ok<OperationDetail>('op', 'operations.get', { seq: answers[3]!.operation })
    expect(d.confirmations.map((m) => m.destination)).toContain('settlement-bank')
    expect((await verify()).balanced).toBe(true)
  })
})

describe('the open day’s figures (operations.stats)', () => {
  it('adds what arrived since the last reading, agrees with a full count, and starts afresh with the next day', () => {
    const first = ws.ok<CenterStats>('op', 'operations.stats')
    submit({ requestId: 'st-1', type: 'transfer', channel: 'app', payer: { iban: kzt[0]!.iban }, payee: { iban: kzt[1]!.iban }, amount: '10', currency: 'KZT' })
    submit({ requestId: 'st-2', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '20', currency: 'KZT' })
    submit({ requestId: 'st-3', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(3) }, amount: '30', currency: 'KZT' })
    const next = ws.ok<CenterStats>('op', 'operations.stats')
    expect([next.accepted - first.accepted, next.refused - first.refused]).toEqual([2, 1])
    const full = ws.db.prepare(`SELECT type, currency, count(*) AS count, sum(result_code NOT IN ('0000', '4000')) AS refused, sum(CASE WHEN result_code = '0000' AND two_phase = 0 THEN amount_minor ELSE 0 END) AS amountMinor FROM operations WHERE op_day = ? GROUP BY type, currency ORDER BY type, currency`).all(next.opDay)
    expect(next.byType).toEqual(full)
    ws.clock.advance(24 * 3600_000)
    ws.signIn('op', 'operator')
    expect(ws.ok<CenterStats>('op', 'operations.stats')).toMatchObject({ opDay: '2026-11-24', accepted: 0, refused: 0, byType: [] })
  })

  it('counts a reversal as accepted and a hold’s amount once, when its completion moves the money (R9.3.7)', () => {
    const first = ws.ok<CenterStats>('op', 'operations.stats')
    const kzt0 = (s: CenterStats) => s.byType.filter((g) => g.currency === 'KZT').reduce((n, g) => n + g.amountMinor, 0)
    const paid = submit({ requestId: 'fg-1', type: 'transfer', channel: 'app', payer: { iban: kzt[0]!.iban }, payee: { iban: kzt[1]!.iban }, amount: '10', currency: 'KZT' })
    ws.ok('op', 'operations.reverse', { seq: paid.operation, reason: 'client request', requestId: 'fg-1r' })
    const held = submit({ requestId: 'fg-2', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, atBank('P001')[0]!.iban), amount: '100', currency: 'KZT', twoPhase: true })
    expect(held.status).toBe('held')
    ws.ok('op', 'operations.complete', { seq: held.operation, amount: '60', requestId: 'fg-2c' })
    const next = ws.ok<CenterStats>('op', 'operations.stats')
    // Four operations, none refused: the transfer, its reversal, the hold and its completion.
    expect([next.accepted - first.accepted, next.refused - first.refused]).toEqual([4, 0])
    // What moved money forward: the transfer's 10 and the completion's 60, not the hold's 100 as well.
    expect(kzt0(next) - kzt0(first)).toBe(7_000)
  })

  it('gives participant staff their own bank’s figures: its newest operation, one they can open, and its holds only', () => {
    const held = submit({ requestId: 'sc-1', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, atBank('P001')[0]!.iban), amount: '100', currency: 'KZT', twoPhase: true })
    expect(held.status).toBe('held')
    // A newer transfer between two clients of a third bank: neither Kaspi's (P001) nor Halyk's (P002).
    const [from, to] = atBank(kzt.find((a) => !['P001', 'P002'].includes(a.participantCode))!.participantCode)
    const elsewhere = submit({ requestId: 'sc-2', type: 'transfer', channel: 'app', payer: { iban: from!.iban }, payee: { iban: to!.iban }, amount: '10', currency: 'KZT' })
    expect(elsewhere.status).toBe('accepted')
    const holdsOf = (code: string) =>
      ws.db
        .prepare(`SELECT count(*) FROM holds h JOIN operations o ON o.seq = h.operation_seq JOIN participants p ON p.id IN (o.issuer_id, o.acquirer_id, o.payee_participant_id) WHERE h.state = 'active' AND p.code = ?`)
        .pluck()
        .get(code) as number

    const operator = ws.ok<CenterStats>('op', 'operations.stats')
    expect(operator.lastSeq).toBe(elsewhere.operation)
    expect(operator.activeHolds).toBe(ws.db.prepare(`SELECT count(*) FROM holds WHERE state = 'active'`).pluck().get())

    ws.signIn('kaspi', 'kaspi.operator')
    const kaspi = ws.ok<CenterStats>('kaspi', 'operations.stats')
    // Undelivered: only the confirmations and ABS hand-offs addressed to Kaspi (R7.5).
    const pendingTo = ws.db.prepare(`SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND destination IN ('participant:P001', 'abs:P001')`).pluck().get() as number
    expect(kaspi).toMatchObject({ lastSeq: held.operation, activeHolds: holdsOf('P001'), pendingOutbox: pendingTo })
    expect(ws.call('kaspi', 'operations.get', { seq: kaspi.lastSeq })).toMatchObject({ ok: true })
    expect(ws.call('kaspi', 'operations.get', { seq: elsewhere.operation })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    const kaspiId = participants.find((p) => p.code === 'P001')!.id
    const full = ws.db
      .prepare(`SELECT count(*) AS count, sum(result_code NOT IN ('0000', '4000')) AS refused FROM operations WHERE op_day = ? AND ? IN (issuer_id, acquirer_id, payee_participant_id)`)
      .get(kaspi.opDay, kaspiId) as { count: number; refused: number }
    expect([kaspi.accepted + kaspi.refused, kaspi.refused]).toEqual([full.count, full.refused])
    // Another bank's operation since: the next reading of Kaspi's figures is unchanged.
    submit({ requestId: 'sc-3', type: 'transfer', channel: 'app', payer: { iban: to!.iban }, payee: { iban: from!.iban }, amount: '5', currency: 'KZT' })
    expect(ws.ok<CenterStats>('kaspi', 'operations.stats')).toEqual(kaspi)

    ws.signIn('halyk', 'halyk.viewer')
    const halyk = ws.ok<CenterStats>('halyk', 'operations.stats')
    expect(halyk.lastSeq).not.toBe(elsewhere.operation)
    expect(halyk.activeHolds).toBe(holdsOf('P002'))
    if (halyk.lastSeq) expect(ws.call('halyk', 'operations.get', { seq: halyk.lastSeq })).toMatchObject({ ok: true })
  })
})

describe('the daily limit', () => {
  // What today's operations used of an account's daily limit (the demo's history is yesterday's).
  const usedToday = (iban: string) => ws.db.prepare(`SELECT CASE WHEN day_debit_day = '2026-11-23' THEN day_debit_minor ELSE 0 END FROM accounts WHERE iban = ?`).pluck().get(iban) as number

  it('is used by an authorization and given back when it is voided or reversed', () => {
    const iban = atBank('P002')[0]!.iban
    const used = () => usedToday(iban)
    const start = used()
    const held = submit({ requestId: 'dl-1', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '1000', currency: 'KZT', twoPhase: true })
    expect(used()).toBe(start + 100_000)
    ws.ok('op', 'operations.reverse', { seq: held.operation, reason: 'customer left', requestId: 'dl-1-void' })
    expect(used()).toBe(start)
    const paid = submit({ requestId: 'dl-2', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '500', currency: 'KZT' })
    expect(used()).toBe(start + 50_000)
    ws.ok('op', 'operations.reverse', { seq: paid.operation, reason: 'goods returned', requestId: 'dl-2-r' })
    expect(used()).toBe(start)
  })

  it('counts a completion for less than its hold as what it took, so the rest of the hold can be spent again that day', () => {
    const iban = atBank('P002')[0]!.iban
    const start = usedToday(iban)
    const held = submit({ requestId: 'dl-3', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '1000', currency: 'KZT', twoPhase: true })
    expect(usedToday(iban)).toBe(start + 100_000)
    expect(ws.ok<AuthorizationAnswer>('op', 'operations.complete', { seq: held.operation, amount: '600', requestId: 'dl-3-c' })).toMatchObject({ status: 'accepted' })
    expect(usedToday(iban)).toBe(start + 60_000)
    // Completed whole, a hold keeps what it used; its reversal then gives it back.
    const whole = submit({ requestId: 'dl-4', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '300', currency: 'KZT', twoPhase: true })
    ws.ok('op', 'operations.complete', { seq: whole.operation, requestId: 'dl-4-c' })
    expect(usedToday(iban)).toBe(start + 90_000)
  })

  it('gives a reversed completion back to the day its hold was counted in, not to the day it was completed', () => {
    const iban = atBank('P002')[1]!.iban
    const spent = () => ws.db.prepare('SELECT day_debit_day AS day, day_debit_minor AS minor FROM accounts WHERE iban = ?').get(iban)
    const held = submit({ requestId: 'dl-8', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '1000', currency: 'KZT', twoPhase: true })
    ws.clock.advance(24 * 3600_000)
    ws.signIn('op', 'operator')
    const done = ws.ok<AuthorizationAnswer>('op', 'operations.complete', { seq: held.operation, requestId: 'dl-8-c' })
    expect(done).toMatchObject({ status: 'accepted', opDay: '2026-11-24' })
    submit({ requestId: 'dl-9', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount: '200', currency: 'KZT' })
    expect(spent()).toEqual({ day: '2026-11-24', minor: 20_000 })
    ws.ok('op', 'operations.reverse', { seq: done.operation, reason: 'the hotel refunded the stay', requestId: 'dl-8-r' })
    // Yesterday's hold is no part of today's 200.
    expect(spent()).toEqual({ day: '2026-11-24', minor: 20_000 })
  })

  it('lets a client spend up to the limit again once a hold was completed for less', () => {
    const { id, iban: payer } = atBank('P003')[0]!
    // 1,500.00 KZT left for today.
    ws.ok('op', 'accounts.setLimits', { accountId: id, limitPerOp: null, limitDaily: ((usedToday(payer) + 150_000) / 100).toFixed(2) })
    const held = submit({ requestId: 'dl-5', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, payer), amount: '1000', currency: 'KZT', twoPhase: true })
    expect(held.status).toBe('held')
    expect(submit({ requestId: 'dl-6', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, payer), amount: '900', currency: 'KZT' })).toMatchObject({ status: 'refused', reason: 'limit.daily' })
    ws.ok('op', 'operations.complete', { seq: held.operation, amount: '600', requestId: 'dl-5-c' })
    expect(submit({ requestId: 'dl-7', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, payer), amount: '900', currency: 'KZT' })).toMatchObject({ status: 'accepted' })
  })
})

describe('what follows an operation', () => {
  it('is found through an index, not a scan of every operation: each completion, reversal and return asks', () => {
    const plan = (sql: string) => (ws.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((r) => r.detail).join('; ')
    for (const sql of [
      `SELECT coalesce(sum(amount_minor), 0) FROM operations WHERE original_seq = ? AND status = 'accepted' AND reason = 'return'`,
      'SELECT seq FROM operations o WHERE o.original_seq = ? ORDER BY o.seq'
    ])
      expect(plan(sql)).toMatch(/USING (COVERING )?INDEX operations_original/)
  })
})

describe('the operations table', () => {
  it('has only the indexes every operation can afford at the peak: idempotency, the day, the followers (R7.5); a terminal, a client, a card go through the search keys', () => {
    const indexes = ws.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'operations' ORDER BY name`).pluck().all()
    expect(indexes).toEqual(['operations_day', 'operations_original', 'sqlite_autoindex_operations_1'])
  })
})

describe('the journal’s search keys (a client, a card, a terminal)', () => {
  const iin = demoIin(4)
  const search = () => ws.ok<{ rows: { seq: number; clientIin: string }[] }>('op', 'operations.list', { iin, limit: 500 }).rows.map((r) => r.seq)
  const expected = () => ws.db.prepare('SELECT seq FROM operations WHERE client_iin = ? ORDER BY seq DESC').pluck().all(iin) as number[]
  const lastSeq = () => ws.db.prepare('SELECT max(seq) FROM operations').pluck().get() as number
  /** Runs the worker until every operation is filed and every closed bucket merged, then stops it. */
  const fileAll = async (o: { bucketOps?: number; fanIn?: number } = {}) => {
    const keys = startJournalKeys(ws.db, { intervalMs: 20, ...o })
    try {
      await keys.settled(lastSeq())
    } finally {
      await keys.stop()
    }
  }
  /** Reads the keys file as the worker left it. */
  const inKeysFile = <T>(read: (file: BetterSqlite3.Database) => T): T => {
    const file = new BetterSqlite3(keysPathOf(ws.db.name), { readonly: true })
    try {
      return read(file)
    } finally {
      file.close()
    }
  }

  it('finds the operations the worker has filed through the keys file, and the newest ones directly', async () => {
    // Nothing filed yet: every operation is searched directly.
    expect(search()).toEqual(expected())
    const keys = startJournalKeys(ws.db, { intervalMs: 20 })
    try {
      await keys.reached(lastSeq())
      expect(keys.indexedUpTo()).toBe(lastSeq())
      const filed = new BetterSqlite3(keysPathOf(ws.db.name), { readonly: true })
      expect(filed.prepare(`SELECT count(*) FROM operation_keys WHERE key = ?`).pluck().get(`iin:${iin}`)).toBe(expected().length)
      filed.close()
      await keys.stop()
      // One more, not filed: found directly, ahead of those found through the keys.
      const later = submit({ requestId: 'k-1', type: 'transfer', channel: 'app', payer: { iin }, payee: { iban: kzt[0]!.iban }, amount: '1', currency: 'KZT' })
      expect(search()[0]).toBe(later.operation)
      expect(search()).toEqual(expected())
      const pan = ws.ok<{ rows: { panMasked: string | null }[] }>('op', 'operations.list', { limit: 500 }).rows.find((r) => r.panMasked)!.panMasked!
      const byPan = ws.ok<{ rows: { panMasked: string }[] }>('op', 'operations.list', { pan, limit: 500 }).rows
      expect(byPan.length).toBe(ws.db.prepare('SELECT count(*) FROM operations WHERE pan_masked = ?').pluck().get(pan))
      expect(new Set(byPan.map((r) => r.panMasked))).toEqual(new Set([pan]))
      // Pages: newest first below a number, oldest first above one.
      const all = expected()
      const older = ws.ok<{ rows: { seq: number }[] }>('op', 'operations.list', { iin, beforeSeq: all[2], limit: 500 }).rows.map((r) => r.seq)
      expect(older).toEqual(all.slice(3))
    } finally {
      await keys.stop()
    }
  })

  it('finds a key in every bucket of operation numbers, newest first and oldest first; a new bucket size files afresh', async () => {
    const pan = ws.ok<{ rows: { panMasked: string | null }[] }>('op', 'operations.list', { limit: 500 }).rows.find((r) => r.panMasked)!.panMasked!
    const byPan = (f: Record<string, unknown>) => ws.ok<{ rows: { seq: number }[] }>('op', 'operations.list', { pan, limit: 500, ...f }).rows.map((r) => r.seq)
    const panSeqs = () => ws.db.prepare('SELECT seq FROM operations WHERE pan_masked = ? ORDER BY seq DESC').pluck().all(pan) as number[]
    // Buckets of 4 operations: the demo's ~180 operations span dozens, and the client's and the card's are spread over many.
    await fileAll({ bucketOps: 4, fanIn: 1_000 })
    const buckets = inKeysFile((f) => f.prepare('SELECT count(DISTINCT bucket) FROM operation_keys WHERE key = ?').pluck().get(`iin:${iin}`) as number)
    expect(inKeysFile((f) => f.prepare('SELECT bucket_ops, last_seq FROM progress').get())).toEqual({ bucket_ops: 4, last_seq: lastSeq() })
    expect(buckets).toBeGreaterThan(3)
    // Everything is now found through the file (nothing newer to search directly), in order.
    const all = expected()
    expect(search()).toEqual(all)
    expect(byPan({})).toEqual(panSeqs())
    // Newest first below a number that is not a bucket's edge, and oldest first above one.
    const mid = all[Math.floor(all.length / 2)]!
    expect(ws.ok<{ rows: { seq: number }[] }>('op', 'operations.list', { iin, beforeSeq: mid, limit: 500 }).rows.map((r) => r.seq)).toEqual(all.filter((q) => q < mid))
    expect(ws.ok<{ seq: number }[]>('op', 'operations.feed', { iin, afterSeq: mid, limit: 500 }).map((r) => r.seq)).toEqual(all.filter((q) => q > mid).reverse())
    expect(byPan({ beforeSeq: panSeqs()[1] })).toEqual(panSeqs().slice(2))
    // Another bucket size: the file is filed again under it, and the searches agree.
    await fileAll({ bucketOps: 64 })
    expect(inKeysFile((f) => f.prepare('SELECT bucket_ops FROM progress').pluck().get())).toBe(64)
    expect(inKeysFile((f) => f.prepare('SELECT max(bucket) FROM operation_keys').pluck().get())).toBe(Math.floor(lastSeq() / 64))
    expect(search()).toEqual(all)
    expect(byPan({})).toEqual(panSeqs())
  })

  it('merges closed buckets into larger ones (R7.5): fewer buckets to look up, the same operations found, newest first and oldest first', async () => {
    const pan = ws.ok<{ rows: { panMasked: string | null }[] }>('op', 'operations.list', { limit: 500 }).rows.find((r) => r.panMasked)!.panMasked!
    const byPan = (f: Record<string, unknown>) => ws.ok<{ rows: { seq: number }[] }>('op', 'operations.list', { pan, limit: 500, ...f }).rows.map((r) => r.seq)
    const panSeqs = () => ws.db.prepare('SELECT seq FROM operations WHERE pan_masked = ? ORDER BY seq DESC').pluck().all(pan) as number[]
    // Buckets of 4 operations, merged 4 at a time: every group of 16 operations the filing has moved past is one bucket.
    await fileAll({ bucketOps: 4, fanIn: 4 })
    const last = lastSeq()
    const progress = inKeysFile((f) => f.prepare('SELECT bucket_ops, fan_in, merged_below, last_seq FROM progress').get()) as { merged_below: number }
    // Every full group of 4 buckets below the last one (still filling) is merged.
    const mergedBelow = 4 * Math.floor(Math.floor(last / 4) / 4)
    expect(progress).toEqual({ bucket_ops: 4, fan_in: 4, merged_below: mergedBelow, last_seq: last })
    expect(mergedBelow).toBeGreaterThan(20)
    // Below the boundary only merged buckets (negative ids) are left, each holding the keys of its 16 operations.
    expect(inKeysFile((f) => f.prepare('SELECT count(*) FROM operation_keys WHERE bucket >= 0 AND bucket < ?').pluck().get(mergedBelow))).toBe(0)
    const merged = inKeysFile((f) => f.prepare('SELECT bucket, min(seq) AS first, max(seq) AS last FROM operation_keys WHERE bucket < 0 GROUP BY bucket ORDER BY bucket DESC').all()) as { bucket: number; first: number; last: number }[]
    expect(merged.length).toBe(mergedBelow / 4)
    for (const m of merged) {
      const group = -1 - m.bucket
      expect(m.first).toBeGreaterThanOrEqual(group * 16)
      expect(m.last).toBeLessThan((group + 1) * 16)
    }
    // Nothing lost or doubled: as many keys as the operations have.
    const keysWanted = ws.db.prepare('SELECT count(client_iin) + count(pan_masked) + count(terminal_id) FROM operations').pluck().get() as number
    expect(inKeysFile((f) => f.prepare('SELECT count(*) FROM operation_keys').pluck().get())).toBe(keysWanted)
    // The searches find exactly what a scan of the operations finds, across merged and small buckets.
    const all = expected()
    expect(search()).toEqual(all)
    expect(byPan({})).toEqual(panSeqs())
    for (const mid of [all[Math.floor(all.length / 2)]!, all.at(-2)!, mergedBelow * 4 + 1]) {
      expect(ws.ok<{ rows: { seq: number }[] }>('op', 'operations.list', { iin, beforeSeq: mid, limit: 500 }).rows.map((r) => r.seq)).toEqual(all.filter((q) => q < mid))
      expect(ws.ok<{ seq: number }[]>('op', 'operations.feed', { iin, afterSeq: mid, limit: 500 }).map((r) => r.seq)).toEqual(all.filter((q) => q > mid).reverse())
    }
    expect(byPan({ beforeSeq: panSeqs()[1] })).toEqual(panSeqs().slice(2))
  })

  it('files a keys file of layout 3 (no terminal keys) afresh, and finds a terminal’s operations directly meanwhile', async () => {
    await fileAll({ bucketOps: 4, fanIn: 4 })
    // The file as the previous version left it: complete up to here, but with no terminal's keys; a marker row shows whether it is kept.
    const file = new BetterSqlite3(keysPathOf(ws.db.name))
    file.exec(`DELETE FROM operation_keys WHERE key LIKE 'term:%'; PRAGMA user_version = 3;`)
    file.prepare(`INSERT INTO operation_keys (bucket, key, seq) VALUES (0, 'iin:marker', 1)`).run()
    file.close()
    const byTerminal = () => ws.ok<{ rows: { seq: number }[] }>('op', 'operations.list', { terminal: 'T000001', limit: 500 }).rows.map((r) => r.seq)
    const scan = ws.db.prepare(`SELECT o.seq FROM operations o JOIN terminals t ON t.id = o.terminal_id WHERE t.code = 'T000001' ORDER BY o.seq DESC`).pluck().all() as number[]
    expect(scan.length).toBeGreaterThan(10)
    // Not of this layout: not trusted, so the operations are searched directly.
    expect(byTerminal()).toEqual(scan)
    await fileAll({ bucketOps: 4, fanIn: 4 })
    expect(inKeysFile((f) => f.pragma('user_version', { simple: true }))).toBe(5)
    expect(inKeysFile((f) => f.prepare(`SELECT count(*) FROM operation_keys WHERE key = 'iin:marker'`).pluck().get())).toBe(0)
    const terminalKeys = ws.db.prepare('SELECT count(terminal_id) FROM operations').pluck().get() as number
    expect(inKeysFile((f) => f.prepare(`SELECT count(*) FROM operation_keys WHERE key LIKE 'term:%'`).pluck().get())).toBe(terminalKeys)
    expect(byTerminal()).toEqual(scan)
  })

  it('finds a terminal’s operations through its key, page after page whatever else is filtered, exactly as a scan finds them (R7.5)', async () => {
    // Small buckets merged 4 at a time, so the pages cross small and merged buckets; one operation is left unfiled.
    await fileAll({ bucketOps: 4, fanIn: 4 })
    const later = submit({ requestId: 'kt-1', type: 'cash_withdrawal', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '100', currency: 'KZT' })
    expect(later.status).toBe('accepted')
    const scan = (where: string, args: string[]) =>
      ws.db.prepare(`SELECT o.seq FROM operations o JOIN terminals t ON t.id = o.terminal_id WHERE t.code = 'T000001' ${where} ORDER BY o.seq DESC`).pluck().all(...args) as number[]
    const filters: [Record<string, string>, string, string[]][] = [
      [{}, '', []],
      // Sparse among the terminal's operations: a page of a few takes several slices of the key.
      [{ status: 'refused' }, `AND o.status = 'refused'`, []],
      [{ type: 'cash_withdrawal' }, `AND o.type = 'cash_withdrawal'`, []]
    ]
    for (const [filter, where, args] of filters) {
      const expected = scan(where, args)
      expect(expected.length).toBeGreaterThan(0)
      for (const limit of [1, 3, 7]) {
        // Newest first, page by page until a page is short: every operation once, in order.
        const walked: number[] = []
        for (let before: number | undefined, page: number[] = []; ; ) {
          page = ws.ok<{ rows: { seq: number }[] }>('op', 'operations.list', { terminal: 'T000001', ...filter, limit, ...(before ? { beforeSeq: before } : {}) }).rows.map((r) => r.seq)
          walked.push(...page)
          if (page.length < limit) break
          before = page.at(-1)
        }
        expect(walked, `${JSON.stringify(filter)} by ${limit}`).toEqual(expected)
        // Oldest first, as the live feed asks.
        const fed: number[] = []
        for (let after = 0, page: number[] = []; ; ) {
          page = ws.ok<{ seq: number }[]>('op', 'operations.feed', { terminal: 'T000001', ...filter, afterSeq: after, limit }).map((r) => r.seq)
          fed.push(...page)
          if (page.length < limit) break
          after = page.at(-1)!
        }
        expect(fed, `${JSON.stringify(filter)} by ${limit}, oldest first`).toEqual([...expected].reverse())
      }
    }
  })

  it('does not trust a keys file of the earlier layout (keys without buckets), and files it afresh', async () => {
    // The earlier layout as a previous version left it: complete up to the last operation, but nothing under this client.
    const id = ws.db.prepare(`SELECT value FROM center_secrets WHERE name = 'database_id'`).pluck().get() as Buffer
    const old = new BetterSqlite3(keysPathOf(ws.db.name))
    old.exec(`CREATE TABLE operation_keys (key TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) STRICT, WITHOUT ROWID;
      CREATE TABLE progress (id INTEGER PRIMARY KEY CHECK (id = 1), database_id BLOB NOT NULL, last_seq INTEGER NOT NULL) STRICT;`)
    old.prepare('INSERT INTO progress (id, database_id, last_seq) VALUES (1, ?, ?)').run(id, lastSeq())
    old.close()
    expect(search()).toEqual(expected())
    await fileAll()
    expect(inKeysFile((f) => f.pragma('user_version', { simple: true }))).toBe(5)
    expect(inKeysFile((f) => f.prepare('SELECT count(*) FROM operation_keys WHERE key = ?').pluck().get(`iin:${iin}`))).toBe(expected().length)
    expect(search()).toEqual(expected())
  })

  it('starts the file afresh when it belongs to another database', async () => {
    const keys = startJournalKeys(ws.db, { intervalMs: 20 })
    await keys.reached(lastSeq())
    await keys.stop()
    // The file as another database left it: filed up to here, but none of this client's keys.
    const filed = new BetterSqlite3(keysPathOf(ws.db.name))
    filed.prepare('DELETE FROM operation_keys WHERE key = ?').run(`iin:${iin}`)
    filed.close()
    // Trusted as this database's file, it would hide the client's operations:
    expect(search()).toEqual([])
    // Another database (a restored copy, say) under the same name: its id differs, so the file is not trusted …
    ws.db.prepare(`UPDATE center_secrets SET value = randomblob(16) WHERE name = 'database_id'`).run()
    expect(search()).toEqual(expected())
    // … and the worker clears it and files this database's operations again.
    const again = startJournalKeys(ws.db, { intervalMs: 20 })
    try {
      await again.reached(lastSeq())
      const refiled = new BetterSqlite3(keysPathOf(ws.db.name), { readonly: true })
      expect(refiled.prepare('SELECT count(*) FROM operation_keys WHERE key = ?').pluck().get(`iin:${iin}`)).toBe(expected().length)
      refiled.close()
    } finally {
      await again.stop()
    }
  })
})

// «Не найдено: no operation 999999», the core's English, when an operation's number is typed (a dispute's form) (R7.5).
describe('an operation that is not in the journal', () => {
  it('is refused by its rule with the number asked for, and nothing changes', () => {
    const before = snapshot(ws)
    expect(ws.call('op', 'operations.get', { seq: 999_999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no operation 999999', reasons: [{ rule: 'operations.no_operation', params: { seq: 999_999 } }] }
    })
    expect(snapshot(ws)).toBe(before)
  })
})
