// A participant's statement of a day (R9.3.7): its operations executed by role, type and channel, its holds and the
// money given back, its position, its fees and its refusals by reason. Lines of other participants or other days given by mistake are left out.
import type { DayStatLine, FeeLine, NetPosition, OperationalDayRow, RefusalLine } from '../api/clearing-types'
import { CHANNELS, OPERATION_TYPES } from '../api/center-types'
import { aggregate, currenciesOf, frame, inCurrency, left, orderOf, perCurrency, right, sum } from './builder-kit'
import type { ReportDocument, ReportLocale, ReportSection } from './document'
import { formatCount, formatDay, formatMoney } from './format'
import { feeSections } from './fees'
import { fill, labelsOf } from './labels'
import { refusalSection } from './refusals'

export interface StatementInput {
  day: OperationalDayRow
  participant: { code: string; name: string }
  stats: DayStatLine[]
  positions: NetPosition[]
  fees: FeeLine[]
  refusals: RefusalLine[]
}

const byType = orderOf(OPERATION_TYPES)
const byChannel = orderOf(CHANNELS)
type Line = Pick<DayStatLine, 'role' | 'type' | 'channel'>
const byLine = (a: Line, b: Line): number =>
  a.role.localeCompare(b.role) || byType(a.type, b.type) || byChannel(a.channel, b.channel)

export function participantStatement(input: StatementInput, locale: ReportLocale, generatedAt: number): ReportDocument {
  const l = labelsOf(locale)
  const { code } = input.participant
  const day = input.day.day
  const count = (n: number): string => formatCount(n, locale)

  const stats = aggregate(
    input.stats.filter((s) => s.party === code && s.day === day),
    (s) => `${s.currency}|${s.role}|${s.type}|${s.channel}`,
    (a, b) => ({
      ...a,
      accepted: a.accepted + b.accepted,
      acceptedMinor: a.acceptedMinor + b.acceptedMinor,
      refused: a.refused + b.refused,
      held: a.held + b.held,
      heldMinor: a.heldMinor + b.heldMinor,
      reversed: a.reversed + b.reversed,
      reversedMinor: a.reversedMinor + b.reversedMinor
    })
  )
  // Lines with only holds or money given back would show as zeros among the executed, and the reverse.
  const executed = stats.filter((s) => s.accepted > 0 || s.refused > 0)
  const heldOrReturned = stats.filter((s) => s.held > 0 || s.reversed > 0)
  const operations = perCurrency(
    executed,
    l.sections.operations,
    [left(l.columns.role), left(l.columns.type), left(l.columns.channel), right(l.columns.accepted), right(l.columns.acceptedAmount), right(l.columns.refused)],
    (list, currency) => {
      const lines = list.sort(byLine)
      return {
        rows: lines.map((s) => [
          l.roles[s.role],
          l.types[s.type],
          l.channels[s.channel],
          count(s.accepted),
          formatMoney(s.acceptedMinor, currency, locale),
          count(s.refused)
        ]),
        totals: [l.total, '', '', count(sum(lines, (s) => s.accepted)), formatMoney(sum(lines, (s) => s.acceptedMinor), currency, locale), count(sum(lines, (s) => s.refused))]
      }
    }
  )

  // Apart from what was executed: holds move no money until completed, and what was given back is netted the day it
  // was given back, so the officer reads the day's money in the table above and these beside it.
  const holdsAndReturns = perCurrency(
    heldOrReturned,
    l.sections.holdsAndReturns,
    [left(l.columns.role), left(l.columns.type), left(l.columns.channel), right(l.columns.held), right(l.columns.heldAmount), right(l.columns.reversed), right(l.columns.reversedAmount)],
    (list, currency) => {
      const lines = list.sort(byLine)
      const m = (minor: number): string => formatMoney(minor, currency, locale)
      return {
        rows: lines.map((s) => [l.roles[s.role], l.types[s.type], l.channels[s.channel], count(s.held), m(s.heldMinor), count(s.reversed), m(s.reversedMinor)]),
        totals: [l.total, '', '', count(sum(lines, (s) => s.held)), m(sum(lines, (s) => s.heldMinor)), count(sum(lines, (s) => s.reversed)), m(sum(lines, (s) => s.reversedMinor))]
      }
    }
  )

  const positions = input.positions.filter((p) => p.party === code)
  const position: ReportSection = {
    heading: l.sections.position,
    columns: [
      left(l.columns.currency),
      right(l.columns.receivable),
      right(l.columns.payable),
      right(l.columns.fees),
      right(l.columns.net),
      right(l.columns.grossPayable),
      right(l.columns.grossReceivable)
    ],
    rows: currenciesOf(positions).flatMap((currency) =>
      inCurrency(positions, currency).map((p) => [
        currency,
        ...[p.receivableMinor, p.payableMinor, p.feesMinor, p.netMinor, p.grossPayableMinor, p.grossReceivableMinor].map((m) => formatMoney(m, currency, locale))
      ])
    )
  }

  const fees = feeSections(
    input.fees.filter((f) => f.party === code && f.day === day),
    l,
    locale,
    null
  )

  const refusals = refusalSection(
    input.refusals.filter((r) => r.party === code && r.day === day),
    l,
    locale
  )

  const subtitle = [
    fill(l.subtitle.day, { day: formatDay(day, locale) }),
    fill(l.subtitle.state, { state: l.dayStates[input.day.state] }),
    fill(l.subtitle.participant, input.participant)
  ]
  return frame(l, locale, generatedAt, l.titles.statement, subtitle, [...operations, ...holdsAndReturns, position, ...fees, refusals])
}
