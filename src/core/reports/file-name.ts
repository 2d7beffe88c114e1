// Names and media types of report files.
import type { ReportFormat, ReportKind } from '../api/clearing-types'

/** Only letters, digits and dashes reach a file name, whatever a code holds. */
const safe = (part: string): string => part.replace(/[^A-Za-z0-9-]/g, '_')

/**
 * `clearing-2026-11-25-P001.pdf`, `clearing-2026-11-25.csv` (the operator's), `regulatory-2026-11-01_2026-11-30.pdf`.
 */
export function fileNameOf(kind: ReportKind, when: string | { from: string; to: string }, participant: string | null, format: ReportFormat): string {
  const period = typeof when === 'string' ? safe(when) : `${safe(when.from)}_${safe(when.to)}`
  return `${kind}-${period}${participant ? `-${safe(participant)}` : ''}.${format}`
}

export const MIME_TYPES: Record<ReportFormat, string> = { csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' }
