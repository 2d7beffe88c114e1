import type { Database } from 'better-sqlite3'
import type { CloseKind, OperationalDayRow } from '../api/clearing-types'
import type { DayClearing } from '../clearing/day-clearing'
import type { Clock } from '../domain/clock'
import { CodedError, codedOf } from '../domain/coded-text'
import { refuse } from '../domain/errors'
import type { AuditLog } from '../security/audit-log'
import { endOfDay, nextDay, operationalDayOf } from './calendar'
import type { CloseQueue } from './close-queue'
import { DaysRepo } from './days-repo'

/** The steps of a close, in order; a test can stop the process at any of them. */
export type CloseStep = 'begun' | 'queue' | 'closed' | 'computed' | 'written' | 'cleared'

export interface DayCloserOptions {
  db: Database
  clock: Clock
  audit: AuditLog
  queue: CloseQueue
  clearing: DayClearing
  /** Called after each step of a close (fault injection in the crash test). */
  onStep?: (step: CloseStep, day: string) => void
}

/** A close within this long of midnight is the scheduled one; later, the app was not running (catch-up). */
const SCHEDULE_GRACE_MS = 10 * 60_000

/**
 * Closes operational days (R3.1.1, R5): at 24:00 Asia/Almaty, by hand ahead of time, and on start for
 * every day missed while the app was not running, one by one in order (close-of-business catch-up). The
 * close begins with one short write — the day stops taking operations and the next one opens, so intake
 * never stops — then processes the day's queued files (R4.1), takes the day's range of operations, and
 * clears it: the clearing is read first and stored in one transaction with the move to 'cleared', so a
 * close interrupted anywhere resumes from its last step and gives the same result.
 */
export class DayCloser {
  readonly days: DaysRepo

  constructor(private readonly o: DayCloserOptions) {
    this.days = new DaysRepo(o.db)
  }

  /** Opens today if no day is open, closes every day whose end has passed, and finishes unfinished closes. */
  tick(): OperationalDayRow[] {
    const now = this.o.clock.now()
    const today = operationalDayOf(now)
    // Most ticks find today open and nothing to finish: they take no write lock from the Center.
    const current = this.days.open()
    if (current && current.day >= today && this.days.unfinished().length === 0) return []
    this.o.db.transaction(() => {
      let open = this.days.open()
      if (!open) {
        // After the last day known; in a database that has none yet, from its first operation's day.
        const last = this.days.last()
        const first = this.o.db.prepare<[], string | null>('SELECT min(op_day) FROM operations').pluck().get() ?? null
        const day = last ? nextDay(last.day) : first && first < today ? first : today
        this.days.insertOpen(day, now)
        open = this.days.get(day)!
      }
      while (open.day < today) {
        const kind: CloseKind = now - endOfDay(open.day) <= SCHEDULE_GRACE_MS ? 'scheduled' : 'catch_up'
        this.begin(open.day, kind, null, null, now)
        open = this.days.open()!
      }
    }).immediate()
    const done: OperationalDayRow[] = []
    for (const d of this.days.unfinished()) done.push(this.advance(d.day))
    return done
  }

  /** An officer closes the open day ahead of 24:00 with a reason; the rest of the close follows in `tick`. */
  closeByHand(userId: string, login: string, reason: string): OperationalDayRow {
    const now = this.o.clock.now()
    return this.o.db.transaction(() => {
      const open = this.days.open() ?? refuse('CONFLICT', 'clearing.no_open_day', {}, 'no operational day is open')
      if (open.day > operationalDayOf(now)) refuse('CONFLICT', 'clearing.close_day_not_begun', { day: open.day }, `operational day ${open.day} has not begun yet: it opens at 00:00 Asia/Almaty`)
      this.begin(open.day, 'manual', userId, reason, now, login)
      return this.days.get(open.day)!
    }).immediate()
  }

  /** A failed close is tried again from its start; what was done before the failure is not repeated. */
  retry(day: string, userId: string, login: string): OperationalDayRow {
    const now = this.o.clock.now()
    this.o.db.transaction(() => {
      const d = this.days.get(day) ?? refuse('NOT_FOUND', 'clearing.no_day', { day }, `no operational day ${day}`)
      if (d.state !== 'failed') refuse('CONFLICT', 'clearing.day_not_failed', { day, dayStatus: d.state }, `operational day ${day} is ${d.state}, not failed`)
      this.days.retry(day)
      this.audit('opday.retry', day, `attempt ${d.attempts + 1} after: ${d.failure?.message ?? ''}`, now, userId, login)
    })()
    return this.days.get(day)!
  }

  private begin(day: string, kind: CloseKind, by: string | null, reason: string | null, now: number, login: string | null = null): void {
    this.days.beginClose(day, kind, by, reason, now)
    if (!this.days.open()) this.days.insertOpen(nextDay(day), now)
    this.audit('opday.close', day, `${kind}${reason ? `: ${reason}` : ''}`, now, by, login)
    this.o.onStep?.('begun', day)
  }

  /** Runs a day's remaining steps; a failure marks the day failed with its reason and stops there. */
  private advance(day: string): OperationalDayRow {
    try {
      let d = this.days.get(day)!
      if (d.state === 'closing') {
        const q = this.o.queue.process(day, () => this.o.clock.now())
        this.o.onStep?.('queue', day)
        const range = this.days.rangeOf(day)
        this.o.db.transaction(() => {
          this.days.markClosed(day, range)
          this.audit('opday.closed', day, `queued files: ${q.processed} processed, ${q.failed} failed`, this.o.clock.now())
        }).immediate()
        this.o.onStep?.('closed', day)
        d = this.days.get(day)!
      }
      if (d.state === 'closed') {
        // Read outside the write lock: the Center keeps committing the next day's operations meanwhile.
        const result = this.o.clearing.compute(d)
        this.o.onStep?.('computed', day)
        const unbalanced = result.checks.filter((c) => c.sumMinor !== 0)
        const [first] = unbalanced
        if (first)
          throw new CodedError('unbalanced', { currency: first.currency, sumMinor: first.sumMinor }, `net positions do not sum to zero: ${unbalanced.map((c) => `${c.currency} ${c.sumMinor}`).join(', ')}`)
        this.o.db.transaction(() => {
          this.o.clearing.write(result)
          this.o.onStep?.('written', day)
          this.days.setState(day, 'closed', 'cleared', this.o.clock.now())
          this.audit('opday.cleared', day, `${d.operations} operations, ${result.positions.length} positions, ${result.instructions.length} instructions`, this.o.clock.now())
        }).immediate()
        this.o.onStep?.('cleared', day)
      }
    } catch (e) {
      const failure = codedOf(e)
      this.o.db.transaction(() => {
        this.days.fail(day, failure)
        this.audit('opday.failed', day, failure.message, this.o.clock.now())
      })()
    }
    return this.days.get(day)!
  }

  private audit(action: string, day: string, detail: string, now: number, actorId: string | null = null, actorLogin: string | null = null): void {
    this.o.audit.append({ at: now, actorId, actorLogin, sessionId: null, action, outcome: 'ok', errorCode: null, subject: day, detail })
  }
}
