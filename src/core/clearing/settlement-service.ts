import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import { OPERATOR_PARTY, type Settlement, type SettlementFunds, type SettlementInstruction, type SettlementModel, type SettlementPosting, type SettlementState } from '../api/clearing-types'
import { SETTLEMENT_BANK, writeMessage } from '../center/outbox'
import { AppError, refuse } from '../domain/errors'
import { money, parseMoney, toDecimal } from '../domain/money'
import { nextDay } from '../opday/calendar'
import { DayStamp } from '../opday/day-stamp'
import type { DaysRepo } from '../opday/days-repo'
import type { AuditLog } from '../security/audit-log'
import { statementCache } from '../store/statements'

interface SettlementRecord {
  day: string
  state: SettlementState
  submitted_by: string | null
  submitted_at: number | null
  approved_by: string | null
  approved_at: number | null
  instructed_at: number | null
  confirmed_at: number | null
  bank_reference: string | null
  finalized_at: number | null
  finalized_by: string | null
}

interface FundsRecord {
  participant_id: string
  code: string
  name: string
  model: SettlementModel | null
  currency: string | null
  settlement_minor: number | null
  current_minor: number | null
  insurance_minor: number | null
  updated_at: number | null
}

const amountText = (minor: number, currency: string): string => `${toDecimal(money(minor, currency))} ${currency}`

/**
 * Settlement of a cleared day (R7.8, R9.3.6): an officer submits the netting result, another approves it
 * (maker-checker), the instructions go to the settlement bank through the outbox in the same transaction
 * as the state change (so they are sent once), the bank's confirmation is recorded, and finalizing applies
 * them to the participants' money at the settlement bank — a debit from the settlement account first, then
 * from the participant's other accounts (R9.4.5), then from its insurance deposit (R9.4.7) — each step a
 * posting and an audit record.
 */
export class SettlementService {
  private readonly sql: ReturnType<typeof statementCache>
  private readonly stamp: DayStamp

  constructor(
    db: Database,
    private readonly days: DaysRepo,
    private readonly audit: AuditLog
  ) {
    this.sql = statementCache(db)
    this.stamp = new DayStamp(db)
  }

  get(day: string): Settlement | null {
    const s = this.sql<[string], SettlementRecord & { submitted_login: string | null; approved_login: string | null; finalized_login: string | null }>(
      `SELECT s.*, a.login AS submitted_login, b.login AS approved_login, c.login AS finalized_login FROM settlements s
       LEFT JOIN users a ON a.id = s.submitted_by LEFT JOIN users b ON b.id = s.approved_by LEFT JOIN users c ON c.id = s.finalized_by WHERE s.day = ?`
    ).get(day)
    if (!s) return null
    return {
      day: s.day,
      state: s.state,
      submittedBy: s.submitted_login,
      submittedAt: s.submitted_at,
      approvedBy: s.approved_login,
      approvedAt: s.approved_at,
      instructedAt: s.instructed_at,
      confirmedAt: s.confirmed_at,
      bankReference: s.bank_reference,
      finalizedAt: s.finalized_at,
      finalizedBy: s.finalized_login,
      instructions: this.instructions(day),
      postings: this.sql<[string], { id: number; instruction_id: string; party: string; source: SettlementPosting['source']; amount_minor: number; currency: string; at: number; by: string | null }>(
        'SELECT p.*, u.login AS by FROM settlement_postings p JOIN settlement_instructions i ON i.id = p.instruction_id LEFT JOIN users u ON u.id = p.by WHERE i.day = ? ORDER BY p.id'
      ).all(day).map((p) => ({ id: p.id, instructionId: p.instruction_id, party: p.party, source: p.source, amountMinor: p.amount_minor, currency: p.currency, at: p.at, by: p.by }))
    }
  }

  instructions(day: string): SettlementInstruction[] {
    return this.sql<[string], { id: string; day: string; party: string; currency: string; direction: 'debit' | 'credit'; amount_minor: number; kind: 'net' | 'gross'; operation_seq: number | null; shortfall: number }>(
      'SELECT * FROM settlement_instructions WHERE day = ? ORDER BY id'
    ).all(day).map((i) => ({ id: i.id, day: i.day, party: i.party, currency: i.currency, direction: i.direction, amountMinor: i.amount_minor, kind: i.kind, operationSeq: i.operation_seq, shortfall: i.shortfall === 1 }))
  }

  submit(ctx: CallContext, day: string): Settlement {
    const user = ctx.requireUser()
    this.move(ctx, day, 'computed', 'submitted', 'submitted_by = @user, submitted_at = @now', user.id)
    return this.get(day)!
  }

  approve(ctx: CallContext, day: string): Settlement {
    const user = ctx.requireUser()
    const s = this.require(ctx, day)
    if (s.state === 'submitted' && s.submitted_by === user.id) refuse('MAKER_CHECKER', 'clearing.settlement_own_approval', { day }, 'the officer who submitted a settlement cannot approve it: another clearing officer must')
    this.move(ctx, day, 'submitted', 'approved', 'approved_by = @user, approved_at = @now', user.id)
    return this.get(day)!
  }

