// The regulatory report of a period (R3.1.3): volumes and values by operation type, channel and participant,
// per currency, of operations executed and of holds and money given back, their summary, and refused operations by reason.
//
// A day's figures come per participant and role: an operation with an issuer and an acquirer is counted on both
// sides. Adding the sides would count such operations twice, so every table shows the issuer's side and the
// acquirer's side apart; each column sums on its own.
import type { DayStatLine, RefusalLine } from '../api/clearing-types'
import { CHANNELS, OPERATION_TYPES } from '../api/center-types'
import { byParty, frame, left, partyName, perCurrency, right, sum } from './builder-kit'
import type { ReportDocument, ReportLocale, ReportSection } from './document'
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

const ROLES = ['issuer', 'acquirer'] as const

/**
 * What a table counts of each side. Executed operations moved money; holds (two-phase authorizations) and the money
 * given back (reversals, returns) are counted apart, on the day they happened, as the day's statement counts them (R9.3.7).
 */
interface Figures {
  columns: (l: ReportLabels) => string[]
  /** One side's cells for a group of its lines. */
  cells: (lines: DayStatLine[], currency: string, locale: ReportLocale) => string[]
  /** A line with none of these figures would show as a row of zeros. */
  has: (s: DayStatLine) => boolean
}

const EXECUTED: Figures = {
  columns: (l) => [l.columns.issuerAccepted, l.columns.issuerAmount, l.columns.issuerRefused, l.columns.acquirerAccepted, l.columns.acquirerAmount, l.columns.acquirerRefused],
  cells: (lines, currency, locale) => [
    formatCount(sum(lines, (s) => s.accepted), locale),
    formatMoney(sum(lines, (s) => s.acceptedMinor), currency, locale),
    formatCount(sum(lines, (s) => s.refused), locale)
  ],
  has: (s) => s.accepted > 0 || s.refused > 0
}

const SET_ASIDE: Figures = {
  columns: (l) => [
    l.columns.issuerHeld,
    l.columns.issuerHeldAmount,
    l.columns.issuerGivenBack,
    l.columns.issuerGivenBackAmount,
    l.columns.acquirerHeld,
    l.columns.acquirerHeldAmount,
    l.columns.acquirerGivenBack,
    l.columns.acquirerGivenBackAmount
  ],
  cells: (lines, currency, locale) => [
    formatCount(sum(lines, (s) => s.held), locale),
    formatMoney(sum(lines, (s) => s.heldMinor), currency, locale),
    formatCount(sum(lines, (s) => s.reversed), locale),
    formatMoney(sum(lines, (s) => s.reversedMinor), currency, locale)
  ],
  has: (s) => s.held > 0 || s.reversed > 0
}

/** A group of lines' figures: the issuer's side, then the acquirer's. */
const sides = (figures: Figures, lines: DayStatLine[], currency: string, locale: ReportLocale): string[] =>
  ROLES.flatMap((role) => figures.cells(lines.filter((s) => s.role === role), currency, locale))

/** Tables of one kind of figures by operation type, by channel and by participant, each with a total of every column. */
function tablesOf(figures: Figures, headings: { byType: string; byChannel: string; byParticipant: string }, stats: DayStatLine[], names: ReadonlyMap<string, string>, l: ReportLabels, locale: ReportLocale): ReportSection[] {
  const lines = stats.filter(figures.has)
  const grouped = <K extends string>(heading: string, first: string, keys: (currencyLines: DayStatLine[]) => K[], keyOf: (s: DayStatLine) => K, labelOf: (key: K) => string) =>
    perCurrency(lines, heading, [left(first), ...figures.columns(l).map(right)], (list, currency) => ({
      rows: keys(list).map((k) => [labelOf(k), ...sides(figures, list.filter((s) => keyOf(s) === k), currency, locale)]),
      totals: [l.total, ...sides(figures, list, currency, locale)]
    }))
  return [
    // Every type and channel is listed, active or not, so reports of different periods line up row by row.
    ...grouped(headings.byType, l.columns.type, () => [...OPERATION_TYPES], (s) => s.type, (t) => l.types[t]),
    ...grouped(headings.byChannel, l.columns.channel, () => [...CHANNELS], (s) => s.channel, (c) => l.channels[c]),
    // Participants with these figures in the currency only: a bank without USD operations has no USD line.
    ...grouped(headings.byParticipant, l.columns.party, (list) => [...new Set(list.map((s) => s.party))].sort(byParty), (s) => s.party, (code) => partyName(code, names, l))
  ]
}

/**
 * Executed, refused, held and given back side by side, and the operations they count together: what the day's
 * statements of all participants add up to, so the report is reconciled with them figure by figure.
 */
function summary(stats: DayStatLine[], l: ReportLabels, locale: ReportLocale): ReportSection[] {
  const columns = [left(l.columns.figure), right(l.columns.issuerOperations), right(l.columns.issuerAmount), right(l.columns.acquirerOperations), right(l.columns.acquirerAmount)]
  // A refusal moved no money and its amount is not counted: its amount cell stays empty, as the total's does.
  const figures: [string, (s: DayStatLine) => number, ((s: DayStatLine) => number) | null][] = [
    [l.figures.executed, (s) => s.accepted, (s) => s.acceptedMinor],
    [l.figures.refused, (s) => s.refused, null],
    [l.figures.held, (s) => s.held, (s) => s.heldMinor],
    [l.figures.givenBack, (s) => s.reversed, (s) => s.reversedMinor]
  ]
  return perCurrency(stats, l.sections.summary, columns, (list, currency) => {
    const side = (role: DayStatLine['role']) => list.filter((s) => s.role === role)
    return {
      rows: figures.map(([label, count, minor]) => [
        label,
        ...ROLES.flatMap((role) => [formatCount(sum(side(role), count), locale), minor ? formatMoney(sum(side(role), minor), currency, locale) : ''])
      ]),
      totals: [l.figures.total, ...ROLES.flatMap((role) => [formatCount(sum(side(role), (s) => figures.reduce((n, [, count]) => n + count(s), 0)), locale), ''])]
    }
  })
}

export function regulatoryReport(input: RegulatoryInput, locale: ReportLocale, generatedAt: number): ReportDocument {
  const l = labelsOf(locale)
  const stats = input.stats.filter((s) => inPeriod(s.day, input.from, input.to))
  const names = new Map(input.participants.map((p) => [p.code, p.name]))
    const executed = tablesOf(EXECUTED, l.sections, stats, names, l, locale)
  const setAside = tablesOf(SET_ASIDE, { byType: l.sections.setAsideByType, byChannel: l.sections.setAsideByChannel, byParticipant: l.sections.setAsideByParticipant }, stats, names, l, locale)
  const refusals = refusalSection(
    input.refusals.filter((r) => inPeriod(r.day, input.from, input.to)),
    l,
    locale
  )

  const subtitle = [fill(l.subtitle.period, { from: formatDay(input.from, locale), to: formatDay(input.to, locale) }), l.subtitle.allParticipants]
  return frame(l, locale, generatedAt, l.titles.regulatory, subtitle, [...summary(stats, l, locale), ...executed, ...setAside, refusals])
}
