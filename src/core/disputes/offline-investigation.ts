import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import type { OperationDetail } from '../api/center-types'
import type { DisputeBundleFile, DisputeBundleImport } from '../api/disputes-bundle-types'
import type { DisputeRow } from '../api/disputes-types'
import { certificateOfText } from '../crypto/certificate-text'
import { envelopeCms, signCms } from '../crypto/cms'
import type { CertificatesRepo } from '../crypto/keys/certificates-repo'
import type { UserKeys } from '../crypto/keys/user-keys'
import { refuseUnfitRecipient } from '../crypto/encryption-recipient'
import { parseCertificate, type CertificateInfo } from '../crypto/trust/certificate'
import type { TrustRepo } from '../crypto/trust/trust-repo'
import { refuseUntrusted } from '../crypto/trust/untrusted'
import { decryptWithKey } from '../crypto/user-decrypt'
import type { Clock } from '../domain/clock'
import { fail, refuse } from '../domain/errors'
import type { ParticipantsRepo } from '../participants/participants-repo'
import type { AuditLog } from '../security/audit-log'
import type { UserRecord, UsersRepo } from '../security/users-repo'
import { buildBundle } from './bundle-export'
import { encodeBundle } from './bundle-format'
import { applyOnDesk, copyToWorkspace, type ImportTarget } from './bundle-import'
import { BundleRepo, EXPORTED, type ExportRecord } from './bundle-repo'
import { verifyBundle } from './bundle-verify'
import { DisputesRepo, type StoredDispute } from './disputes-repo'
import type { DisputesService } from './disputes-service'
import { sha256Hex } from '../domain/digest'
import type { EvidenceVault } from './evidence-vault'

export interface OfflineDeps {
  db: Database
  clock: Clock
  newId: () => string
  audit: AuditLog
  disputes: DisputesService
  participants: ParticipantsRepo
  users: UsersRepo
  /** The operation as the journal shows it, with the caller's scope applied. */
  operationDetail: (ctx: CallContext, seq: number) => OperationDetail
  keys: UserKeys
  certificates: CertificatesRepo
  trust: TrustRepo
  vault: EvidenceVault
}

/**
 * Offline investigation (issue 7 §5): a case leaves the main desk as one signed, encrypted file for an analyst's
 * laptop; the laptop's database holds it as a workspace copy, where findings and a signed decision are added;
 * the file coming back is verified signature by signature and applied on the desk only if the case has not
 * moved since it left. As everywhere, checks run in the call's transaction, the key works after it (PIN asked),
 * and what the key produced is written in a transaction of its own with its own audit record.
 */
export class OfflineInvestigation {
  private readonly repo: DisputesRepo
  private readonly bundles: BundleRepo

  constructor(private readonly d: OfflineDeps) {
    this.repo = new DisputesRepo(d.db)
    this.bundles = new BundleRepo(d.db)
  }

  /** What the analyst found, on the case's timeline; a workspace's findings travel back to the desk. */
  addFinding(ctx: CallContext, id: string, text: string): DisputeRow {
    const user = this.analyst(ctx)
    const c = this.load(id)
    ctx.subject = c.number
    if (c.stage === 'closed') refuse('CONFLICT', 'disputes.case_closed', { number: c.number }, `case ${c.number} is closed`)
    this.repo.event({ disputeId: id, at: ctx.now, actorId: user.id, actorLogin: user.login, party: 'operator', kind: 'finding', stage: c.stage, status: c.status, detail: text })
    return this.repo.row(id, ctx.now)!
  }

  /**
   * From the main desk: the whole case, while it awaits a decision. From a workspace: what was added to its copy.
   * Signed by the caller, encrypted to the recipient and to the caller (who can then read their own export).
   */
  exportBundle(ctx: CallContext, id: string, recipientCertificate: string): Promise<DisputeBundleFile> {
    const user = this.analyst(ctx)
    const c = this.load(id)
    ctx.subject = c.number
    const since = c.operation === null ? null : this.bundles.importOf(id)
    if (c.operation !== null && since === null) refuse('CONFLICT', 'disputes.workspace_without_import', { number: c.number }, `case ${c.number} is a workspace copy without its import record; it cannot go back`)
    if (since === null && c.stage !== 'review' && c.stage !== 'appeal')
      refuse('CONFLICT', 'disputes.not_awaiting_decision', { number: c.number }, `case ${c.number} is ${c.stage}/${c.status}: a case goes offline while it awaits a decision (in review or on appeal)`)
    const recipient = this.recipient(recipientCertificate, ctx.now)
    const certificate = this.d.keys.certificateOf(user.id)
    // The sender's own copy is a recipient too: held to the same check.
    refuseUnfitRecipient(parseCertificate(certificate.der), ctx.now, (own) => `your certificate ${certificate.subject} ${own}: the bundle is encrypted to you as well`)
    const operation = c.operation === null ? this.d.operationDetail(ctx, c.operation_seq) : (JSON.parse(c.operation) as OperationDetail)
    const bundle = buildBundle({ repo: this.repo, bundles: this.bundles, participants: this.d.participants, users: this.d.users, vault: this.d.vault }, c, { operation, exportedAt: ctx.now, exportedBy: user.login, since })
    const fileName = `${c.number}-v${c.version}.p7m`
    const key = this.d.keys.keyOf(ctx.caller, certificate)
    return afterCommit(async () => {
      const signed = await key.use('sign', (signer) => signCms({ content: encodeBundle(bundle), detached: false, signer, signingTime: new Date(ctx.now) }))
      const envelope = await envelopeCms({ content: signed, recipients: [recipient.der, certificate.der] })
      const sha256 = sha256Hex(envelope)
      this.d.db.transaction(() => {
        const now = this.d.clock.now()
        const detail: ExportRecord = { fileName, direction: bundle.direction, version: c.version, recipient: recipient.subject, recipientFingerprint: recipient.fingerprint, sha256 }
        const current = this.load(id)
        // On the desk this record is what entitles the recipient's signature to bring the case back.
        this.repo.event({ disputeId: id, at: now, actorId: user.id, actorLogin: user.login, party: 'operator', kind: EXPORTED, stage: current.stage, status: current.status, detail: JSON.stringify(detail) })
        this.record(user, 'disputes.bundleExported', c.number, `${fileName} (${bundle.direction}) to ${recipient.subject}; sha256 ${sha256}`)
      })()
      return { fileName, base64: Buffer.from(envelope).toString('base64'), bytes: envelope.length }
    })
  }

