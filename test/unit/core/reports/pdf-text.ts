// Text of a PDF per page through poppler's pdftotext, to check what a reader of the file would see.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0

function withFile<T>(bytes: Uint8Array, run: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'))
  try {
    const file = join(dir, 'r.pdf')
    writeFileSync(file, bytes)
    return run(file, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** One string per page (pdftotext ends every page with a form feed). */
export function pageTexts(bytes: Uint8Array): string[] {
  return withFile(bytes, (file) => {
    const out = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
    if (out.status !== 0) throw new Error(`pdftotext failed: ${out.stderr}`)
    return out.stdout.split('\f').slice(0, -1)
  })
}

export interface Word {
  page: number
  xMin: number
  xMax: number
  text: string
}

/** Every word with its horizontal extent, from pdftotext's bounding-box output. */
export function words(bytes: Uint8Array): { pageWidth: number; words: Word[] } {
  return withFile(bytes, (file, dir) => {
    const html = join(dir, 'r.html')
    const out = spawnSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, html], { encoding: 'utf8' })
    if (out.status !== 0) throw new Error(`pdftotext failed: ${out.stderr}`)
    const text = readFileSync(html, 'utf8')
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(text)?.[1])
    const found: Word[] = []
    text.split('<page ').slice(1).forEach((page, i) => {
      for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g))
        found.push({ page: i + 1, xMin: Number(m[1]), xMax: Number(m[2]), text: m[3]! })
    })
    return { pageWidth, words: found }
  })
}
