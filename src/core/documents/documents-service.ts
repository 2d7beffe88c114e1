import { existsSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import type { DocumentAccessEntry, DocumentAttachmentFile, DocumentClass, DocumentConsentView, DocumentExport, ExchangeParty, DocumentRow, OpenedDocument } from '../api/documents-types'
import { ATTACHMENT_LIMIT_BYTES } from '../api/documents-types'
import type { Clock } from '../domain/clock'
import { codedText, type CodedText } from '../domain/coded-text'
import { AppError, refuse } from '../domain/errors'
import { operationalDayOf } from '../opday/calendar'
import type { AuditLog } from '../security/audit-log'
import { permissionsOf } from '../security/roles'
import { envelopeCms, signCms } from '../crypto/cms'
import { checkOutput } from '../crypto/file-io'
import { writeNewFile } from '../domain/new-file'
import type { CertificatesRepo } from '../crypto/keys/certificates-repo'
import type { UserKey, UserKeys } from '../crypto/keys/user-keys'
import type { TrustRepo } from '../crypto/trust/trust-repo'
import { decryptWithKey } from '../crypto/user-decrypt'
import { DocumentAccessLog, type Actor } from './access-log'
import { DocumentsRepo, type ConsentRecord, type DocumentRecord, type NewDocument } from './documents-repo'
import { nonDisclosureOf } from './non-disclosure'
import { sha256Hex } from '../domain/digest'
import { contentSize, encodePackage, PACKAGE_FORMAT, type DocumentPackage } from './package'
import { Parties } from './parties'
import { requireValid } from '../crypto/refuse-signature'
import { readSignedPackage, requireIntact, routingMismatches, withFailures, type SignedPackage } from './read-document'
import { Recipients, type RecipientCertificate } from './recipients'

export interface SendDocumentInput {
  title: string
  class: DocumentClass
  body: string
  attachments: { name: string; mediaType: string; base64: string }[]
  recipients: string[]
}

export interface ConsentInput {
  grantedBy: string
  reference: string
  grantedOn: string
  note?: string | undefined
}

/** What opening a document yields before it is shown: the SignedData as sent, its package and their report. */
interface Read extends SignedPackage {
  signedData: Uint8Array
}

/** An export is never written over a file. */
const outExists = (path: string): never => refuse('CONFLICT', 'documents.out_exists', { path }, `out: ${path} exists; an export does not overwrite a file`)

/**
 * Confidential documents between the operator, the settlement bank and participants (R14.1–R14.5, R14.9).
 * Every check and every access record is made in the call's transaction; the key (PIN asked) works after it,
 * and what the key's work produces is stored in a transaction of its own with its own audit record.
 */
export class DocumentsService {
  private readonly repo: DocumentsRepo
  private readonly access: DocumentAccessLog
  private readonly partyBook: Parties
  private readonly recipients: Recipients

  constructor(
    private readonly db: Database,
    private readonly keys: UserKeys,
    certificates: CertificatesRepo,
    private readonly trust: TrustRepo,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly newId: () => string
  ) {
    this.repo = new DocumentsRepo(db)
    this.access = new DocumentAccessLog(db)
    this.partyBook = new Parties(this.repo)
    this.recipients = new Recipients(certificates, this.repo)
  }

  parties(ctx: CallContext): ExchangeParty[] {
    const own = this.actor(ctx).party
    return this.partyBook
      .all()
      .filter((p) => p.party !== own)
      .map((p) => ({ party: p.party, name: p.name, recipientCertificates: this.recipients.of(p.party, ctx.now).length, terminatedAt: p.terminatedAt }))
  }

  list(ctx: CallContext, box: 'inbox' | 'outbox', limit: number): DocumentRow[] {
    const terminated = this.partyBook.terminated()
    return this.repo.list(this.actor(ctx).party, box, limit).map((d) => this.row(d, terminated))
  }

  send(ctx: CallContext, input: SendDocumentInput): Promise<DocumentRow> {
    const actor = this.actor(ctx)
    const recipients = [...new Set(input.recipients)]
    if (recipients.includes(actor.party)) refuse('VALIDATION', 'documents.own_party_recipient', { party: actor.party }, `recipients: your own party (${actor.party}) sends the document; name the parties it goes to`)
    this.checkReceiving(recipients)
    const attachments = input.attachments.map((a) => {
      const bytes = Buffer.from(a.base64, 'base64')
      return { name: a.name, mediaType: a.mediaType, size: bytes.length, sha256: sha256Hex(bytes), base64: bytes.toString('base64') }
    })
    const total = attachments.reduce((sum, a) => sum + a.size, 0)
    if (total > ATTACHMENT_LIMIT_BYTES) refuse('VALIDATION', 'documents.attachments_too_large', { bytes: total, limitBytes: ATTACHMENT_LIMIT_BYTES }, `attachments: ${total} bytes in all, more than the ${ATTACHMENT_LIMIT_BYTES / 1024 / 1024} MB a document may carry`)
    const certificate = this.keys.certificateOf(actor.id)
    const to = this.envelopeRecipients(recipients, actor.party, certificate, ctx.now)
    // The number is signed, so it is chosen before the PIN; it is read here and claimed when the signed document
    // is stored, so that a wrong PIN or a cancel leaves nothing behind. A number taken meanwhile is a CONFLICT.
    const number = this.repo.nextNumber(operationalDayOf(ctx.now).slice(0, 4))
    ctx.subject = number
    const pkg: DocumentPackage = {
      format: PACKAGE_FORMAT, number, title: input.title, class: input.class, senderParty: actor.party, recipients,
      createdAt: new Date(ctx.now).toISOString(), body: input.body, attachments
    }
    const key = this.keys.keyOf(ctx.caller, certificate)
    return afterCommit(async () => {
      const signed = await key.use('sign', (signer) => signCms({ content: encodePackage(pkg), detached: false, signer, signingTime: new Date(ctx.now) }))
      const envelope = await envelopeCms({ content: signed, recipients: to.map((c) => c.der) })
      const doc: NewDocument = {
        id: this.newId(), number, senderParty: actor.party, createdBy: actor.id, createdAt: ctx.now, title: input.title, class: input.class,
        envelope, envelopeSha256: sha256Hex(envelope), signerFingerprint: certificate.fingerprint, signerSubject: certificate.subject,
        attachmentCount: attachments.length, size: contentSize(pkg), origin: 'composed', forwardedFrom: null, consentId: null, recipients
      }
      return this.db.transaction(() => {
        this.claimNumber(number)
        this.repo.insert(doc)
        this.access.record(doc.id, actor, 'send', null, this.clock.now())
        this.record(ctx, actor, 'documents.sent', number, `to ${recipients.join(', ')}; ${attachments.length} attachment(s); encrypted to ${to.length} certificate(s)`)
        return this.row(this.repo.get(doc.id)!)
      })()
    })
  }

  open(ctx: CallContext, id: string): Promise<OpenedDocument> {
    const actor = this.actor(ctx)
    const doc = this.reachable(ctx, actor, id, codedText('open', {}, 'open'))
    const key = this.keys.keyOf(ctx.caller, this.keys.certificateOf(actor.id))
    this.access.record(doc.id, actor, 'open', null, ctx.now)
    const row = this.row(doc)
    const consent = doc.consentId === null ? null : consentView(this.repo.consent(doc.consentId)!)
    const origin = this.origin(doc)
    return afterCommit(async () => {
      const { pkg, report } = await this.read(key, doc, origin)
      const attachments = pkg.attachments.map(({ name, mediaType, size, sha256 }, index) => ({ index, name, mediaType, size, sha256 }))
      return { document: row, body: pkg.body, attachments, verification: report, consent }
    })
  }

  download(ctx: CallContext, id: string, index: number): Promise<DocumentAttachmentFile> {
    const actor = this.actor(ctx)
    const doc = this.reachable(ctx, actor, id, codedText('download', { n: index + 1 }, `download of attachment ${index + 1}`))
    if (index >= doc.attachmentCount)
      refuse('NOT_FOUND', 'documents.no_attachment', { number: doc.number, count: doc.attachmentCount, n: index + 1 }, `${doc.number} has ${doc.attachmentCount} attachment(s); there is no attachment ${index + 1}`)
    const key = this.keys.keyOf(ctx.caller, this.keys.certificateOf(actor.id))
    const origin = this.origin(doc)
    return afterCommit(async () => {
      const { pkg, report } = await this.read(key, doc, origin)
      requireIntact(report, doc.number)
      const a = pkg.attachments[index]!
      // Logged once the attachment is known (its name is inside the encryption) and before it is handed out.
      this.db.transaction(() => this.access.record(doc.id, actor, 'download', a.name, this.clock.now()))()
      return { name: a.name, mediaType: a.mediaType, base64: a.base64 }
    })
  }

  forward(ctx: CallContext, id: string, party: string, consent: ConsentInput): Promise<DocumentRow> {
    const actor = this.actor(ctx)
    const doc = this.reachable(ctx, actor, id, codedText('forward', { party }, `forward to ${party}`))
    if (!doc.recipients.includes(actor.party)) refuse('VALIDATION', 'documents.forward_own', { number: doc.number }, `${doc.number} was sent by your party: a document is forwarded by a party that received it; send it anew instead`)
    const origin = this.origin(doc)
    const owner = origin.senderParty
    if (consent.grantedBy !== owner)
      refuse('VALIDATION', 'documents.consent_owner', { owner, number: doc.number, party: consent.grantedBy }, `consent.grantedBy: the written consent must come from ${owner}, whose information ${doc.number} carries (R14.3), not from ${consent.grantedBy}`)
    if (consent.grantedOn > operationalDayOf(ctx.now)) refuse('VALIDATION', 'documents.consent_later', { grantedDay: consent.grantedOn }, `consent.grantedOn: ${consent.grantedOn} is after today`)
    if ([doc.senderParty, owner, ...doc.recipients, ...origin.recipients, ...this.repo.forwardedTo(doc.id)].includes(party)) refuse('CONFLICT', 'documents.party_has_it', { party, number: doc.number }, `${party} already has ${doc.number}`)
    this.checkReceiving([party])
    const certificate = this.keys.certificateOf(actor.id)
    const to = this.envelopeRecipients([party], actor.party, certificate, ctx.now)
    const number = this.repo.nextNumber(operationalDayOf(ctx.now).slice(0, 4))
    ctx.subject = doc.number
    const key = this.keys.keyOf(ctx.caller, certificate)
    return afterCommit(async () => {
      const read = await this.read(key, doc, origin)
      requireIntact(read.report, doc.number)
      // The original SignedData travels on unchanged: the third party verifies the sender's own signature.
      const envelope = await envelopeCms({ content: read.signedData, recipients: to.map((c) => c.der) })
      return this.db.transaction(() => {
        this.claimNumber(number)
        const now = this.clock.now()
        const consentId = this.repo.insertConsent({
          documentId: doc.id, thirdParty: party, grantedBy: consent.grantedBy, reference: consent.reference, grantedOn: consent.grantedOn,
          note: consent.note ?? null, recordedBy: actor.id, recordedAt: now
        })
        const copy: NewDocument = {
          ...doc, id: this.newId(), number, senderParty: actor.party, createdBy: actor.id, createdAt: now, envelope, envelopeSha256: sha256Hex(envelope),
          origin: 'forwarded', forwardedFrom: doc.id, consentId, recipients: [party]
        }
        this.repo.insert(copy)
        const forwarded = { party, number, reference: consent.reference, grantedOnDay: consent.grantedOn, grantedBy: consent.grantedBy }
        this.access.record(doc.id, actor, 'forward', codedText('forwarded_to', forwarded, `to ${party} as ${number}; consent ${consent.reference} of ${consent.grantedOn} by ${consent.grantedBy}`), now)
        this.access.record(copy.id, actor, 'send', codedText('forwarded_from', { number: doc.number }, `forwarded from ${doc.number}`), now)
        this.record(ctx, actor, 'documents.forwarded', number, `${doc.number} to ${party}; consent ${consent.reference} by ${consent.grantedBy}`)
        return this.row(this.repo.get(copy.id)!)
      })()
    })
  }

  export(ctx: CallContext, id: string, out: string | null): Promise<DocumentExport> {
    const actor = this.actor(ctx)
    const doc = this.reachable(ctx, actor, id, codedText('export', {}, 'export'))
    const fileName = `${doc.number}.p7m`
    // `out` names the file, or a folder to put <number>.p7m in.
    const target = out !== null && existsSync(out) && statSync(out).isDirectory() ? join(out, fileName) : out
    if (target !== null) {
      if (existsSync(target)) outExists(target)
      checkOutput(target, [])
    }
    const exported: DocumentExport = { fileName, base64: target === null ? Buffer.from(doc.envelope).toString('base64') : null, out: target, bytes: doc.envelope.length }
    if (target === null) {
      this.access.record(doc.id, actor, 'export', codedText('exported_content', {}, 'as base64'), ctx.now)
      return Promise.resolve(exported)
    }
    // The file is written first and logged once it is there, so the log never names a file that was not written (R14.5).
    return afterCommit(async () => {
      const failed = writeNewFile(target, doc.envelope)
      // A file made there since the check is not written over either.
      if (failed === 'EEXIST') outExists(target)
      if (failed) refuse('VALIDATION', 'documents.out_unwritable', { path: target, fileError: failed }, `out: ${target} cannot be written (${failed})`)
      try {
        this.db.transaction(() => this.access.record(doc.id, actor, 'export', codedText('exported_to', { target }, target), this.clock.now()))()
      } catch (e) {
        // Nor is a copy left that the log does not name.
        rmSync(target, { force: true })
        throw e
      }
      return exported
    })
  }

  import(ctx: CallContext, fileName: string, base64: string): Promise<DocumentRow> {
    const actor = this.actor(ctx)
    ctx.subject = fileName
    const envelope = new Uint8Array(Buffer.from(base64, 'base64'))
    if (envelope.length === 0) refuse('VALIDATION', 'documents.file_empty', { file: fileName }, `${fileName} is empty`)
    const envelopeSha256 = sha256Hex(envelope)
    this.refuseKnownEnvelope(envelopeSha256)
    const key = this.keys.keyOf(ctx.caller, this.keys.certificateOf(actor.id))
    return afterCommit(async () => {
      const signedData = await key.use('decrypt', (signer) => decryptWithKey(signer, envelope))
      const { pkg, report } = await readSignedPackage(signedData, this.trust.store(), new Date(this.clock.now()))
      requireValid(report, fileName)
      if (!pkg.recipients.includes(actor.party)) refuse('VALIDATION', 'documents.not_addressed', { number: pkg.number, parties: pkg.recipients.join(', '), party: actor.party }, `${pkg.number} is addressed to ${pkg.recipients.join(', ')}, not to your party (${actor.party})`)
      const signer = report.signers[0]!
      const doc: NewDocument = {
        id: this.newId(), number: pkg.number, senderParty: pkg.senderParty, createdBy: null, createdAt: Date.parse(pkg.createdAt), title: pkg.title,
        class: pkg.class, envelope, envelopeSha256, signerFingerprint: signer.fingerprint!, signerSubject: signer.subject!,
        attachmentCount: pkg.attachments.length, size: contentSize(pkg), origin: 'imported', forwardedFrom: null, consentId: null, recipients: pkg.recipients
      }
      return this.db.transaction(() => {
        this.refuseKnownEnvelope(envelopeSha256)
        if (this.repo.numberTaken(pkg.number)) refuse('CONFLICT', 'documents.number_here', { number: pkg.number }, `${pkg.number} is already here (a different copy of it)`)
        this.repo.insert(doc)
        this.access.record(doc.id, actor, 'import', fileName, this.clock.now())
        this.record(ctx, actor, 'documents.imported', pkg.number, `${fileName} from ${pkg.senderParty}, signed by ${signer.subject}`)
        return this.row(this.repo.get(doc.id)!)
      })()
    })
  }

  accessLog(ctx: CallContext, id: string): DocumentAccessEntry[] {
    const user = ctx.requireUser()
    const permissions = permissionsOf(user.roles)
    const doc = this.load(id)
    ctx.subject = doc.number
    const party = this.partyBook.of(user)
    const ofMyParty = doc.senderParty === party || doc.recipients.includes(party)
    if (!(ofMyParty && permissions.includes('documents.read')) && !permissions.includes('audit.read'))
      refuse('FORBIDDEN', 'documents.log_not_yours', { number: doc.number }, `the access log of ${doc.number} is for its parties' staff and for auditors`)
    return this.access.of(doc.id)
  }

  private actor(ctx: CallContext): Actor {
    const user = ctx.requireUser()
    return { id: user.id, login: user.login, party: this.partyBook.of(user) }
  }

  private load(id: string): DocumentRecord {
    return this.repo.get(id) ?? refuse('NOT_FOUND', 'documents.no_document', { id }, `no document ${id}`)
  }

  /** The document, if the actor's party sent or received it; otherwise the refusal is logged and kept (R14.4). */
  private reachable(ctx: CallContext, actor: Actor, id: string, what: CodedText): DocumentRecord {
    const doc = this.load(id)
    ctx.subject = doc.number
    if (doc.senderParty !== actor.party && !doc.recipients.includes(actor.party)) {
      this.access.record(doc.id, actor, 'refused', what, ctx.now)
      ctx.refuse('FORBIDDEN', `${doc.number} is not a document of your party (${actor.party})`, { rule: 'documents.not_yours', params: { number: doc.number, party: actor.party } })
    }
    return doc
  }

  /** The document as first sent: a forwarded copy carries its original's signed package. */
  private origin(doc: DocumentRecord): DocumentRecord {
    let d = doc
    while (d.forwardedFrom) d = this.repo.get(d.forwardedFrom)!
    return d
  }

  /** Every party named exists and may still receive documents. */
  private checkReceiving(parties: readonly string[]): void {
    const known = new Map(this.partyBook.all().map((p) => [p.party, p]))
    const unknown = parties.filter((p) => !known.has(p))
    if (unknown.length) refuse('VALIDATION', 'documents.no_party', { parties: unknown.join(', ') }, `no such party: ${unknown.join(', ')}`)
    const left = parties.filter((p) => known.get(p)!.terminatedAt !== null)
    if (left.length) refuse('CONFLICT', 'documents.party_left', { parties: left.join(', ') }, `${left.join(', ')} left the payment system: no new documents go to it`)
  }

  /** The recipients' certificates and the sending party's own (so its outbox opens); every recipient must have one. */
  private envelopeRecipients(parties: readonly string[], own: string, signer: RecipientCertificate, now: number): RecipientCertificate[] {
    const unreachable = parties.filter((p) => this.recipients.of(p, now).length === 0)
    if (unreachable.length) refuse('CONFLICT', 'documents.no_reader', { parties: unreachable.join(', ') }, `nobody at ${unreachable.join(', ')} could open the document: no certificate of staff allowed to read documents, nor of the party, is registered`)
    return this.recipients.ofAll([...parties, own], now, [signer])
  }

  private claimNumber(number: string): void {
    if (this.repo.numberTaken(number)) refuse('CONFLICT', 'documents.number_taken', { number }, `number ${number} was taken by another document meanwhile; send again`)
  }

  private refuseKnownEnvelope(sha256: string): void {
    const known = this.repo.byEnvelope(sha256)
    if (known) refuse('CONFLICT', 'documents.file_here', { number: known }, `this file is document ${known}, already here`)
  }

  /** Decrypts with the user's key (PIN asked), verifies, and checks the signed package against the record. */
  private async read(key: UserKey, doc: DocumentRecord, origin: DocumentRecord): Promise<Read> {
    const signedData = await key.use('decrypt', (signer) => decryptWithKey(signer, doc.envelope)).catch((e: unknown) => {
      if (e instanceof AppError && e.code !== 'TOKEN') throw new AppError(e.code, `${doc.number} cannot be opened: ${e.message}`, e.details, e.reasons)
      throw e
    })
    const { pkg, report } = await readSignedPackage(signedData, this.trust.store(), new Date(this.clock.now()))
    const stored = sha256Hex(doc.envelope) === doc.envelopeSha256 ? [] : [{ code: 'content_changed', detail: 'the stored envelope is not the one recorded when the document was sent', reason: { rule: 'documents.envelope_changed', params: {} } }]
    return { signedData, pkg, report: withFailures(report, [...routingMismatches(pkg, origin), ...stored]) }
  }

  private record(ctx: CallContext, actor: Actor, action: string, subject: string, detail: string): void {
    this.audit.append({ at: this.clock.now(), actorId: actor.id, actorLogin: actor.login, sessionId: ctx.session?.id ?? null, action, outcome: 'ok', errorCode: null, subject, detail })
  }

  private row(d: DocumentRecord, terminated = this.partyBook.terminated()): DocumentRow {
    return {
      id: d.id, number: d.number, senderParty: d.senderParty, recipients: d.recipients, title: d.title, class: d.class, createdAt: d.createdAt,
      createdBy: d.createdByLogin, signerSubject: d.signerSubject, attachmentCount: d.attachmentCount, size: d.size, origin: d.origin,
      forwardedFrom: d.forwardedFrom, nonDisclosure: nonDisclosureOf([d.senderParty, ...d.recipients], terminated)
    }
  }
}

/** Runs after the call's transaction has committed: the dispatcher awaits the promise only then. */
const afterCommit = <T>(work: () => Promise<T>): Promise<T> => Promise.resolve().then(work)

const consentView = (c: ConsentRecord): DocumentConsentView => ({
  id: c.id, thirdParty: c.thirdParty, grantedBy: c.grantedBy, reference: c.reference, grantedOn: c.grantedOn, note: c.note,
  recordedBy: c.recordedByLogin, recordedAt: c.recordedAt
})
