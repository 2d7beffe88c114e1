import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ReportFonts } from '../core/reports'
import { resourceDir } from './resources'

/** The fonts PDF reports are drawn with: DejaVu Sans (Kazakh and Russian letters). Read when the first PDF is made. */
export function reportFonts(): () => ReportFonts {
  let fonts: ReportFonts | null = null
  return () => {
    if (fonts) return fonts
    const dir = resourceDir('fonts', 'DejaVuSans.ttf')
    fonts = { regular: readFileSync(join(dir, 'DejaVuSans.ttf')), bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')) }
    return fonts
  }
}
