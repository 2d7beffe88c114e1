import { XMLValidator } from 'fast-xml-parser'
import { parseTree } from './xml-tree'
import { guardXml } from '../xml-guard'
import { MessageError, type MessageProblem } from '../types'

/** A parsed element: text, or children by local name (repeated ones as arrays), attributes as '@_name'. */
export type XNode = string | { [name: string]: XNode | XNode[] | undefined }


/**
 * Entities are never expanded: the guard refuses any DTD, and only the five predefined and the numeric
 * references are decoded (decodeXml), so nothing a document declares can be expanded. Values stay text:
 * "0012" is an id, "10.10" an amount read digit by digit, never a float.
 */
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Decodes the predefined and numeric character references (all that a DTD-less document can contain). */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, ref: string) =>
    ref[0] === '#' ? String.fromCodePoint(ref[1] === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1))) : PREDEFINED[ref]!
  )
}

/**
 * The message element under Document (e.g. FIToFICstmrCdtTrf), after the guard and a well-formedness check
 * with a line number. Throws MessageError when the text is unsafe, malformed or has another root.
 * `checked`: the caller has already run the guard and the schema (readMessage), so both are skipped.
 */
export function parseRoot(text: string, root: string, checked = false): XNode {
  if (!checked) {
    const unsafe = guardXml(text)
    if (unsafe.length) throw new MessageError(unsafe)
    const wf = XMLValidator.validate(text)
    if (wf !== true) throw new MessageError([{ line: wf.err.line, message: `malformed XML: ${wf.err.msg}` }])
  }
  const doc = parseTree(text)
  const top = child(child(doc, 'Document'), root)
  if (top === undefined) throw new MessageError([{ line: 0, message: `the document has no Document/${root}` }])
  return top
}

/** The first child of that name (undefined when absent). */
export function child(node: XNode | undefined, name: string): XNode | undefined {
  if (node === undefined || typeof node === 'string') return undefined
  const c = node[name]
  return Array.isArray(c) ? c[0] : c
}

/** Every child of that name, in document order. */
export function children(node: XNode | undefined, name: string): XNode[] {
  if (node === undefined || typeof node === 'string') return []
  const c = node[name]
  return c === undefined ? [] : Array.isArray(c) ? c : [c]
}

/** The node at a path of child names. */
export const at = (node: XNode | undefined, ...path: string[]): XNode | undefined => path.reduce<XNode | undefined>((n, p) => child(n, p), node)

/** The decoded text of a leaf (or of an element with attributes), undefined when absent. */
export function textOf(node: XNode | undefined): string | undefined {
  if (node === undefined) return undefined
  if (typeof node === 'string') return decodeXml(node)
  const t = node['#text']
  return typeof t === 'string' ? decodeXml(t) : Object.keys(node).some((k) => !k.startsWith('@_')) ? undefined : ''
}

export const attrOf = (node: XNode | undefined, name: string): string | undefined => {
  if (node === undefined || typeof node === 'string') return undefined
  const a = node[`@_${name}`]
  return typeof a === 'string' ? decodeXml(a) : undefined
}

/** Text at a path, or undefined. */
export const textAt = (node: XNode | undefined, ...path: string[]): string | undefined => textOf(at(node, ...path))

/**
 * Finds lines by text search, since the parser gives none: the offsets of every start tag of a name are
 * collected once (one scan per name asked), and "the k-th <CdtTrfTxInf>, then its first <IBAN>" becomes two
 * binary searches. Only used when there is a problem to report.
 */
export class Locator {
  private readonly tags = new Map<string, number[]>()
  private newlines: number[] | null = null

  constructor(private readonly text: string) {}

  private offsets(name: string): number[] {
    let o = this.tags.get(name)
    if (!o) {
      o = []
      for (const m of this.text.matchAll(new RegExp(`<(?:[\\w.-]+:)?${name}[\\s/>]`, 'g'))) o.push(m.index)
      this.tags.set(name, o)
    }
    return o
  }

  /** The line of the k-th (0-based) start tag of `scope`, then of the first `path` element after it; 0 if not found. */
  line(scope: string, k: number, ...path: string[]): number {
    let offset = this.offsets(scope)[k]
    if (offset === undefined) return 0
    for (const name of path) {
      const o = this.offsets(name)
      const next = o[firstAbove(o, offset)]
      if (next === undefined) return 0
      offset = next
    }
    return this.lineOf(offset)
  }

  private lineOf(offset: number): number {
    if (!this.newlines) {
      this.newlines = []
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.newlines.push(i)
    }
    return firstAbove(this.newlines, offset - 1) + 1
  }
}

/** Index of the first element of a sorted array greater than v. */
function firstAbove(sorted: number[], v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! > v) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** A line, or how to find it: lines are looked up only for problems, since a valid file has none to report. */
export type Line = number | (() => number)

/** Collects the problems of one read; `finish` throws them all at once. */
export class ReadProblems {
  private readonly list: { line: Line; message: string }[] = []
  private readonly locate: Locator

  constructor(text: string) {
    this.locate = new Locator(text)
  }

  /** The line of the k-th `scope` element, then of the first `path` element after it — found when asked. */
  at(scope: string, k: number, ...path: string[]): Line {
    return () => this.locate.line(scope, k, ...path)
  }

  add(line: Line, message: string): void {
    this.list.push({ line, message })
  }

  finish<T>(value: T): T {
    if (this.list.length) throw new MessageError(this.list.map((p): MessageProblem => ({ line: typeof p.line === 'number' ? p.line : p.line(), message: p.message })))
    return value
  }
}
