// What a bundle carries, read in the call's transaction (one consistent view of the case): to a workspace, the
// whole case; back to the desk, what the workspace added since its copy was made.
import type { OperationDetail } from '../api/center-types'
import { refuse } from '../domain/errors'
import type { ParticipantsRepo } from '../participants/participants-repo'
import type { UsersRepo } from '../security/users-repo'
import { BUNDLE_FORMAT, type BundleParticipant, type DisputeBundle } from './bundle-format'
import type { BundleRepo, ImportRecord } from './bundle-repo'
import type { DisputesRepo, StoredDispute } from './disputes-repo'
import { EvidenceIntegrityError, type EvidenceVault } from './evidence-vault'

export interface ExportSource {
  repo: DisputesRepo
  bundles: BundleRepo
  participants: ParticipantsRepo
  users: UsersRepo
  vault: EvidenceVault
}

/** `since`: the import that made this database's copy (a workspace exporting back), or null on the main desk. */
export function buildBundle(src: ExportSource, d: StoredDispute, how: { operation: OperationDetail; exportedAt: number; exportedBy: string; since: ImportRecord | null }): DisputeBundle {
  const since = how.since
  const events = src.repo.events(d.id)
  const evidence = src.repo.evidence(d.id).filter((e) => since === null || e.id > since.lastEvidenceId)
  const decisions = src.repo.decisions(d.id).filter((x) => since === null || x.id > since.lastDecisionId)
  const loginOf = (userId: string | null): string | null => (userId === null ? null : (src.users.get(userId)?.login ?? null))
  return {
    format: BUNDLE_FORMAT,
    direction: since === null ? 'to_workspace' : 'to_desk',
    exportedAt: how.exportedAt,
    exportedBy: how.exportedBy,
    baseVersion: since === null ? d.version : since.baseVersion,
    case: {
      number: d.number, operationSeq: d.operation_seq, applicant: participant(src, d.applicant_id), respondent: d.respondent_id === null ? null : participant(src, d.respondent_id),
      reason: d.reason, amountMinor: d.amount_minor, currency: d.currency, description: d.description, stage: d.stage, status: d.status, filedAt: d.filed_at,
      filedBy: loginOf(d.filed_by), source: d.source, messageId: d.message_id, analyst: loginOf(d.analyst_id), unit: d.unit, decideBy: d.decide_by, answerBy: d.answer_by,
      awaitingFrom: d.awaiting_from, appealBy: d.appeal_by, decidedAmountMinor: d.decided_amount_minor, closedAt: d.closed_at, version: d.version
    },
    operation: how.operation,
    events: events.map(({ at, actor, party, kind, stage, status, detail }) => ({ at, actor, party, kind, stage, status, detail })),
    evidence: evidence.map((e) => ({ kind: e.kind, name: e.name, mediaType: e.mediaType, size: e.size, sha256: e.sha256, addedAt: e.addedAt, addedBy: e.addedBy, party: e.party, base64: opened(src, d, e.id) })),
    decisions: decisions.map((x) => ({
      outcome: x.outcome, amountMinor: x.amount_minor, grounds: x.grounds, signer: x.signer_subject, decidedAt: x.decided_at, origin: x.origin, signedBase64: Buffer.from(x.signed).toString('base64')
    })),
    findings: since === null ? [] : events.filter((e) => e.kind === 'finding' && e.id > since.eventId).map((e) => ({ at: e.at, login: e.actor ?? 'unknown', text: e.detail ?? '' })),
    messages: since === null ? src.bundles.messagesOf(d) : []
  }
}

function participant(src: ExportSource, id: string): BundleParticipant {
  const p = src.participants.get(id)!
  return { code: p.code, name: p.name, bic: p.bic, bin: p.bin }
}

/** The evidence as given, checked against its hash: a piece changed at rest is not sent on. */
function opened(src: ExportSource, d: StoredDispute, evidenceId: number): string {
  const e = src.repo.sealedEvidence(d.id, evidenceId)!
  try {
    return Buffer.from(src.vault.open(new Uint8Array(e.sealed), `${d.id}/${e.sha256}`, e.sha256)).toString('base64')
  } catch (err) {
    if (err instanceof EvidenceIntegrityError) return refuse('CONFLICT', 'disputes.evidence_altered', { number: d.number, evidence: evidenceId }, `evidence ${evidenceId} of case ${d.number} failed its integrity check (${err.message}); the case cannot be exported`)
    throw err
  }
}
