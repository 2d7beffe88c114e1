// Which transfers an operation makes (R7.5, R7.7): a client leg, and the interbank position between two banks.
import { describe, expect, it } from 'vitest'
import type { AccountRecord } from '../../../../src/core/accounts/accounts-repo'
import { legs } from '../../../../src/core/center/pipeline'

const account = (id: string, participant: string, currency = 'KZT'): AccountRecord => ({
  id, iban: `KZ${id}`, participant_id: participant, client_id: 'c', client_iin: '900101300123', kind: 'client', currency, balance_minor: 0, held_minor: 0,
  min_balance_minor: 0, limit_per_op_minor: null, limit_daily_minor: null, day_debit_day: null, day_debit_minor: 0, status: 'open'
})
const system = (p: string, kind: string, currency: string) => ({ ...account(`${p}-${kind}-${currency}`, p, currency), kind: kind as AccountRecord['kind'] })

describe('legs', () => {
  it('moves money within one bank with one client leg', () => {
    expect(legs(account('a', 'P1'), account('b', 'P1'), 500, 500, system)).toEqual([{ debit: 'a', credit: 'b', amount: 500, currency: 'KZT', kind: 'client' }])
  })

  it('adds the interbank leg from the payer’s bank to the payee’s bank settlement position', () => {
    expect(legs(account('a', 'P1'), account('b', 'P2'), 500, 500, system)).toEqual([
      { debit: 'a', credit: 'b', amount: 500, currency: 'KZT', kind: 'client' },
      { debit: 'P1-settlement-KZT', credit: 'P2-settlement-KZT', amount: 500, currency: 'KZT', kind: 'interbank' }
    ])
  })

  it('exchanges through the bank’s currency positions, each leg in its own currency', () => {
    expect(legs(account('a', 'P1', 'KZT'), account('b', 'P1', 'USD'), 1_000_000, 1_941, system)).toEqual([
      { debit: 'a', credit: 'P1-fx-KZT', amount: 1_000_000, currency: 'KZT', kind: 'exchange' },
      { debit: 'P1-fx-USD', credit: 'b', amount: 1_941, currency: 'USD', kind: 'exchange' }
    ])
  })

  it('exchanges at the payer’s bank and owes the payee’s bank what it credits, when the client’s other account is there (R7.3.5, R7.7)', () => {
    const t = legs(account('a', 'P1', 'KZT'), account('b', 'P2', 'USD'), 1_000_000, 1_941, system)
    expect(t).toEqual([
      { debit: 'a', credit: 'P1-fx-KZT', amount: 1_000_000, currency: 'KZT', kind: 'exchange' },
      { debit: 'P1-fx-USD', credit: 'b', amount: 1_941, currency: 'USD', kind: 'exchange' },
      { debit: 'P1-settlement-USD', credit: 'P2-settlement-USD', amount: 1_941, currency: 'USD', kind: 'interbank' }
    ])
  })
})
