import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { guardCell, quoteField, toCsv } from '../../../../src/core/reports/csv'
import type { ReportDocument } from '../../../../src/core/reports/document'
import { formatMoney } from '../../../../src/core/reports/format'

const doc = (over: Partial<ReportDocument> = {}): ReportDocument => ({
  title: 'Клиринговый отчёт',
  subtitle: ['Операционный день: 25.11.2026', 'Участник: P001 — Kaspi Bank'],
  confidential: true,
  confidentialMark: 'Конфиденциально',
  generatedAt: 0,
  generatedLine: 'Сформирован: 26.11.2026, 00:30:00 (время Алматы)',
  emptyText: 'Нет данных',
  locale: 'ru',
  sections: [
    {
      heading: 'Нетто-позиции — KZT',
      columns: [
        { label: 'Участник', align: 'left' },
        { label: 'Нетто', align: 'right' }
      ],
      rows: [
        ['P001 — Kaspi Bank, Almaty', '-1\u00a0250\u00a0123,45'],
        ['Bank "Centre"', '1\u00a0327\u00a0727,00']
      ],
      totals: ['Итого', '77\u00a0603,55']
    }
  ],
  ...over
})

const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)

describe('CSV', () => {
  it('is UTF-8 with a BOM and CRLF line ends, and every record has the same number of fields', () => {
    const bytes = toCsv(doc())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = decode(bytes).slice(1)
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
    const lines = text.split('\r\n').slice(0, -1)
    // Each record here has exactly one comma outside quotes (two fields).
    for (const line of lines) expect(line.replace(/"(?:[^"]|"")*"/g, '').split(',').length).toBe(2)
  })

  it('starts with the confidentiality mark, then title, subtitles, and each section with header, rows and totals', () => {
    const lines = decode(toCsv(doc())).slice(1).split('\r\n')
    expect(lines.slice(0, 9)).toEqual([
      'Конфиденциально,',
      'Клиринговый отчёт,',
      'Операционный день: 25.11.2026,',
      'Участник: P001 — Kaspi Bank,',
      '"Сформирован: 26.11.2026, 00:30:00 (время Алматы)",',
      ',',
      'Нетто-позиции — KZT,',
      'Участник,Нетто',
      // The decimal comma of ru and kk makes an amount a quoted field.
      '"P001 — Kaspi Bank, Almaty","-1\u00a0250\u00a0123,45"'
    ])
    expect(lines[9]).toBe('"Bank ""Centre""","1\u00a0327\u00a0727,00"')
    expect(lines[10]).toBe('Итого,"77\u00a0603,55"')
  })

  it('has no mark when the document is not confidential, and says so when a table is empty', () => {
    const text = decode(toCsv(doc({ confidential: false, sections: [{ heading: 'Комиссии', columns: [{ label: 'Сумма', align: 'right' }], rows: [] }] })))
    expect(text).not.toContain('Конфиденциально')
    expect(text.slice(1).split('\r\n')).toContain('Нет данных')
  })

  it('quotes fields with commas, quotes and line breaks (RFC 4180), and nothing else', () => {
    expect(quoteField('a,b')).toBe('"a,b"')
    expect(quoteField('say "hi"')).toBe('"say ""hi"""')
    expect(quoteField('two\r\nlines')).toBe('"two\r\nlines"')
    expect(quoteField('one\nline')).toBe('"one\nline"')
    expect(quoteField('Қатысушы; ok')).toBe('Қатысушы; ok')
  })

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(guardCell('=HYPERLINK("http://evil","x")')).toBe('\'=HYPERLINK("http://evil","x")')
    expect(guardCell('+cmd|\' /C calc\'!A0')).toBe("'+cmd|' /C calc'!A0")
    expect(guardCell('-2+3+cmd|\' /C calc\'!A0')).toBe("'-2+3+cmd|' /C calc'!A0")
    expect(guardCell('@SUM(1,2)')).toBe("'@SUM(1,2)")
    expect(guardCell('\t=1')).toBe("'\t=1")
    expect(guardCell('\r=1')).toBe("'\r=1")
    expect(guardCell('-')).toBe("'-")
    expect(guardCell('-1e3')).toBe("'-1e3")
    expect(guardCell('P001 = Kaspi')).toBe('P001 = Kaspi')
    const line = decode(toCsv(doc({ title: '=1+1', subtitle: ['@x, y'] }))).slice(1).split('\r\n')
    expect(line[1]).toBe("'=1+1,")
    expect(line[2]).toBe('"\'@x, y",')
  })

  it('keeps negative and signed amounts as numbers in every locale', () => {
    expect(guardCell('-1\u00a0234,56')).toBe('-1\u00a0234,56')
    expect(guardCell('-1 234,56')).toBe('-1 234,56')
    expect(guardCell('-1,234.56')).toBe('-1,234.56')
    expect(guardCell('+15')).toBe('+15')
    expect(guardCell('-0,15 %')).toBe('-0,15 %')
    expect(guardCell('-7')).toBe('-7')
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom('kk', 'ru', 'en') as fc.Arbitrary<'kk' | 'ru' | 'en'>, (minor, locale) => {
        const text = formatMoney(minor, 'KZT', locale)
        expect(guardCell(text)).toBe(text)
      })
    )
    const text = decode(toCsv(doc()))
    expect(text).toContain(',"-1\u00a0250\u00a0123,45"\r\n')
    expect(text).not.toContain("'-1")
  })
})
