import type { ReportFile, ReportFormat, ReportKind } from '@core/api/types'
import { api, unwrap } from '../../api/call'

/** What a report is asked for: a day's clearing report or statement, or a period's regulatory report. */
export interface ReportRequest {
  kind: ReportKind
  format: ReportFormat
  day: string
  from: string
  to: string
  /** A participant's id; for the clearing report, none means the operator's report of all participants. */
  participantId: string
}

/** Generates a report through the call of its kind. */
export function generateReport(r: ReportRequest): Promise<ReportFile> {
  if (r.kind === 'regulatory') return unwrap(api.reports.regulatory({ from: r.from, to: r.to, format: r.format }))
  if (r.kind === 'statement') return unwrap(api.reports.statement({ day: r.day, participantId: r.participantId, format: r.format }))
  return unwrap(api.reports.clearing({ day: r.day, format: r.format, ...(r.participantId ? { participantId: r.participantId } : {}) }))
}
