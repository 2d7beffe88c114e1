import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { memoryPages, validateXML } from 'xmllint-wasm'
import { MESSAGE_TYPES, type MessageProblem, type MessageType } from './types'

/** The name the document carries inside the validator: libxml2 prefixes every message with it. */
const DOC_NAME = 'message.xml'

/**
 * Validates documents against the official ISO 20022 schemas (R4.2) with libxml2 compiled to WebAssembly,
 * in process, so the packaged app needs no native xmllint. ASYNC: xmllint-wasm runs each validation in a
 * worker thread and returns a Promise (about 100 ms a call, most of it starting the worker and compiling the
 * schema; the library offers no way to keep a compiled schema, so only the schema text is cached).
 *
 * The document must have passed guardXml first: the validator is given no DTD protection of its own.
 */
export class XsdValidator {
  private readonly schemas = new Map<MessageType, Promise<string>>()

  /** @param schemaDir the folder holding <type>.xsd for every MessageType (where it is, is the caller's concern). */
  constructor(private readonly schemaDir: string) {}

  /** The schema text of a type, read once and kept. */
  schemaText(type: MessageType): Promise<string> {
    let s = this.schemas.get(type)
    if (!s) {
      s = readFile(join(this.schemaDir, `${type}.xsd`), 'utf8')
      // A failed read must not be cached forever: the folder may appear later.
      s.catch(() => this.schemas.delete(type))
      this.schemas.set(type, s)
    }
    return s
  }

  /** Loads every schema now, so a missing file shows at start-up rather than at the first import. */
  async preload(): Promise<void> {
    await Promise.all(MESSAGE_TYPES.map((t) => this.schemaText(t)))
  }

  /** The schema violations of a document of a type, each with its line; [] when valid. Never throws on bad input. */
  async validate(type: MessageType, xml: string): Promise<MessageProblem[]> {
    const schema = await this.schemaText(type)
    const result = await validateXML({
      xml: [{ fileName: DOC_NAME, contents: xml }],
      schema: [{ fileName: `${type}.xsd`, contents: schema }],
      // libxml2's tree of a document takes several times the document's size; the memory grows on demand up to this.
      initialMemoryPages: memoryPages.defaultInitialMemoryPages,
      maxMemoryPages: Math.min(memoryPages.max, memoryPages.defaultMaxMemoryPages + Math.ceil((xml.length * 12) / 65536))
    })
    if (result.valid) return []
    return problemsOf(result.rawOutput)
  }
}

/**
 * libxml2's messages as problems: "message.xml:12: element Amt: Schemas validity error : ..." gives line 12.
 * Parser errors are followed by the source line and a caret; those, and the closing "fails to validate", are
 * dropped. The wording is libxml2's own; only the file-name prefix and the error class are cut.
 */
export function problemsOf(rawOutput: string): MessageProblem[] {
  const problems: MessageProblem[] = []
  const prefix = `${DOC_NAME}:`
  for (const raw of rawOutput.split('\n')) {
    if (!raw.startsWith(prefix)) continue
    const m = /^(\d+): (.*)$/.exec(raw.slice(prefix.length))
    if (!m) continue
    const message = m[2]!
      .replace(/^(?:element \S+: )?(?:Schemas validity error|parser error|namespace error|validity error) : /, '')
      // Every element name carries the message namespace in braces; it says nothing the type does not.
      .replace(/\{urn:iso:std:iso:20022:tech:xsd:[^}]*\}/g, '')
      .trim()
    problems.push({ line: Number(m[1]), message })
  }
  if (problems.length === 0) problems.push({ line: 0, message: rawOutput.trim() || 'the document is not valid against its schema' })
  return problems
}
