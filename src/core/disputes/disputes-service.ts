import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import type { OperationDetail } from '../api/center-types'
import type { DecisionView, DisputeCase, DisputeQueue, DisputeRow, DisputeStatusView, DisputeTermsView, EvidenceFile, EvidenceInfo, EvidenceKind } from '../api/disputes-types'
import type { Center } from '../center/center'
import { isRevocable, type OperationsRepo, type StoredOperation } from '../center/operations-repo'
import type { UserKeys } from '../crypto/keys/user-keys'
import { reportView } from '../crypto/report-view'
import type { TrustRepo } from '../crypto/trust/trust-repo'
import type { Clock } from '../domain/clock'
import { fail, refuse } from '../domain/errors'
import { sameBank } from '../domain/identifiers'
import { parseMoney } from '../domain/money'
import type { OutboundWriter } from '../exchange/outbound-writer'
import type { ReadResult } from '../messages'
import type { CancellationRequest } from '../messages/types'
import { operationalDayOf } from '../opday/calendar'
import type { ParticipantsRepo } from '../participants/participants-repo'
import type { AuditLog } from '../security/audit-log'
import { permissionsOf } from '../security/roles'
import type { UserRecord } from '../security/users-repo'
import { nextInSequence } from '../store/sequences'
import { statementCache } from '../store/statements'
import { deadline, filingDeadline } from './deadlines'
import { openDecision, signDecision, DECISION_FORMAT, type DecisionDocument } from './decision-document'
import { seqOfTxId, txIdOf } from '../messages/operation-ids'
import { applicationMessage, resultMessage, returnMessage, type MessageCase } from './dispute-messages'
import { DisputesRepo, type StoredDispute } from './disputes-repo'
import { sha256Hex } from '../domain/digest'
import { EvidenceIntegrityError, type EvidenceVault } from './evidence-vault'
import { allowedActions, DISPUTE_STATUSES, IllegalTransition, transition, type Actor, type CaseState, type DisputeAction, type DisputeReason, type Outcome } from './lifecycle'
import { DISPUTES_SOURCE, EVERY_SOURCE_SQL } from '../center/sources'
import { concernsParticipantSql } from '../center/operation-parties'

export interface EvidenceInput {
  kind: EvidenceKind
  name: string
  mediaType: string
  base64: string
}

export interface DisputesDeps {
  db: Database
  clock: Clock
  newId: () => string
  audit: AuditLog
  center: Center
  operations: OperationsRepo
  participants: ParticipantsRepo
  /** The operation as the journal shows it, with the caller's scope applied. */
  operationDetail: (ctx: CallContext, seq: number) => OperationDetail
  outbound: OutboundWriter
  keys: UserKeys
  trust: TrustRepo
  vault: EvidenceVault
  /** An ISO 20022 message read and checked against its official schema. */
  readMessage: (text: string) => Promise<ReadResult>
}

/** Who filed: a member of staff, or nobody (a file from the participant's folder). */
type Filer = Pick<UserRecord, 'id' | 'login'>

/**
 * Revocation of payment instructions through disputes (R9.3.3, R9.4.11, R10.1.1–R10.1.3): a participant files,
 * the operator's analyst reviews, asks for information, and decides with a signed decision; an accepted
 * revocation gives the money back in the same transaction as the decision, and the result goes out as camt.029
 * (and pacs.004). Every change is an event on the case's timeline.
 */
export class DisputesService {
  private readonly repo: DisputesRepo
  private readonly sql: ReturnType<typeof statementCache>

  constructor(private readonly d: DisputesDeps) {
    this.repo = new DisputesRepo(d.db)
    this.sql = statementCache(d.db)
  }

