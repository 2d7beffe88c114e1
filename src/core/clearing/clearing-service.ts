import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import type { CenterStats, OperationRow } from '../api/center-types'
import type { ClearingResult, DayStatLine, OpdayOverview, FeeLine, MatrixCell, NetPosition, OperationalDayRow, RefusalLine, Tariff } from '../api/clearing-types'
import type { OperationsRepo } from '../center/operations-repo'
import { fail, refuse } from '../domain/errors'
import { endOfDay } from '../opday/calendar'
import type { CloseQueue } from '../opday/close-queue'
import type { DayCloser } from '../opday/day-closer'
import { DayStamp } from '../opday/day-stamp'
import { scopeCodeOf } from '../participants/scope-code'
import { statementCache } from '../store/statements'
import type { SettlementService } from './settlement-service'
import type { NewTariff, TariffsRepo } from './tariffs'

const byParty = <T extends { party: string }>(rows: T[], code: string | null): T[] => (code ? rows.filter((r) => r.party === code) : rows)

/**
 * What the clearing screens read and the officer's day actions: the day console, the clearing result with
 * its matrix and drill-down, fees and tariffs. Participant staff see their own bank's figures only: their
 * position, the matrix cells they are part of, their instructions, fees and statements.
 */
export class ClearingService {
  private readonly sql: ReturnType<typeof statementCache>
  private readonly stamp: DayStamp

  constructor(
    db: Database,
    private readonly closer: DayCloser,
    private readonly queue: CloseQueue,
    private readonly settlement: SettlementService,
    private readonly tariffsRepo: TariffsRepo,
    private readonly operations: OperationsRepo,
    private readonly live: (ctx: CallContext) => CenterStats,
    private readonly newId: () => string
  ) {
    this.sql = statementCache(db)
    this.stamp = new DayStamp(db)
  }

  overview(ctx: CallContext): OpdayOverview {
    const open = this.closer.days.open() ?? refuse('CONFLICT', 'clearing.no_open_day', {}, 'no operational day is open yet: the Center opens one when it starts')
    const previous = this.closer.days.list(2).find((d) => d.day !== open.day) ?? null
    const code = this.scopeCode(ctx)
    const live = this.live(ctx)
    return { open: this.seen(ctx, this.counted(open, live)), previous: previous && this.seen(ctx, previous), closesAt: endOfDay(open.day), live, queue: byParty(this.queue.list(open.day), code) }
  }

  days(ctx: CallContext, limit: number): OperationalDayRow[] {
    // Participant staff are not told the count (seen), so it is not worked out for them.
    const live = ctx.participantScope ? null : this.live(ctx)
    return this.closer.days.list(limit).map((d) => this.seen(ctx, live ? this.counted(d, live) : d))
  }

  /**
   * A day's count is written when its close takes its range: until then (open, closing, or failed before that
   * step) it is the operations the day has so far. The open day's are the live figures' (read incrementally,
   * cheap to poll); any other such day's are counted, its operations being final once it ends.
   */
  private counted(d: OperationalDayRow, live: CenterStats): OperationalDayRow {
    const rangeTaken = d.state !== 'open' && d.state !== 'closing' && (d.state !== 'failed' || d.firstSeq !== null)
    if (rangeTaken) return d
    return { ...d, operations: live.opDay === d.day ? live.accepted + live.refused : this.closer.days.rangeOf(d.day).n }
  }

  /** A day as the caller may see it: participant staff learn nothing of the whole system's volume (R14.3). */
  private seen(ctx: CallContext, d: OperationalDayRow): OperationalDayRow {
    return ctx.participantScope ? { ...d, firstSeq: null, lastSeq: null, operations: null } : d
  }

  close(ctx: CallContext, reason: string): OperationalDayRow {
    const user = ctx.requireUser()
    const d = this.closer.closeByHand(user.id, user.login, reason)
    ctx.subject = d.day
    return d
  }

  retry(ctx: CallContext, day: string): OperationalDayRow {
    const user = ctx.requireUser()
    ctx.subject = day
    return this.closer.retry(day, user.id, user.login)
  }

  result(ctx: CallContext, day: string): ClearingResult {
    ctx.subject = day
    const d = this.closer.days.get(day) ?? refuse('NOT_FOUND', 'clearing.no_day', { day }, `no operational day ${day}`)
    const code = this.scopeCode(ctx)
    const positions = this.sql<[string], { party: string; name: string | null; currency: string; receivable_minor: number; payable_minor: number; fees_minor: number; net_minor: number; gross_receivable_minor: number; gross_payable_minor: number }>(
      'SELECT c.*, p.name FROM clearing_positions c LEFT JOIN participants p ON p.code = c.party WHERE c.day = ? ORDER BY c.currency, c.party'
    ).all(day).map((r): NetPosition => ({
      party: r.party, name: r.name ?? r.party, currency: r.currency, receivableMinor: r.receivable_minor, payableMinor: r.payable_minor, feesMinor: r.fees_minor,
      netMinor: r.net_minor, grossReceivableMinor: r.gross_receivable_minor, grossPayableMinor: r.gross_payable_minor
    }))
    const matrix = this.sql<[string], { payer: string; payee: string; currency: string; gross: number; count: number; amount_minor: number }>(
      'SELECT * FROM clearing_matrix WHERE day = ? ORDER BY currency, payer, payee, gross'
    ).all(day).map((r): MatrixCell => ({ payer: r.payer, payee: r.payee, currency: r.currency, count: r.count, amountMinor: r.amount_minor, gross: r.gross === 1 }))
    const sums = new Map<string, number>()
    for (const p of positions) sums.set(p.currency, (sums.get(p.currency) ?? 0) + p.netMinor)
    const settlement = this.settlement.get(day)
    if (!code) return { day: d, positions, matrix, checks: [...sums].map(([currency, sumMinor]) => ({ currency, sumMinor })), settlement }
    return {
      day: this.seen(ctx, d),
      positions: byParty(positions, code),
      matrix: matrix.filter((m) => m.payer === code || m.payee === code),
      checks: [],
      settlement: settlement && { ...settlement, instructions: byParty(settlement.instructions, code), postings: byParty(settlement.postings, code) }
    }
  }