  /** Sends the instructions to the settlement bank: one outbox message, written with the state change. */
  instruct(ctx: CallContext, day: string): Settlement {
    const user = ctx.requireUser()
    this.require(ctx, day, 'approved')
    const d = this.days.get(day)!
    const instructions = this.instructions(day)
    const payload = { day, instructions: instructions.map((i) => ({ id: i.id, party: i.party, direction: i.direction, amount: toDecimal(money(i.amountMinor, i.currency)), currency: i.currency, kind: i.kind, operation: i.operationSeq })) }
    const outboxId = writeMessage(this.sql, { destination: SETTLEMENT_BANK, kind: 'settlement', firstSeq: d.firstSeq ?? 0, lastSeq: d.lastSeq ?? 0, operations: d.operations ?? 0, payload, now: ctx.now })
    this.move(ctx, day, 'approved', 'instructed', 'instructed_at = @now, instructed_by = @user, outbox_id = @outbox', user.id, { outbox: outboxId })
    return this.get(day)!
  }

  confirm(ctx: CallContext, day: string, bankReference: string): Settlement {
    const user = ctx.requireUser()
    this.move(ctx, day, 'instructed', 'confirmed', 'confirmed_at = @now, confirmed_by = @user, bank_reference = @ref', user.id, { ref: bankReference })
    return this.get(day)!
  }

