import { lineAt } from './xml-guard'
import { MESSAGE_TYPES, type MessageProblem, type MessageProblemCode, type MessageType } from './types'

export const ISO_NAMESPACE_PREFIX = 'urn:iso:std:iso:20022:tech:xsd:'

export const namespaceOf = (type: MessageType): string => `${ISO_NAMESPACE_PREFIX}${type}`

export type Detection = { type: MessageType; problems: [] } | { type: null; problems: MessageProblem[] }

const supported = (): string => MESSAGE_TYPES.join(', ')

/**
 * The message type of a document from the namespace of its root element, read from the text of the root's
 * start tag only (no parse: this runs before schema validation, so it must be cheap and must not trust the
 * document). The root must be `Document` (any prefix) in urn:iso:std:iso:20022:tech:xsd:<type>.
 */
export function detectMessageType(text: string): Detection {
  // Skip the XML declaration, comments and whitespace to the first start tag.
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/y
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++
    re.lastIndex = at
    const m = re.exec(text)
    if (!m) return fail(lineAt(text, at), 'no_root', {}, 'no root element found (the document is empty or not XML)')
    if (m[1] === undefined) {
      at = re.lastIndex
      continue
    }
    const line = lineAt(text, m.index)
    const [prefix, local] = m[1].includes(':') ? m[1].split(':') : ['', m[1]]
    if (local !== 'Document') return fail(line, 'root_not_document', { element: m[1] }, `root element is <${m[1]}>; an ISO 20022 message has <Document>`)
    const attr = prefix ? `xmlns:${prefix}` : 'xmlns'
    const ns = new RegExp(`\\s${attr.replace('.', '\\.')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(m[2] ?? '')
    if (!ns) return fail(line, 'no_namespace', { element: m[1] }, `root element <${m[1]}> has no ${attr} namespace; expected ${ISO_NAMESPACE_PREFIX}<message type>`)
    const uri = ns[1] ?? ns[2] ?? ''
    const type = MESSAGE_TYPES.find((t) => namespaceOf(t) === uri)
    if (type) return { type, problems: [] }
    if (uri.startsWith(ISO_NAMESPACE_PREFIX)) return fail(line, 'namespace_version', { namespace: uri, supported: supported() }, `namespace ${uri} is not a supported version; supported: ${supported()}`)
    return fail(line, 'namespace_not_iso', { namespace: uri, supported: supported() }, `namespace ${uri} is not an ISO 20022 message namespace; supported: ${supported()}`)
  }
}

const fail = (line: number, code: MessageProblemCode, params: Record<string, string>, message: string): Detection => ({ type: null, problems: [{ line, message, code, params }] })
