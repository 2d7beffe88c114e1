import type { Database } from 'better-sqlite3'
import type { DisputeEvent, DisputeRow, DisputeTermsView, EvidenceInfo, EvidenceKind } from '../api/disputes-types'
import { statementCache } from '../store/statements'
import { flagOf, type DisputeTerms } from './deadlines'
import type { DisputeReason, DisputeStage, DisputeStatus, Outcome } from './lifecycle'

export interface StoredDispute {
  id: string
  number: string
  operation_seq: number
  operation: string | null
  applicant_id: string
  respondent_id: string | null
  reason: DisputeReason
  amount_minor: number
  currency: string
  description: string
  stage: DisputeStage
  status: DisputeStatus
  filed_at: number
  filed_by: string | null
  source: 'desk' | 'camt.056'
  message_id: string | null
  analyst_id: string | null
  unit: 'operational' | 'calendar'
  decide_by: number
  answer_by: number | null
  awaiting_from: 'applicant' | 'respondent' | null
  appeal_by: number | null
  decided_amount_minor: number | null
  reversal_seq: number | null
  closed_at: number | null
  version: number
}

export interface StoredDecision {
  id: number
  dispute_id: string
  outcome: Outcome
  amount_minor: number
  grounds: string
  signed: Buffer
  signer_subject: string
  decided_at: number
  decided_by: string | null
  origin: 'desk' | 'offline'
}

/** The deadline that matters in a stage: an answer awaited, the decision, or the appeal period. */
export function nextDeadline(d: Pick<StoredDispute, 'stage' | 'decide_by' | 'answer_by' | 'appeal_by'>): number | null {
  switch (d.stage) {
    case 'information_requested':
      return d.answer_by
    case 'decision':
      return d.appeal_by
    case 'closed':
      return null
    default:
      return d.decide_by
  }
}

type Row = StoredDispute & { applicant: string; respondent: string | null; analyst: string | null; document_no: string | null }

// A workspace copy's operation_seq is the main desk's number: its document number comes from its JSON copy.
const SELECT = `SELECT d.*, a.code AS applicant, r.code AS respondent, u.login AS analyst, coalesce(o.document_no, json_extract(d.operation, '$.operation.documentNo')) AS document_no
  FROM disputes d JOIN participants a ON a.id = d.applicant_id LEFT JOIN participants r ON r.id = d.respondent_id
  LEFT JOIN users u ON u.id = d.analyst_id LEFT JOIN operations o ON o.seq = d.operation_seq AND d.operation IS NULL`

