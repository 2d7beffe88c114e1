// The pre-authorization chain the Center runs after its own checks (R7.5): the AML cash threshold and the
// instrument velocity rule, and how the velocity rule keeps its memory bounded without losing a busy card.
import { describe, expect, it } from 'vitest'
import type { AccountRecord } from '../../../../src/core/accounts/accounts-repo'
import { cashAmlThreshold, defaultRules, instrumentVelocity, type RuleContext } from '../../../../src/core/center/pre-authorization'

const T0 = Date.UTC(2026, 11, 6, 6, 0, 0)
const context = (change: Partial<RuleContext> = {}): RuleContext => ({
  type: 'payment',
  channel: 'terminal',
  amountMinor: 100_00,
  currency: 'KZT',
  payer: {} as AccountRecord,
  terminalKind: 'atm',
  instrumentId: 'card-1',
  now: T0,
  ...change
})

describe('the AML cash threshold (R7.5)', () => {
  // 512.34 tenge a dollar; no rate published for yuan.
  const inKzt = (minor: number, currency: string) => (currency === 'USD' ? Math.floor((minor * 51234) / 100) : null)
  const rule = cashAmlThreshold(10_000_000_00, inKzt)

  it('sends a cash withdrawal of the threshold or more in tenge to review (1078), and passes one below it', () => {
    expect(rule.check(context({ type: 'cash_withdrawal', amountMinor: 10_000_000_00 }))).toEqual({ code: '1078', reason: 'aml.cash_threshold' })
    expect(rule.check(context({ type: 'cash_withdrawal', amountMinor: 10_000_000_00 - 1 }))).toBeNull()
  })

  it('values a withdrawal in another currency at the rate in force: $20,000 is over 10 million tenge, $19,000 under', () => {
    expect(rule.check(context({ type: 'cash_withdrawal', currency: 'USD', amountMinor: 20_000_00 }))).toEqual({ code: '1078', reason: 'aml.cash_threshold' })
    expect(rule.check(context({ type: 'cash_withdrawal', currency: 'USD', amountMinor: 19_000_00 }))).toBeNull()
  })

  it('refers a withdrawal in a currency with no rate to tenge, as it cannot tell what it is worth', () => {
    expect(rule.check(context({ type: 'cash_withdrawal', currency: 'CNY', amountMinor: 1_00 }))).toEqual({ code: '1078', reason: 'aml.cash_no_rate' })
  })

  it('leaves other operations to the other rules', () => {
    expect(rule.check(context({ type: 'payment', amountMinor: 20_000_000_00 }))).toBeNull()
    expect(rule.check(context({ type: 'transfer', amountMinor: 20_000_000_00 }))).toBeNull()
    expect(rule.check(context({ type: 'payment', currency: 'CNY', amountMinor: 20_000_000_00 }))).toBeNull()
  })
})

describe('the instrument velocity rule (R7.5)', () => {
  const attempts = (rule: ReturnType<typeof instrumentVelocity>, n: number, change: Partial<RuleContext> = {}) =>
    Array.from({ length: n }, (_, i) => rule.check(context({ now: T0 + i, ...change })))

  it('refuses the attempt past the limit within a minute as suspected fraud (1002)', () => {
    const rule = instrumentVelocity(20)
    const answers = attempts(rule, 22)
    expect(answers.slice(0, 20).every((a) => a === null)).toBe(true)
    expect(answers[20]).toEqual({ code: '1002', reason: 'fraud.velocity' })
    expect(answers[21]).toEqual({ code: '1002', reason: 'fraud.velocity' })
  })

  it('counts each instrument apart, and ignores operations without one (by account, by IIN, cash)', () => {
    const rule = instrumentVelocity(2)
    expect(attempts(rule, 2, { instrumentId: 'card-1' })).toEqual([null, null])
    expect(attempts(rule, 2, { instrumentId: 'card-2' })).toEqual([null, null])
    expect(attempts(rule, 10, { instrumentId: null }).every((a) => a === null)).toBe(true)
    expect(rule.check(context({ instrumentId: 'card-1', now: T0 + 5 }))?.reason).toBe('fraud.velocity')
  })

  it('lets the card again once its attempts are a minute old', () => {
    const rule = instrumentVelocity(2)
    attempts(rule, 3)
    expect(rule.check(context({ now: T0 + 59_999 }))?.reason).toBe('fraud.velocity')
    // At T0 + 60,002 the attempts of T0 … T0 + 2 have left the window; those of T0 + 59,999 and now remain.
    expect(rule.check(context({ now: T0 + 60_002 }))).toBeNull()
    expect(rule.check(context({ now: T0 + 60_003 }))?.reason).toBe('fraud.velocity')
  })

  it('forgets the instruments used least recently, never the card in use, when its memory is full', () => {
    const rule = instrumentVelocity(3, 2)
    let now = T0
    // A card under attack between many others: the others come and go, its count stays.
    for (let i = 0; i < 3; i++) {
      expect(rule.check(context({ instrumentId: 'attacked', now: now++ }))).toBeNull()
      expect(rule.check(context({ instrumentId: `other-${i}`, now: now++ }))).toBeNull()
    }
    expect(rule.check(context({ instrumentId: 'attacked', now: now++ }))?.reason).toBe('fraud.velocity')
    // other-0 and other-1 were forgotten to make room: each starts afresh.
    expect(attempts(rule, 3, { instrumentId: 'other-0', now: now }).every((a) => a === null)).toBe(true)
  })

  it('starts from the journal’s last minute: a restarted Center does not give a card a fresh minute', () => {
    const asked: [string, number][] = []
    const now = T0 + 50_000
    // 19 attempts of card-1 in the last minute, one older than that (ignored by the journal's own bound), one of another card.
    const rule = instrumentVelocity(20, undefined, (check, since) => {
      asked.push([check, since])
      return [...Array.from({ length: 19 }, (_, i) => ({ instrumentId: 'card-1', at: T0 + i * 1_000 })), { instrumentId: 'card-2', at: T0 }]
    })
    expect(rule.check(context({ instrumentId: 'card-1', now }))).toBeNull()
    expect(rule.check(context({ instrumentId: 'card-1', now: now + 1 }))).toEqual({ code: '1002', reason: 'fraud.velocity' })
    expect(rule.check(context({ instrumentId: 'card-2', now: now + 2 }))).toBeNull()
    // The journal is read once, for the minute before the first check, under the check the pipeline records.
    expect(asked).toEqual([['rule:fraud.velocity', now - 60_000]])
    // Once those attempts are a minute old, the card is let again.
    expect(rule.check(context({ instrumentId: 'card-1', now: T0 + 120_000 }))).toBeNull()
  })

  it('is in the Center’s default chain with the AML threshold', () => {
    expect(defaultRules(() => null).map((r) => r.name)).toEqual(['aml.cash_threshold', 'fraud.velocity'])
  })
})
