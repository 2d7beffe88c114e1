import type { XNode } from './xml-read'

type Obj = { [name: string]: XNode | XNode[] | undefined }
interface Open {
  name: string
  obj: Obj
  attrs: Obj | null
  text: string
  hasChild: boolean
}

const START_TAG = /([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

const local = (name: string): string => {
  const colon = name.indexOf(':')
  return colon === -1 ? name : name.slice(colon + 1)
}

/**
 * A tree of a document ALREADY KNOWN to be well-formed and DTD-free (guardXml, then libxml2's schema
 * validation or fast-xml-parser's validator), in the shape fast-xml-parser gives with our options: local
 * names, attributes as '@_name' (xmlns dropped), a leaf as its raw text (references decoded later by
 * textOf), repeated names as arrays. It exists because fast-xml-parser takes ~1.6 s (mostly garbage
 * collection) on a 15 MB pacs.008 of 10,000 transfers, this under 0.3 s; it does not check anything itself.
 */
export function parseTree(text: string): Obj {
  const doc: Open = { name: '', obj: {}, attrs: null, text: '', hasChild: true }
  const stack: Open[] = [doc]
  let i = 0
  for (;;) {
    const lt = text.indexOf('<', i)
    if (lt === -1) break
    const top = stack[stack.length - 1]!
    if (!top.hasChild && lt > i) top.text += text.slice(i, lt)
    const c = text.charCodeAt(lt + 1)
    if (c === 47 /* / */) {
      i = text.indexOf('>', lt) + 1
      stack.pop()
      const parent = stack[stack.length - 1]!
      add(parent.obj, top.name, top.hasChild ? withAttrs(top.obj, top.attrs) : top.attrs ? { ...top.attrs, '#text': top.text } : top.text)
    } else if (c === 63 /* ? */) {
      i = text.indexOf('?>', lt) + 2
    } else if (c === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) i = text.indexOf('-->', lt) + 3
      else if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt)
        // Re-escaped so that textOf's decoding gives the CDATA content back exactly.
        if (!top.hasChild) top.text += text.slice(lt + 9, end).replace(/&/g, '&amp;')
        i = end + 3
      } else throw new Error('declarations are not allowed (the guard should have refused this document)')
    } else {
      START_TAG.lastIndex = lt + 1
      const m = START_TAG.exec(text)
      if (!m) throw new Error('malformed start tag (the document should have been validated first)')
      i = START_TAG.lastIndex
      top.hasChild = true
      const attrs = m[2] ? attributes(m[2]) : null
      const name = local(m[1]!)
      if (m[3]) add(top.obj, name, attrs ?? '')
      else stack.push({ name, obj: {}, attrs, text: '', hasChild: false })
    }
  }
  return doc.obj
}

function attributes(source: string): Obj | null {
  const out: Obj = {}
  let any = false
  for (const a of source.matchAll(ATTR)) {
    const name = a[1]!
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue
    out[`@_${local(name)}`] = a[2] ?? a[3] ?? ''
    any = true
  }
  return any ? out : null
}

const withAttrs = (obj: Obj, attrs: Obj | null): Obj => (attrs ? Object.assign(obj, attrs) : obj)

function add(obj: Obj, name: string, value: XNode): void {
  const existing = obj[name]
  if (existing === undefined) obj[name] = value
  else if (Array.isArray(existing)) existing.push(value)
  else obj[name] = [existing, value]
}
