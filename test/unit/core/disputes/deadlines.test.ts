// Dispute deadlines (R10.1.2) with an injected clock, across operational-day boundaries (24:00 Asia/Almaty).
import { describe, expect, it } from 'vitest'
import { deadline, filingDeadline, flagOf, DUE_SOON_MS } from '../../../../src/core/disputes/deadlines'

const almaty = (iso: string): number => Date.parse(`${iso}+05:00`)

describe('dispute deadlines', () => {
  it('counts calendar days as 24-hour periods from the event', () => {
    expect(deadline(almaty('2026-11-25T10:30:00'), 10, 'calendar')).toBe(almaty('2026-12-05T10:30:00'))
  })

  it('ends an operational term at 24:00 Almaty of the N-th day after the event’s day', () => {
    expect(deadline(almaty('2026-11-25T10:30:00'), 3, 'operational')).toBe(almaty('2026-11-29T00:00:00'))
    // One millisecond before midnight is still the 25th; at midnight the 26th has begun.
    expect(deadline(almaty('2026-11-25T23:59:59.999'), 1, 'operational')).toBe(almaty('2026-11-27T00:00:00'))
    expect(deadline(almaty('2026-11-26T00:00:00'), 1, 'operational')).toBe(almaty('2026-11-28T00:00:00'))
  })

  it('crosses a month and a year end', () => {
    expect(deadline(almaty('2026-12-30T12:00:00'), 3, 'operational')).toBe(almaty('2027-01-03T00:00:00'))
  })

  it('counts the filing term from the operation’s operational day, or from its receipt in calendar days', () => {
    const terms = { filingDays: 5, answerDays: 1, decisionDays: 1, appealDays: 1 }
    // An operation received at 23:59:59 of the 25th belongs to the 25th: five operational days end at 24:00 of the 30th.
    expect(filingDeadline('2026-11-25', almaty('2026-11-25T23:59:59'), { ...terms, unit: 'operational' })).toBe(almaty('2026-12-01T00:00:00'))
    expect(filingDeadline('2026-11-25', almaty('2026-11-25T23:59:59'), { ...terms, unit: 'calendar' })).toBe(almaty('2026-11-30T23:59:59'))
  })

  it('flags a deadline as on time, due soon or overdue', () => {
    const due = almaty('2026-12-01T00:00:00')
    expect(flagOf(due, due - DUE_SOON_MS - 1)).toBe('on_time')
    expect(flagOf(due, due - DUE_SOON_MS)).toBe('due_soon')
    expect(flagOf(due, due)).toBe('due_soon')
    expect(flagOf(due, due + 1)).toBe('overdue')
    expect(flagOf(null, due)).toBeNull()
  })

  it('refuses a term that is not a whole number of days', () => {
    expect(() => deadline(0, 1.5, 'calendar')).toThrow(RangeError)
    expect(() => deadline(0, -1, 'operational')).toThrow(RangeError)
  })
})
