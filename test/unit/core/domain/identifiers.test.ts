import { describe, expect, it } from 'vitest'
import { iinCheckDigit, isValidIinOrBin } from '../../../../src/core/domain/identifiers'
import { DEMO_PARTICIPANTS } from '../../../../src/core/demo/seed'

describe('IIN / BIN check digit', () => {
  it.each(['940140000385', '990140004654', '061211600012'])('accepts the published example %s', (v) => {
    expect(isValidIinOrBin(v)).toBe(true)
  })

  it('accepts every demo participant BIN', () => {
    for (const p of DEMO_PARTICIPANTS) expect(isValidIinOrBin(p.bin)).toBe(true)
  })

  it.each(['940140000384', '94014000038', '9401400003850', '94014000038a', ''])('refuses %s', (v) => {
    expect(isValidIinOrBin(v)).toBe(false)
  })

  it('uses the second weights when the first sum gives 10', () => {
    // 00000000091: first sum 9*10+1*11=101 mod 11 = 2 → not 10; search one that gives 10.
    let found: string | undefined
    for (let n = 0; n < 100000 && !found; n++) {
      const s = String(n).padStart(11, '0')
      const digits = [...s].map(Number)
      if (digits.reduce((a, d, i) => a + d * (i + 1), 0) % 11 === 10) found = s
    }
    expect(found).toBeDefined()
    const c = iinCheckDigit(found!)
    const w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    const second = [...found!].map(Number).reduce((a, d, i) => a + d * w2[i]!, 0) % 11
    expect(c).toBe(second === 10 ? null : second)
  })
})
