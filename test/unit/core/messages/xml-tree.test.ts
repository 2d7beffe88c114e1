import fc from 'fast-check'
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { codecOf } from '../../../../src/core/messages'
import { parseTree } from '../../../../src/core/messages/iso/xml-tree'
import { textAt } from '../../../../src/core/messages/iso/xml-read'
import { MESSAGE_TYPES } from '../../../../src/core/messages/types'
import { ARBITRARIES } from './arbitraries'

/** The reference: fast-xml-parser with entities off, attributes on, values kept as text, prefixes removed. */
const reference = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true
})

/** fast-xml-parser keeps the blanks between elements as '#text' of the parent; the tree drops them. */
function withoutLayout(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLayout)
  if (node === null || typeof node !== 'object') return node
  const entries = Object.entries(node as Record<string, unknown>)
  const hasChildren = entries.some(([k]) => !k.startsWith('@_') && k !== '#text')
  return Object.fromEntries(entries.filter(([k]) => !(hasChildren && k === '#text')).map(([k, v]) => [k, withoutLayout(v)]))
}

describe('the fast tree reader', () => {
  it.each(MESSAGE_TYPES)('gives the same tree as fast-xml-parser for %s documents', (type) => {
    for (const data of fc.sample(ARBITRARIES[type] as fc.Arbitrary<unknown>, { numRuns: 20, seed: 3 })) {
      const xml = codecOf(type).write(data as never)
      expect(parseTree(xml)).toEqual(withoutLayout(reference.parse(xml)))
    }
  })

  it('handles prefixes, comments, CDATA, self-closing elements and single-quoted attributes', () => {
    const xml = `<?xml version="1.0"?>\n<!-- a <comment> -->\n<p:Document xmlns:p="urn:x"><p:A p:Ccy='KZT'>1.00</p:A><p:B><![CDATA[a &amp; <b>]]></p:B><p:C/><p:A>2</p:A></p:Document>`
    const tree = parseTree(xml)
    expect(tree).toEqual({ Document: { A: [{ '@_Ccy': 'KZT', '#text': '1.00' }, '2'], B: 'a &amp;amp; <b>', C: '' } })
    expect(textAt(tree, 'Document', 'B')).toBe('a &amp; <b>')
  })
})
