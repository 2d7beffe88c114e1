// A report as PDF: A4 landscape, DejaVu Sans (Cyrillic and Kazakh), tables with their header repeated on every
// page, the confidentiality mark in the header and footer of every page (R14.1), "n / N" page numbers.
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib'
import type { ReportDocument, ReportSection } from './document'
import { columnSpecs, fitColumns, type Measure, type TableFit, wrapText } from './pdf-layout'
import { intlLocale } from './format'

export interface ReportFonts {
  regular: Uint8Array
  bold: Uint8Array
}

const PAGE = { width: 841.89, height: 595.28 }
const MARGIN = 36
const CONTENT_TOP = PAGE.height - 48
const CONTENT_BOTTOM = 48
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN
const TABLE = { size: 8.5, minSize: 6.5, padX: 3, padY: 2.5, leading: 1.25 }
const INK = rgb(0, 0, 0)
const MUTED = rgb(0.35, 0.35, 0.35)
const MARK = rgb(0.7, 0, 0)
const RULE = rgb(0.6, 0.6, 0.6)
const HEADER_FILL = rgb(0.88, 0.9, 0.93)
const STRIPE_FILL = rgb(0.96, 0.96, 0.97)

/** Tabs and carriage returns have no glyph; line feeds are kept as line breaks. */
const clean = (text: string): string => text.replace(/\r\n?/g, '\n').replace(/[\t\v\f]/g, ' ')

class Writer {
  readonly pages: PDFPage[] = []
  page!: PDFPage
  y = 0
  private readonly widthCache = new Map<string, number>()

  constructor(
    private readonly pdf: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont
  ) {}

  /** Widths are asked for every cell more than once while fitting and wrapping; the font's layout is slow. */
  readonly measure: Measure = (text, isBold) => {
    const key = `${isBold ? 'b' : 'r'}${text}`
    let w = this.widthCache.get(key)
    if (w === undefined) {
      w = (isBold ? this.bold : this.regular).widthOfTextAtSize(text, 1000) / 1000
      this.widthCache.set(key, w)
    }
    return w
  }

  newPage(): void {
    this.page = this.pdf.addPage([PAGE.width, PAGE.height])
    this.pages.push(this.page)
    this.y = CONTENT_TOP
  }

  text(s: string, x: number, y: number, size: number, isBold = false, color = INK): void {
    if (s) this.page.drawText(s, { x, y, size, font: isBold ? this.bold : this.regular, color })
  }

  /** Lines of text at the current position, moving down; a new page when they would cross the bottom. */
  paragraph(s: string, size: number, isBold: boolean, gapBefore: number): void {
    const lines = wrapText(clean(s), CONTENT_WIDTH, size, isBold, this.measure)
    const height = lines.length * size * TABLE.leading
    if (this.y - gapBefore - height < CONTENT_BOTTOM) this.newPage()
    else this.y -= gapBefore
    for (const line of lines) {
      this.y -= size * TABLE.leading
      this.text(line, MARGIN, this.y + size * 0.25, size, isBold)
    }
  }
}

interface LaidRow {
  lines: string[][]
  height: number
  bold: boolean
  fill: ReturnType<typeof rgb> | null
}

function layRow(w: Writer, cells: string[], fit: TableFit, bold: boolean, fill: LaidRow['fill'], maxHeight: number): LaidRow {
  const lineHeight = fit.size * TABLE.leading
  const maxLines = Math.max(1, Math.floor((maxHeight - 2 * TABLE.padY) / lineHeight))
  const lines = fit.widths.map((width, i) => {
    const wrapped = wrapText(clean(cells[i] ?? ''), width - 2 * TABLE.padX, fit.size, bold, w.measure)
    // A cell taller than a whole page cannot move to the next one: cut, and say so.
    return wrapped.length > maxLines ? [...wrapped.slice(0, maxLines - 1), `${wrapped[maxLines - 1]}…`] : wrapped
  })
  const count = Math.max(1, ...lines.map((l) => l.length))
  return { lines, height: count * lineHeight + 2 * TABLE.padY, bold, fill }
}

function drawRow(w: Writer, row: LaidRow, fit: TableFit, aligns: ('left' | 'right')[], ruleAbove: boolean): void {
  const top = w.y
  const tableWidth = fit.widths.reduce((a, b) => a + b, 0)
  if (row.fill) w.page.drawRectangle({ x: MARGIN, y: top - row.height, width: tableWidth, height: row.height, color: row.fill })
  if (ruleAbove) w.page.drawLine({ start: { x: MARGIN, y: top }, end: { x: MARGIN + tableWidth, y: top }, thickness: 0.6, color: RULE })
  const lineHeight = fit.size * TABLE.leading
  let x = MARGIN
  fit.widths.forEach((width, i) => {
    row.lines[i]!.forEach((line, n) => {
      const baseline = top - TABLE.padY - (n + 1) * lineHeight + fit.size * 0.3
      const textWidth = w.measure(line, row.bold) * fit.size
      const at = aligns[i] === 'right' ? x + width - TABLE.padX - textWidth : x + TABLE.padX
      w.text(line, at, baseline, fit.size, row.bold)
    })
    x += width
  })
  w.y = top - row.height
}

