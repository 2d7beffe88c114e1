import { describe, expect, it } from 'vitest'
import { columnSpecs, fitColumns, waterFill, wrapText } from '../../../../src/core/reports/pdf-layout'

// Every character half a point wide at 1 pt, bold ones 0.6: easy to reason about.
const measure = (text: string, bold: boolean): number => text.length * (bold ? 0.6 : 0.5)
const style = { size: 10, minSize: 6, padX: 2 }
const total = (ws: number[]): number => ws.reduce((a, b) => a + b, 0)

describe('column fitting', () => {
  const cols = [
    { label: 'Name', align: 'left' as const },
    { label: 'Amount', align: 'right' as const }
  ]

  it('keeps natural widths at the preferred size when they fit', () => {
    const fit = fitColumns(columnSpecs(cols, [['Kaspi Bank', '1 000,00']]), 500, measure, style)
    expect(fit.size).toBe(10)
    // "Kaspi Bank": 10 chars × 0.5 × 10 + 4; "1 000,00" (8 × 0.5 × 10) is wider than bold "Amount" (6 × 0.6 × 10).
    expect(fit.widths).toEqual([54, 44])
  })

  it('shrinks the font before wrapping anything', () => {
    const fit = fitColumns(columnSpecs(cols, [['x'.repeat(40), '1']]), 150, measure, style)
    expect(fit.size).toBeLessThan(10)
    expect(fit.size).toBeGreaterThanOrEqual(6)
    expect(total(fit.widths)).toBeCloseTo(150, 6)
  })

  it('wraps text columns at the smallest size, never narrowing an amount below its width', () => {
    const rows = [['word '.repeat(60).trim(), '-1 234 567,89']]
    const fit = fitColumns(columnSpecs(cols, rows), 120, measure, style)
    expect(fit.size).toBe(6)
    expect(total(fit.widths)).toBeCloseTo(120, 6)
    expect(fit.widths[1]!).toBeGreaterThanOrEqual(13 * 0.5 * 6 + 4)
    const lines = wrapText(rows[0]![0]!, fit.widths[0]! - 4, fit.size, false, measure)
    expect(lines.length).toBeGreaterThan(1)
    for (const l of lines) expect(measure(l, false) * fit.size).toBeLessThanOrEqual(fit.widths[0]! - 4 + 1e-6)
  })

  it('cuts the text columns, not the amounts, when even whole words do not fit', () => {
    const fit = fitColumns(columnSpecs(cols, [['K'.repeat(200), '9 999 999,99']]), 100, measure, style)
    expect(total(fit.widths)).toBeCloseTo(100, 6)
    expect(fit.widths[1]).toBeCloseTo(12 * 0.5 * 6 + 4, 6)
  })
})

describe('text wrapping', () => {
  it('breaks at spaces and inside a word longer than the width, losing nothing', () => {
    const text = 'ab cd KZ000000000000 ef'
    const lines = wrapText(text, 3, 1, false, measure)
    for (const l of lines) expect(measure(l, false)).toBeLessThanOrEqual(3)
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''))
    expect(lines).toContain('ab cd')
  })

  it('keeps line breaks of the text', () => {
    expect(wrapText('one\ntwo', 100, 1, false, measure)).toEqual(['one', 'two'])
  })
})

describe('water filling', () => {
  it('gives small demands what they ask and splits the rest evenly', () => {
    expect(waterFill([10, 100, 100], 110)).toEqual([10, 50, 50])
    expect(waterFill([10, 20], 100)).toEqual([10, 20])
  })
})