  list(ctx: CallContext, f: { stage?: CaseState['stage'] | undefined; status?: CaseState['status'] | undefined; flag?: DisputeRow['flag'] | undefined; participantId?: string | undefined; limit: number }): DisputeQueue {
    const participantId = ctx.participantScope ?? f.participantId ?? null
    // One read of the bank's cases serves the page and the open-case figures; the page keeps the repo's order.
    const all = this.repo.list(participantId, 100_000, ctx.now)
    const rows = all.filter((r) => (!f.stage || r.stage === f.stage) && (!f.status || r.status === f.status) && (!f.flag || r.flag === f.flag)).slice(0, f.limit)
    const counts = Object.fromEntries(DISPUTE_STATUSES.map((s) => [s, 0])) as Record<DisputeStatusView, number>
    for (const c of this.repo.counts(participantId)) counts[c.status] = c.n
    const times = this.repo.decisionTimes(participantId)
    const hours = times.map((t) => (t.decided_at - t.filed_at) / 3600_000).sort((a, b) => a - b)
    const open = all.filter((r) => r.stage !== 'closed' && r.stage !== 'decision')
    return {
      rows,
      counts,
      sla: {
        decided: times.length,
        decidedOnTime: times.filter((t) => t.decided_at <= t.decide_by_at_filing).length,
        medianHoursToDecision: hours.length ? Math.round(hours[Math.floor((hours.length - 1) / 2)]! * 10) / 10 : null,
        openOverdue: open.filter((r) => r.flag === 'overdue').length,
        openDueSoon: open.filter((r) => r.flag === 'due_soon').length
      }
    }
  }

  async get(ctx: CallContext, id: string): Promise<DisputeCase> {
    const d = this.load(id)
    const role = this.roleOf(ctx, d)
    if (role === null) return fail('OUT_OF_SCOPE', 'that dispute does not concern your bank')
    ctx.subject = d.number
    const dispute = this.repo.row(id, ctx.now)!
    const operation = d.operation ? (JSON.parse(d.operation) as OperationDetail) : this.d.operationDetail(ctx, d.operation_seq)
    const state = { stage: d.stage, status: d.status }
    const actions = role === 'observer' ? [] : allowedActions(state, role).filter((a) => a !== 'answer' || d.awaiting_from === role)
    const evidence = this.repo.evidence(id)
    const events = this.repo.events(id)
    const stored = this.repo.decisions(id)
    const trust = this.d.trust.store()
    const decisions: DecisionView[] = []
    for (const x of stored) {
      const { report } = await openDecision(new Uint8Array(x.signed), trust, new Date(ctx.now))
      decisions.push({ id: x.id, outcome: x.outcome, amountMinor: x.amount_minor, grounds: x.grounds, signer: x.signer_subject, decidedAt: x.decided_at, origin: x.origin, verification: reportView(report) })
    }
    return { dispute, description: d.description, operation, events, evidence, decisions, actions, role }
  }

  /** R10.1.1: a participant's application against an operation of its own, within the contract's filing period. */
  file(ctx: CallContext, input: { operationSeq: number; reason: DisputeReason; amount?: string | undefined; description: string; evidence: EvidenceInput[] }): DisputeRow {
    const user = ctx.requireUser()
    if (user.kind !== 'participant' || !user.participantId) return fail('FORBIDDEN', 'an application is filed by the participant whose client is concerned, not by the operator')
    const d = this.fileFor(ctx.now, user.participantId, input, { source: 'desk', messageId: null, by: user })
    ctx.subject = d.number
    return this.repo.row(d.id, ctx.now)!
  }

  /**
   * A participant's camt.056 as text — from its folder, an upload in the desk, or disputes.importMessage: checked
   * against the schema, then one case per transaction in one transaction; refused whole if any cannot be filed.
   * `by` is null for a file that came through the folder; `scope` is the caller's own bank for participant staff;
   * `within` records the file in the same transaction (the exchange's inbox), so a file is filed once or not at all.
   */
  async fileFromText(participantCode: string, text: string, fileName: string, by: Filer | null, scope: string | null, within?: (rows: DisputeRow[]) => void): Promise<DisputeRow[]> {
    const r = await this.d.readMessage(text)
    if (!r.valid || r.messageType !== 'camt.056.001.08') {
      const problems = r.errors.slice(0, 10).map((e) => `line ${e.line}: ${e.message}`)
      if (r.messageType && r.messageType !== 'camt.056.001.08')
        refuse('VALIDATION', 'disputes.not_camt056', { file: fileName, format: r.messageType }, `${fileName} is ${r.messageType}, not a camt.056 revocation request`, problems)
      // The schema's own diagnostic of the first problem keeps its words: it names the element at fault.
      const first = r.errors[0]
      refuse('VALIDATION', 'disputes.invalid_camt056', { file: fileName, line: first?.line ?? 0, problem: first?.message ?? '' }, `${fileName} is not a valid camt.056.001.08`, problems)
    }
    return this.d.db.transaction(() => {
      const now = this.d.clock.now()
      const rows = this.fileFromMessage(participantCode, r.message as CancellationRequest, by, scope, now)
      this.d.audit.append({ at: now, actorId: by?.id ?? null, actorLogin: by?.login ?? null, sessionId: null, action: 'disputes.messageFiled', outcome: 'ok', errorCode: null, subject: fileName, detail: rows.map((x) => x.number).join(', ') })
      within?.(rows)
      return rows
    })()
  }

