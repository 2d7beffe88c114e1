import type { MessageProblem } from './types'

/** A payment file larger than this is refused unread (the import's own limit is the same, R4.1). */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024

export interface GuardOptions {
  /** Largest accepted document, in UTF-8 bytes. */
  maxBytes?: number
}

/** The 1-based line of a character offset: counts newlines only up to it, so it is cheap for early offsets. */
export function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/**
 * Refuses a document before any parser sees it (R4.2: files come from outside). A DOCTYPE or ENTITY
 * declaration is refused outright rather than parsed with expansion turned off: no legitimate ISO 20022
 * message has one, and refusing by text search means an XXE (external entity) or a billion-laughs bomb is
 * never expanded by anything. Other processing instructions, non-UTF-8 encodings (all our parsers and the
 * schema validator assume UTF-8) and NUL bytes are refused too. Returns every problem found, [] when safe.
 */
export function guardXml(text: string, options: GuardOptions = {}): MessageProblem[] {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  // Character count × 3 bounds the UTF-8 size from above, so the exact count is needed only near the limit.
  const bytes = text.length * 3 > maxBytes ? Buffer.byteLength(text, 'utf8') : text.length
  if (bytes > maxBytes) return [{ line: 0, message: `document of ${bytes} bytes exceeds the limit of ${maxBytes} bytes`, code: 'document_too_large', params: { bytes, limitBytes: maxBytes } }]

  const problems: MessageProblem[] = []
  const nul = text.indexOf('\0')
  if (nul !== -1) problems.push({ line: lineAt(text, nul), message: 'NUL byte in the document (not allowed in XML)', code: 'nul_byte', params: {} })

  for (const m of text.matchAll(/<!(DOCTYPE|ENTITY)\b/gi)) {
    if (problems.length >= MAX_PROBLEMS) break
    const doctype = m[1]!.toUpperCase() === 'DOCTYPE'
    const what = doctype ? 'DOCTYPE (document type declaration)' : 'ENTITY declaration'
    problems.push({ line: lineAt(text, m.index), message: `${what} refused: DTDs and entities are not allowed in payment messages (external-entity and entity-expansion attacks)`, code: doctype ? 'doctype' : 'entity', params: {} })
  }

  for (const m of text.matchAll(/<\?([^\s?]*)/g)) {
    if (problems.length >= MAX_PROBLEMS) break
    const target = m[1]!
    if (target.toLowerCase() !== 'xml') {
      problems.push({ line: lineAt(text, m.index), message: `processing instruction <?${target}?> refused: only the XML declaration is allowed`, code: 'processing_instruction', params: { target } })
    } else if (m.index !== firstNonBom(text)) {
      problems.push({ line: lineAt(text, m.index), message: 'the XML declaration must be the very start of the document', code: 'declaration_not_first', params: {} })
    } else {
      const decl = text.slice(m.index, text.indexOf('?>', m.index) + 2)
      const enc = /\bencoding\s*=\s*["']([^"']*)["']/.exec(decl)
      if (enc && !/^utf-?8$/i.test(enc[1]!)) problems.push({ line: lineAt(text, m.index), message: `encoding ${enc[1]} refused: only UTF-8 is accepted`, code: 'encoding', params: { encoding: enc[1]! } })
    }
  }
  return problems
}

// A hostile file can repeat a refused construct a million times; the first few say enough, and counting
// lines for each would be quadratic.
const MAX_PROBLEMS = 20

const firstNonBom = (text: string): number => (text.charCodeAt(0) === 0xfeff ? 1 : 0)
