// A report as CSV (RFC 4180): comma-separated, CRLF, UTF-8 with a BOM so Excel reads Cyrillic and Kazakh.
import type { ReportDocument } from './document'

const BOM = '\uFEFF'
const CRLF = '\r\n'

/** A formatted number ("-1 234,56", "1,234.50", "15 %"): digits, group and decimal separators, a sign, a percent. */
const PLAIN_NUMBER = /^[-+]?\d(?:[\d.,\u0020\u00a0\u202f]*\d)?[\u0020\u00a0\u202f]?%?$/

/** Spreadsheets run a cell starting with these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * Defuses a cell a spreadsheet would run as a formula by a leading apostrophe. A formatted number is left alone:
 * a negative amount must stay a number, and digits with separators cannot call anything.
 */
export function guardCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value
}

/** Quotes a field holding a comma, a quote or a line break, doubling its quotes (RFC 4180 §2.6–2.7). */
export function quoteField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

export function toCsv(doc: ReportDocument): Uint8Array {
  const records: string[][] = []
  if (doc.confidential) records.push([doc.confidentialMark])
  records.push([doc.title], ...doc.subtitle.map((s) => [s]), [doc.generatedLine])
  for (const section of doc.sections) {
    records.push([], [section.heading], section.columns.map((c) => c.label))
    if (section.rows.length === 0) records.push([doc.emptyText])
    records.push(...section.rows)
    // Totals of no rows say nothing the empty-table line does not.
    if (section.totals && section.rows.length > 0) records.push(section.totals)
  }
  // Every record gets the same number of fields, as RFC 4180 asks, so importers see one rectangular table.
  const width = Math.max(...records.map((r) => r.length))
  const lines = records.map((r) => [...r, ...Array<string>(width - r.length).fill('')].map((v) => quoteField(guardCell(v))).join(','))
  return new TextEncoder().encode(BOM + lines.join(CRLF) + CRLF)
}
