// Reading a document's signed content: the signature verified against the trust store, the package decoded,
// and what the signature covers compared with what the desk recorded about the document. Any disagreement is
// a named failure in the report, never silently passed over.
import type { VerificationFailureView, VerificationReportView } from '../api/crypto-types'
import { verifyCms } from '../crypto/cms'
import { readSignedData } from '../crypto/cms/read-signed-data'
import type { VerificationFailureCode } from '../crypto/cms/report'
import { reportView } from '../crypto/report-view'
import { refuseFailures } from '../crypto/refuse-signature'
import type { TrustStore } from '../crypto/trust/trust-store'
import { alteredAttachments, decodePackage, type DocumentPackage } from './package'

export interface SignedPackage {
  pkg: DocumentPackage
  report: VerificationReportView
}

/** What a document's signed package must say: as recorded when it was sent (a forwarded copy: its original). */
export interface SignedRouting {
  number: string
  title: string
  class: string
  senderParty: string
  recipients: readonly string[]
  attachmentCount: number
}

/**
 * Whether a failure means the content is not what its signer signed (a chain expired since is not one). Every
 * failure the verifier names is classed here, so a new one cannot pass a document's download unnoticed.
 */
const INTEGRITY: Readonly<Record<VerificationFailureCode, boolean>> = {
  malformed: true,
  no_signers: true,
  content_missing: false,
  content_changed: true,
  content_type_mismatch: true,
  duplicate_attribute: true,
  signature_invalid: true,
  signer_certificate_missing: true,
  certificate_hash_mismatch: true,
  untrusted_chain: false,
  invalid_ca: false,
  expired: false,
  not_yet_valid: false,
  revoked: false,
  wrong_key_usage: false,
  signing_time_in_future: false,
  unsupported_algorithm: false
}

const integrityFailures = (report: VerificationReportView): VerificationFailureView[] => report.failures.filter((f) => INTEGRITY[f.code as VerificationFailureCode] === true)

/**
 * Verifies SignedData and decodes its package; the altered attachments are failures of the report. Refuses
 * with VALIDATION when no package can be read at all: documents.not_a_document, then what the signature's check found.
 */
export async function readSignedPackage(signedData: Uint8Array, trust: TrustStore, at: Date): Promise<SignedPackage> {
  const report = reportView(await verifyCms({ cms: signedData, trust, at }))
  let content: Uint8Array | null = null
  try {
    content = readSignedData(signedData).content
  } catch {
    // A malformed SignedData: the report already names it.
  }
  const pkg = content ? decodePackage(content) : 'it carries no signed content'
  if (typeof pkg === 'string') return refuseFailures(`the document cannot be read: ${pkg}`, report.failures, { reason: { rule: 'documents.not_a_document', params: {} }, detail: pkg })
  const altered = alteredAttachments(pkg).map((attachment) => ({
    code: 'content_changed',
    detail: `attachment ${attachment} does not match its signed digest`,
    reason: { rule: 'documents.attachment_changed', params: { attachment } }
  }))
  return { pkg, report: withFailures(report, altered) }
}

/** The fields of a document's routing its signed package must agree on with the record (`documentField`). */
export const SIGNED_FIELDS = ['number', 'title', 'class', 'sender', 'recipients', 'attachments'] as const

/**
 * Where the signed package and the desk's record disagree, as content_changed failures: `documents.signed_field_differs`
 * with the field, what the signed document says and what the desk records (parties by code, joined by ', ').
 */
export function routingMismatches(pkg: DocumentPackage, expected: SignedRouting): VerificationFailureView[] {
  const sorted = (parties: readonly string[]): string => [...parties].sort().join(', ')
  const fields: [(typeof SIGNED_FIELDS)[number], string | number, string | number][] = [
    ['number', pkg.number, expected.number],
    ['title', pkg.title, expected.title],
    ['class', pkg.class, expected.class],
    ['sender', pkg.senderParty, expected.senderParty],
    ['recipients', sorted(pkg.recipients), sorted(expected.recipients)],
    ['attachments', pkg.attachments.length, expected.attachmentCount]
  ]
  return fields
    .filter(([, signed, recorded]) => signed !== recorded)
    .map(([documentField, signed, recorded]) => ({
      code: 'content_changed',
      detail: `${documentField === 'attachments' ? 'attachment count' : documentField}: the signed document says ${signed}, the desk records ${recorded}`,
      reason: { rule: 'documents.signed_field_differs', params: { documentField, signed, recorded } }
    }))
}

export function withFailures(report: VerificationReportView, extra: readonly VerificationFailureView[]): VerificationReportView {
  return extra.length ? { ...report, valid: false, failures: [...report.failures, ...extra] } : report
}

/** Refuses (VALIDATION, the failures listed) unless the signed content is intact. */
export function requireIntact(report: VerificationReportView, what: string): void {
  const failures = integrityFailures(report)
  if (failures.length) refuseFailures(`${what}: its signed content does not hold (${[...new Set(failures.map((f) => f.code))].join(', ')})`, failures)
}
