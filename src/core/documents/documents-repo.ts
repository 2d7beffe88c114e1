// SQL of confidential documents (documents, document_recipients, document_consents) and of what routing needs
// to know about parties (participants, party_certificates). The access log has its own file.
import type { Database } from 'better-sqlite3'
import type { DocumentClass } from '../api/documents-types'
import { statementCache } from '../store/statements'

export interface DocumentRecord {
  id: string
  number: string
  senderParty: string
  createdBy: string | null
  createdByLogin: string | null
  createdAt: number
  title: string
  class: DocumentClass
  envelope: Uint8Array
  envelopeSha256: string
  signerFingerprint: string
  signerSubject: string
  attachmentCount: number
  size: number
  origin: 'composed' | 'forwarded' | 'imported'
  forwardedFrom: string | null
  consentId: number | null
  recipients: string[]
}

export type NewDocument = Omit<DocumentRecord, 'createdByLogin'>

export interface ConsentRecord {
  id: number
  documentId: string
  thirdParty: string
  grantedBy: string
  reference: string
  grantedOn: string
  note: string | null
  recordedBy: string
  recordedByLogin: string
  recordedAt: number
}

export interface ParticipantParty {
  code: string
  name: string
  terminatedAt: number | null
}

interface Row {
  id: string
  number: string
  sender_party: string
  created_by: string | null
  created_by_login: string | null
  created_at: number
  title: string
  class: DocumentClass
  envelope: Buffer
  envelope_sha256: string
  signer_fingerprint: string
  signer_subject: string
  attachment_count: number
  size: number
  origin: DocumentRecord['origin']
  forwarded_from: string | null
  consent_id: number | null
  recipients: string | null
}

interface ConsentRow {
  id: number
  document_id: string
  third_party: string
  granted_by: string
  reference: string
  granted_on: string
  note: string | null
  recorded_by: string
  login: string
  recorded_at: number
}

const SELECT = `SELECT d.*, u.login AS created_by_login,
  (SELECT group_concat(party, ',') FROM (SELECT party FROM document_recipients r WHERE r.document_id = d.id ORDER BY party)) AS recipients
  FROM documents d LEFT JOIN users u ON u.id = d.created_by`

const record = (r: Row): DocumentRecord => ({
  id: r.id,
  number: r.number,
  senderParty: r.sender_party,
  createdBy: r.created_by,
  createdByLogin: r.created_by_login,
  createdAt: r.created_at,
  title: r.title,
  class: r.class,
  envelope: new Uint8Array(r.envelope),
  envelopeSha256: r.envelope_sha256,
  signerFingerprint: r.signer_fingerprint,
  signerSubject: r.signer_subject,
  attachmentCount: r.attachment_count,
  size: r.size,
  origin: r.origin,
  forwardedFrom: r.forwarded_from,
  consentId: r.consent_id,
  recipients: r.recipients ? r.recipients.split(',') : []
})

export class DocumentsRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  get(id: string): DocumentRecord | null {
    const r = this.sql<[string], Row>(`${SELECT} WHERE d.id = ?`).get(id)
    return r ? record(r) : null
  }

  /** Received by the party (inbox) or sent by it (outbox), newest first. */
  list(party: string, box: 'inbox' | 'outbox', limit: number): DocumentRecord[] {
    const where = box === 'inbox' ? 'EXISTS (SELECT 1 FROM document_recipients r WHERE r.document_id = d.id AND r.party = ?)' : 'd.sender_party = ?'
    return this.sql<[string, number], Row>(`${SELECT} WHERE ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT ?`).all(party, limit).map(record)
  }

  insert(d: NewDocument): void {
    this.sql(
      `INSERT INTO documents (id, number, sender_party, created_by, created_at, title, class, envelope, envelope_sha256, signer_fingerprint,
         signer_subject, attachment_count, size, origin, forwarded_from, consent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(d.id, d.number, d.senderParty, d.createdBy, d.createdAt, d.title, d.class, Buffer.from(d.envelope), d.envelopeSha256, d.signerFingerprint,
      d.signerSubject, d.attachmentCount, d.size, d.origin, d.forwardedFrom, d.consentId)
    for (const party of d.recipients) this.sql('INSERT INTO document_recipients (document_id, party) VALUES (?, ?)').run(d.id, party)
  }

  /** The next number of the year: DOC-YYYY-NNNNNN. Read, not reserved — see DocumentsService.send. */
  nextNumber(year: string): string {
    const last = this.sql<[string], string | null>(`SELECT max(number) FROM documents WHERE number LIKE ? || '-%'`).pluck().get(`DOC-${year}`)
    const n = last ? Number(last.slice(`DOC-${year}-`.length)) + 1 : 1
    return `DOC-${year}-${String(n).padStart(6, '0')}`
  }

  numberTaken(number: string): boolean {
    return this.sql<[string]>('SELECT 1 FROM documents WHERE number = ?').get(number) !== undefined
  }

  byEnvelope(sha256: string): string | null {
    return this.sql<[string], string>('SELECT number FROM documents WHERE envelope_sha256 = ?').pluck().get(sha256) ?? null
  }

  /** The parties copies of the document were forwarded to (R14.3). */
  forwardedTo(documentId: string): string[] {
    return this.sql<[string], string>('SELECT r.party FROM documents d JOIN document_recipients r ON r.document_id = d.id WHERE d.forwarded_from = ?').pluck().all(documentId)
  }

  insertConsent(c: Omit<ConsentRecord, 'id' | 'recordedByLogin'>): number {
    return Number(
      this.sql('INSERT INTO document_consents (document_id, third_party, granted_by, reference, granted_on, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(c.documentId, c.thirdParty, c.grantedBy, c.reference, c.grantedOn, c.note, c.recordedBy, c.recordedAt).lastInsertRowid
    )
  }

  consent(id: number): ConsentRecord | null {
    const r = this.sql<[number], ConsentRow>('SELECT c.*, u.login FROM document_consents c JOIN users u ON u.id = c.recorded_by WHERE c.id = ?').get(id)
    return r
      ? { id: r.id, documentId: r.document_id, thirdParty: r.third_party, grantedBy: r.granted_by, reference: r.reference, grantedOn: r.granted_on,
          note: r.note, recordedBy: r.recorded_by, recordedByLogin: r.login, recordedAt: r.recorded_at }
      : null
  }

  participants(): ParticipantParty[] {
    return this.sql<[], { code: string; name: string; terminated_at: number | null }>('SELECT code, name, terminated_at FROM participants ORDER BY code')
      .all()
      .map((p) => ({ code: p.code, name: p.name, terminatedAt: p.terminated_at }))
  }

  participantCodeOf(participantId: string): string | null {
    return this.sql<[string], string>('SELECT code FROM participants WHERE id = ?').pluck().get(participantId) ?? null
  }

  /** A party's own encryption certificates still valid at `now` (the settlement bank's, R14.2). */
  partyCertificates(party: string, now: number): { fingerprint: string; der: Uint8Array }[] {
    return this.sql<[string, number], { fingerprint: string; der: Buffer }>('SELECT fingerprint, der FROM party_certificates WHERE party = ? AND not_after > ?')
      .all(party, now)
      .map((c) => ({ fingerprint: c.fingerprint, der: new Uint8Array(c.der) }))
  }
}
