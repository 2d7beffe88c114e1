// Writes the national format: the envelope, and field values wrapped to 65-character lines so that the reader
// joins the continuation lines back to the exact value (FORMAT.md, "Continuation lines").
import { MAX_LINE, formatInstant } from './values'

export const EOL = '\r\n'

/** A continuation line must not be read as something else: a subfield (/), a field tag (:) or the end (-}). */
const BAD_START = new Set(['/', ':', '-'])

/**
 * The lines of `prefix + value`, each at most 65 code points. A break goes before a blank where there is one
 * (the blank starts the next line, so no line ends with a blank), else anywhere the next line does not start with
 * / : or -. Joining the lines with nothing in between gives back prefix + value. Null when no break is possible.
 */
export function wrap(prefix: string, value: string): string[] | null {
  const cps = [...value]
  const out: string[] = []
  let pos = 0
  let cap = MAX_LINE - [...prefix].length
  let head = prefix
  while (cps.length - pos > cap) {
    let b = -1
    for (let i = pos + cap; i > pos + Math.floor(cap / 2); i--) {
      if (cps[i] === ' ' && cps[i - 1] !== ' ') {
        b = i
        break
      }
    }
    if (b < 0) {
      for (let i = pos + cap; i > pos; i--) {
        if (!BAD_START.has(cps[i]!)) {
          b = i
          break
        }
      }
    }
    if (b < 0) return null
    out.push(head + cps.slice(pos, b).join(''))
    head = ''
    pos = b
    cap = MAX_LINE
  }
  out.push(head + cps.slice(pos).join(''))
  return out
}

/** Like wrap, for values already checked to be wrappable. */
export function wrapped(prefix: string, value: string): string[] {
  const lines = wrap(prefix, value)
  if (!lines) throw new RangeError(`${prefix}${value} cannot be split into lines of ${MAX_LINE} characters`)
  return lines
}

/** The whole message: blocks 1, 2 and 3 each on a line, then block 4 with its lines and the closing -}. */
export function envelope(sender: string, type: '100' | '102', receiver: string, createdAt: number, body: string[]): string {
  return [`{1:F01${sender}}`, `{2:I${type}${receiver}}`, `{3:{CRT:${formatInstant(createdAt)}}}`, '{4:', ...body, '-}'].join(EOL) + EOL
}
