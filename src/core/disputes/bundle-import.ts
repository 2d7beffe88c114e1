// A verified bundle written into this database, inside one transaction: to a workspace, a copy of the case; on
// the main desk, the findings, evidence and decision made offline, the decision applied like one made here.
// A refusal anywhere rolls the whole import back.
import type { CertificatesRepo } from '../crypto/keys/certificates-repo'
import { codedText, type CodedText } from '../domain/coded-text'
import { refuse } from '../domain/errors'
import { permissionsOf } from '../security/roles'
import type { UserRecord, UsersRepo } from '../security/users-repo'
import { evidenceBytes, type BundleEvidence } from './bundle-format'
import { IMPORTED, type BundleRepo, type ImportRecord } from './bundle-repo'
import type { VerifiedBundle } from './bundle-verify'
import type { DisputesRepo, StoredDispute } from './disputes-repo'
import type { DisputesService } from './disputes-service'
import { sha256Hex } from '../domain/digest'
import type { EvidenceVault } from './evidence-vault'

export interface ImportTarget {
  repo: DisputesRepo
  bundles: BundleRepo
  disputes: DisputesService
  certificates: CertificatesRepo
  users: UsersRepo
  vault: EvidenceVault
  newId: () => string
}

export interface BundleFileRef {
  fileName: string
  sha256: string
}

export interface Imported {
  id: string
  applied: CodedText[]
}

/** A 'to_workspace' bundle: the case is created here as the desk has it, owned by the importing analyst. */
export function copyToWorkspace(t: ImportTarget, v: VerifiedBundle, by: UserRecord, file: BundleFileRef, now: number): Imported {
  const { bundle: b } = v
  const c = b.case
  if (t.repo.byNumber(c.number)) refuse('CONFLICT', 'disputes.case_here', { number: c.number }, `case ${c.number} is already in this database: a case is copied into a workspace once`)
  const id = t.newId()
  const applicantId = t.bundles.participantId(c.applicant, t.newId, now)
  const respondentId = c.respondent === null ? null : t.bundles.participantId(c.respondent, t.newId, now)
  t.bundles.insertCopy({ ...c, id, operation: JSON.stringify(b.operation), applicantId, respondentId, analystId: by.id })
  // The desk's timeline as it was, with the case's messages among its events by time.
  let state = { stage: c.stage, status: c.status }
  const timeline = [...b.events.map((e) => ({ at: e.at, e, m: null })), ...b.messages.map((m) => ({ at: m.at, e: null, m }))].sort((x, y) => x.at - y.at)
  for (const { e, m } of timeline) {
    if (e) {
      state = { stage: e.stage, status: e.status }
      t.repo.event({ disputeId: id, at: e.at, actorId: null, actorLogin: e.actor, party: e.party, kind: e.kind, stage: e.stage, status: e.status, detail: e.detail })
    } else if (m) {
      t.repo.event({ disputeId: id, at: m.at, actorId: null, actorLogin: null, party: m.party, kind: 'message', ...state, detail: JSON.stringify(m) })
    }
  }
  for (const e of b.evidence) storeEvidence(t, id, e)
  for (const x of v.decisions)
    t.repo.insertDecision({ dispute_id: id, outcome: x.entry.outcome, amount_minor: x.entry.amountMinor, grounds: x.entry.grounds, signed: x.signed, signer_subject: x.signer.subject, decided_at: x.entry.decidedAt, decided_by: null, origin: x.entry.origin })
  record(t, id, c, by, now, { ...file, direction: b.direction, baseVersion: b.baseVersion, signer: v.signer.subject, lastEvidenceId: t.bundles.lastEvidenceId(id), lastDecisionId: t.bundles.lastDecisionId(id) })
  return {
    id,
    applied: [
      codedText('copied', { number: c.number, version: b.baseVersion }, `case ${c.number} (desk version ${b.baseVersion}) copied into this workspace`),
      codedText('timeline', { eventCount: b.events.length, messageCount: b.messages.length }, `${b.events.length} timeline event(s), ${b.messages.length} message(s)`),
      codedText('evidence', { count: b.evidence.length }, `${b.evidence.length} piece(s) of evidence`),
      codedText('decisions', { count: v.decisions.length }, `${v.decisions.length} earlier decision(s)`)
    ]
  }
}

/**
 * A 'to_desk' bundle: the case must be as it was when it went offline (same version, not decided since), and
 * the offline work must be signed by the analyst it was sent to (or by an analyst of this desk).
 */
