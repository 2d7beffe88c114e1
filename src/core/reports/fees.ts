// The fees table shared by the clearing report and the statement (R9.4.6): what the day's operations were charged
// and what went back with the money given back that day; the clearing nets the difference.
import type { FeeLine } from '../api/clearing-types'
import { CHANNELS, OPERATION_TYPES } from '../api/center-types'
import { byParty, left, orderOf, partyName, perCurrency, right, sum } from './builder-kit'
import type { ReportLocale, ReportSection } from './document'
import { formatCount, formatMoney } from './format'
import type { ReportLabels } from './labels'

const byType = orderOf(OPERATION_TYPES)
const byChannel = orderOf(CHANNELS)

/** One table per currency; `names` given, a party column first (the operator's report of every participant). */
export function feeSections(fees: FeeLine[], l: ReportLabels, locale: ReportLocale, names: ReadonlyMap<string, string> | null): ReportSection[] {
  const columns = [
    ...(names ? [left(l.columns.party)] : []),
    left(l.columns.role),
    left(l.columns.type),
    left(l.columns.channel),
    right(l.columns.count),
    right(l.columns.amount),
    right(l.columns.fee),
    right(l.columns.reversed),
    right(l.columns.feeGivenBack)
  ]
  return perCurrency(fees, l.sections.fees, columns, (list, currency) => {
    const lines = list.sort((a, b) => byParty(a.party, b.party) || a.role.localeCompare(b.role) || byType(a.type, b.type) || byChannel(a.channel, b.channel))
    const count = (n: number): string => formatCount(n, locale)
    const money = (minor: number): string => formatMoney(minor, currency, locale)
    return {
      rows: lines.map((f) => [
        ...(names ? [partyName(f.party, names, l)] : []),
        l.roles[f.role],
        l.types[f.type],
        l.channels[f.channel],
        count(f.count),
        money(f.amountMinor),
        money(f.feeMinor),
        count(f.reversed),
        money(f.refundMinor)
      ]),
      totals: [
        l.total,
        ...(names ? [''] : []),
        '',
        '',
        count(sum(lines, (f) => f.count)),
        money(sum(lines, (f) => f.amountMinor)),
        money(sum(lines, (f) => f.feeMinor)),
        count(sum(lines, (f) => f.reversed)),
        money(sum(lines, (f) => f.refundMinor))
      ]
    }
  })
}