  /** A camt.056 file chosen in the desk: checked after the call's transaction, then filed in one of its own. */
  importMessage(ctx: CallContext, fileName: string, base64: string, participantCode: string): Promise<DisputeRow[]> {
    const user = ctx.requireUser()
    ctx.subject = fileName
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(base64, 'base64'))
    } catch {
      return refuse('VALIDATION', 'disputes.not_utf8', { file: fileName }, `${fileName} is not UTF-8 text`)
    }
    return this.fileFromText(participantCode, text, fileName, user, ctx.participantScope)
  }

  private fileFromMessage(participantCode: string, message: CancellationRequest, by: Filer | null, scope: string | null, now: number): DisputeRow[] {
    const applicant = this.d.participants.list(null).find((p) => p.code === participantCode) ?? refuse('NOT_FOUND', 'disputes.no_participant', { party: participantCode }, `no participant ${participantCode}`)
    if (scope && scope !== applicant.id) fail('OUT_OF_SCOPE', 'a revocation request is filed by its own bank')
    if (!sameBank(message.assignerBic, applicant.bic)) refuse('VALIDATION', 'disputes.assigner_bic', { bic: message.assignerBic, party: applicant.code, participantBic: applicant.bic }, `the request was assigned by ${message.assignerBic}, not by ${applicant.code} (${applicant.bic})`)
    return message.transactions.map((t, i) => {
      const seq = seqOfTxId(t.originalTxId) ?? this.byEndToEndId(applicant.id, t.originalEndToEndId, i + 1)
      if (seq === undefined) return refuse('NOT_FOUND', 'disputes.tx_no_operation', { n: i + 1, txId: t.originalTxId ?? '—', endToEndId: t.originalEndToEndId ?? '—' }, `transaction ${i + 1}: no operation ${t.originalTxId} / ${t.originalEndToEndId}`)
      const amount = (t.amountMinor / 100).toFixed(2)
      const d = this.fileFor(now, applicant.id, { operationSeq: seq, reason: t.reason, amount, description: t.info ?? `camt.056 ${message.assignmentId}`, evidence: [] }, { source: 'camt.056', messageId: message.assignmentId, by })
      return this.repo.row(d.id, now)!
    })
  }

  /**
   * The operation a revocation request names only by its end-to-end id: the request id it reached the Center with.
   * That is unique per source (a terminal, the app, a desk user, a bank's file), so every source is looked up by the
   * idempotency key, never by a scan of the journal, which would hold the Center up. The applicant's own operation
   * is taken; several of them are refused by name; another bank's alone is passed on to be refused as out of scope.
   */
  private byEndToEndId(applicantId: string, endToEndId: string, n: number): number | undefined {
    const found = this.sql<[string, { scope: string }], { seq: number; own: number }>(
      `SELECT o.seq, ${concernsParticipantSql('o', '@scope')} AS own FROM operations o
       WHERE o.source IN (${EVERY_SOURCE_SQL})
         AND o.request_id = ? AND o.original_seq IS NULL ORDER BY o.seq`
    ).all(endToEndId, { scope: applicantId })
    const own = found.filter((o) => o.own === 1)
    if (own.length > 1) {
      const txIds = own.map((o) => txIdOf(o.seq)).join(', ')
      refuse('VALIDATION', 'disputes.end_to_end_ambiguous', { n, endToEndId, count: own.length, txIds }, `transaction ${n}: end-to-end id ${endToEndId} names ${own.length} of your bank's operations (${txIds}); give the one meant as its transaction id`)
    }
    return (own[0] ?? found[0])?.seq
  }

  take(ctx: CallContext, id: string): DisputeRow {
    return this.move(ctx, id, 'take', {}, (d) => ({ analyst_id: ctx.requireUser().id, decide_by: d.decide_by }), null)
  }

  requestInformation(ctx: CallContext, id: string, from: 'applicant' | 'respondent', question: string): DisputeRow {
    const d = this.load(id)
    if (from === 'respondent' && !d.respondent_id) refuse('VALIDATION', 'disputes.no_respondent', {}, 'this operation has no other participant to ask')
    const terms = this.repo.terms(from === 'applicant' ? d.applicant_id : d.respondent_id)
    return this.move(ctx, id, 'request_information', {}, () => ({ answer_by: deadline(ctx.now, terms.answerDays, terms.unit), awaiting_from: from }), JSON.stringify({ from, question }))
  }

  answer(ctx: CallContext, id: string, text: string, evidence: EvidenceInput[]): DisputeRow {
    const d = this.load(id)
    const role = this.roleOf(ctx, d)
    if (d.stage === 'information_requested' && role !== d.awaiting_from) refuse('CONFLICT', d.awaiting_from === 'applicant' ? 'disputes.awaited_from_applicant' : 'disputes.awaited_from_respondent', { number: d.number }, `the information is awaited from the ${d.awaiting_from}`)
    // The clock ends the term a little later (tick): until it does, the term is what counts, as for an appeal.
    if (d.answer_by !== null && ctx.now > d.answer_by) refuse('CONFLICT', 'disputes.answer_period_ended', { number: d.number }, `the answer period of case ${d.number} ended`)
    const row = this.move(ctx, id, 'answer', {}, () => ({ answer_by: null, awaiting_from: null }), text)
    for (const e of evidence) this.storeEvidence(ctx, d, e)
    return row
  }

  addEvidence(ctx: CallContext, id: string, e: EvidenceInput): EvidenceInfo {
    const d = this.load(id)
    const role = this.roleOf(ctx, d)
    if (role === null || role === 'observer') fail('FORBIDDEN', 'only the case’s parties and its analyst add evidence')
    if (d.stage === 'closed') refuse('CONFLICT', 'disputes.case_closed', { number: d.number }, `case ${d.number} is closed`)
    ctx.subject = d.number
    const added = this.storeEvidence(ctx, d, e)
    return this.repo.evidence(id).find((x) => x.id === added)!
  }

  evidence(ctx: CallContext, id: string, evidenceId: number): EvidenceFile {
    const d = this.load(id)
    if (this.roleOf(ctx, d) === null) fail('OUT_OF_SCOPE', 'that dispute does not concern your bank')
    const e = this.repo.sealedEvidence(id, evidenceId) ?? refuse('NOT_FOUND', 'disputes.no_evidence', { number: d.number, evidence: evidenceId }, `case ${d.number} has no evidence ${evidenceId}`)
    ctx.subject = `${d.number}/${evidenceId}`
    try {
      const plain = this.d.vault.open(new Uint8Array(e.sealed), `${id}/${e.sha256}`, e.sha256)
      return { name: e.name, mediaType: e.media_type, base64: Buffer.from(plain).toString('base64'), sha256: e.sha256 }
    } catch (err) {
      if (err instanceof EvidenceIntegrityError) return refuse('CONFLICT', 'disputes.evidence_altered', { number: d.number, evidence: evidenceId }, `evidence ${evidenceId} of case ${d.number} failed its integrity check: ${err.message}`)
      throw err
    }
  }

  /**
   * R10.1.3: the decision is signed on the analyst's key after the call's checks; then, in one transaction, the
   * case moves, the decision is stored, an accepted revocation reverses the operation (or returns the part
   * accepted), and camt.029 (with pacs.004 for money returned) is queued for the participants.
   */
  decide(ctx: CallContext, id: string, outcome: Outcome, amount: string | undefined, grounds: string): Promise<DisputeRow> {
    const user = ctx.requireUser()
    const d = this.load(id)
    ctx.subject = d.number
    this.check(ctx, d, 'decide', { outcome })
    const amountMinor = this.decidedAmount(d, outcome, amount)
    const certificate = this.d.keys.certificateOf(user.id)
    const document: DecisionDocument = {
      format: DECISION_FORMAT, dispute: d.number, operationSeq: d.operation_seq, caseVersion: d.version, outcome, amountMinor, currency: d.currency, grounds, decidedAt: ctx.now, analyst: user.login
    }
    return this.d.keys.keyOf(ctx.caller, certificate).use('sign', (signer) => signDecision(document, signer)).then((signed) =>
      this.d.db.transaction(() => {
        this.applyDecision(id, document, signed, certificate.subject, user, 'desk')
        this.d.audit.append({ at: this.d.clock.now(), actorId: user.id, actorLogin: user.login, sessionId: null, action: 'disputes.decided', outcome: 'ok', errorCode: null, subject: d.number, detail: `${outcome} ${amountMinor} ${d.currency}` })
        return this.repo.row(id, this.d.clock.now())!
      })()
    )
  }

  appeal(ctx: CallContext, id: string, grounds: string): DisputeRow {
    const d = this.load(id)
    if (d.appeal_by !== null && ctx.now > d.appeal_by) refuse('CONFLICT', 'disputes.appeal_period_ended', { number: d.number }, `the appeal period of case ${d.number} ended`)
    const terms = this.repo.terms(d.applicant_id)
    return this.move(ctx, id, 'appeal', {}, () => ({ appeal_by: null, decide_by: deadline(ctx.now, terms.decisionDays, terms.unit) }), grounds)
  }

  close(ctx: CallContext, id: string): DisputeRow {
    return this.move(ctx, id, 'close', {}, () => ({ appeal_by: null, closed_at: ctx.now }), null)
  }

  withdraw(ctx: CallContext, id: string, reason: string): DisputeRow {
    return this.move(ctx, id, 'withdraw', {}, () => ({ answer_by: null, awaiting_from: null, closed_at: ctx.now }), reason)
  }

  /** The default terms and every contract's; participant staff get the default and their own bank's (R2.3). */
  terms(ctx: CallContext): DisputeTermsView[] {
    const scope = ctx.participantScope
    const all = this.repo.allTerms()
    return scope ? all.filter((t) => t.participantId === null || t.participantId === scope) : all
  }

  setTerms(ctx: CallContext, t: DisputeTermsView): DisputeTermsView {
    if (t.participantId && !this.d.participants.get(t.participantId)) refuse('NOT_FOUND', 'disputes.no_participant', { party: t.participantId }, `no participant ${t.participantId}`)
    // Before: the terms the participant's cases were filed under until now (its own, or the default it followed).
    const before = this.repo.terms(t.participantId)
    this.repo.setTerms(t, ctx.now, ctx.requireUser().id)
    ctx.subject = t.participantId ?? 'default'
    ctx.recordChange(before, { unit: t.unit, filingDays: t.filingDays, answerDays: t.answerDays, decisionDays: t.decisionDays, appealDays: t.appealDays })
    return this.repo.allTerms().find((x) => x.participantId === t.participantId)!
  }

  /** The clock's transitions: an awaited answer that did not come, an appeal period that ended. */
  tick(): number {
    const now = this.d.clock.now()
    const due = this.repo.due(now)
    if (!due.length) return 0
    this.d.db.transaction(() => {
      for (const d of due) {
        const action: DisputeAction = d.stage === 'information_requested' ? 'answer_overdue' : 'close'
        const next = transition({ stage: d.stage, status: d.status }, action, 'system', { awaitingFrom: d.awaiting_from ?? 'respondent' })
        const closing = next.stage === 'closed'
        this.repo.update(d.id, d.version, { ...next, answer_by: null, awaiting_from: null, ...(action === 'close' ? { appeal_by: null } : {}), ...(closing ? { closed_at: now } : {}) })
        this.repo.event({ disputeId: d.id, at: now, actorId: null, actorLogin: null, party: 'operator', kind: action, ...next, detail: null })
      }
    })()
    return due.length
  }

  // ——— internals ———

  private fileFor(now: number, applicantId: string, input: { operationSeq: number; reason: DisputeReason; amount?: string | undefined; description: string; evidence: EvidenceInput[] }, how: { source: 'desk' | 'camt.056'; messageId: string | null; by: Filer | null }): StoredDispute {
    const op = this.d.operations.stored(input.operationSeq) ?? refuse('NOT_FOUND', 'disputes.no_operation', { seq: input.operationSeq }, `no operation ${input.operationSeq}`)
    if (!this.d.operations.concerns(op.seq, applicantId)) fail('OUT_OF_SCOPE', `operation ${op.seq} does not concern your bank`)
    if (!isRevocable(op)) {
      const message = `operation ${op.seq} is ${op.status}${op.original_seq !== null ? ` (it follows operation ${op.original_seq})` : ''}: only an accepted operation can be revoked`
      if (op.original_seq !== null) refuse('CONFLICT', 'disputes.follow_up_not_revocable', { seq: op.seq, originalSeq: op.original_seq }, message)
      refuse('CONFLICT', 'disputes.not_revocable', { seq: op.seq }, message)
    }
    const terms = this.repo.terms(applicantId)
    const last = filingDeadline(op.op_day, op.received_at, terms)
    if (now > last) {
      const message = `the filing period for operation ${op.seq} ended on ${operationalDayOf(last - 1)} (${terms.filingDays} ${terms.unit} days)`
      const params = { seq: op.seq, lastDay: operationalDayOf(last - 1), count: terms.filingDays }
      refuse('CONFLICT', terms.unit === 'operational' ? 'disputes.filing_ended_operational' : 'disputes.filing_ended_calendar', params, message)
    }
    const open = op.amount_minor - this.d.operations.returnedOf(op.seq) - this.repo.claimedOn(op.seq)
    const amountMinor = input.amount === undefined ? open : parseMoney(input.amount, op.currency).minor
    if (amountMinor <= 0) refuse('VALIDATION', 'disputes.amount_not_positive', {}, 'amount: must be positive')
    if (amountMinor > open) refuse('CONFLICT', 'disputes.claim_above_open', { seq: op.seq, openMinor: open, claimedMinor: amountMinor, currency: op.currency }, `operation ${op.seq} has ${open} ${op.currency} minor units left to revoke; ${amountMinor} were claimed`)
    // Only an accepted operation gets this far: every bank it names is concerned by it.
    const respondentId = [op.issuer_id, op.acquirer_id, op.payee_participant_id].find((p) => p !== null && p !== applicantId) ?? null
    const id = this.d.newId()
    const year = operationalDayOf(now).slice(0, 4)
    const number = `DSP-${year}-${String(nextInSequence(this.sql, 'dispute')).padStart(6, '0')}`
    const decideBy = deadline(now, terms.decisionDays, terms.unit)
    this.repo.insert({
      id, number, operation_seq: op.seq, operation: null, applicant_id: applicantId, respondent_id: respondentId, reason: input.reason, amount_minor: amountMinor, currency: op.currency,
      description: input.description, filed_at: now, filed_by: how.by?.id ?? null, source: how.source, message_id: how.messageId ?? `KZPS${id}`, unit: terms.unit, decide_by: decideBy
    })
    const d = this.repo.stored(id)!
    const party = this.partyCode(applicantId)
    this.repo.event({ disputeId: id, at: now, actorId: how.by?.id ?? null, actorLogin: how.by?.login ?? null, party, kind: 'filed', stage: d.stage, status: d.status, detail: JSON.stringify({ source: how.source, decideBy, reason: input.reason, amountMinor }) })
    if (how.by) for (const e of input.evidence) this.storeEvidenceFor(now, how.by, party, d, e)
    // The other participant learns of the application in the same form, whichever way it came in (R9.4.11). The operator
    // assigns it, under an id of its own: the applicant's request id is shared by every case the request opens.
    if (respondentId) this.d.outbound.queue('camt.056.001.08', this.partyCode(respondentId), applicationMessage(this.messageCase(d, op), `KZPS${this.d.newId()}`, now, this.d.participants.get(respondentId)!.bic), null, now)
    return d
  }

  /** What a decision returns: of the claim, less what an earlier decision on the case returned (on appeal). */
  private decidedAmount(d: StoredDispute, outcome: Outcome, amount: string | undefined): number {
    const left = d.amount_minor - (d.decided_amount_minor ?? 0)
    if (outcome === 'rejected') {
      if (amount !== undefined && parseMoney(amount, d.currency).minor !== 0) refuse('VALIDATION', 'disputes.rejection_amount', {}, 'amount: a rejection returns nothing')
      return 0
    }
    if (outcome === 'accepted') {
      if (amount !== undefined && parseMoney(amount, d.currency).minor !== left) refuse('VALIDATION', 'disputes.acceptance_amount', { leftMinor: left, currency: d.currency }, `amount: an acceptance returns the ${left} minor units of the claim not yet returned; accept in part for less`)
      return left
    }
    if (amount === undefined) return refuse('VALIDATION', 'disputes.partial_amount_missing', {}, 'amount: a partial acceptance names the amount returned')
    const minor = parseMoney(amount, d.currency).minor
    if (minor <= 0 || minor >= left) refuse('VALIDATION', 'disputes.partial_amount_range', { leftMinor: left, currency: d.currency }, `amount: a partial acceptance returns more than nothing and less than the ${left} minor units of the claim not yet returned`)
    return minor
  }

  /** Inside the caller's transaction: refuses a decision made on a case that changed since it was read. */
  applyDecision(id: string, doc: DecisionDocument, signed: Uint8Array, signerSubject: string, by: UserRecord | null, origin: 'desk' | 'offline'): void {
    const now = this.d.clock.now()
    const d = this.load(id)
    if (d.version !== doc.caseVersion) refuse('CONFLICT', 'disputes.changed_since_prepared', { number: d.number, preparedVersion: doc.caseVersion, version: d.version }, `case ${d.number} changed since the decision was prepared (version ${doc.caseVersion}, now ${d.version}); review it again`)
    const next = this.transitionOrRefuse(d, 'decide', 'analyst', { outcome: doc.outcome })
    // An investigation workspace's copy (issue 7 §5: `operation` holds the desk's operation as JSON) has no
    // operation in this database: the signed decision and the state change are recorded, as an offline decision,
    // and the money moves and the messages leave only when the decision is imported on the main desk.
    const workspace = d.operation !== null
    const recorded = workspace ? 'offline' : origin
    let reversalSeq: number | null = null
    if (doc.amountMinor > 0 && !workspace) {
      const op = this.d.operations.stored(d.operation_seq)!
      const requestId = `${d.number}-${d.version}`
      const whole = doc.amountMinor === op.amount_minor && this.d.operations.returnedOf(op.seq) === 0
      const answer = whole ? this.d.center.reverse(op.seq, `dispute ${d.number}`, requestId, DISPUTES_SOURCE) : this.d.center.returnFunds(op.seq, doc.amountMinor, `dispute ${d.number}`, requestId, DISPUTES_SOURCE)
      // The money cannot go back (already spent, or the operation is gone): the decision is not recorded either.
      if (answer.status !== 'accepted')
        refuse('CONFLICT', 'disputes.reversal_refused', { number: d.number, seq: op.seq, centerReason: answer.reason, resultCode: answer.resultCode }, `case ${d.number}: the operation ${op.seq} could not be reversed: ${answer.reason} (${answer.resultCode})`)
      reversalSeq = answer.operation
    }
    const terms = this.repo.terms(d.applicant_id)
    const appealable = next.stage === 'decision' && doc.outcome !== 'accepted' && terms.appealDays > 0
    // Nothing left to appeal (an acceptance, or a contract without appeals): the case closes with its decision.
    const final = next.stage === 'decision' && !appealable ? transition(next, 'close', 'system') : next
    this.repo.update(id, d.version, {
      ...final, decided_amount_minor: (d.decided_amount_minor ?? 0) + doc.amountMinor, reversal_seq: reversalSeq ?? d.reversal_seq,
      appeal_by: appealable ? deadline(now, terms.appealDays, terms.unit) : null, ...(final.stage === 'closed' ? { closed_at: now } : {})
    })
    this.repo.insertDecision({ dispute_id: id, outcome: doc.outcome, amount_minor: doc.amountMinor, grounds: doc.grounds, signed, signer_subject: signerSubject, decided_at: doc.decidedAt, decided_by: by?.id ?? null, origin: recorded })
    this.repo.event({ disputeId: id, at: now, actorId: by?.id ?? null, actorLogin: by?.login ?? doc.analyst, party: 'operator', kind: 'decided', ...final, detail: JSON.stringify({ outcome: doc.outcome, amountMinor: doc.amountMinor, reversalSeq, origin: recorded }) })
    if (workspace) return
    const op = this.d.operations.stored(d.operation_seq)!
    const c = this.messageCase(d, op)
    const parties = [d.applicant_id, d.respondent_id].filter((p): p is string => p !== null)
    for (const p of parties) {
      const code = this.partyCode(p)
      const bic = this.d.participants.get(p)!.bic
      this.d.outbound.queue('camt.029.001.09', code, resultMessage(c, doc.outcome, doc.grounds, `KZPS${this.d.newId()}`, now, bic), null, now)
      if (reversalSeq !== null) this.d.outbound.queue('pacs.004.001.09', code, returnMessage(c, doc.amountMinor, reversalSeq, `KZPS${this.d.newId()}`, now, operationalDayOf(now), bic), null, now)
    }
  }

  /** A transition by the caller's role, written with its event; `set` gives the fields the move changes. */
  private move(ctx: CallContext, id: string, action: DisputeAction, p: { outcome?: Outcome }, set: (d: StoredDispute) => Parameters<DisputesRepo['update']>[2], detail: string | null): DisputeRow {
    const d = this.load(id)
    ctx.subject = d.number
    const next = this.check(ctx, d, action, p)
    const user = ctx.requireUser()
    if (!this.repo.update(id, d.version, { ...next, ...set(d) })) refuse('CONFLICT', 'disputes.changed_meanwhile', { number: d.number }, `case ${d.number} changed meanwhile; reload it`)
    this.repo.event({ disputeId: id, at: ctx.now, actorId: user.id, actorLogin: user.login, party: this.userParty(user), kind: action, ...next, detail })
    return this.repo.row(id, ctx.now)!
  }

  private check(ctx: CallContext, d: StoredDispute, action: DisputeAction, p: { outcome?: Outcome }): CaseState {
    const role = this.roleOf(ctx, d)
    if (role === null) return fail('OUT_OF_SCOPE', 'that dispute does not concern your bank')
    if (role === 'observer') return fail('FORBIDDEN', 'your role reads disputes but does not act on them')
    return this.transitionOrRefuse(d, action, role, p)
  }

  private transitionOrRefuse(d: StoredDispute, action: DisputeAction, actor: Actor, p: { outcome?: Outcome }): CaseState {
    try {
      return transition({ stage: d.stage, status: d.status }, action, actor, p)
    } catch (e) {
      if (e instanceof IllegalTransition)
        refuse('CONFLICT', 'disputes.action_not_allowed', { number: d.number, disputeAction: action, disputeStage: d.stage, disputeStatus: d.status }, `case ${d.number}: ${e.message}`)
      throw e
    }
  }

  private roleOf(ctx: CallContext, d: StoredDispute): Exclude<Actor, 'system'> | 'observer' | null {
    const user = ctx.requireUser()
    if (user.kind === 'participant') return user.participantId === d.applicant_id ? 'applicant' : user.participantId === d.respondent_id ? 'respondent' : null
    return permissionsOf(user.roles).includes('disputes.decide') ? 'analyst' : 'observer'
  }

  private storeEvidence(ctx: CallContext, d: StoredDispute, e: EvidenceInput): number {
    const user = ctx.requireUser()
    return this.storeEvidenceFor(ctx.now, user, this.userParty(user), d, e)
  }

  private storeEvidenceFor(now: number, by: Filer, party: string, d: StoredDispute, e: EvidenceInput): number {
    const bytes = new Uint8Array(Buffer.from(e.base64, 'base64'))
    const sha256 = sha256Hex(bytes)
    const id = this.repo.insertEvidence({ disputeId: d.id, kind: e.kind, name: e.name, mediaType: e.mediaType, size: bytes.length, sha256, sealed: this.d.vault.seal(bytes, `${d.id}/${sha256}`), at: now, by: by.id, party })
    this.repo.event({ disputeId: d.id, at: now, actorId: by.id, actorLogin: by.login, party, kind: 'evidence', stage: d.stage, status: d.status, detail: JSON.stringify({ id, kind: e.kind, name: e.name, sha256 }) })
    return id
  }

  private messageCase(d: StoredDispute, op: StoredOperation): MessageCase {
    return {
      number: d.number, operationSeq: op.seq, endToEndId: op.request_id, amountMinor: d.amount_minor, currency: d.currency, reason: d.reason, description: d.description,
      applicantBic: this.d.participants.get(d.applicant_id)!.bic, opDay: op.op_day
    }
  }

  private load(id: string): StoredDispute {
    return this.repo.stored(id) ?? refuse('NOT_FOUND', 'disputes.no_dispute', { id }, `no dispute ${id}`)
  }

  private partyCode(participantId: string): string {
    return this.d.participants.get(participantId)?.code ?? participantId
  }

  private userParty(user: UserRecord): string {
    return user.kind === 'participant' && user.participantId ? this.partyCode(user.participantId) : 'operator'
  }
}
