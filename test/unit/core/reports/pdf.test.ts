import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import type { ReportDocument, ReportSection } from '../../../../src/core/reports/document'
import { toPdf } from '../../../../src/core/reports/pdf'
import { fonts, GENERATED_AT } from './fixtures'
import { hasPdftotext, pageTexts, words } from './pdf-text'

const rowsOf = (n: number): string[][] =>
  Array.from({ length: n }, (_, i) => [`P${String(i + 1).padStart(3, '0')}`, `Қатысушы №${i + 1}`, `${i + 1}\u00a0000,00`])

const table = (rows: string[][]): ReportSection => ({
  heading: 'Нетто-позициялар — KZT',
  columns: [
    { label: 'Код', align: 'left' },
    { label: 'Қатысушы', align: 'left' },
    { label: 'Сомасы', align: 'right' }
  ],
  rows,
  totals: ['Барлығы', '', '999\u00a0999,00']
})

const doc = (sections: ReportSection[], over: Partial<ReportDocument> = {}): ReportDocument => ({
  title: 'Қатысушының үзінді көшірмесі',
  subtitle: ['Операциялық күн: 25.11.2026', 'Қатысушы: P001 — Kaspi Bank'],
  confidential: true,
  confidentialMark: 'Құпия',
  generatedAt: GENERATED_AT,
  generatedLine: 'Қалыптастырылды: 26.11.2026, 00:30:00 (Алматы уақыты)',
  emptyText: 'Деректер жоқ',
  locale: 'kk',
  sections,
  ...over
})

describe('PDF', () => {
  it('is a PDF of A4 landscape pages with the title and a creation date taken from generatedAt', async () => {
    const bytes = await toPdf(doc([table(rowsOf(5))]), fonts)
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false })
    expect(pdf.getTitle()).toBe('Қатысушының үзінді көшірмесі')
    expect(pdf.getProducer()).toBe('Payment System Workstation')
    expect(pdf.getCreationDate()?.getTime()).toBe(GENERATED_AT)
    expect(pdf.getModificationDate()?.getTime()).toBe(GENERATED_AT)
    expect(pdf.getPageCount()).toBe(1)
    const { width, height } = pdf.getPage(0).getSize()
    expect([Math.round(width), Math.round(height)]).toEqual([842, 595])
  })

  it('gives equal bytes for equal input', async () => {
    const a = await toPdf(doc([table(rowsOf(40))]), fonts)
    const b = await toPdf(doc([table(rowsOf(40))]), fonts)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
  })

  it('runs onto more pages as rows grow', async () => {
    const pages = async (n: number): Promise<number> => (await PDFDocument.load(await toPdf(doc([table(rowsOf(n))]), fonts))).getPageCount()
    const [p10, p100, p500] = [await pages(10), await pages(100), await pages(500)]
    expect(p10).toBe(1)
    expect(p100).toBeGreaterThan(p10)
    expect(p500).toBeGreaterThan(p100)
    expect(p500).toBeGreaterThanOrEqual(10)
  })

  // CI installs poppler-utils; elsewhere these checks need `apt-get install poppler-utils`.
  describe.skipIf(!hasPdftotext && !process.env.CI)('as text a reader sees (pdftotext)', () => {
    it('carries the mark in the header and footer, the table header and "n / N" on every page', async () => {
      const pages = pageTexts(await toPdf(doc([table(rowsOf(500))]), fonts))
      expect(pages.length).toBeGreaterThanOrEqual(10)
      pages.forEach((text, i) => {
        expect(text.match(/Құпия/g)?.length, `page ${i + 1}`).toBeGreaterThanOrEqual(2)
        expect(text.trimStart().split('\n')[0], `page ${i + 1} header`).toMatch(/Құпия\s*$/)
        expect(text.trimEnd().split('\n').at(-1), `page ${i + 1} footer`).toMatch(new RegExp(`^\\s*Құпия.*Қалыптастырылды: 26\\.11\\.2026, 00:30:00.*\\b${i + 1}\\s*/\\s*${pages.length}\\s*$`))
        expect(text, `page ${i + 1}`).toMatch(/Код\s+Қатысушы\s+Сомасы/)
      })
      const all = pages.join('\n')
      for (const n of [1, 250, 500]) expect(all).toContain(`Қатысушы №${n}`)
      expect(pages.at(-1)).toContain('Барлығы')
      expect(all).toContain('999 999,00')
    })

    it('keeps Kazakh and Russian text intact', async () => {
      const text = pageTexts(
        await toPdf(doc([table([['P001', 'Қатысушы ӘәҒғҚқҢңӨөҰұҮүҺһІі', '1\u00a0234,56'], ['P002', 'Выписка участника — Ёё', '-7,00']])]), fonts)
      ).join('\n')
      expect(text).toContain('Қатысушының үзінді көшірмесі')
      expect(text).toContain('Қатысушы ӘәҒғҚқҢңӨөҰұҮүҺһІі')
      expect(text).toContain('Выписка участника — Ёё')
      expect(text).toContain('-7,00')
    })

    it('has no mark when the document is not confidential, and says when a table is empty', async () => {
      const text = pageTexts(await toPdf(doc([table([])], { confidential: false }), fonts)).join('\n')
      expect(text).not.toContain('Құпия')
      expect(text).toContain('Деректер жоқ')
    })

    it('keeps a wide table of long texts inside the page margins, wrapping text and never numbers', async () => {
      const columns = Array.from({ length: 12 }, (_, i) => ({ label: `Бағанның өте ұзын атауы ${i + 1}`, align: (i % 2 ? 'right' : 'left') as 'left' | 'right' }))
      const long = 'Алушының шоты немесе құралы бұғатталған, ал операция қайталап жіберілді'
      const iban = `KZ${'Q'.repeat(40)}`
      const rows = Array.from({ length: 30 }, (_, r) => columns.map((c, i) => (c.align === 'right' ? `${r}\u00a0${i}00\u00a0000,00` : i === 0 ? iban : long)))
      const bytes = await toPdf(doc([{ heading: 'Кең кесте', columns, rows }]), fonts)
      const { pageWidth, words: all } = words(bytes)
      expect(all.length).toBeGreaterThan(1000)
      const outside = all.filter((w) => w.xMin < 36 - 0.5 || w.xMax > pageWidth - 36 + 0.5)
      expect(outside).toEqual([])
      // The unbreakable 42-character account number was cut into pieces, none lost.
      const pieces = all.filter((w) => /^(KZ)?Q+$/.test(w.text))
      expect(pieces.length).toBeGreaterThan(30)
      expect(pieces.reduce((n, w) => n + w.text.length, 0)).toBe(30 * iban.length)
      // Amounts stay on one line, whole.
      const text = pageTexts(bytes).join('\n')
      for (const r of [0, 17, 29]) for (const i of [1, 11]) expect(text).toContain(`${r} ${i}00 000,00`)
    })
  })
})