  /** Opens the file with the caller's key, verifies it whole, then copies the case here or applies the offline work. */
  importBundle(ctx: CallContext, fileName: string, base64: string): Promise<DisputeBundleImport> {
    const user = this.analyst(ctx)
    ctx.subject = fileName
    const envelope = new Uint8Array(Buffer.from(base64, 'base64'))
    if (envelope.length === 0) refuse('VALIDATION', 'disputes.bundle_empty', { file: fileName }, `${fileName} is empty`)
    const sha256 = sha256Hex(envelope)
    this.refuseKnown(sha256, fileName)
    const key = this.d.keys.keyOf(ctx.caller, this.d.keys.certificateOf(user.id))
    return afterCommit(async () => {
      const signedData = await key.use('decrypt', (signer) => decryptWithKey(signer, envelope))
      const verified = await verifyBundle(signedData, this.d.trust.store(), new Date(this.d.clock.now()), fileName)
      return this.d.db.transaction((): DisputeBundleImport => {
        this.refuseKnown(sha256, fileName)
        const now = this.d.clock.now()
        const target: ImportTarget = {
          repo: this.repo, bundles: this.bundles, disputes: this.d.disputes, certificates: this.d.certificates, users: this.d.users, vault: this.d.vault, newId: this.d.newId
        }
        const toWorkspace = verified.bundle.direction === 'to_workspace'
        const file = { fileName, sha256 }
        const done = toWorkspace ? copyToWorkspace(target, verified, user, file, now) : applyOnDesk(target, verified, user, file, now)
        this.record(user, 'disputes.bundleImported', verified.bundle.case.number, `${fileName} signed by ${verified.signer.subject}: ${done.applied.map((a) => a.message).join('; ')}`)
        return { dispute: this.repo.row(done.id, now)!, mode: toWorkspace ? 'workspace' : 'desk', applied: done.applied }
      })()
    })
  }

  /** The recipient's certificate: a person's, valid now, with a key certified for encryption, trusted here. */
  private recipient(text: string, now: number): CertificateInfo {
    const cert = certificateOfText(text, 'recipientCertificate')
    if (cert.isCa) refuse('VALIDATION', 'trust.certificate_is_ca', { subject: cert.subject }, `recipientCertificate: ${cert.subject} is a CA certificate, not an analyst's`)
    // Before the chain: a certificate not yet valid is named so, not as one whose CA is missing.
    refuseUnfitRecipient(cert, now, (problem) => `recipientCertificate: ${cert.subject} ${problem}`)
    const at = new Date(now)
    const chain = this.d.trust.store().validate(cert, { validAt: at, revokedBy: at })
    if (chain.failures.length)
      refuseUntrusted(cert.subject, chain.failures, `the recipient's certificate is not trusted here (${[...new Set(chain.failures.map((f) => f.code))].join(', ')}): add its CA to the trust store first`)
    return cert
  }

  private refuseKnown(sha256: string, fileName: string): void {
    const number = this.bundles.importedAs(sha256)
    if (number) refuse('CONFLICT', 'disputes.bundle_imported', { file: fileName, number }, `${fileName} was imported already (case ${number}); a bundle is imported once`)
  }

  /** Offline work is the operator's analysts' (the contract grants disputes.decide to no one else). */
  private analyst(ctx: CallContext): UserRecord {
    const user = ctx.requireUser()
    if (user.kind !== 'operator') fail('FORBIDDEN', 'offline investigation is the operator’s analysts’ work')
    return user
  }

  private load(id: string): StoredDispute {
    return this.repo.stored(id) ?? refuse('NOT_FOUND', 'disputes.no_dispute', { id }, `no dispute ${id}`)
  }

  private record(user: UserRecord, action: string, subject: string, detail: string): void {
    this.d.audit.append({ at: this.d.clock.now(), actorId: user.id, actorLogin: user.login, sessionId: null, action, outcome: 'ok', errorCode: null, subject, detail: detail.slice(0, 2000) })
  }
}

/** Runs after the call's transaction has committed: the dispatcher awaits the promise only then. */
const afterCommit = <T>(work: () => Promise<T>): Promise<T> => Promise.resolve().then(work)
