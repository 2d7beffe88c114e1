// SQL of the offline bundles: their records on a case's timeline (an import, an export), the workspace copy of a
// case, the participants a copy names, and the case's messages.
import type { Database } from 'better-sqlite3'
import { refuse } from '../domain/errors'
import { bankOfBic } from '../domain/identifiers'
import { usableAsName } from '../domain/xml-text'
import { statementCache } from '../store/statements'
import type { BundleParticipant, DisputeBundle } from './bundle-format'
import type { StoredDispute } from './disputes-repo'

/** Timeline kinds of the bundles' own records. */
export const IMPORTED = 'bundle_imported'
export const EXPORTED = 'bundle_exported'

/** What an import recorded: a workspace exports back only what came after it, on the desk's base version. */
export interface ImportRecord {
  eventId: number
  fileName: string
  sha256: string
  direction: DisputeBundle['direction']
  baseVersion: number
  signer: string
  /** The copy's last evidence and decision when it was made (workspace copies only; 0 otherwise). */
  lastEvidenceId: number
  lastDecisionId: number
}

export interface ExportRecord {
  fileName: string
  direction: DisputeBundle['direction']
  version: number
  recipient: string
  recipientFingerprint: string
  sha256: string
}

export type CaseMessage = DisputeBundle['messages'][number]

export class BundleRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  /** The latest import into the case, if it came from a bundle. */
  importOf(disputeId: string): ImportRecord | null {
    const r = this.sql<[string, string], { id: number; detail: string }>('SELECT id, detail FROM dispute_events WHERE dispute_id = ? AND kind = ? ORDER BY id DESC LIMIT 1').get(disputeId, IMPORTED)
    return r ? { ...(JSON.parse(r.detail) as Omit<ImportRecord, 'eventId'>), eventId: r.id } : null
  }

  /** The case a bundle file (by its SHA-256) was imported into already, if any. */
  importedAs(sha256: string): string | null {
    return (
      this.sql<[string, string], { number: string }>(
        `SELECT d.number FROM dispute_events e JOIN disputes d ON d.id = e.dispute_id WHERE e.kind = ? AND json_extract(e.detail, '$.sha256') = ? LIMIT 1`
      ).get(IMPORTED, sha256)?.number ?? null
    )
  }

  /** Certificates the case was sent offline to at `version`: whose signatures may bring it back. */
  entrusted(disputeId: string, version: number): string[] {
    return this.sql<[string, string], { detail: string }>('SELECT detail FROM dispute_events WHERE dispute_id = ? AND kind = ? ORDER BY id')
      .all(disputeId, EXPORTED)
      .map((r) => JSON.parse(r.detail) as ExportRecord)
      .filter((x) => x.direction === 'to_workspace' && x.version === version)
      .map((x) => x.recipientFingerprint)
  }

  lastEvidenceId(disputeId: string): number {
    return this.sql<[string], { n: number }>('SELECT coalesce(max(id), 0) AS n FROM dispute_evidence WHERE dispute_id = ?').get(disputeId)!.n
  }

  lastDecisionId(disputeId: string): number {
    return this.sql<[string], { n: number }>('SELECT coalesce(max(id), 0) AS n FROM dispute_decisions WHERE dispute_id = ?').get(disputeId)!.n
  }

  /** The case's messages: camt.056/camt.029 naming it, pacs.004 returning its money, the camt.056 it came in as. */
  messagesOf(d: StoredDispute): CaseMessage[] {
    return this.sql<{ n: string; m: string; source: string }, { direction: 'in' | 'out'; party: string; format: string; message_id: string | null; received_at: number; payload: string | null }>(
      `SELECT direction, party, format, message_id, received_at, payload FROM message_files
       WHERE (direction = 'out' AND CASE WHEN json_valid(payload) THEN json_extract(payload, '$.caseId') = @n OR json_extract(payload, '$.transactions[0].info') = 'dispute ' || @n END)
          OR (direction = 'in' AND format LIKE 'camt.056%' AND message_id = @m AND @source = 'camt.056')
       ORDER BY id`
    )
      .all({ n: d.number, m: d.message_id ?? '', source: d.source })
      .map((m) => ({ direction: m.direction, party: m.party, format: m.format, messageId: m.message_id, at: m.received_at, payload: m.payload }))
  }

  /**
   * The participant with this code; a workspace that does not know it registers it as the bundle names it
   * (a copy of the desk's registry entry, under the desk's code).
   */
  participantId(p: BundleParticipant, newId: () => string, now: number): string {
    const known = this.sql<[string], { id: string; bic: string }>('SELECT id, bic FROM participants WHERE code = ?').get(p.code)
    if (known) return known.id
    const clash = this.sql<[string, string], { code: string }>('SELECT code FROM participants WHERE substr(bic, 1, 8) = ? OR bin = ?').get(bankOfBic(p.bic), p.bin)
    if (clash) refuse('CONFLICT', 'disputes.bank_clash', { party: p.code, bic: p.bic, bin: p.bin, here: clash.code }, `the bundle names ${p.code} (${p.bic}, BIN ${p.bin}); this database has that bank as ${clash.code}`)
    // Registered here as the registry would: a name its messages (camt.056, camt.029) could not carry is refused, not kept.
    if (!usableAsName(p.name))
      refuse('VALIDATION', 'disputes.participant_name_unusable', { party: p.code, bic: p.bic }, `the bundle names ${p.code} (${p.bic}) with a control character or one XML cannot carry in its name`)
    const id = newId()
    this.sql(`INSERT INTO participants (id, code, name, bic, bin, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?)`).run(id, p.code, p.name, p.bic, p.bin, now, now)
    // The desk's code is taken here now: the workspace's own registrations continue after it.
    this.sql(`UPDATE code_sequences SET next = max(next, ?) WHERE name = 'participant'`).run(Number(p.code.slice(1)) + 1)
    return id
  }

  /** The workspace's copy of a case: its state and version as on the desk, the operation kept as JSON. */
  insertCopy(c: DisputeBundle['case'] & { id: string; operation: string; applicantId: string; respondentId: string | null; analystId: string }): void {
    this.sql(
      `INSERT INTO disputes (id, number, operation_seq, operation, applicant_id, respondent_id, reason, amount_minor, currency, description, stage, status,
         filed_at, filed_by, source, message_id, analyst_id, unit, decide_by, answer_by, awaiting_from, appeal_by, decided_amount_minor, reversal_seq, closed_at, version)
       VALUES (@id, @number, @operationSeq, @operation, @applicantId, @respondentId, @reason, @amountMinor, @currency, @description, @stage, @status,
         @filedAt, NULL, @source, @messageId, @analystId, @unit, @decideBy, @answerBy, @awaitingFrom, @appealBy, @decidedAmountMinor, NULL, @closedAt, @version)`
    ).run({
      id: c.id, number: c.number, operationSeq: c.operationSeq, operation: c.operation, applicantId: c.applicantId, respondentId: c.respondentId, reason: c.reason,
      amountMinor: c.amountMinor, currency: c.currency, description: c.description, stage: c.stage, status: c.status, filedAt: c.filedAt, source: c.source,
      messageId: c.messageId, analystId: c.analystId, unit: c.unit, decideBy: c.decideBy, answerBy: c.answerBy, awaitingFrom: c.awaitingFrom, appealBy: c.appealBy,
      decidedAmountMinor: c.decidedAmountMinor, closedAt: c.closedAt, version: c.version
    })
  }
}