  /** Applies every instruction to the participants' money at the settlement bank; refused whole if any debit is not covered. */
  finalize(ctx: CallContext, day: string): Settlement {
    const user = ctx.requireUser()
    this.require(ctx, day, 'confirmed')
    const instructions = this.instructions(day)
    const post = this.sql('INSERT INTO settlement_postings (instruction_id, party, source, amount_minor, currency, at, by) VALUES (?, ?, ?, ?, ?, ?, ?)')
    const short: { party: string; lackMinor: number; currency: string; instruction: string }[] = []
    for (const i of instructions.filter((x) => x.direction === 'debit')) {
      const f = this.fundsOf(i.party, i.currency)
      let left = i.amountMinor
      for (const source of ['settlement', 'current', 'insurance'] as const) {
        const take = Math.min(left, f ? f[`${source}_minor`] ?? 0 : 0)
        if (take === 0) continue
        this.sql(`UPDATE settlement_funds SET ${source}_minor = ${source}_minor - ?, updated_at = ?, updated_by = ? WHERE participant_id = ? AND currency = ?`).run(take, ctx.now, user.id, f!.participant_id, i.currency)
        post.run(i.id, i.party, source, take, i.currency, ctx.now, user.id)
        if (source !== 'settlement')
          this.audit.append({ at: ctx.now, actorId: user.id, actorLogin: user.login, sessionId: null, action: source === 'current' ? 'settlement.debitOtherAccounts' : 'settlement.debitInsuranceDeposit', outcome: 'ok', errorCode: null, subject: i.party, detail: `${i.id}: ${amountText(take, i.currency)} (${source === 'current' ? 'R9.4.5' : 'R9.4.7'})` })
        left -= take
      }
      if (left > 0) short.push({ party: i.party, lackMinor: left, currency: i.currency, instruction: i.id })
    }
    // One reason per bank short of funds, each worded on the screen with its amount (R9.4.5, R9.4.7); then, once, what to do.
    if (short.length)
      throw new AppError(
        'CONFLICT',
        `the settlement cannot be finalized: ${short.map((x) => `${x.party} lacks ${amountText(x.lackMinor, x.currency)} for ${x.instruction}`).join('; ')}; record the settlement bank's funds first`,
        undefined,
        [...short.map((params) => ({ rule: 'clearing.settlement_short', params })), { rule: 'clearing.record_funds_first' }]
      )
    for (const i of instructions.filter((x) => x.direction === 'credit')) {
      post.run(i.id, i.party, 'credit', i.amountMinor, i.currency, ctx.now, user.id)
      if (i.party !== OPERATOR_PARTY)
        // A participant the bank had no figures for in this currency now has its first: the credit.
        this.sql(
          `INSERT INTO settlement_funds (participant_id, currency, settlement_minor, current_minor, insurance_minor, updated_at, updated_by)
           SELECT id, @currency, @amount, 0, 0, @now, @by FROM participants WHERE code = @party
           ON CONFLICT (participant_id, currency) DO UPDATE SET settlement_minor = settlement_minor + excluded.settlement_minor, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
        ).run({ currency: i.currency, amount: i.amountMinor, now: ctx.now, by: user.id, party: i.party })
    }
    this.move(ctx, day, 'confirmed', 'finalized', 'finalized_at = @now, finalized_by = @user', user.id)
    this.days.setState(day, 'cleared', 'settled', ctx.now)
    return this.get(day)!
  }

  /** Every participant with its settlement model and funds per currency (KZT at least), as the bank reported them. */
  funds(scope: string | null): SettlementFunds[] {
    return this.sql<[{ scope: string | null }], FundsRecord>(
      `SELECT p.id AS participant_id, p.code, p.name, c.settlement_model AS model, coalesce(f.currency, 'KZT') AS currency, f.settlement_minor, f.current_minor, f.insurance_minor, f.updated_at
       FROM participants p LEFT JOIN participant_contracts c ON c.participant_id = p.id LEFT JOIN settlement_funds f ON f.participant_id = p.id
       WHERE p.status <> 'terminated' AND (@scope IS NULL OR p.id = @scope) ORDER BY p.code, currency`
    ).all({ scope }).map((r) => ({
      party: r.code,
      name: r.name,
      model: r.model ?? 'net',
      currency: r.currency ?? 'KZT',
      settlementMinor: r.settlement_minor ?? 0,
      currentMinor: r.current_minor ?? 0,
      insuranceMinor: r.insurance_minor ?? 0,
      updatedAt: r.updated_at
    }))
  }

  /** Records the settlement bank's figures for a participant's accounts in a currency. */
  setFunds(ctx: CallContext, participantId: string, currency: string, amounts: { settlement: string; current: string; insurance: string }): SettlementFunds {
    const user = ctx.requireUser()
    const code = this.codeOf(participantId)
    ctx.subject = code
    const m = (text: string) => parseMoney(text, currency).minor
    // As the desk writes amounts; null where the bank had reported nothing in this currency yet.
    const figures = (r = this.fundsOf(code, currency)) => {
      const text = (minor: number | undefined) => (minor === undefined ? null : toDecimal(money(minor, currency)))
      return { settlement: text(r?.settlement_minor), current: text(r?.current_minor), insurance: text(r?.insurance_minor) }
    }
    const before = figures()
    this.sql(
      `INSERT INTO settlement_funds (participant_id, currency, settlement_minor, current_minor, insurance_minor, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (participant_id, currency) DO UPDATE SET settlement_minor = excluded.settlement_minor, current_minor = excluded.current_minor, insurance_minor = excluded.insurance_minor, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
    ).run(participantId, currency, m(amounts.settlement), m(amounts.current), m(amounts.insurance), ctx.now, user.id)
    ctx.recordChange(before, figures())
    return this.funds(participantId).find((f) => f.currency === currency)!
  }

  /**
   * The contract's settlement model (R7.6): applies from the day after the one running, whose operations are
   * being accumulated as they come and keep the model in force when the day began.
   */
  setModel(ctx: CallContext, participantId: string, model: SettlementModel): SettlementFunds[] {
    const user = ctx.requireUser()
    ctx.subject = this.codeOf(participantId)
    const running = this.stamp.stamp(ctx.now)
    const c = this.sql<[string], { settlement_model: SettlementModel; model_from: string | null; prior_model: SettlementModel | null }>(
      'SELECT settlement_model, model_from, prior_model FROM participant_contracts WHERE participant_id = ?'
    ).get(participantId)
    const inForce: SettlementModel = !c ? 'net' : c.model_from === null || running >= c.model_from ? c.settlement_model : (c.prior_model ?? 'net')
    this.sql(
      `INSERT INTO participant_contracts (participant_id, settlement_model, model_from, prior_model, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (participant_id) DO UPDATE SET settlement_model = excluded.settlement_model, model_from = excluded.model_from, prior_model = excluded.prior_model,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`
    ).run(participantId, model, nextDay(running), inForce, ctx.now, user.id)
    ctx.recordChange({ model: c?.settlement_model ?? 'net' }, { model })
    return this.funds(participantId)
  }

  private codeOf(participantId: string): string {
    return this.sql<[string], string>('SELECT code FROM participants WHERE id = ?').pluck().get(participantId) ?? refuse('NOT_FOUND', 'clearing.no_participant', { id: participantId }, `no participant ${participantId}`)
  }

  private fundsOf(party: string, currency: string) {
    return this.sql<[string, string], { participant_id: string; settlement_minor: number; current_minor: number; insurance_minor: number }>(
      'SELECT f.* FROM settlement_funds f JOIN participants p ON p.id = f.participant_id WHERE p.code = ? AND f.currency = ?'
    ).get(party, currency)
  }

  private require(ctx: CallContext, day: string, state?: SettlementState): SettlementRecord {
    ctx.subject = day
    const s = this.sql<[string], SettlementRecord>('SELECT * FROM settlements WHERE day = ?').get(day)
    if (!s) {
      const d = this.days.get(day) ?? refuse('NOT_FOUND', 'clearing.no_day', { day }, `no operational day ${day}`)
      return refuse('CONFLICT', 'clearing.day_not_cleared', { day, dayStatus: d.state }, `operational day ${day} is ${d.state}: it has no clearing result to settle yet`)
    }
    if (state && s.state !== state) refuse('CONFLICT', 'clearing.settlement_state', { day, settlementStatus: s.state, settlementNeeded: state }, `the settlement of ${day} is ${s.state}, not ${state}`)
    return s
  }

  private move(ctx: CallContext, day: string, from: SettlementState, to: SettlementState, set: string, user: string, extra: Record<string, string | number> = {}): void {
    this.require(ctx, day, from)
    this.sql(`UPDATE settlements SET state = @to, ${set} WHERE day = @day AND state = @from`).run({ day, from, to, now: ctx.now, user, ...extra })
  }
}
