import type { Database } from 'better-sqlite3'
import type { OperationType } from '../api/types'
import { statementCache } from '../store/statements'
import { concernsParticipantSql } from './operation-parties'
import { RESULT_CODES } from './result-codes'

interface Group {
  type: OperationType
  currency: string
  count: number
  amountMinor: number
  refused: number
}

interface Totals {
  day: string
  /** Every operation up to this one has been read, whether it concerned the scope or not. */
  afterSeq: number
  /** The newest operation of the day in the scope. */
  lastSeq: number
  groups: Map<string, Group>
}

const { APPROVED, REVERSAL_ACCEPTED } = RESULT_CODES

/**
 * The open day's counts and volumes by type and currency, kept up to date incrementally: each reading adds
 * only the operations that arrived since the last one, so a screen polling every few seconds costs the
 * Center next to nothing even at a million operations a day. Counted as they were answered (accepted or
 * refused on arrival), which later reversals do not change; an accepted reversal or void is accepted. The
 * volume is what moved money forward (R9.3.7): a hold moves none, its completion moves what it takes.
 */
export class DayTotals {
  private readonly sql: ReturnType<typeof statementCache>
  private readonly byScope = new Map<string, Totals>()

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  /**
   * The totals of a day, for everyone (scope null) or for the operations that concern one participant, the
   * newest of those operations (0: none yet that day), and the newest operation of all (`upTo`).
   */
  read(day: string, scope: string | null): { groups: Group[]; lastSeq: number; upTo: number } {
    const key = scope ?? '*'
    let t = this.byScope.get(key)
    if (!t || t.day !== day) this.byScope.set(key, (t = { day, afterSeq: 0, lastSeq: 0, groups: new Map() }))
    // Read up to the newest operation now, so a bank with none lately does not have the others read again next time.
    const upTo = this.sql<[], number>('SELECT coalesce(max(seq), 0) FROM operations').pluck().get() ?? 0
    const where = scope ? `AND ${concernsParticipantSql('o', '@p')}` : 'AND @p IS NULL'
    const rows = this.sql<[{ day: string; after: number; upTo: number; p: string | null }], Group & { last: number }>(
      `SELECT type, currency, count(*) AS count, sum(CASE WHEN result_code = '${APPROVED}' AND two_phase = 0 THEN amount_minor ELSE 0 END) AS amountMinor,
         sum(result_code NOT IN ('${APPROVED}', '${REVERSAL_ACCEPTED}')) AS refused, max(seq) AS last
       FROM operations o WHERE op_day = @day AND seq > @after AND seq <= @upTo ${where} GROUP BY type, currency`
    ).all({ day, after: t.afterSeq, upTo, p: scope })
    for (const r of rows) {
      const k = `${r.type} ${r.currency}`
      const g = t.groups.get(k) ?? { type: r.type, currency: r.currency, count: 0, amountMinor: 0, refused: 0 }
      g.count += r.count
      g.amountMinor += r.amountMinor
      g.refused += r.refused
      t.groups.set(k, g)
      t.lastSeq = Math.max(t.lastSeq, r.last)
    }
    t.afterSeq = Math.max(t.afterSeq, upTo)
    const groups = [...t.groups.values()].sort((a, b) => a.type.localeCompare(b.type) || a.currency.localeCompare(b.currency))
    return { groups, lastSeq: t.lastSeq, upTo }
  }
}
