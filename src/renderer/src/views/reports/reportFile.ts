import type { ReportFile } from '@core/api/types'
import { base64Bytes, saveBase64 } from '../../composables/fileBytes'

/** The bytes of a generated report (the call carries them as base64). */
export const reportBytes = (file: ReportFile): Uint8Array<ArrayBuffer> => base64Bytes(file.base64)

/** Saves a report through the browser's download. */
export const saveReport = (file: ReportFile): void => saveBase64(file.fileName, file.base64, file.mime)

/** The text of a CSV report (UTF-8, perhaps with a byte order mark). */
export function reportText(file: ReportFile): string {
  return new TextDecoder('utf-8').decode(reportBytes(file)).replace(/^\uFEFF/, '')
}

/** Parses CSV as RFC 4180 writes it: comma-separated, fields in double quotes may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
