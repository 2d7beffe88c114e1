// The clearing report of a day (R5, R7.6–7.8, R9.3.7): net positions, bilateral obligations, fees and settlement
// instructions. For a participant it holds only what concerns that participant; for the operator, everything,
// with the check that net positions sum to zero in every currency.
import type { FeeLine, MatrixCell, NetPosition, OperationalDayRow, SettlementInstruction } from '../api/clearing-types'
import { byParty, currenciesOf, frame, inCurrency, left, partyName, perCurrency, right, sum } from './builder-kit'
import type { ReportDocument, ReportLocale, ReportSection } from './document'
import { feeSections } from './fees'
import { formatCount, formatDay, formatMoney } from './format'
import { fill, labelsOf, type ReportLabels } from './labels'

export interface ClearingReportInput {
  day: OperationalDayRow
  /** null: the operator's report of every participant. */
  participant: { code: string; name: string } | null
  positions: NetPosition[]
  matrix: MatrixCell[]
  fees: FeeLine[]
  instructions: SettlementInstruction[]
}

interface Ctx {
  l: ReportLabels
  locale: ReportLocale
  names: ReadonlyMap<string, string>
}

const money = (c: Ctx, minor: number, currency: string): string => formatMoney(minor, currency, c.locale)

function positionSections(c: Ctx, positions: NetPosition[]): ReportSection[] {
  const columns = [
    left(c.l.columns.party),
    right(c.l.columns.receivable),
    right(c.l.columns.payable),
    right(c.l.columns.fees),
    right(c.l.columns.net),
    right(c.l.columns.grossPayable),
    right(c.l.columns.grossReceivable)
  ]
  return perCurrency(positions, c.l.sections.positions, columns, (list, currency) => {
    const rows = list.sort((a, b) => byParty(a.party, b.party))
    const m = (minor: number): string => money(c, minor, currency)
    const section: Pick<ReportSection, 'rows' | 'totals'> = {
      rows: rows.map((p) => [
        partyName(p.party, c.names, c.l),
        m(p.receivableMinor),
        m(p.payableMinor),
        m(p.feesMinor),
        m(p.netMinor),
        m(p.grossPayableMinor),
        m(p.grossReceivableMinor)
      ])
    }
    // One participant's single line needs no total. Fees get none: the operator's line holds the same fees the
    // participants pay, so their sum would count them twice.
    if (rows.length > 1)
      section.totals = [
        c.l.total,
        m(sum(rows, (p) => p.receivableMinor)),
        m(sum(rows, (p) => p.payableMinor)),
        '',
        m(sum(rows, (p) => p.netMinor)),
        m(sum(rows, (p) => p.grossPayableMinor)),
        m(sum(rows, (p) => p.grossReceivableMinor))
      ]
    return section
  })
}

function checkSection(c: Ctx, positions: NetPosition[]): ReportSection {
  return {
    heading: c.l.sections.checks,
    columns: [left(c.l.columns.currency), right(c.l.columns.netSum), left(c.l.columns.result)],
    rows: currenciesOf(positions).map((currency) => {
      const total = sum(inCurrency(positions, currency), (p) => p.netMinor)
      return [currency, money(c, total, currency), total === 0 ? c.l.check.ok : c.l.check.mismatch]
    })
  }
}

function obligationSections(c: Ctx, matrix: MatrixCell[]): ReportSection[] {
  const columns = [left(c.l.columns.payer), left(c.l.columns.payee), left(c.l.columns.model), right(c.l.columns.count), right(c.l.columns.amount)]
  return perCurrency(matrix, c.l.sections.obligations, columns, (list, currency) => {
    const cells = list.sort((a, b) => byParty(a.payer, b.payer) || byParty(a.payee, b.payee) || Number(a.gross) - Number(b.gross))
    return {
      rows: cells.map((m) => [
        partyName(m.payer, c.names, c.l),
        partyName(m.payee, c.names, c.l),
        m.gross ? c.l.models.gross : c.l.models.net,
        formatCount(m.count, c.locale),
        money(c, m.amountMinor, currency)
      ]),
      totals: [c.l.total, '', '', formatCount(sum(cells, (m) => m.count), c.locale), money(c, sum(cells, (m) => m.amountMinor), currency)]
    }
  })
}

function instructionSections(c: Ctx, instructions: SettlementInstruction[]): ReportSection[] {
  const columns = [
    left(c.l.columns.instruction),
    left(c.l.columns.party),
    left(c.l.columns.model),
    right(c.l.columns.debit),
    right(c.l.columns.credit),
    left(c.l.columns.shortfall)
  ]
  const debit = (i: SettlementInstruction): number => (i.direction === 'debit' ? i.amountMinor : 0)
  const credit = (i: SettlementInstruction): number => (i.direction === 'credit' ? i.amountMinor : 0)
  return perCurrency(instructions, c.l.sections.instructions, columns, (unsorted, currency) => {
    const list = unsorted.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
    return {
      rows: list.map((i) => [
        i.id,
        partyName(i.party, c.names, c.l),
        c.l.models[i.kind],
        i.direction === 'debit' ? money(c, i.amountMinor, currency) : '',
        i.direction === 'credit' ? money(c, i.amountMinor, currency) : '',
        i.shortfall ? c.l.answers.yes : c.l.answers.no
      ]),
      totals: [c.l.total, '', '', money(c, sum(list, debit), currency), money(c, sum(list, credit), currency), '']
    }
  })
}

export function clearingReport(input: ClearingReportInput, locale: ReportLocale, generatedAt: number): ReportDocument {
  const l = labelsOf(locale)
  const code = input.participant?.code ?? null
  // Names of counterparties are not confidential; their figures are, and are filtered out below.
  const names = new Map(input.positions.map((p) => [p.party, p.name]))
  if (input.participant) names.set(input.participant.code, input.participant.name)
  const c: Ctx = { l, locale, names }

  const mine = <T>(items: T[], parties: (item: T) => string[]): T[] => (code === null ? items : items.filter((i) => parties(i).includes(code)))
  const positions = mine(input.positions, (p) => [p.party])
  const matrix = mine(input.matrix, (m) => [m.payer, m.payee])
  const fees = mine(input.fees, (f) => [f.party])
  const instructions = mine(input.instructions, (i) => [i.party])

  const subtitle = [
    fill(l.subtitle.day, { day: formatDay(input.day.day, locale) }),
    fill(l.subtitle.state, { state: l.dayStates[input.day.state] }),
    input.participant ? fill(l.subtitle.participant, input.participant) : l.subtitle.allParticipants
  ]
  const sections = [
    ...positionSections(c, positions),
    ...(code === null ? [checkSection(c, positions)] : []),
    ...obligationSections(c, matrix),
    ...feeSections(fees, l, locale, code === null ? names : null),
    ...instructionSections(c, instructions)
  ]
  return frame(l, locale, generatedAt, l.titles.clearing, subtitle, sections)
}
