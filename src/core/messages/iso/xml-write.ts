import { namespaceOf } from '../detect'
import type { MessageType } from '../types'
import { carriesInXml } from '../../domain/xml-text'

/** Text escaped for element content and attribute values; CR and TAB as references so parsers keep them. */
export function escapeXml(text: string): string {
  if (!carriesInXml(text)) throw new RangeError(`text contains a character XML cannot carry: ${JSON.stringify(text)}`)
  return text.replace(/[<>&"'\r\t]/g, (c) => ESCAPES[c]!)
}

const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\t': '&#9;' }

/**
 * Writes an indented document one element a line (so a problem found later has a useful line number),
 * in the order the calls are made: the codecs call it in the XSD's sequence order.
 */
export class XmlWriter {
  private readonly parts: string[] = []
  private readonly stack: string[] = []

  constructor(type: MessageType, root: string) {
    this.parts.push(`<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${namespaceOf(type)}">\n`)
    this.stack.push('Document')
    this.open(root)
  }

  private get indent(): string {
    return '  '.repeat(this.stack.length)
  }

  open(name: string): this {
    this.parts.push(`${this.indent}<${name}>\n`)
    this.stack.push(name)
    return this
  }

  close(): this {
    const name = this.stack.pop()
    this.parts.push(`${this.indent}</${name}>\n`)
    return this
  }

  /** An element with text content. */
  leaf(name: string, text: string, attrs?: Record<string, string>): this {
    const a = attrs ? Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('') : ''
    this.parts.push(`${this.indent}<${name}${a}>${escapeXml(text)}</${name}>\n`)
    return this
  }

  /** An optional element: written only when there is a value. */
  opt(name: string, text: string | null | undefined): this {
    if (text !== null && text !== undefined) this.leaf(name, text)
    return this
  }

  /** Opens the path, writes a leaf, closes the path: `path('FinInstnId', 'BICFI')` for a one-value branch. */
  path(names: string[], text: string, attrs?: Record<string, string>): this {
    for (const n of names.slice(0, -1)) this.open(n)
    this.leaf(names[names.length - 1]!, text, attrs)
    for (let i = 1; i < names.length; i++) this.close()
    return this
  }

  /** The finished document (closes what is still open). */
  done(): string {
    while (this.stack.length) this.close()
    return this.parts.join('')
  }
}