/** SQL for disputes, their timeline, evidence, decisions and the contract's terms. */
export class DisputesRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(private readonly db: Database) {
    this.sql = statementCache(db)
  }

  stored(id: string): StoredDispute | undefined {
    return this.sql<[string], StoredDispute>('SELECT * FROM disputes WHERE id = ?').get(id)
  }

  byNumber(number: string): StoredDispute | undefined {
    return this.sql<[string], StoredDispute>('SELECT * FROM disputes WHERE number = ?').get(number)
  }

  row(id: string, now: number): DisputeRow | undefined {
    const r = this.sql<[string], Row>(`${SELECT} WHERE d.id = ?`).get(id)
    return r && view(r, now)
  }

  /** Cases of a participant (as applicant or respondent), or all; open ones by the nearest deadline, then the closed, newest first. */
  list(participantId: string | null, limit: number, now: number): DisputeRow[] {
    const rows = this.db
      .prepare(
        `${SELECT} WHERE (@p IS NULL OR d.applicant_id = @p OR d.respondent_id = @p)
         ORDER BY CASE d.stage WHEN 'closed' THEN 1 ELSE 0 END, CASE d.stage WHEN 'information_requested' THEN d.answer_by WHEN 'decision' THEN d.appeal_by WHEN 'closed' THEN -d.closed_at ELSE d.decide_by END, d.filed_at
         LIMIT @limit`
      )
      .all({ p: participantId, limit }) as Row[]
    return rows.map((r) => view(r, now))
  }

  counts(participantId: string | null): { status: DisputeStatus; n: number }[] {
    return this.sql<[string | null, string | null, string | null], { status: DisputeStatus; n: number }>(
      'SELECT status, count(*) AS n FROM disputes WHERE (? IS NULL OR applicant_id = ? OR respondent_id = ?) GROUP BY status'
    ).all(participantId, participantId, participantId)
  }

  /** Filing and first decision of each decided case (appeals excluded), for the SLA figures. */
  decisionTimes(participantId: string | null): { filed_at: number; decided_at: number; decide_by_at_filing: number }[] {
    return this.sql<[string | null, string | null, string | null], { filed_at: number; decided_at: number; decide_by_at_filing: number }>(
      `SELECT d.filed_at, min(x.decided_at) AS decided_at, CAST(json_extract(e.detail, '$.decideBy') AS INTEGER) AS decide_by_at_filing
       FROM disputes d JOIN dispute_decisions x ON x.dispute_id = d.id JOIN dispute_events e ON e.dispute_id = d.id AND e.kind = 'filed'
       WHERE (? IS NULL OR d.applicant_id = ? OR d.respondent_id = ?) GROUP BY d.id`
    ).all(participantId, participantId, participantId)
  }

  /**
   * What the cases on an operation that are not closed may still return: each claim less what its decision
   * returned already. With what was returned (the operation's returns) they may not exceed the operation.
   */
  claimedOn(operationSeq: number): number {
    return this.sql<[number], { total: number }>(
      `SELECT coalesce(sum(amount_minor - coalesce(decided_amount_minor, 0)), 0) AS total FROM disputes
       WHERE operation_seq = ? AND operation IS NULL AND stage <> 'closed'`
    ).get(operationSeq)!.total
  }

  insert(d: Omit<StoredDispute, 'version' | 'closed_at' | 'decided_amount_minor' | 'reversal_seq' | 'answer_by' | 'awaiting_from' | 'appeal_by' | 'analyst_id' | 'stage' | 'status'>): void {
    this.db
      .prepare(
        `INSERT INTO disputes (id, number, operation_seq, operation, applicant_id, respondent_id, reason, amount_minor, currency, description, stage, status,
           filed_at, filed_by, source, message_id, unit, decide_by)
         VALUES (@id, @number, @operation_seq, @operation, @applicant_id, @respondent_id, @reason, @amount_minor, @currency, @description, 'application', 'open',
           @filed_at, @filed_by, @source, @message_id, @unit, @decide_by)`
      )
      .run(d)
  }

  /** Writes a case's new state; refuses (returns false) when another change came first (the version moved). */
  update(id: string, version: number, set: Partial<Pick<StoredDispute, 'stage' | 'status' | 'analyst_id' | 'decide_by' | 'answer_by' | 'awaiting_from' | 'appeal_by' | 'decided_amount_minor' | 'reversal_seq' | 'closed_at'>>): boolean {
    const keys = Object.keys(set) as (keyof typeof set)[]
    const assignments = keys.map((k) => `${k} = @${k}`).join(', ')
    const r = this.db.prepare(`UPDATE disputes SET ${assignments}${assignments ? ', ' : ''}version = version + 1 WHERE id = @id AND version = @version`).run({ ...set, id, version })
    return r.changes === 1
  }

  event(e: { disputeId: string; at: number; actorId: string | null; actorLogin: string | null; party: string; kind: string; stage: DisputeStage; status: DisputeStatus; detail: string | null }): void {
    this.sql('INSERT INTO dispute_events (dispute_id, at, actor_id, actor_login, party, kind, stage, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      e.disputeId, e.at, e.actorId, e.actorLogin, e.party, e.kind, e.stage, e.status, e.detail
    )
  }

  events(id: string): DisputeEvent[] {
    return this.sql<[string], { id: number; at: number; actor_login: string | null; party: string; kind: string; stage: DisputeStage; status: DisputeStatus; detail: string | null }>(
      'SELECT id, at, actor_login, party, kind, stage, status, detail FROM dispute_events WHERE dispute_id = ? ORDER BY id'
    )
      .all(id)
      .map((e) => ({ id: e.id, at: e.at, actor: e.actor_login, party: e.party, kind: e.kind, stage: e.stage, status: e.status, detail: e.detail }))
  }

  insertEvidence(e: { disputeId: string; kind: EvidenceKind; name: string; mediaType: string; size: number; sha256: string; sealed: Uint8Array; at: number; by: string | null; party: string }): number {
    return Number(
      this.sql('INSERT INTO dispute_evidence (dispute_id, kind, name, media_type, size, sha256, sealed, added_at, added_by, party) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        e.disputeId, e.kind, e.name, e.mediaType, e.size, e.sha256, Buffer.from(e.sealed), e.at, e.by, e.party
      ).lastInsertRowid
    )
  }

  evidence(id: string): EvidenceInfo[] {
    return this.sql<[string], { id: number; kind: EvidenceKind; name: string; media_type: string; size: number; sha256: string; added_at: number; login: string | null; party: string }>(
      'SELECT e.id, e.kind, e.name, e.media_type, e.size, e.sha256, e.added_at, u.login, e.party FROM dispute_evidence e LEFT JOIN users u ON u.id = e.added_by WHERE e.dispute_id = ? ORDER BY e.id'
    )
      .all(id)
      .map((e) => ({ id: e.id, kind: e.kind, name: e.name, mediaType: e.media_type, size: e.size, sha256: e.sha256, addedAt: e.added_at, addedBy: e.login, party: e.party }))
  }

  sealedEvidence(disputeId: string, evidenceId: number): { name: string; media_type: string; sha256: string; sealed: Buffer } | undefined {
    return this.sql<[string, number], { name: string; media_type: string; sha256: string; sealed: Buffer }>('SELECT name, media_type, sha256, sealed FROM dispute_evidence WHERE dispute_id = ? AND id = ?').get(disputeId, evidenceId)
  }

  insertDecision(d: Omit<StoredDecision, 'id' | 'signed'> & { signed: Uint8Array }): void {
    this.sql('INSERT INTO dispute_decisions (dispute_id, outcome, amount_minor, grounds, signed, signer_subject, decided_at, decided_by, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      d.dispute_id, d.outcome, d.amount_minor, d.grounds, Buffer.from(d.signed), d.signer_subject, d.decided_at, d.decided_by, d.origin
    )
  }

  decisions(id: string): StoredDecision[] {
    return this.sql<[string], StoredDecision>('SELECT * FROM dispute_decisions WHERE dispute_id = ? ORDER BY id').all(id)
  }

  /** Open cases whose awaited answer or appeal period ran out: the clock's transitions. */
  due(now: number): StoredDispute[] {
    return this.sql<[number, number], StoredDispute>(
      `SELECT * FROM disputes WHERE (stage = 'information_requested' AND answer_by < ?) OR (stage = 'decision' AND appeal_by < ?) LIMIT 500`
    ).all(now, now)
  }

  terms(participantId: string | null): DisputeTerms {
    const r = this.sql<[string | null], { unit: 'operational' | 'calendar'; filing_days: number; answer_days: number; decision_days: number; appeal_days: number }>(
      'SELECT * FROM dispute_terms WHERE participant_id IS ? OR participant_id IS NULL ORDER BY participant_id IS NULL LIMIT 1'
    ).get(participantId)!
    return { unit: r.unit, filingDays: r.filing_days, answerDays: r.answer_days, decisionDays: r.decision_days, appealDays: r.appeal_days }
  }

  allTerms(): DisputeTermsView[] {
    return this.sql<[], { participant_id: string | null; unit: 'operational' | 'calendar'; filing_days: number; answer_days: number; decision_days: number; appeal_days: number }>(
      'SELECT * FROM dispute_terms ORDER BY participant_id IS NOT NULL, participant_id'
    )
      .all()
      .map((r) => ({ participantId: r.participant_id, unit: r.unit, filingDays: r.filing_days, answerDays: r.answer_days, decisionDays: r.decision_days, appealDays: r.appeal_days }))
  }

  setTerms(t: DisputeTermsView, now: number, by: string): void {
    const update = this.sql('UPDATE dispute_terms SET unit = ?, filing_days = ?, answer_days = ?, decision_days = ?, appeal_days = ?, updated_at = ?, updated_by = ? WHERE participant_id IS ?')
    if (update.run(t.unit, t.filingDays, t.answerDays, t.decisionDays, t.appealDays, now, by, t.participantId).changes === 0)
      this.sql('INSERT INTO dispute_terms (participant_id, unit, filing_days, answer_days, decision_days, appeal_days, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        t.participantId, t.unit, t.filingDays, t.answerDays, t.decisionDays, t.appealDays, now, by
      )
  }
}

function view(r: Row, now: number): DisputeRow {
  const due = nextDeadline(r)
  return {
    id: r.id,
    number: r.number,
    operationSeq: r.operation_seq,
    documentNo: r.document_no,
    applicant: r.applicant,
    respondent: r.respondent,
    applicantId: r.applicant_id,
    respondentId: r.respondent_id,
    reason: r.reason,
    amountMinor: r.amount_minor,
    currency: r.currency,
    stage: r.stage,
    status: r.status,
    filedAt: r.filed_at,
    source: r.source,
    analyst: r.analyst,
    decideBy: r.decide_by,
    answerBy: r.answer_by,
    awaitingFrom: r.awaiting_from,
    appealBy: r.appeal_by,
    nextDeadline: due,
    flag: flagOf(due, now),
    decidedAmountMinor: r.decided_amount_minor,
    version: r.version
  }
}
