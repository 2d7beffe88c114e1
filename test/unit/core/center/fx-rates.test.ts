// Exchange rates are millionths, never floats (R7.3.5).
import { describe, expect, it } from 'vitest'
import { convert, formatRate, parseRate } from '../../../../src/core/center/fx-rates'

describe('exchange rates', () => {
  it('parses and formats rates exactly', () => {
    expect(parseRate('512.34')).toBe(512_340_000)
    expect(parseRate('0.001941')).toBe(1_941)
    expect(formatRate(512_340_000)).toBe('512.34')
    expect(formatRate(1_941)).toBe('0.001941')
    expect(formatRate(7_000_000)).toBe('7')
  })

  it('refuses what is not a rate', () => {
    for (const bad of ['', '1.2345678', '-1', '1e3', '1,5', ' 1']) expect(() => parseRate(bad)).toThrow(/not a rate/)
  })

  it('converts minor units rounding down, exactly, and refuses a result too large to be exact', () => {
    expect(convert(1_000_000, 1_941)).toBe(1_941) // 10,000.00 KZT → 19.41 USD
    expect(convert(999, 512_340_000)).toBe(511_827) // 9.99 USD → 5,118.27 KZT (5,118.2766)
    expect(convert(9_007_199_254_740_991, 1_000_000)).toBe(9_007_199_254_740_991)
    expect(convert(999_999_999_999_999, 512_340_000)).toBeNull()
  })
})
