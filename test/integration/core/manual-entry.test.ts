// An operation entered by hand that breaks a rule of the operation as a whole (cash withdrawn in the app, a
// currency exchange into the same currency…) is refused naming that rule, for the desk to word it in kk, ru and en:
// it came as a bare "custom" issue, shown as "Channel: not acceptable", the rule's words only in English details.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Account } from '../../../src/core/api/types'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let account: Account
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
  account = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).find((a) => a.currency === 'KZT')!
})
afterEach(() => ws.dispose())

const submit = (input: object) => ws.call('op', 'operations.submit', { requestId: 'hand-1', amount: '100.00', currency: 'KZT', ...input })

it('names the rule broken and the field it concerns, and records nothing', () => {
  const before = snapshot(ws)
  expect(submit({ type: 'cash_withdrawal', channel: 'app', payer: { iban: account.iban } })).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION', reasons: [{ rule: 'cash_channel', value: 'channel' }], details: ['channel: cash is withdrawn at a terminal or a cash desk'] }
  })
  expect(submit({ type: 'currency_exchange', channel: 'app', payer: { iban: account.iban }, toCurrency: 'KZT' })).toMatchObject({ ok: false, error: { reasons: [{ rule: 'same_currency', value: 'toCurrency' }] } })
  expect(submit({ type: 'transfer', channel: 'terminal', payer: { iban: account.iban } })).toMatchObject({
    ok: false,
    error: { reasons: [{ rule: 'terminal_required', value: 'terminal' }, { rule: 'payee_required', value: 'payee' }] }
  })
  expect(snapshot(ws)).toBe(before)
})

it('keeps zod’s own codes for a value of the wrong form', () => {
  expect(submit({ type: 'transfer', channel: 'app', payer: { iban: 'KZ00' }, payee: { iban: account.iban } })).toMatchObject({ ok: false, error: { code: 'VALIDATION', reasons: [{ rule: expect.not.stringMatching(/_/), value: expect.stringMatching(/^payer/) }] } })
})
