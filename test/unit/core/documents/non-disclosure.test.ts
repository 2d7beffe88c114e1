// R14.9: five years of non-disclosure after a participant leaves, counted in calendar years in Asia/Almaty.
import { describe, expect, it } from 'vitest'
import { fiveYearsAfter, nonDisclosureOf } from '../../../../src/core/documents/non-disclosure'

const at = (iso: string): number => Date.parse(iso)

describe('non-disclosure period', () => {
  it('runs five calendar years from the moment the participant left', () => {
    expect(fiveYearsAfter(at('2026-11-23T09:00:00+05:00'))).toBe(at('2031-11-23T09:00:00+05:00'))
    // Late evening in Almaty is already the next day in the calendar counted: the year is Almaty's, not UTC's.
    expect(fiveYearsAfter(at('2026-12-31T23:30:00+05:00'))).toBe(at('2031-12-31T23:30:00+05:00'))
    // 29 February has no match five years on: the period ends on 1 March.
    expect(fiveYearsAfter(at('2028-02-29T10:00:00+05:00'))).toBe(at('2033-03-01T10:00:00+05:00'))
  })

  it('is open-ended while every party remains, and follows the participant that left last', () => {
    const left = new Map([['P001', at('2026-01-10T12:00:00+05:00')], ['P002', at('2027-03-05T12:00:00+05:00')]])
    expect(nonDisclosureOf(['operator', 'P003'], left)).toEqual({ leftParty: null, until: null })
    expect(nonDisclosureOf(['operator', 'P001'], left)).toEqual({ leftParty: 'P001', until: at('2031-01-10T12:00:00+05:00') })
    expect(nonDisclosureOf(['P001', 'P002', 'settlement_bank'], left)).toEqual({ leftParty: 'P002', until: at('2032-03-05T12:00:00+05:00') })
  })
})
