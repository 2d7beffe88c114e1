import { describe, expect, it } from 'vitest'
import { bankOfBic, iinCheckDigit, isValidBin, isValidIin, isValidIinOrBin, sameBank } from '../../../../src/core/domain/identifiers'
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

/** The first 11 digits with their check digit (the serial is moved on until one is assignable). */
const withCheck = (first7: string): string => {
  for (let serial = 1; ; serial++) {
    const first11 = `${first7}${String(serial).padStart(4, '0')}`
    const c = iinCheckDigit(first11)
    if (c !== null) return `${first11}${c}`
  }
}

describe('an individual’s IIN: birth date, century-and-sex digit (DOMAIN.md)', () => {
  it.each(['061211600012', withCheck('8803154'), withCheck('0002295'), withCheck('9912311')])('accepts %s', (v) => {
    expect(isValidIin(v)).toBe(true)
  })

  it.each([
    ['a BIN (registration month, type digit 4)', '931140001235'],
    ['a BIN of a non-resident', withCheck('1008500')],
    ['month 13', withCheck('9013013')],
    ['day 32', withCheck('9001323')],
    ['29 February of a common year', withCheck('0102293')],
    ['century digit 0', withCheck('9001010')],
    ['century digit 7', withCheck('9001017')],
    ['a wrong check digit', '061211600013']
  ])('refuses %s', (_what, v) => {
    expect(isValidIin(v)).toBe(false)
  })
})

describe('a legal entity’s BIN: registration month, type and attribute digits (DOMAIN.md)', () => {
  it.each(['940140000385', '990140004654', '100840001116', withCheck('2403510'), withCheck('2403613')])('accepts %s', (v) => {
    expect(isValidBin(v)).toBe(true)
  })

  it('accepts every demo participant BIN', () => {
    for (const p of DEMO_PARTICIPANTS) expect(isValidBin(p.bin)).toBe(true)
  })

  it.each([
    ['an individual’s IIN', '061211600012'],
    ['month 00', withCheck('2400400')],
    ['month 13', withCheck('2413400')],
    ['type digit 3', withCheck('2403300')],
    ['type digit 7', withCheck('2403700')],
    ['attribute digit 4', withCheck('2403440')],
    ['a wrong check digit', '940140000384']
  ])('refuses %s', (_what, v) => {
    expect(isValidBin(v)).toBe(false)
  })
})

describe('the bank a BIC names (ISO 9362)', () => {
  it('is its first 8 characters: the head office written with XXX, or a branch, is the same bank', () => {
    expect(['CASPKZKA', 'CASPKZKAXXX', 'CASPKZKA001'].map(bankOfBic)).toEqual(['CASPKZKA', 'CASPKZKA', 'CASPKZKA'])
    expect(sameBank('CASPKZKAXXX', 'CASPKZKA')).toBe(true)
    expect(sameBank('CASPKZKA', 'CASPKZKA001')).toBe(true)
  })

  it('tells other banks, and malformed BICs, apart', () => {
    expect(sameBank('CASPKZKB', 'CASPKZKA')).toBe(false)
    expect(sameBank('HSBKKZKXXXX', 'CASPKZKA')).toBe(false)
    expect(sameBank('CASPKZKAX', 'CASPKZKA')).toBe(false)
  })
})
