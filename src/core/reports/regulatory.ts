// The regulatory report of a period (R3.1.3): volumes and values by operation type, channel and participant,
// per currency, and refused operations by reason.
//
// A day's figures come per participant and role: an operation with an issuer and an acquirer is counted on both
// sides. Adding the sides would count such operations twice, so every table shows the issuer's side and the
// acquirer's side apart; each column sums on its own.
import type { DayStatLine, RefusalLine } from '../api/clearing-types'
import { CHANNELS, OPERATION_TYPES } from '../api/center-types'
import { byParty, frame, left, partyName, perCurrency, right, sum } from './builder-kit'
import type { ReportColumn, ReportDocument, ReportLocale, ReportSection } from './document'
import { formatCount, formatDay, formatMoney } from './format'
import { fill, labelsOf, type ReportLabels } from './labels'
import { refusalSection } from './refusals'

export interface RegulatoryInput {
  /** The period's first and last operational days, inclusive ('2026-11-01'). */
  from: string
  to: string
  stats: DayStatLine[]
  refusals: RefusalLine[]
  participants: { code: string; name: string }[]
}

const inPeriod = (day: string, from: string, to: string): boolean => day >= from && day <= to

function sideColumns(l: ReportLabels): ReportColumn[] {
  return [
    right(l.columns.issuerAccepted),
    right(l.columns.issuerAmount),
    right(l.columns.issuerRefused),
    right(l.columns.acquirerAccepted),
    right(l.columns.acquirerAmount),
    right(l.columns.acquirerRefused)
  ]
}

/** The six figures of a group of lines: accepted, amount, refused, for the issuer side then the acquirer side. */
function sides(lines: DayStatLine[], currency: string, locale: ReportLocale): string[] {
  return (['issuer', 'acquirer'] as const).flatMap((role) => {
    const mine = lines.filter((s) => s.role === role)
    return [
      formatCount(sum(mine, (s) => s.accepted), locale),
      formatMoney(sum(mine, (s) => s.acceptedMinor), currency, locale),
      formatCount(sum(mine, (s) => s.refused), locale)
    ]
  })
}

/** A table of the lines grouped by `keyOf`, in the order of `keys`, with a total of every column. */
function grouped<K extends string>(
  stats: DayStatLine[],
  heading: string,
  first: ReportColumn,
  keys: (currencyLines: DayStatLine[]) => K[],
  keyOf: (s: DayStatLine) => K,
  labelOf: (key: K) => string,
  l: ReportLabels,
  locale: ReportLocale
): ReportSection[] {
  return perCurrency(stats, heading, [first, ...sideColumns(l)], (list, currency) => ({
    rows: keys(list).map((k) => [labelOf(k), ...sides(list.filter((s) => keyOf(s) === k), currency, locale)]),
    totals: [l.total, ...sides(list, currency, locale)]
  }))
}

export function regulatoryReport(input: RegulatoryInput, locale: ReportLocale, generatedAt: number): ReportDocument {
  const l = labelsOf(locale)
  const stats = input.stats.filter((s) => inPeriod(s.day, input.from, input.to))
  const names = new Map(input.participants.map((p) => [p.code, p.name]))

  // Every type and channel is listed, active or not, so reports of different periods line up row by row.
  const byType = grouped(stats, l.sections.byType, left(l.columns.type), () => [...OPERATION_TYPES], (s) => s.type, (t) => l.types[t], l, locale)
  const byChannel = grouped(stats, l.sections.byChannel, left(l.columns.channel), () => [...CHANNELS], (s) => s.channel, (c) => l.channels[c], l, locale)
  // Participants with figures in the currency only: a bank without USD operations has no USD line.
  const byParticipant = grouped(
    stats,
    l.sections.byParticipant,
    left(l.columns.party),
    (list) => [...new Set(list.map((s) => s.party))].sort(byParty),
    (s) => s.party,
    (code) => partyName(code, names, l),
    l,
    locale
  )
  const refusals = refusalSection(
    input.refusals.filter((r) => inPeriod(r.day, input.from, input.to)),
    l,
    locale
  )

  const subtitle = [fill(l.subtitle.period, { from: formatDay(input.from, locale), to: formatDay(input.to, locale) }), l.subtitle.allParticipants]
  return frame(l, locale, generatedAt, l.titles.regulatory, subtitle, [...byType, ...byChannel, ...byParticipant, refusals])
}
