// Reads the envelope of a national-format message — {1:…}{2:…}[{3:…}]{4:\n…\n-} — and splits block 4 into
// fields (":TAG:value" plus continuation lines), keeping every line's number for the problems it may have.
import { MessageError, type MessageProblem, type NationalProblem } from '../types'
import { checkBic, parseInstant, type Finding } from './values'

/**
 * Problems found while reading, each on its line, of its kind, naming the field or block as the file writes it
 * (`tag`: ':32A:', ':70: /KNP/', '{4:'); thrown together at the end.
 */
export class Problems {
  readonly list: MessageProblem[] = []
  add(line: number, message: string, code: NationalProblem, tag: string, params: Record<string, string | number> = {}): void {
    this.list.push(problem(line, message, code, tag, params))
  }
  /** Adds the problem a check found, if any, with a prefix saying where. */
  check(line: number, found: Finding | null, where: string, tag: string): boolean {
    if (found !== null) this.add(line, `${where}: ${found.message}`, found.code, tag, found.params)
    return found === null
  }
  throwIfAny(): void {
    if (this.list.length) throw new MessageError([...this.list].sort((a, b) => a.line - b.line))
  }
}

export interface Line {
  no: number
  text: string
}

/** One field of block 4: its tag, the line of its tag, and its value lines (the first is the rest of the tag line). */
export interface Field {
  tag: string
  line: number
  lines: Line[]
}

export interface Envelope {
  /** Block 1: the sender's BIC (instructing agent). */
  sender: string
  /** Block 2: the message type ('100', '102') and the receiver's BIC (instructed agent). */
  messageType: string
  receiver: string
  typeLine: number
  /** Block 3 {CRT:…}: the creation instant, or null when absent. */
  createdAt: number | null
  /** The line of "{4:". */
  bodyLine: number
  fields: Field[]
  /** Problems found so far (e.g. a bad BIC in a header): reading goes on to find the others. */
  problems: Problems
}

const problem = (line: number, message: string, code: NationalProblem, tag: string, params: Record<string, string | number> = {}): MessageProblem => ({ line, message, code, params: { tag, ...params } })

const TAG = /^:(\d{2}[A-Z]?):(.*)$/

/** Splits text into lines numbered from 1, without a byte-order mark or carriage returns. */
export function splitLines(text: string): Line[] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((t, i) => ({ no: i + 1, text: t.endsWith('\r') ? t.slice(0, -1) : t }))
}

/** The blocks before {4: as one string scanned with the line of each character. */
class Scanner {
  pos = 0
  constructor(
    readonly src: string,
    private readonly starts: number[]
  ) {}
  line(at = this.pos): number {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.starts[mid]! <= at) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
  skipBlanks(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++
  }
  /** The content of a block {n:…} with no nested braces, or null when the next block is not {n:. */
  block(n: string): { content: string; line: number } | null {
    this.skipBlanks()
    if (!this.src.startsWith(`{${n}:`, this.pos)) return null
    const line = this.line()
    const end = this.src.indexOf('}', this.pos)
    const nl = this.src.indexOf('\n', this.pos)
    if (end < 0 || (nl >= 0 && nl < end)) throw new MessageError([problem(line, `block {${n}: is not closed with } on its line`, 'mt_block', `{${n}:`)])
    const content = this.src.slice(this.pos + 3, end)
    this.pos = end + 1
    return { content, line }
  }
}

/**
 * Reads the envelope and the fields of block 4. Throws MessageError at once when the blocks themselves are broken;
 * other problems (a bad header BIC, a stray line) are collected in `problems` for the caller to add to.
 */
