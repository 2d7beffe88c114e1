import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import type { AccountKind, AuthorizationAnswer, CenterStats, OperationDetail, OperationRow, OperationsPage, OperationStatus, OperationType, PaymentDocument, PostingRow, DocumentParty } from '../api/types'
import { fail, refuse } from '../domain/errors'
import { parseMoney } from '../domain/money'
import type { DayStamp } from '../opday/day-stamp'
import { statementCache } from '../store/statements'
import type { Center } from './center'
import { checksOf } from './checks-text'
import { DayTotals } from './day-totals'
import type { CenterLookups } from './lookups'
import { concernsParticipantSql, operationParties } from './operation-parties'
import type { JournalFilter, OperationsRepo, StoredOperation } from './operations-repo'
import { bankDestinations, SETTLEMENT_BANK, type Outbox } from './outbox'
import { participantCodes } from './pipeline'
import type { ParsedAuthorizationRequest } from './request-schema'
import { deskSource } from './sources'

/** The journal's filters as the call takes them. */
export interface OperationFilterInput {
  day?: string | undefined
  type?: OperationType | undefined
  status?: OperationStatus | undefined
  participantId?: string | undefined
  terminal?: string | undefined
  iin?: string | undefined
  pan?: string | undefined
  amountMin?: string | undefined
  amountMax?: string | undefined
  currency?: string | undefined
}

/** `440043******1234` or `4400 43•• •••• 1234` → the stored masked form. */
const normalizeMaskedPan = (text: string): string => {
  const digits = text.replace(/[^0-9]/g, '')
  const hidden = text.replace(/[^•*]/g, '').length || 6
  return `${digits.slice(0, 6)}${'•'.repeat(hidden)}${digits.slice(6)}`.replace(/(.{4})(?=.)/g, '$1 ')
}

/** The operations journal, operation detail with its document, hand entry, completion, reversal, live figures. */
export class OperationsService {
  private readonly sql: ReturnType<typeof statementCache>
  private readonly totals: DayTotals

  constructor(
    db: Database,
    private readonly center: Center,
    private readonly repo: OperationsRepo,
    private readonly lookups: CenterLookups,
    private readonly outbox: Outbox,
    private readonly days: DayStamp
  ) {
    this.sql = statementCache(db)
    this.totals = new DayTotals(db)
  }

  list(ctx: CallContext, f: OperationFilterInput & { beforeSeq?: number | undefined }, limit: number): OperationsPage {
    const rows = this.repo.list({ ...this.filter(ctx, f), beforeSeq: f.beforeSeq }, limit)
    return { rows, nextBeforeSeq: rows.length === limit ? rows.at(-1)!.seq : null }
  }

  feed(ctx: CallContext, f: OperationFilterInput & { afterSeq: number }, limit: number): OperationRow[] {
    return this.repo.list({ ...this.filter(ctx, f), afterSeq: f.afterSeq }, limit)
  }

  get(ctx: CallContext, seq: number): OperationDetail {
    const operation = this.repo.row(seq) ?? refuse('NOT_FOUND', 'operations.no_operation', { seq }, `no operation ${seq}`)
    ctx.subject = String(seq)
    const scope = ctx.participantScope
    if (scope && !operationParties(operation).includes(scope)) fail('OUT_OF_SCOPE', 'that operation does not concern your bank')
    const stored = this.repo.stored(seq)!
    const related = [...(operation.originalSeq ? [this.repo.row(operation.originalSeq)!] : []), ...this.repo.followers(seq)]
    return {
      operation,
      checks: checksOf(stored.checks),
      postings: this.postings(seq),
      confirmations: this.outbox.of(seq, [SETTLEMENT_BANK, ...participantCodes(operation, (id) => this.lookups.participant(id)?.code ?? id).flatMap(bankDestinations)]),
      hold: this.hold(seq),
      document: stored.document_no ? this.document(stored.document_no, operation, stored) : null,
      related
    }
  }

  submit(ctx: CallContext, req: ParsedAuthorizationRequest): AuthorizationAnswer {
    ctx.subject = req.requestId
    return this.center.authorize(req, this.source(ctx, req))
  }

  complete(ctx: CallContext, seq: number, amount: string | undefined, requestId: string): AuthorizationAnswer {
    ctx.subject = String(seq)
    return this.center.complete(seq, amount, requestId, deskSource(ctx.requireUser().login))
  }

  reverse(ctx: CallContext, seq: number, reason: string, requestId: string): AuthorizationAnswer {
    ctx.subject = String(seq)
    return this.center.reverse(seq, reason, requestId, deskSource(ctx.requireUser().login))
  }

  stats(ctx: CallContext): CenterStats {
    const opDay = this.days.stamp(ctx.now)
    const scope = ctx.participantScope
    const { groups: byType, lastSeq, upTo } = this.totals.read(opDay, scope)
    const refused = byType.reduce((n, r) => n + r.refused, 0)
    const total = byType.reduce((n, r) => n + r.count, 0)
    return {
      opDay,
      accepted: total - refused,
      refused,
      // Participant staff learn nothing of other banks' operations, not even how many there are: their bank's
      // newest operation of the day (one they can open), their bank's holds.
      lastSeq: scope ? lastSeq : upTo,
      // For a bank's staff, the confirmations and ABS hand-offs addressed to their bank (R7.5).
      pendingOutbox: this.outbox.pendingCount(scope ? this.destinationsOf(scope) : null),
      activeHolds: scope ? this.activeHoldsOf(scope) : (this.sql<[], number>(`SELECT count(*) FROM holds WHERE state = 'active'`).pluck().get() ?? 0),
      byType: byType.map((r) => ({ type: r.type, count: r.count, refused: r.refused, amountMinor: r.amountMinor, currency: r.currency }))
    }
  }

