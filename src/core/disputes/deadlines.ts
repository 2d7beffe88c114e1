// Deadlines of a dispute under the contract's terms (R10.1.2): counted in operational days (a term of N days
// ends at 24:00 Asia/Almaty of the N-th operational day after the event's) or in calendar days (N × 24 hours
// from the event itself).
import { endOfDay, nextDay, operationalDayOf } from '../opday/calendar'

export type TermUnit = 'operational' | 'calendar'

export interface DisputeTerms {
  unit: TermUnit
  filingDays: number
  answerDays: number
  decisionDays: number
  appealDays: number
}

const DAY_MS = 24 * 3600_000
/** A deadline this close is flagged, so the queue shows it before it is missed. */
export const DUE_SOON_MS = 2 * DAY_MS

/** The end of a term of `days` that starts at `from` (an instant). */
export function deadline(from: number, days: number, unit: TermUnit): number {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('a term is a whole number of days')
  if (unit === 'calendar') return from + days * DAY_MS
  let day = operationalDayOf(from)
  for (let i = 0; i < days; i++) day = nextDay(day)
  return endOfDay(day)
}

/** The last moment an application may be filed for an operation of `opDay` received at `receivedAt`. */
export function filingDeadline(opDay: string, receivedAt: number, terms: DisputeTerms): number {
  return terms.unit === 'operational' ? deadline(endOfDay(opDay) - 1, terms.filingDays, 'operational') : deadline(receivedAt, terms.filingDays, 'calendar')
}

export type DeadlineFlag = 'overdue' | 'due_soon' | 'on_time'

export function flagOf(due: number | null, now: number): DeadlineFlag | null {
  if (due === null) return null
  if (now > due) return 'overdue'
  return due - now <= DUE_SOON_MS ? 'due_soon' : 'on_time'
}
