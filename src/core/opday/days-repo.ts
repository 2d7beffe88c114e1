import type { Database } from 'better-sqlite3'
import type { CloseKind, DayState, OperationalDayRow, SettlementState } from '../api/clearing-types'
import { readCoded, storedCoded, type CodedText } from '../domain/coded-text'
import { statementCache } from '../store/statements'

interface DayRecord {
  day: string
  state: DayState
  opened_at: number
  closed_at: number | null
  close_kind: CloseKind | null
  closed_by: string | null
  close_reason: string | null
  first_seq: number | null
  last_seq: number | null
  operations: number
  cleared_at: number | null
  settled_at: number | null
  failure: string | null
  attempts: number
  settlement: SettlementState | null
  closed_by_login: string | null
}

const SELECT = `SELECT d.*, s.state AS settlement, u.login AS closed_by_login
  FROM operational_days d LEFT JOIN settlements s ON s.day = d.day LEFT JOIN users u ON u.id = d.closed_by`

const toRow = (r: DayRecord): OperationalDayRow => ({
  day: r.day,
  state: r.state,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  closeKind: r.close_kind,
  closedBy: r.closed_by_login,
  closeReason: r.close_reason,
  firstSeq: r.first_seq,
  lastSeq: r.last_seq,
  operations: r.operations,
  clearedAt: r.cleared_at,
  settledAt: r.settled_at,
  failure: readCoded(r.failure),
  attempts: r.attempts,
  settlement: r.settlement
})

/** Operational days and their states (R3.1.1, R5). */
export class DaysRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  get(day: string): OperationalDayRow | undefined {
    const r = this.sql<[string], DayRecord>(`${SELECT} WHERE d.day = ?`).get(day)
    return r && toRow(r)
  }

  open(): OperationalDayRow | undefined {
    const r = this.sql<[], DayRecord>(`${SELECT} WHERE d.state = 'open'`).get()
    return r && toRow(r)
  }

  last(): OperationalDayRow | undefined {
    const r = this.sql<[], DayRecord>(`${SELECT} ORDER BY d.day DESC LIMIT 1`).get()
    return r && toRow(r)
  }

  /** The days of a period on record, oldest first. */
  between(from: string, to: string): OperationalDayRow[] {
    return this.sql<[string, string], DayRecord>(`${SELECT} WHERE d.day BETWEEN ? AND ? ORDER BY d.day`).all(from, to).map(toRow)
  }

  /** Newest first. */
  list(limit: number): OperationalDayRow[] {
    return this.sql<[number], DayRecord>(`${SELECT} ORDER BY d.day DESC LIMIT ?`).all(limit).map(toRow)
  }

  /** Days whose close has begun and not yet reached 'cleared' (nor failed), oldest first. */
  unfinished(): OperationalDayRow[] {
    return this.sql<[], DayRecord>(`${SELECT} WHERE d.state IN ('closing', 'closed') ORDER BY d.day`).all().map(toRow)
  }

  insertOpen(day: string, now: number): void {
    this.sql(`INSERT INTO operational_days (day, state, opened_at) VALUES (?, 'open', ?)`).run(day, now)
  }

  beginClose(day: string, kind: CloseKind, by: string | null, reason: string | null, now: number): void {
    const r = this.sql(`UPDATE operational_days SET state = 'closing', closed_at = ?, close_kind = ?, closed_by = ?, close_reason = ? WHERE day = ? AND state = 'open'`).run(now, kind, by, reason, day)
    if (r.changes !== 1) throw new Error(`day ${day} is not open`)
  }

  /**
   * The day's range of operation numbers, read without the write lock: once its close has begun no operation
   * can join the day (every later transaction stamps the next one), so the range is final.
   */
  rangeOf(day: string): { first: number | null; last: number | null; n: number } {
    return this.sql<[string], { first: number | null; last: number | null; n: number }>('SELECT min(seq) AS first, max(seq) AS last, count(*) AS n FROM operations WHERE op_day = ?').get(day)!
  }

  markClosed(day: string, range: { first: number | null; last: number | null; n: number }): void {
    this.sql(`UPDATE operational_days SET state = 'closed', first_seq = ?, last_seq = ?, operations = ? WHERE day = ? AND state = 'closing'`).run(range.first, range.last, range.n, day)
  }

  setState(day: string, from: DayState, to: DayState, now: number): void {
    const stamp = to === 'cleared' ? ', cleared_at = @now' : to === 'settled' ? ', settled_at = @now' : ''
    const r = this.sql(`UPDATE operational_days SET state = @to, failure = NULL${stamp} WHERE day = @day AND state = @from`).run({ day, from, to, now })
    if (r.changes !== 1) throw new Error(`day ${day} is not ${from}`)
  }

  fail(day: string, failure: CodedText): void {
    this.sql(`UPDATE operational_days SET state = 'failed', failure = ?, attempts = attempts + 1 WHERE day = ?`).run(storedCoded(failure, 800), day)
  }

  /** A failed day goes back to closing: taking the range and processing the queue again changes nothing done. */
  retry(day: string): void {
    const r = this.sql(`UPDATE operational_days SET state = 'closing' WHERE day = ? AND state = 'failed'`).run(day)
    if (r.changes !== 1) throw new Error(`day ${day} has not failed`)
  }
}
