// The fee of one operation under a tariff (R2.3, R9.4.6): integer arithmetic, rounding, minimum and maximum.
import { describe, expect, it } from 'vitest'
import { feeOf } from '../../../../src/core/clearing/tariffs'

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