function drawSection(w: Writer, section: ReportSection, emptyText: string): void {
  const headingSize = 11
  const headingHeight = headingSize * TABLE.leading + 4
  const fit = fitColumns(columnSpecs(section.columns, section.rows, section.totals), CONTENT_WIDTH, w.measure, TABLE)
  const aligns = section.columns.map((c) => c.align)
  const room = CONTENT_TOP - CONTENT_BOTTOM - headingHeight
  const header = layRow(w, section.columns.map((c) => c.label), fit, true, HEADER_FILL, room / 3)
  const rowRoom = room - header.height

  const startTable = (gapBefore: number): void => {
    w.y -= gapBefore
    w.y -= headingSize * TABLE.leading
    w.text(clean(section.heading).replace(/\n/g, ' '), MARGIN, w.y + headingSize * 0.25, headingSize, true)
    w.y -= 4
    drawRow(w, header, fit, aligns, false)
  }

  const laid = section.rows.map((r, i) => layRow(w, r, fit, false, i % 2 === 1 ? STRIPE_FILL : null, rowRoom))
  // Totals of no rows say nothing the empty-table line does not.
  const hasTotals = section.totals !== undefined && laid.length > 0
  if (hasTotals) laid.push(layRow(w, section.totals!, fit, true, null, rowRoom))
  const first = laid[0]?.height ?? TABLE.size * TABLE.leading + 2 * TABLE.padY
  // The heading, the header row and at least one row stay together.
  const gap = 14
  if (w.y - gap - headingHeight - header.height - first < CONTENT_BOTTOM) {
    w.newPage()
    startTable(0)
  } else startTable(gap)

  if (laid.length === 0) {
    w.y -= TABLE.size * TABLE.leading + TABLE.padY
    w.text(emptyText, MARGIN + TABLE.padX, w.y + TABLE.size * 0.3, TABLE.size, false, MUTED)
    return
  }
  laid.forEach((row, i) => {
    const isTotals = hasTotals && i === laid.length - 1
    if (w.y - row.height < CONTENT_BOTTOM) {
      w.newPage()
      startTable(0)
    }
    drawRow(w, row, fit, aligns, isTotals)
  })
}

/** Header and footer go on last, when the number of pages is known. */
function decorate(w: Writer, doc: ReportDocument): void {
  const total = w.pages.length
  w.pages.forEach((page, i) => {
    w.page = page
    const top = PAGE.height - MARGIN + 6
    w.text(clean(doc.title).replace(/\n/g, ' '), MARGIN, top - 8, 8, false, MUTED)
    page.drawLine({ start: { x: MARGIN, y: top - 14 }, end: { x: PAGE.width - MARGIN, y: top - 14 }, thickness: 0.5, color: RULE })
    page.drawLine({ start: { x: MARGIN, y: 36 }, end: { x: PAGE.width - MARGIN, y: 36 }, thickness: 0.5, color: RULE })
    if (doc.confidential) {
      const mark = clean(doc.confidentialMark).replace(/\n/g, ' ')
      w.text(mark, PAGE.width - MARGIN - w.measure(mark, true) * 10, top - 9, 10, true, MARK)
      w.text(mark, MARGIN, 24, 8, true, MARK)
    }
    const generated = clean(doc.generatedLine).replace(/\n/g, ' ')
    w.text(generated, (PAGE.width - w.measure(generated, false) * 8) / 2, 24, 8, false, MUTED)
    const number = `${i + 1} / ${total}`
    w.text(number, PAGE.width - MARGIN - w.measure(number, false) * 8, 24, 8, false, MUTED)
  })
}

export async function toPdf(doc: ReportDocument, fonts: ReportFonts): Promise<Uint8Array> {
  // No automatic metadata: it would stamp the current time and make equal reports differ.
  const pdf = await PDFDocument.create({ updateMetadata: false })
  pdf.registerFontkit(fontkit)
  const regular = await pdf.embedFont(fonts.regular, { subset: true })
  const bold = await pdf.embedFont(fonts.bold, { subset: true })
  const w = new Writer(pdf, regular, bold)

  w.newPage()
  w.paragraph(doc.title, 16, true, 0)
  doc.subtitle.forEach((s, i) => w.paragraph(s, 10, false, i === 0 ? 6 : 1))
  for (const section of doc.sections) drawSection(w, section, doc.emptyText)
  decorate(w, doc)

  const at = new Date(doc.generatedAt)
  pdf.setTitle(doc.title, { showInWindowTitleBar: true })
  pdf.setSubject(doc.subtitle.join('; '))
  pdf.setLanguage(intlLocale(doc.locale))
  pdf.setProducer('Payment System Workstation')
  pdf.setCreator('Payment System Workstation')
  pdf.setCreationDate(at)
  pdf.setModificationDate(at)
  if (doc.confidential) pdf.setKeywords([doc.confidentialMark])
  return pdf.save()
}
