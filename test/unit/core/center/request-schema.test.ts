// The shapes an authorization request may take (R7.3, R7.5): bad input is refused with the field and the reason.
import { describe, expect, it } from 'vitest'
import { authorizationRequest } from '../../../../src/core/center/request-schema'
import { luhnCheckDigit } from '../../../../src/core/domain/pan'

const pan = `440043000000000${luhnCheckDigit('440043000000000')}`
const base = { requestId: 'r-1', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan }, amount: '100.00', currency: 'kzt' }
const issues = (input: unknown) => {
  const r = authorizationRequest.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('authorization request', () => {
  it('accepts a card payment at a terminal and normalises the currency', () => {
    const r = authorizationRequest.parse(base)
    expect(r.currency).toBe('KZT')
  })

  it.each([
    [{ amount: '0' }, 'amount: must be greater than zero'],
    [{ amount: '1.001' }, 'amount: must be a positive amount'],
    [{ amount: '12345678901234' }, 'amount: must be a positive amount'],
    [{ currency: 'ABC' }, 'currency: must be a currency the system handles'],
    [{ terminal: undefined }, 'terminal: a terminal operation names its terminal'],
    [{ type: 'cash_withdrawal', channel: 'app', terminal: undefined }, 'channel: cash is withdrawn at a terminal or a cash desk'],
    [{ type: 'transfer' }, 'payee: a transfer names the account or instrument credited'],
    [{ type: 'currency_exchange' }, 'toCurrency: a currency exchange names the currency to credit'],
    [{ toCurrency: 'USD' }, 'toCurrency: only a currency exchange credits another currency'],
    [{ type: 'transfer', twoPhase: true, payee: { iban: 'KZ86125KZT5004100100' } }, 'twoPhase: only payments and cash withdrawals'],
    [{ purpose: '71' }, 'purpose: must be a payment purpose code (KNP) of 3 digits'],
    [{ extra: 1 }, 'Unrecognized key']
  ])('refuses %j', (change, message) => {
    expect(issues({ ...base, ...change }).join(' | ')).toContain(message)
  })

  it('refuses a payer whose identifier fails its check digit', () => {
    expect(issues({ ...base, payer: { iin: '061211600013' } }).join(' ')).toMatch(/IIN|Invalid input/)
    expect(issues({ ...base, payer: { pan: `${pan.slice(0, 15)}${(Number(pan[15]) + 1) % 10}` } }).join(' ')).toMatch(/Luhn|Invalid input/)
    expect(issues({ ...base, payer: { iban: 'KZ00125KZT5004100100' } }).join(' ')).toMatch(/IBAN|Invalid input/)
  })

  it('lets a cash top-up at a terminal go without a payer', () => {
    expect(issues({ ...base, type: 'top_up', payer: undefined, payee: { iban: 'KZ86125KZT5004100100' } })).toEqual([])
  })
})
