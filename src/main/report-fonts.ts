import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ReportFonts } from '../core/reports'

/**
 * The fonts PDF reports are drawn with: DejaVu Sans (Kazakh and Russian letters), shipped as resources in
 * the packaged app (electron-builder extraResources) and read from build/fonts when run from the sources.
 * Read once, when the first PDF is made.
 */
export function reportFonts(): () => ReportFonts {
  let fonts: ReportFonts | null = null
  return () => {
    if (fonts) return fonts
    const packaged = typeof process.resourcesPath === 'string' ? join(process.resourcesPath, 'fonts') : null
    const dir = [packaged, join(__dirname, '../../build/fonts')].find((d): d is string => d !== null && existsSync(join(d, 'DejaVuSans.ttf')))
    if (!dir) throw new Error('the report fonts (DejaVuSans.ttf) are missing from this installation')
    fonts = { regular: readFileSync(join(dir, 'DejaVuSans.ttf')), bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')) }
    return fonts
  }
}
