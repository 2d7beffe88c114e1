// The refusals-by-reason table shared by the statement and the regulatory report.
import type { RefusalLine } from '../api/clearing-types'
import { aggregate, left, right, sum } from './builder-kit'
import type { ReportLocale, ReportSection } from './document'
import { formatCount } from './format'
import type { ReportLabels } from './labels'
import { reasonLabel } from './reason-labels'

/** Most frequent reason first; the code beside its wording so a reason can be looked up. */
export function refusalSection(refusals: RefusalLine[], l: ReportLabels, locale: ReportLocale): ReportSection {
  const byReason = aggregate(
    refusals.map((r) => ({ reason: r.reason, count: r.count })),
    (r) => r.reason,
    (a, b) => ({ reason: a.reason, count: a.count + b.count })
  ).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
  return {
    heading: l.sections.refusals,
    columns: [left(l.columns.reason), left(l.columns.reasonCode), right(l.columns.count)],
    rows: byReason.map((r) => [reasonLabel(r.reason, locale), r.reason, formatCount(r.count, locale)]),
    ...(byReason.length > 0 ? { totals: [l.total, '', formatCount(sum(byReason, (r) => r.count), locale)] } : {})
  }
}
