// The signed content of a document: what is read back must be exactly what was signed, or named as not.
import { describe, expect, it } from 'vitest'
import { alteredAttachments, contentSize, decodePackage, encodePackage, PACKAGE_FORMAT, type DocumentPackage } from '../../../../src/core/documents/package'
import { sha256Hex } from '../../../../src/core/domain/digest'
import { routingMismatches } from '../../../../src/core/documents/read-document'

const bytes = Buffer.from('%PDF-1.7 reconciliation')
const pkg: DocumentPackage = {
  format: PACKAGE_FORMAT, number: 'DOC-2026-000001', title: 'Акт сверки', class: 'confidential', senderParty: 'operator', recipients: ['P001', 'settlement_bank'],
  createdAt: '2026-11-23T04:00:00.000Z', body: 'Қараша', attachments: [{ name: 'act.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: sha256Hex(bytes), base64: bytes.toString('base64') }]
}

describe('document package', () => {
  it('reads back what was encoded, and counts the body and attachments', () => {
    expect(decodePackage(encodePackage(pkg))).toEqual(pkg)
    expect(contentSize(pkg)).toBe(Buffer.byteLength('Қараша') + bytes.length)
    expect(alteredAttachments(pkg)).toEqual([])
  })

  it('names what is not a package', () => {
    expect(decodePackage(new TextEncoder().encode('{"format":"other/1"}'))).toMatch(/is not a kz-psw-document\/1 document \(format: /)
    expect(decodePackage(Uint8Array.of(0xff, 0xfe))).toMatch(/^the signed content is not a document/)
    expect(decodePackage(encodePackage({ ...pkg, recipients: ['nobody'] }))).toMatch(/recipients\.0/)
  })

  it('finds an attachment whose bytes do not match its stated digest', () => {
    const changed = { ...pkg, attachments: [{ ...pkg.attachments[0]!, base64: Buffer.from('%PDF-1.7 reconciliatioN').toString('base64') }] }
    expect(alteredAttachments(changed)).toEqual(['act.pdf'])
  })

  it('compares the signed routing with the record, recipients in any order', () => {
    const record = { number: pkg.number, title: pkg.title, class: 'confidential', senderParty: 'operator', recipients: ['settlement_bank', 'P001'], attachmentCount: 1 }
    expect(routingMismatches(pkg, record)).toEqual([])
    expect(routingMismatches(pkg, { ...record, senderParty: 'P002', recipients: ['P001'] })).toEqual([
      { code: 'content_changed', detail: 'sender: the signed document says operator, the desk records P002', reason: { rule: 'documents.signed_field_differs', params: { documentField: 'sender', signed: 'operator', recorded: 'P002' } } },
      {
        code: 'content_changed',
        detail: 'recipients: the signed document says P001, settlement_bank, the desk records P001',
        reason: { rule: 'documents.signed_field_differs', params: { documentField: 'recipients', signed: 'P001, settlement_bank', recorded: 'P001' } }
      }
    ])
  })
})
