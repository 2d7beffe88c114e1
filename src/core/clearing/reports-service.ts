import type { CallContext } from '../api/context'
import { ALL_PARTIES, type OperationalDayRow, type ReportFile, type ReportFormat, type ReportKind } from '../api/clearing-types'
import { refuse } from '../domain/errors'
import type { ParticipantsRepo } from '../participants/participants-repo'
import { clearingReport, fileNameOf, MIME_TYPES, participantStatement, regulatoryReport, toCsv, toPdf, type ReportDocument, type ReportFonts } from '../reports'
import type { ClearingService } from './clearing-service'

/** The longest period a regulatory report covers in one file. */
const MAX_PERIOD_DAYS = 366

/**
 * Reports of a cleared day and of a period (R3.1.3, R9.3.7), in the caller's language. The data is read
 * in the call's transaction (scoped like the screens: participant staff get their own bank's only); the
 * file is rendered after it. Every report carries participants' figures, so every one is marked
 * confidential (R14.1).
 */
export class ReportsService {
  constructor(
    private readonly results: ClearingService,
    private readonly participants: ParticipantsRepo,
    private readonly fonts: () => ReportFonts
  ) {}

  clearing(ctx: CallContext, day: string, participantId: string | null, format: ReportFormat): Promise<ReportFile> {
    const result = this.results.result(ctx, day)
    this.requireCleared(result.day)
    const participant = participantId ? this.participant(participantId) : null
    const only = <T extends { party: string }>(rows: T[]) => (participant ? rows.filter((r) => r.party === participant.code) : rows)
    const doc = clearingReport(
      {
        day: result.day,
        participant,
        positions: only(result.positions),
        matrix: participant ? result.matrix.filter((m) => m.payer === participant.code || m.payee === participant.code) : result.matrix,
        fees: this.results.fees(ctx, day).filter((f) => !participant || f.party === participant.code),
        instructions: only(result.settlement?.instructions ?? [])
      },
      this.locale(ctx),
      ctx.now
    )
    return this.render(doc, 'clearing', day, participant?.code ?? null, format)
  }

  statement(ctx: CallContext, day: string, participantId: string, format: ReportFormat): Promise<ReportFile> {
    const result = this.results.result(ctx, day)
    this.requireCleared(result.day)
    const participant = this.participant(participantId)
    const { stats, refusals } = this.results.stats(day, day, participant.code)
    const doc = participantStatement(
      {
        day: result.day,
        participant,
        stats,
        refusals,
        positions: result.positions.filter((p) => p.party === participant.code),
        fees: this.results.fees(ctx, day).filter((f) => f.party === participant.code)
      },
      this.locale(ctx),
      ctx.now
    )
    return this.render(doc, 'statement', day, participant.code, format)
  }

  regulatory(ctx: CallContext, from: string, to: string, format: ReportFormat): Promise<ReportFile> {
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1
    if (days > MAX_PERIOD_DAYS) refuse('VALIDATION', 'clearing.report_period_too_long', { maxCount: MAX_PERIOD_DAYS, count: days }, `a report covers at most ${MAX_PERIOD_DAYS} days; this period has ${days}`)
    // Only a cleared day's figures are complete: the open day's are accumulated behind the Center, and a later day's
    // do not exist yet, so a period reaching either would miss operations without saying so.
    const { days: recorded, last } = this.results.period(from, to)
    const pending = recorded.find((d) => d.state !== 'cleared' && d.state !== 'settled')
    if (pending) refuse('CONFLICT', 'clearing.report_day_not_cleared', { day: pending.day, dayStatus: pending.state }, `operational day ${pending.day} is ${pending.state}: a period's report covers cleared days only`)
    if (last === null || to > last) refuse('CONFLICT', 'clearing.report_day_not_begun', { day: to }, `operational day ${to} has not begun: a period's report covers cleared days only`)
    const { stats, refusals: all } = this.results.stats(from, to, null)
    // Refused operations counted once each, not once per bank they concern.
    const refusals = all.filter((r) => r.party === ALL_PARTIES)
    const participants = this.participants.list(null).map((p) => ({ code: p.code, name: p.name }))
    ctx.subject = `${from}..${to}`
    return this.render(regulatoryReport({ from, to, stats, refusals, participants }, this.locale(ctx), ctx.now), 'regulatory', { from, to }, null, format)
  }

  private requireCleared(d: OperationalDayRow): void {
    if (d.state !== 'cleared' && d.state !== 'settled') refuse('CONFLICT', 'clearing.day_reports_not_ready', { day: d.day, dayStatus: d.state }, `operational day ${d.day} is ${d.state}: its reports exist once it is cleared`)
  }

  private participant(id: string): { code: string; name: string } {
    const p = this.participants.list(id)[0] ?? refuse('NOT_FOUND', 'clearing.no_participant', { id }, `no participant ${id}`)
    return { code: p.code, name: p.name }
  }

  private locale(ctx: CallContext) {
    return ctx.user?.locale ?? 'ru'
  }

  private async render(doc: ReportDocument, kind: ReportKind, when: string | { from: string; to: string }, party: string | null, format: ReportFormat): Promise<ReportFile> {
    const bytes = format === 'csv' ? toCsv(doc) : await toPdf(doc, this.fonts())
    return { fileName: fileNameOf(kind, when, party, format), mime: MIME_TYPES[format], base64: Buffer.from(bytes).toString('base64'), confidential: doc.confidential, bytes: bytes.length }
  }
}
