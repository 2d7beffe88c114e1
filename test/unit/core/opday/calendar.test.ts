import { describe, expect, it } from 'vitest'
import { operationalDayOf } from '../../../../src/core/opday/calendar'

describe('operational day (Asia/Almaty, R3.1.1)', () => {
  it('turns at 24:00 Almaty time, which is 19:00 UTC', () => {
    expect(operationalDayOf(Date.parse('2026-11-23T18:59:59.999Z'))).toBe('2026-11-23')
    expect(operationalDayOf(Date.parse('2026-11-23T19:00:00.000Z'))).toBe('2026-11-24')
  })

  it('crosses month and year ends', () => {
    expect(operationalDayOf(Date.parse('2026-12-31T19:00:00Z'))).toBe('2027-01-01')
    expect(operationalDayOf(Date.parse('2028-02-28T19:30:00Z'))).toBe('2028-02-29')
  })

  it('uses UTC+6 before 1 March 2024, when Almaty moved to UTC+5', () => {
    expect(operationalDayOf(Date.parse('2024-02-10T18:30:00Z'))).toBe('2024-02-11')
    expect(operationalDayOf(Date.parse('2024-03-10T18:30:00Z'))).toBe('2024-03-10')
  })

  it('gives each instant of an hour that day, however the calls alternate (it remembers the last hour asked)', () => {
    const before = Date.parse('2026-11-23T18:00:00Z')
    const after = Date.parse('2026-11-23T19:00:00Z')
    for (const [at, day] of [
      [before, '2026-11-23'],
      [before + 3599_999, '2026-11-23'],
      [after, '2026-11-24'],
      [before + 1, '2026-11-23'],
      [after + 3599_999, '2026-11-24'],
      [after - 1, '2026-11-23']
    ] as const)
      expect(operationalDayOf(at)).toBe(day)
  })

  it('refuses an instant that is not a number', () => {
    expect(() => operationalDayOf(Number.NaN)).toThrow(RangeError)
  })
})
