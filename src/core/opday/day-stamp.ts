import type { Database } from 'better-sqlite3'
import { statementCache } from '../store/statements'
import { operationalDayOf } from './calendar'

const later = (a: string, b: string | undefined): string => (b !== undefined && b > a ? b : a)

/**
 * The operational day an operation is stamped with (R3.1.1): the calendar day in Asia/Almaty, unless a day
 * was closed ahead of time (then the open day is later), and never earlier than the last operation's day
 * (a clock stepping back at midnight cannot put an operation into a day that has begun to close). So days
 * follow operation numbers in order, and a day's operations are one range of numbers. Read once per
 * transaction: the close moves the open day inside its own write transaction.
 */
export class DayStamp {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  stamp(now: number): string {
    const open = this.sql<[], string>(`SELECT day FROM operational_days WHERE state = 'open'`).pluck().get()
    const last = this.sql<[], string>('SELECT op_day FROM operations ORDER BY seq DESC LIMIT 1').pluck().get()
    return later(later(operationalDayOf(now), open), last)
  }
}
