// The report model every renderer (CSV, PDF) draws from: builders decide what is said, renderers only how.

export const REPORT_LOCALES = ['kk', 'ru', 'en'] as const
export type ReportLocale = (typeof REPORT_LOCALES)[number]

export interface ReportColumn {
  label: string
  /** Numbers are right-aligned so their digits line up. */
  align: 'left' | 'right'
}

/** One table. Cells are already formatted for the locale: renderers never format numbers or dates. */
export interface ReportSection {
  heading: string
  columns: ReportColumn[]
  rows: string[][]
  totals?: string[]
}

export interface ReportDocument {
  title: string
  subtitle: string[]
  /** R14.1: a report built on confidential information carries the mark on every page. */
  confidential: boolean
  confidentialMark: string
  /** Epoch ms; also the PDF's creation date, so equal input gives equal bytes. */
  generatedAt: number
  /** "Generated 25.11.2026 18:00 (Almaty)", worded by the builder. */
  generatedLine: string
  /** Shown in place of a table without rows. */
  emptyText: string
  locale: ReportLocale
  sections: ReportSection[]
}
