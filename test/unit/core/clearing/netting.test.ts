// Multilateral netting (R7.7) and fees in it (R9.4.6): properties over random days, and worked examples.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OPERATOR_PARTY } from '../../../../src/core/api/clearing-types'
import { net, type FeeTotal, type Obligation } from '../../../../src/core/clearing/netting'

const PARTIES = ['P001', 'P002', 'P003', 'P004', 'P005', 'P006']
const CURRENCIES = ['KZT', 'USD']
const obligation = fc.record({
  payer: fc.constantFrom(...PARTIES),
  payee: fc.constantFrom(...PARTIES),
  currency: fc.constantFrom(...CURRENCIES),
  count: fc.integer({ min: 1, max: 50 }),
  amountMinor: fc.integer({ min: 1, max: 10_000_000_000 }),
  gross: fc.boolean()
})
const fee = fc.record({ party: fc.constantFrom(...PARTIES), currency: fc.constantFrom(...CURRENCIES), feeMinor: fc.integer({ min: 0, max: 5_000_000 }) })
const name = (p: string) => `name of ${p}`

describe('multilateral netting (R7.7)', () => {
  it('net positions sum to zero in every currency, for any day', () => {
    fc.assert(
      fc.property(fc.array(obligation, { maxLength: 200 }), fc.array(fee, { maxLength: 20 }), (obligations, fees) => {
        const { positions, checks } = net(obligations, fees, name)
        for (const currency of CURRENCIES) {
          const sum = positions.filter((p) => p.currency === currency).reduce((s, p) => s + p.netMinor, 0)
          expect(sum).toBe(0)
        }
        expect(checks.every((c) => c.sumMinor === 0)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it('each party’s net equals its receivables minus its payables minus its fees, computed independently', () => {
    fc.assert(
      fc.property(fc.array(obligation, { maxLength: 200 }), fc.array(fee, { maxLength: 20 }), (obligations, fees) => {
        const { positions } = net(obligations, fees, name)
        for (const party of [...PARTIES, OPERATOR_PARTY])
          for (const currency of CURRENCIES) {
            const netted = obligations.filter((o) => !o.gross && o.payer !== o.payee && o.currency === currency)
            const receivable = netted.filter((o) => o.payee === party).reduce((s, o) => s + o.amountMinor, 0)
            const payable = netted.filter((o) => o.payer === party).reduce((s, o) => s + o.amountMinor, 0)
            const ownFees = fees.filter((f) => f.party === party && f.currency === currency).reduce((s, f) => s + f.feeMinor, 0)
            const collected = party === OPERATOR_PARTY ? fees.filter((f) => f.currency === currency).reduce((s, f) => s + f.feeMinor, 0) : 0
            const p = positions.find((x) => x.party === party && x.currency === currency)
            expect(p?.netMinor ?? 0).toBe(receivable - payable - ownFees + collected)
          }
      }),
      { numRuns: 300 }
    )
  })

  it('keeps gross obligations out of the net, shown apart', () => {
    fc.assert(
      fc.property(fc.array(obligation, { maxLength: 100 }), (obligations) => {
        const { positions, matrix } = net(obligations, [], name)
        const gross = obligations.filter((o) => o.gross && o.payer !== o.payee)
        expect(positions.reduce((s, p) => s + p.grossPayableMinor, 0)).toBe(gross.reduce((s, o) => s + o.amountMinor, 0))
        expect(matrix.filter((m) => m.gross).reduce((s, m) => s + m.amountMinor, 0)).toBe(gross.reduce((s, o) => s + o.amountMinor, 0))
      })
    )
  })

  it('nets a worked example: three banks, a circle of debts and a fee', () => {
    const o = (payer: string, payee: string, amountMinor: number): Obligation => ({ payer, payee, currency: 'KZT', count: 1, amountMinor, gross: false })
    const fees: FeeTotal[] = [{ party: 'P001', currency: 'KZT', feeMinor: 150 }]
    const { positions, matrix } = net([o('P001', 'P002', 10_000), o('P002', 'P003', 7_000), o('P003', 'P001', 4_000), o('P001', 'P001', 999)], fees, name)
    const netOf = (p: string) => positions.find((x) => x.party === p)!.netMinor
    expect([netOf('P001'), netOf('P002'), netOf('P003'), netOf(OPERATOR_PARTY)]).toEqual([-6_150, 3_000, 3_000, 150])
    // A bank's obligation to itself cancels out and is not in the matrix.
    expect(matrix.map((m) => `${m.payer}>${m.payee}`)).toEqual(['P001>P002', 'P002>P003', 'P003>P001'])
  })

  it('pays back, from the operator, fees given back beyond those charged that day (R9.4.6)', () => {
    const fees: FeeTotal[] = [
      { party: 'P001', currency: 'KZT', feeMinor: -500 },
      { party: 'P002', currency: 'KZT', feeMinor: 200 }
    ]
    const { positions, checks } = net([], fees, name)
    const of = (party: string) => positions.find((p) => p.party === party)!
    expect([of('P001'), of('P002'), of(OPERATOR_PARTY)].map((p) => [p.receivableMinor, p.payableMinor, p.feesMinor, p.netMinor])).toEqual([
      [0, 0, -500, 500],
      [0, 0, 200, -200],
      [0, 300, 0, -300]
    ])
    expect(checks).toEqual([{ currency: 'KZT', sumMinor: 0 }])
  })
})
