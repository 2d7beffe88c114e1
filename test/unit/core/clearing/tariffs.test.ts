// The fee of one operation under a tariff (R2.3, R9.4.6): integer arithmetic, rounding, minimum and maximum.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { feeGivenBack, feeOf } from '../../../../src/core/clearing/tariffs'

describe('feeOf', () => {
  const t = (fixedMinor: number, percentBp: number, minMinor: number | null = null, maxMinor: number | null = null) => ({ fixedMinor, percentBp, minMinor, maxMinor })
  it('adds a fixed part to a percentage in basis points, rounded half up to the minor unit', () => {
    expect(feeOf(t(0, 10), 1_000_000)).toBe(1_000) // 0.10 % of 10,000.00 = 10.00
    expect(feeOf(t(500, 0), 123)).toBe(500)
    expect(feeOf(t(0, 15), 333)).toBe(0) // 0.4995 → 0
    expect(feeOf(t(0, 15), 334)).toBe(1) // 0.501 → 1
    expect(feeOf(t(0, 50), 100)).toBe(1) // exactly 0.5 → 1
  })
  it('clamps to the minimum and the maximum', () => {
    expect(feeOf(t(0, 10, 1_000, 200_000), 100)).toBe(1_000)
    expect(feeOf(t(0, 10, 1_000, 200_000), 1_000_000_000)).toBe(200_000)
    expect(feeOf(t(100, 10, null, 150), 1_000_000)).toBe(150)
  })
  it('stays exact for the largest amounts a day holds', () => {
    expect(feeOf(t(0, 1), 9_000_000_000_000)).toBe(900_000_000)
  })
})

describe('feeGivenBack (R9.4.6): the fee follows the operation', () => {
  const t = (fixedMinor: number, percentBp: number, minMinor: number | null = null, maxMinor: number | null = null) => ({ fixedMinor, percentBp, minMinor, maxMinor })
  it('gives back the whole fee when the whole amount goes back', () => {
    expect(feeGivenBack(t(0, 10, 1_000, 200_000), 5_000_000, 5_000_000)).toBe(feeOf(t(0, 10, 1_000, 200_000), 5_000_000))
    expect(feeGivenBack(t(500, 0), 123, 123)).toBe(500)
  })
  it('gives back, for a part, the fee of what stood less the fee of what still stands', () => {
    const tariff = t(0, 10, 1_000, 200_000) // 0.10 %, at least 10.00
    expect(feeGivenBack(tariff, 3_000_000, 2_500_000)).toBe(3_000 - 1_000) // 30.00 → 10.00 (5,000.00 stands, the minimum)
    expect(feeGivenBack(tariff, 500_000, 100_000)).toBe(0) // 10.00 → 10.00: the minimum still applies
    expect(feeGivenBack(t(500, 0), 10_000, 4_000)).toBe(0) // a fixed fee stays while anything stands
  })
  it('adds up, over parts given back one by one, to exactly the fee charged, never giving back more or a negative part', () => {
    fc.assert(
      fc.property(
        fc.record({ fixedMinor: fc.nat(10_000), percentBp: fc.nat(10_000), minMinor: fc.option(fc.nat(10_000)), maxMinor: fc.option(fc.nat(1_000_000)) }),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 6 }),
        (raw, amount, weights) => {
          const tariff = { ...raw, maxMinor: raw.maxMinor !== null && raw.minMinor !== null ? Math.max(raw.maxMinor, raw.minMinor) : raw.maxMinor }
          const total = weights.reduce((s, w) => s + w, 0)
          const parts = weights.map((w) => Math.floor((amount * w) / total))
          parts[parts.length - 1]! += amount - parts.reduce((s, p) => s + p, 0)
          let standing = amount
          let back = 0
          for (const part of parts.filter((p) => p > 0)) {
            const given = feeGivenBack(tariff, standing, part)
            expect(given).toBeGreaterThanOrEqual(0)
            back += given
            standing -= part
          }
          expect(back).toBe(feeOf(tariff, amount))
        }
      )
    )
  })
})