export function applyOnDesk(t: ImportTarget, v: VerifiedBundle, by: UserRecord, file: BundleFileRef, now: number): Imported {
  const { bundle: b } = v
  const d =
    t.repo.byNumber(b.case.number) ??
    refuse('NOT_FOUND', 'disputes.case_not_here', { number: b.case.number }, `case ${b.case.number} is not in this database: a bundle back from a workspace is imported on the desk that exported the case`)
  if (d.operation !== null) refuse('CONFLICT', 'disputes.workspace_copy', { number: d.number }, `this database holds a workspace copy of ${d.number}: the offline work goes back to the main desk`)
  if (d.operation_seq !== b.case.operationSeq)
    refuse('VALIDATION', 'disputes.other_operation', { number: d.number, bundleSeq: b.case.operationSeq, deskSeq: d.operation_seq }, `${file.fileName}: the bundle's case ${d.number} revokes operation ${b.case.operationSeq}, this desk's revokes operation ${d.operation_seq}`)
  if (d.version !== b.baseVersion || d.stage === 'closed' || d.stage === 'decision')
    refuse('CONFLICT', 'disputes.case_changed', { number: d.number, sentVersion: b.baseVersion, version: d.version }, `case ${d.number} changed or was decided on the desk since the bundle was made (it left at version ${b.baseVersion}; it is now version ${d.version}, ${d.stage}/${d.status})`)
  requireEntrusted(t, d, b.baseVersion, [v.signer, ...v.decisions.map((x) => x.signer)])
  if (v.decisions.length > 1) refuse('VALIDATION', 'disputes.decisions_count', { count: v.decisions.length }, `${file.fileName}: a bundle brings back at most one decision; it has ${v.decisions.length}`)
  const stale = v.decisions.find((x) => x.document.caseVersion !== b.baseVersion)
  if (stale)
    refuse('CONFLICT', 'disputes.decision_stale', { number: d.number, decisionVersion: stale.document.caseVersion, sentVersion: b.baseVersion }, `the offline decision was made on version ${stale.document.caseVersion} of case ${d.number}; the case left the desk at version ${b.baseVersion}`)
  record(t, d.id, d, by, now, { ...file, direction: b.direction, baseVersion: b.baseVersion, signer: v.signer.subject, lastEvidenceId: 0, lastDecisionId: 0 })
  // A workspace may send its work back more than once (findings first, the decision later): what came already is not added again.
  const knownFindings = new Set(t.repo.events(d.id).filter((e) => e.kind === 'offline_finding').map((e) => JSON.stringify([e.at, e.actor, e.detail])))
  const knownEvidence = new Set(t.repo.evidence(d.id).map((e) => e.sha256))
  const findings = b.findings.filter((f) => !knownFindings.has(JSON.stringify([f.at, f.login, f.text])))
  const evidence = b.evidence.filter((e) => !knownEvidence.has(e.sha256))
  for (const f of findings) t.repo.event({ disputeId: d.id, at: f.at, actorId: null, actorLogin: f.login, party: 'operator', kind: 'offline_finding', stage: d.stage, status: d.status, detail: f.text })
  for (const e of evidence) {
    const evidenceId = storeEvidence(t, d.id, e)
    t.repo.event({ disputeId: d.id, at: e.addedAt, actorId: null, actorLogin: e.addedBy, party: e.party, kind: 'evidence', stage: d.stage, status: d.status, detail: JSON.stringify({ id: evidenceId, kind: e.kind, name: e.name, sha256: e.sha256, offline: true }) })
  }
  const applied = [codedText('findings', { count: findings.length }, `${findings.length} finding(s)`), codedText('evidence', { count: evidence.length }, `${evidence.length} piece(s) of evidence`)]
  for (const x of v.decisions) {
    // The signed decision takes effect as one made here would: state, reversal, camt.029/pacs.004 (R10.1.3).
    t.disputes.applyDecision(d.id, x.document, x.signed, x.signer.subject, null, 'offline')
    const { outcome, amountMinor, currency } = x.document
    applied.push(codedText('decision', { outcome, amountMinor, currency, signer: x.signer.subject }, `decision ${outcome} ${amountMinor} ${currency} signed by ${x.signer.subject}`))
  }
  return { id: d.id, applied }
}

/** Whose signatures may bring a case back: the certificates it was sent to at that version, and this desk's analysts. */
function requireEntrusted(t: ImportTarget, d: StoredDispute, version: number, signers: { subject: string; fingerprint: string }[]): void {
  const entrusted = new Set(t.bundles.entrusted(d.id, version))
  const deskAnalyst = (fingerprint: string): boolean => {
    const c = t.certificates.get(fingerprint)
    const user = c?.status === 'active' ? t.users.get(c.userId) : undefined
    return user?.status === 'active' && permissionsOf(user.roles).includes('disputes.decide')
  }
  const strangers = signers.filter((s) => !entrusted.has(s.fingerprint) && !deskAnalyst(s.fingerprint))
  const names = [...new Set(strangers.map((s) => s.subject))].join('; ')
  if (strangers.length)
    refuse('VALIDATION', 'disputes.not_entrusted', { number: d.number, signers: names }, `case ${d.number} was not sent offline to ${names}: only the analyst it was sent to, or an analyst of this desk, brings it back`)
}

/** Evidence sealed under this database's key (bound to this case's id), as given; its hash was checked. */
function storeEvidence(t: ImportTarget, disputeId: string, e: BundleEvidence): number {
  const bytes = new Uint8Array(evidenceBytes(e))
  const sha256 = sha256Hex(bytes)
  return t.repo.insertEvidence({ disputeId, kind: e.kind, name: e.name, mediaType: e.mediaType, size: bytes.length, sha256, sealed: t.vault.seal(bytes, `${disputeId}/${sha256}`), at: e.addedAt, by: null, party: e.party })
}

function record(t: ImportTarget, disputeId: string, state: Pick<StoredDispute, 'stage' | 'status'>, by: UserRecord, now: number, detail: Omit<ImportRecord, 'eventId'>): void {
  t.repo.event({ disputeId, at: now, actorId: by.id, actorLogin: by.login, party: 'operator', kind: IMPORTED, stage: state.stage, status: state.status, detail: JSON.stringify(detail) })
}
