// Table geometry for the PDF, apart from drawing so it can be reasoned about (and tested) on its own:
// how wide each column is, at what font size, and how a cell's text breaks into lines.

/** Width of text at 1 pt; widths scale linearly with the font size. */
export type Measure = (text: string, bold: boolean) => number

export interface TableStyle {
  /** Preferred and smallest font size, pt. */
  size: number
  minSize: number
  /** Horizontal padding inside a cell, each side, pt. */
  padX: number
}

export interface TableFit {
  size: number
  widths: number[]
}

interface ColumnSpec {
  align: 'left' | 'right'
  header: string
  cells: string[]
  /** Totals are drawn bold. */
  totals: string | undefined
}

const words = (text: string): string[] => text.split(/[ \n]+/).filter(Boolean)

/** Widest unbreakable piece of a column at 1 pt: a numeric cell never breaks, a header or text breaks at spaces. */
function minUnit(col: ColumnSpec, measure: Measure): number {
  const pieces = (text: string, bold: boolean, whole: boolean): number =>
    whole ? Math.max(0, ...text.split('\n').map((l) => measure(l, bold))) : Math.max(0, ...words(text).map((w) => measure(w, bold)))
  const numeric = col.align === 'right'
  return Math.max(
    pieces(col.header, true, false),
    ...col.cells.map((c) => pieces(c, false, numeric)),
    col.totals === undefined ? 0 : pieces(col.totals, true, numeric)
  )
}

/** Width of a column's longest line at 1 pt, nothing broken. */
function maxUnit(col: ColumnSpec, measure: Measure): number {
  const line = (text: string, bold: boolean): number => Math.max(0, ...text.split('\n').map((l) => measure(l, bold)))
  return Math.max(line(col.header, true), ...col.cells.map((c) => line(c, false)), col.totals === undefined ? 0 : line(col.totals, true))
}

export function columnSpecs(columns: { label: string; align: 'left' | 'right' }[], rows: string[][], totals?: string[]): ColumnSpec[] {
  return columns.map((c, i) => ({ align: c.align, header: c.label, cells: rows.map((r) => r[i] ?? ''), totals: totals?.[i] }))
}

/**
 * Sizes columns to their content within `available` pt: natural widths at the preferred size when they fit;
 * else a smaller font, down to minSize; else, at minSize, every column gets its unbreakable minimum plus a share
 * of the rest in proportion to how much more it wants (as browsers lay out auto tables), and text wraps.
 * Only when even the minimums do not fit are all columns squeezed and words broken inside.
 */
export function fitColumns(cols: ColumnSpec[], available: number, measure: Measure, style: TableStyle): TableFit {
  const pad = 2 * style.padX
  const maxU = cols.map((c) => maxUnit(c, measure))
  const sumMax = maxU.reduce((a, b) => a + b, 0)
  const room = available - pad * cols.length
  if (sumMax * style.size <= room) return { size: style.size, widths: maxU.map((u) => u * style.size + pad) }
  const shrunk = room / sumMax
  if (shrunk >= style.minSize) return { size: shrunk, widths: maxU.map((u) => u * shrunk + pad) }

  const size = style.minSize
  const minW = cols.map((c) => minUnit(c, measure) * size)
  const maxW = maxU.map((u) => u * size)
  const sumMin = minW.reduce((a, b) => a + b, 0)
  if (sumMin <= room) {
    const ratio = (room - sumMin) / (sumMax * size - sumMin)
    return { size, widths: minW.map((w, i) => w + (maxW[i]! - w) * ratio + pad) }
  }
  // Not even the unbreakable pieces fit: amounts keep their width, and text columns share the rest, the widest
  // words being cut. Only when the amounts alone are too wide is every column squeezed.
  const numeric = cols.map((c) => c.align === 'right')
  const numericW = sum(minW.filter((_, i) => numeric[i]))
  const textIdx = cols.map((_, i) => i).filter((i) => !numeric[i])
  if (numericW < room && textIdx.length > 0) {
    const shares = waterFill(
      textIdx.map((i) => minW[i]!),
      room - numericW
    )
    const widths = [...minW]
    textIdx.forEach((col, k) => (widths[col] = shares[k]!))
    return { size, widths: widths.map((w) => w + pad) }
  }
  return { size, widths: minW.map((w) => (sumMin > 0 ? (w / sumMin) * room : room / cols.length) + pad) }
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)

/** Shares `total` among demands: a demand under an equal share gets what it asks, the others split what is left. */
export function waterFill(demands: number[], total: number): number[] {
  const order = demands.map((d, i) => ({ d, i })).sort((a, b) => a.d - b.d)
  const out = Array<number>(demands.length).fill(0)
  let left = total
  order.forEach(({ d, i }, k) => {
    const share = left / (order.length - k)
    out[i] = Math.min(d, share)
    left -= out[i]!
  })
  return out
}

/** Breaks text into lines no wider than `width` pt: at line breaks, then spaces, then inside a too-long word. */
export function wrapText(text: string, width: number, size: number, bold: boolean, measure: Measure): string[] {
  const fits = (s: string): boolean => measure(s, bold) * size <= width + 1e-6
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(' ').filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word
      if (fits(candidate)) {
        line = candidate
        continue
      }
      if (line) lines.push(line)
      line = ''
      // A word wider than the column is cut by characters (an IBAN, an instruction id).
      let rest = word
      while (!fits(rest)) {
        let n = 1
        while (n < rest.length && fits(rest.slice(0, n + 1))) n++
        lines.push(rest.slice(0, n))
        rest = rest.slice(n)
      }
      line = rest
    }
    lines.push(line)
  }
  return lines
}
