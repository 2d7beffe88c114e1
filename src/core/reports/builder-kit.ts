// What the report builders share: the document frame, grouping by currency, sums, party names.
import { OPERATOR_PARTY } from '../api/clearing-types'
import type { ReportColumn, ReportDocument, ReportLocale, ReportSection } from './document'
import { formatInstant } from './format'
import { fill, type ReportLabels } from './labels'

export const left = (label: string): ReportColumn => ({ label, align: 'left' })
export const right = (label: string): ReportColumn => ({ label, align: 'right' })

/** Every kind of report here is built on participants' data, which is confidential (R14.1). */
export function frame(labels: ReportLabels, locale: ReportLocale, generatedAt: number, title: string, subtitle: string[], sections: ReportSection[]): ReportDocument {
  return {
    title,
    subtitle,
    confidential: true,
    confidentialMark: labels.confidential,
    generatedAt,
    generatedLine: fill(labels.generated, { at: formatInstant(generatedAt, locale) }),
    emptyText: labels.empty,
    locale,
    sections
  }
}

/** The national currency first, then the others alphabetically, so every report reads in the same order. */
export function currenciesOf(items: { currency: string }[]): string[] {
  return [...new Set(items.map((i) => i.currency))].sort((a, b) => (a === 'KZT' ? -1 : b === 'KZT' ? 1 : a.localeCompare(b)))
}

export const inCurrency = <T extends { currency: string }>(items: T[], currency: string): T[] => items.filter((i) => i.currency === currency)

export const sum = <T>(items: T[], of: (item: T) => number): number => items.reduce((acc, i) => acc + of(i), 0)

export const withCurrency = (heading: string, currency: string): string => `${heading} — ${currency}`

/** Codes compare as codes (P002 < P010), with the operator after every participant. */
export function byParty(a: string, b: string): number {
  if (a === b) return 0
  if (a === OPERATOR_PARTY) return 1
  if (b === OPERATOR_PARTY) return -1
  return a.localeCompare(b, 'en', { numeric: true })
}

export const orderOf =
  <T extends string>(order: readonly T[]) =>
  (a: T, b: T): number =>
    order.indexOf(a) - order.indexOf(b)

/** "P001 — Kaspi Bank", the operator by its title, a code without a known name as the code. */
export function partyName(code: string, names: ReadonlyMap<string, string>, labels: ReportLabels): string {
  if (code === OPERATOR_PARTY) return labels.operator
  const name = names.get(code)
  return name ? `${code} — ${name}` : code
}

/** Sums rows of the same key, so a repeated input line cannot show twice. */
export function aggregate<T, K extends string>(items: T[], keyOf: (item: T) => K, merge: (a: T, b: T) => T): T[] {
  const out = new Map<K, T>()
  for (const item of items) {
    const key = keyOf(item)
    const seen = out.get(key)
    out.set(key, seen === undefined ? item : merge(seen, item))
  }
  return [...out.values()]
}

/**
 * One table per currency (amounts of different currencies never share a total); a single empty table when there is
 * nothing, so a quiet day still shows every part of the report.
 */
export function perCurrency<T extends { currency: string }>(
  items: T[],
  heading: string,
  columns: ReportColumn[],
  build: (list: T[], currency: string) => Pick<ReportSection, 'rows' | 'totals'>
): ReportSection[] {
  const currencies = currenciesOf(items)
  if (currencies.length === 0) return [{ heading, columns, rows: [] }]
  return currencies.map((currency) => ({ heading: withCurrency(heading, currency), columns, ...build(inCurrency(items, currency), currency) }))
}
