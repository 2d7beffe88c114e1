// The signed content of a confidential document (R14.2): UTF-8 JSON the sender signs (CMS, attached) and then
// encrypts to the recipients. Everything a reader relies on — number, routing, body, attachments with their
// digests — is inside the signature; the database keeps only the title and the routing in clear for lists.
import { z } from 'zod'
import { sha256Hex } from '../domain/digest'
import { DOCUMENT_CLASSES, type DocumentClass } from '../api/documents-types'

export const PACKAGE_FORMAT = 'kz-psw-document/1'

export interface PackageAttachment {
  name: string
  mediaType: string
  size: number
  /** SHA-256 of the attachment's bytes, lower-case hex. */
  sha256: string
  base64: string
}

export interface DocumentPackage {
  format: typeof PACKAGE_FORMAT
  number: string
  title: string
  class: DocumentClass
  senderParty: string
  recipients: string[]
  /** ISO 8601 (UTC): the file is read outside the desk too. */
  createdAt: string
  body: string
  attachments: PackageAttachment[]
}

const partyCode = z.string().regex(/^(P\d{3,}|operator|settlement_bank)$/)
const schema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  number: z.string().regex(/^DOC-\d{4}-\d{6,}$/),
  title: z.string().min(1).max(200),
  class: z.enum(DOCUMENT_CLASSES),
  senderParty: partyCode,
  recipients: z.array(partyCode).min(1),
  createdAt: z.iso.datetime(),
  body: z.string(),
  attachments: z.array(
    z.strictObject({
      name: z.string().min(1),
      mediaType: z.string().min(1),
      size: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      base64: z.string()
    })
  )
})


export function encodePackage(p: DocumentPackage): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(p))
}

/** The package in signed bytes, or why they are not one (a message for the reader). */
export function decodePackage(bytes: Uint8Array): DocumentPackage | string {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (e) {
    return `the signed content is not a document (${(e as Error).message})`
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) return `the signed content is not a ${PACKAGE_FORMAT} document (${parsed.error.issues.map((i) => `${i.path.join('.') || 'content'}: ${i.message}`).join('; ')})`
  return parsed.data
}

/** Attachments whose bytes do not match the size and digest the package states. */
export function alteredAttachments(p: DocumentPackage): string[] {
  return p.attachments.filter((a) => {
    const bytes = Buffer.from(a.base64, 'base64')
    return bytes.length !== a.size || sha256Hex(bytes) !== a.sha256
  }).map((a) => a.name)
}

/** Bytes a document carries: its body (UTF-8) and attachments. */
export const contentSize = (p: Pick<DocumentPackage, 'body' | 'attachments'>): number =>
  Buffer.byteLength(p.body, 'utf8') + p.attachments.reduce((sum, a) => sum + a.size, 0)