export function readEnvelope(text: string): Envelope {
  const lines = splitLines(text)
  const starts: number[] = []
  let offset = 0
  for (const l of lines) {
    starts.push(offset)
    offset += l.text.length + 1
  }
  const s = new Scanner(lines.map((l) => l.text).join('\n'), starts)
  // A block itself broken: nothing after it can be read.
  const fail = (line: number, message: string, block: string): never => {
    throw new MessageError([problem(line, message, 'mt_block', block)])
  }

  const b1 = s.block('1')
  if (!b1) fail(s.line(), 'the message must begin with the basic header block {1:F01<sender BIC>}', '{1:')
  const m1 = /^F01(.*)$/.exec(b1!.content)
  if (!m1) fail(b1!.line, `block 1 must be F01<sender BIC>, not ${JSON.stringify(b1!.content)}`, '{1:')
  const sender = m1![1]!
  const p = new Problems()
  p.check(b1!.line, checkBic(sender), 'block 1 sender', '{1:')

  const b2 = s.block('2')
  if (!b2) fail(s.line(), 'the application header block {2:I<type><receiver BIC>} must follow block 1', '{2:')
  const m2 = /^I(\d{3})(.*)$/.exec(b2!.content)
  if (!m2) fail(b2!.line, `block 2 must be I<message type><receiver BIC>, not ${JSON.stringify(b2!.content)}`, '{2:')
  p.check(b2!.line, checkBic(m2![2]!), 'block 2 receiver', '{2:')

  let createdAt: number | null = null
  s.skipBlanks()
  if (s.src.startsWith('{3:', s.pos)) {
    const line = s.line()
    const m3 = /^\{3:((?:\{[A-Z0-9]{3}:[^{}\n]*\})*)\}/.exec(s.src.slice(s.pos))
    if (!m3) fail(line, 'block 3 must be {3:{TAG:value}…}', '{3:')
    s.pos += m3![0].length
    for (const tag of m3![1]!.matchAll(/\{([A-Z0-9]{3}):([^{}\n]*)\}/g)) {
      if (tag[1] !== 'CRT') continue
      createdAt = parseInstant(tag[2]!)
      if (createdAt === null) p.add(line, `block 3 CRT ${JSON.stringify(tag[2])} is not a creation time YYYY-MM-DDTHH:MM:SS.fffZ within 2000–2099`, 'mt_date', '{CRT:')
    }
  }

  s.skipBlanks()
  if (!s.src.startsWith('{4:', s.pos)) fail(s.line(), 'the text block {4: must follow the headers', '{4:')
  const bodyLine = s.line()
  const rest = lines[bodyLine - 1]!.text.slice(s.pos + 3 - starts[bodyLine - 1]!)
  if (rest.trim() !== '') fail(bodyLine, 'block 4 must start on a new line after {4:', '{4:')

  const fields: Field[] = []
  let end = -1
  let blanks: Line[] = [] // reported when something follows them inside block 4, not at the end of an unclosed one
  for (let i = bodyLine; i < lines.length; i++) {
    const l = lines[i]!
    if (l.text.trim() === '') {
      blanks.push(l)
      continue
    }
    for (const b of blanks) p.add(b.no, 'empty line inside block 4', 'mt_block', '{4:')
    blanks = []
    if (l.text === '-}') {
      end = i
      break
    }
    const tag = TAG.exec(l.text)
    if (tag) fields.push({ tag: tag[1]!, line: l.no, lines: [{ no: l.no, text: tag[2]! }] })
    else if (l.text.startsWith(':')) p.add(l.no, `malformed field tag in ${JSON.stringify(l.text)} (expected :NN: or :NNA:)`, 'mt_field_unknown', /^:[^:\s]{0,5}:?/.exec(l.text)![0])
    else if (!fields.length) p.add(l.no, 'text before the first field of block 4', 'mt_block', '{4:')
    else fields[fields.length - 1]!.lines.push(l)
  }
  if (end < 0) {
    const last = lines.filter((l) => l.text.trim() !== '').at(-1) ?? lines[lines.length - 1]!
    p.add(last.no, 'block 4 is not closed by a line -}', 'mt_block', '{4:')
  } else {
    const after = lines.slice(end + 1).find((l) => l.text.trim() !== '')
    if (after) p.add(after.no, 'text after the end of the message (-})', 'mt_block', '{4:')
  }
  return { sender, messageType: m2![1]!, receiver: m2![2]!, typeLine: b2!.line, createdAt, bodyLine, fields, problems: p }
}
