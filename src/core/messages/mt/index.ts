// The national payment format (KISC MT100 / MT102) behind the same Codec interface as the ISO 20022 codecs.
import type { NationalFormat } from '../types'

export { mt100Codec } from './mt100'
export { mt102Codec } from './mt102'

/**
 * Which national format a text is, from its application header {2:I100…} or {2:I102…} after the basic header
 * {1:…}; null when it is neither (e.g. ISO 20022 XML). It only looks: reading the text may still find problems.
 */
export function detectNationalFormat(text: string): NationalFormat | null {
  const m = /^\uFEFF?\s*\{1:[^{}\n]*\}\s*\{2:I(100|102)/.exec(text)
  return m ? (`MT${m[1]}` as NationalFormat) : null
}