  private destinationsOf(participantId: string): string[] {
    const code = this.lookups.participant(participantId)?.code
    return code ? bankDestinations(code) : []
  }

  private activeHoldsOf(participantId: string): number {
    return (
      this.sql<[{ p: string }], number>(
        `SELECT count(*) FROM holds h JOIN operations o ON o.seq = h.operation_seq
         WHERE h.state = 'active' AND ${concernsParticipantSql('o', '@p')}`
      )
        .pluck()
        .get({ p: participantId }) ?? 0
    )
  }

  /** Operations entered at this desk are idempotent per user (a second click is a retry, not a new payment). */
  private source(ctx: CallContext, req: ParsedAuthorizationRequest): string {
    return req.terminal ?? deskSource(ctx.requireUser().login)
  }

  private filter(ctx: CallContext, f: OperationFilterInput): JournalFilter {
    // A code no terminal has finds nothing, by id or by key.
    const found = f.terminal ? this.lookups.terminal(f.terminal) : undefined
    const terminal = f.terminal ? { id: found?.id ?? '-', code: found?.code ?? '-' } : undefined
    const minor = (text: string | undefined) => (text === undefined ? undefined : parseMoney(text, f.currency ?? 'KZT').minor)
    return {
      day: f.day,
      type: f.type,
      status: f.status,
      participantId: ctx.participantScope ?? f.participantId,
      terminal,
      iin: f.iin,
      panMasked: f.pan ? normalizeMaskedPan(f.pan) : undefined,
      amountMin: minor(f.amountMin),
      amountMax: minor(f.amountMax),
      currency: f.currency
    }
  }

  private postings(seq: number): PostingRow[] {
    return this.sql<[number], { leg: number; debit_iban: string; debit_kind: AccountKind; credit_iban: string; credit_kind: AccountKind; amount_minor: number; currency: string; kind: PostingRow['kind']; created_at: number }>(
      `SELECT p.leg, d.iban AS debit_iban, d.kind AS debit_kind, c.iban AS credit_iban, c.kind AS credit_kind, p.amount_minor, p.currency, p.kind, p.created_at
       FROM postings p JOIN accounts d ON d.id = p.debit_account JOIN accounts c ON c.id = p.credit_account WHERE p.operation_seq = ? ORDER BY p.leg`
    )
      .all(seq)
      .map((r) => ({ leg: r.leg, debitIban: r.debit_iban, debitKind: r.debit_kind, creditIban: r.credit_iban, creditKind: r.credit_kind, amountMinor: r.amount_minor, currency: r.currency, kind: r.kind, createdAt: r.created_at }))
  }

  private hold(seq: number): OperationDetail['hold'] {
    const h = this.sql<[number], { amount_minor: number; expires_at: number; state: 'active' | 'completed' | 'voided' | 'expired'; closed_at: number | null }>(
      'SELECT amount_minor, expires_at, state, closed_at FROM holds WHERE operation_seq = ?'
    ).get(seq)
    return h ? { amountMinor: h.amount_minor, expiresAt: h.expires_at, state: h.state, closedAt: h.closed_at } : null
  }

  /**
   * The electronic payment document (R7.5.6) as the ABS forms it from the operation and its accounts. A reversal or
   * a return keeps its original's accounts but moves the money back: its document names them the other way round
   * (and, for an exchange, the amounts too), with the document it gives back.
   */
  private document(number: string, o: OperationRow, stored: StoredOperation): PaymentDocument {
    const back = stored.original_seq !== null && (stored.reason === 'reversal' || stored.reason === 'return')
    const sent = { minor: o.amountMinor, currency: o.currency }
    const credited = o.creditAmountMinor !== null && o.creditCurrency !== null ? { minor: o.creditAmountMinor, currency: o.creditCurrency } : null
    const [paid, received] = back && credited ? [credited, sent] : [sent, credited]
    return {
      number,
      opDay: o.opDay,
      issuedAt: o.receivedAt,
      type: o.type,
      payer: this.party(back ? stored.payee_account_id : stored.payer_account_id),
      payee: this.party(back ? stored.payer_account_id : stored.payee_account_id),
      amountMinor: paid.minor,
      currency: paid.currency,
      creditAmountMinor: received?.minor ?? null,
      creditCurrency: received?.currency ?? null,
      purpose: stored.purpose,
      terminalCode: o.terminalCode,
      panMasked: o.panMasked,
      givesBack: back ? { operation: stored.original_seq!, documentNo: this.repo.stored(stored.original_seq!)?.document_no ?? null } : null
    }
  }

  private party(accountId: string | null): DocumentParty {
    const r = accountId
      ? this.sql<[string], { iban: string; kind: AccountKind; client_name: string | null; iin: string | null; bank: string; bic: string; bin: string }>(
          `SELECT a.iban, a.kind, c.name AS client_name, c.iin, p.name AS bank, p.bic, p.bin FROM accounts a
           JOIN participants p ON p.id = a.participant_id LEFT JOIN clients c ON c.id = a.client_id WHERE a.id = ?`
        ).get(accountId)
      : undefined
    if (!r) return { name: null, iin: null, iban: null, bank: null, bic: null }
    // A system account belongs to the bank itself: the bank is the party, identified by its BIN.
    return { name: r.client_name ?? r.bank, iin: r.iin ?? r.bin, iban: r.iban, bank: r.bank, bic: r.bic }
  }
}