  /** The operations behind one matrix cell: newest first, from the ledger's postings between the two banks. */
  cellOperations(ctx: CallContext, day: string, payer: string, payee: string, currency: string | null, limit: number): OperationRow[] {
    const code = this.scopeCode(ctx)
    if (code && payer !== code && payee !== code) fail('OUT_OF_SCOPE', 'that participant’s data is not yours to see')
    const d = this.closer.days.get(day) ?? refuse('NOT_FOUND', 'clearing.no_day', { day }, `no operational day ${day}`)
    if (d.firstSeq === null || d.lastSeq === null) return []
    const seqs = this.sql<[{ first: number; last: number; payer: string; payee: string; currency: string | null; limit: number }], number>(
      `SELECT DISTINCT p.operation_seq FROM postings p
       JOIN accounts a ON a.id = p.debit_account AND a.kind = 'settlement' JOIN participants pa ON pa.id = a.participant_id AND pa.code = @payer
       JOIN accounts b ON b.id = p.credit_account AND b.kind = 'settlement' JOIN participants pb ON pb.id = b.participant_id AND pb.code = @payee
       WHERE p.operation_seq BETWEEN @first AND @last AND (@currency IS NULL OR p.currency = @currency) ORDER BY p.operation_seq DESC LIMIT @limit`
    ).pluck().all({ first: d.firstSeq, last: d.lastSeq, payer, payee, currency, limit })
    return seqs.map((s) => this.operations.row(s)!)
  }

  fees(ctx: CallContext, day: string): FeeLine[] {
    return byParty(
      this.sql<[string], FeeLine>(
        `SELECT day, party, role, op_type AS type, channel, currency, count, amount_minor AS amountMinor, fee_minor AS feeMinor, reversed, refund_minor AS refundMinor
         FROM day_fees WHERE day = ? ORDER BY party, role, op_type, channel, currency`
      ).all(day),
      this.scopeCode(ctx)
    )
  }

  /** The operational days of a period on record, oldest first, and the latest day begun. */
  period(from: string, to: string): { days: OperationalDayRow[]; last: string | null } {
    return { days: this.closer.days.between(from, to), last: this.closer.days.last()?.day ?? null }
  }

  /** A period's (or a day's) figures, for statements and the regulatory report. */
  stats(from: string, to: string, code: string | null): { stats: DayStatLine[]; refusals: RefusalLine[] } {
    const stats = this.sql<[{ from: string; to: string; code: string | null }], DayStatLine>(
      `SELECT day, party, role, op_type AS type, channel, currency, accepted, accepted_minor AS acceptedMinor, refused, held, held_minor AS heldMinor, reversed, reversed_minor AS reversedMinor
       FROM day_stats WHERE day BETWEEN @from AND @to AND (@code IS NULL OR party = @code) ORDER BY day, party, role, op_type, channel, currency`
    ).all({ from, to, code })
    const refusals = this.sql<[{ from: string; to: string; code: string | null }], RefusalLine>('SELECT * FROM day_refusals WHERE day BETWEEN @from AND @to AND (@code IS NULL OR party = @code) ORDER BY day, party, reason').all({ from, to, code })
    return { stats, refusals }
  }

  /** Every tariff for the operator's staff; for a participant's, the general ones and its own contract's (R2.3, R14.3). */
  tariffs(ctx: CallContext): Tariff[] {
    const code = this.scopeCode(ctx)
    const all = this.tariffsRepo.list()
    return code ? all.filter((t) => t.participant === null || t.participant === code) : all
  }

  /**
   * A tariff takes effect from a day not yet begun: a day's operations are all charged by the same tariffs. The
   * day running is the one the Center stamps now: the open day, or the calendar day already past 24:00 before
   * the close of the open one has begun (R3.1.1).
   */
  setTariff(ctx: CallContext, t: NewTariff): Tariff {
    const user = ctx.requireUser()
    const running = this.stamp.stamp(ctx.now)
    if (t.effectiveFrom <= running) refuse('CONFLICT', 'clearing.tariff_not_future', { runningDay: running }, `a tariff takes effect from a day not yet begun: after ${running}, the operational day running now`)
    const id = this.newId()
    ctx.subject = id
    this.tariffsRepo.insert(t, id, ctx.now, user.id)
    return this.tariffsRepo.list().find((x) => x.id === id)!
  }

  private scopeCode(ctx: CallContext): string | null {
    return scopeCodeOf(ctx, (id) => this.sql<[string], string>('SELECT code FROM participants WHERE id = ?').pluck().get(id))
  }
}
