import { hash } from 'node:crypto'
import type { AccountBook } from '../accounts/account-book'
import type { AccountRecord, AccountsRepo } from '../accounts/accounts-repo'
import { bankCodeOf } from '../accounts/accounts-repo'
import type { AccountKind, AuthorizationAnswer, Channel, OperationCheck, OperationStatus, PartyRef, PayerMethod } from '../api/types'
import { parseMoney } from '../domain/money'
import type { InstrumentRecord, InstrumentsRepo } from '../instruments/instruments-repo'
import { qrTokenOf } from '../instruments/qr'
import { channelOfTerminal } from '../terminals/terminal-channel'
import { operationalMonthOf } from '../opday/calendar'
import { convert, type FxRates } from './fx-rates'
import type { Ledger, Transfer } from './ledger'
import type { CenterLookups, ParticipantRecord, TerminalRecord } from './lookups'
import type { NewOperation, OperationsRepo, StoredOperation } from './operations-repo'
import { absDestination, participantDestination, SETTLEMENT_BANK, type OperationNotice, type Outbox } from './outbox'
import { ruleCheck, type PreAuthorizationRule } from './pre-authorization'
import type { RegistryCache } from './registry-cache'
import type { ParsedAuthorizationRequest } from './request-schema'
import { refusal, RESULT_CODES, type Refusal } from './result-codes'

export interface PipelineDeps {
  /** The accounts' running state, written to their rows behind the Center. */
  book: AccountBook
  /** What the registries hold, kept across the Center's transactions while they do not change. */
  registry: RegistryCache
  accounts: AccountsRepo
  instruments: InstrumentsRepo
  operations: OperationsRepo
  lookups: CenterLookups
  ledger: Ledger
  outbox: Outbox
  fx: FxRates
  rules: readonly PreAuthorizationRule[]
  panHash: (pan: string) => string
  newId: () => string
  /** How long a two-phase authorization holds the money before it expires. */
  holdMs: number
}

/** The payer as the request named it, resolved. */
interface Payer {
  account: AccountRecord
  method: PayerMethod
  instrument: InstrumentRecord | null
  panMasked: string | null
}

/** Everything the Center decided before accepting: who pays whom, how much, through which terminal. */
interface Plan {
  payer: Payer
  payee: AccountRecord
  amount: number
  creditAmount: number
  terminal: TerminalRecord | null
  clientIin: string | null
}

// Terminals that handle cash (R1.1.20): withdrawals and cash top-ups happen only there.
const CASH_TERMINALS: readonly string[] = ['atm', 'recycler', 'cash_desk']

/** What a request id is bound to: a retry with the same id must carry the same content (one-shot hash: it runs per request). */
export const requestHash = (request: object): string => hash('sha256', JSON.stringify(request), 'base64url')

/**
 * A failed step of the pipeline: thrown inside it and turned into a refused operation. Not an Error: a refusal
 * is an outcome, not a fault, and capturing a stack trace for each cost more than the checks themselves.
 */
class Refused {
  constructor(readonly refusal: Refusal) {}
}
const refuse = (code: Refusal['code'], reason: string): never => {
  throw new Refused(refusal(code, reason))
}

/**
 * The authorization pipeline (R3.1.2, R7.5): idempotency → terminal and acquirer → payer (instrument,
 * account, QR code or IIN) → issuer → payee → rate → limits → funds → pre-authorization rules → accept
 * (postings or a hold, confirmations and the ABS hand-off in the outbox, the payment document) or refuse
 * with a result code. Runs inside the caller's transaction; every request that gets here is recorded.
 */
export class AuthorizationPipeline {
  constructor(private readonly d: PipelineDeps) {}

  /** Authorizes a request that reached the Center at `now`, stamped with the operational day `opDay`. */
  authorize(req: ParsedAuthorizationRequest, source: string, now: number, opDay: string): AuthorizationAnswer {
    const hash = requestHash(req)
    const prior = this.d.operations.byRequest(source, req.requestId)
    if (prior) return prior.request_hash === hash ? replay(prior) : rejected(req.requestId, RESULT_CODES.DUPLICATE_TRANSMISSION, 'request.duplicate_id')
    const checks: OperationCheck[] = []
    const draft: NewOperation = {
      source,
      requestId: req.requestId,
      requestHash: hash,
      type: req.type,
      channel: req.channel,
      method: methodOf(req.payer),
      opDay,
      receivedAt: now,
      amountMinor: parseMoney(req.amount, req.currency).minor,
      currency: req.currency,
      creditAmountMinor: null,
      creditCurrency: req.toCurrency ?? null,
      payerAccountId: null,
      payeeAccountId: null,
      instrumentId: null,
      terminalId: null,
      issuerId: null,
      acquirerId: null,
      payeeParticipantId: null,
      clientIin: null,
      panMasked: null,
      twoPhase: req.twoPhase === true,
      status: 'refused',
      resultCode: RESULT_CODES.APPROVED,
      reason: 'approved',
      checks,
      originalSeq: null,
      purpose: req.purpose ?? null
    }
    let plan: Plan
    try {
      plan = this.plan(req, draft, checks, now)
    } catch (e) {
      if (!(e instanceof Refused)) throw e
      const { seq } = this.d.operations.insert({ ...draft, status: 'refused', resultCode: e.refusal.code, reason: e.refusal.reason }, false)
      return { requestId: req.requestId, operation: seq, status: 'refused', resultCode: e.refusal.code, reason: e.refusal.reason, opDay, documentNo: null, replayed: false }
    }
    return this.accept(draft, plan, now)
  }

  /** Runs the checks in order; each records its outcome, the first failure refuses. */
  private plan(req: ParsedAuthorizationRequest, o: NewOperation, checks: OperationCheck[], now: number): Plan {
    const step = <T>(check: string, run: () => T): T => {
      try {
        const value = run()
        checks.push({ check, ok: true })
        return value
      } catch (e) {
        if (e instanceof Refused) checks.push({ check, ok: false, reason: e.refusal.reason })
        throw e
      }
    }

    const cash = req.type === 'cash_withdrawal' || (req.type === 'top_up' && req.payer === undefined)
    const terminal = req.terminal ? step('terminal', () => this.terminal(req.terminal!, cash, req.channel)) : null
    if (terminal) {
      o.terminalId = terminal.id
      o.acquirerId = terminal.acquirer_id
      step('acquirer', () => this.activeParticipant(terminal.acquirer_id, 'acquirer'))
    }

    const payer = step('payer', () => {
      if (terminal && req.payer && !payerAllowedAtTerminal(req.type, req.payer)) refuse(RESULT_CODES.NOT_PERMITTED_TO_TERMINAL, 'terminal.payer_by_requisites')
      return req.payer ? this.payerOf(req.payer, req.currency, now) : this.cashAccount(terminal!, req.currency, now)
    })
    o.method = payer.method
    o.payerAccountId = payer.account.id
    o.instrumentId = payer.instrument?.id ?? null
    o.panMasked = payer.panMasked
    step('account', () => this.usableAccount(payer.account, req.currency))

    const payee = step('payee', () => this.payeeOf(req, payer, terminal, now))
    o.payeeAccountId = payee.id
    o.payeeParticipantId = payee.participant_id
    const client = payer.account.kind === 'client' ? payer.account : payee
    o.issuerId = client.participant_id
    o.clientIin = client.client_iin
    step('issuer', () => {
      this.activeParticipant(payer.account.participant_id, 'issuer')
      if (payee.participant_id !== payer.account.participant_id) this.activeParticipant(payee.participant_id, 'payee_bank')
    })

    let creditAmount = o.amountMinor
    if (req.type === 'currency_exchange') {
      creditAmount = step('rate', () => {
        const rate = this.d.fx.inForce(req.currency, req.toCurrency!, now) ?? refuse(RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'rate.missing')
        const credit = convert(o.amountMinor, rate) ?? refuse(RESULT_CODES.INVALID_AMOUNT, 'amount.too_large')
        return credit > 0 ? credit : refuse(RESULT_CODES.INVALID_AMOUNT, 'amount.too_small')
      })
      o.creditAmountMinor = creditAmount
    }

    if (payer.account.kind === 'client') {
      step('limits', () => this.withinLimits(payer.account, o.amountMinor, o.opDay))
      step('funds', () => {
        if (payer.account.balance_minor - payer.account.held_minor - o.amountMinor < payer.account.min_balance_minor!)
          refuse(RESULT_CODES.INSUFFICIENT_FUNDS, 'account.insufficient_funds')
      })
    }
    for (const rule of this.d.rules)
      step(ruleCheck(rule.name), () => {
        const r = rule.check({ type: req.type, channel: req.channel, amountMinor: o.amountMinor, currency: req.currency, payer: payer.account, terminalKind: terminal?.kind ?? null, instrumentId: o.instrumentId, now })
        if (r) refuse(r.code, r.reason)
      })
    return { payer, payee, amount: o.amountMinor, creditAmount, terminal, clientIin: o.clientIin }
  }

  /**
   * Why a terminal may not send a follow-up (a completion, a void, a reversal) now, or null when it may: the same
   * checks as its authorizations (R8.4, R9.1.5), since a blocked terminal or a suspended acquirer's sends nothing.
   */
  senderRefusal(code: string): Refusal | null {
    try {
      const t = this.terminal(code, false, null)
      this.activeParticipant(t.acquirer_id, 'acquirer')
      return null
    } catch (e) {
      if (e instanceof Refused) return e.refusal
      throw e
    }
  }

  /**
   * A registered, active, certified terminal (R8.4), sending in its own channel (a follow-up names none); one that
   * handles cash when the operation moves cash.
   */
  private terminal(code: string, cash: boolean, channel: Channel | null): TerminalRecord {
    const t = this.d.lookups.terminal(code) ?? refuse(RESULT_CODES.INVALID_TERMINAL, 'terminal.unknown')
    if (t.status !== 'active') refuse(RESULT_CODES.INVALID_TERMINAL, 'terminal.blocked')
    if (t.certified_at === null) refuse(RESULT_CODES.INVALID_TERMINAL, 'terminal.not_certified')
    if (channel !== null && channel !== channelOfTerminal(t.kind)) refuse(RESULT_CODES.NOT_PERMITTED_TO_TERMINAL, 'terminal.channel')
    if (cash && !CASH_TERMINALS.includes(t.kind)) refuse(RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'terminal.no_cash')
    return t
  }

  private activeParticipant(id: string, role: 'acquirer' | 'issuer' | 'payee_bank'): ParticipantRecord {
    const p = this.d.lookups.participant(id) ?? refuse(RESULT_CODES.DO_NOT_HONOUR, `${role}.unknown`)
    if (p.status !== 'active') refuse(RESULT_CODES.DO_NOT_HONOUR, `${role}.${p.status}`)
    return p
  }

  private payerOf(ref: PartyRef, currency: string, now: number): Payer {
    if ('iban' in ref) {
      const account = this.d.accounts.recordByIban(ref.iban) ?? refuse(RESULT_CODES.NO_ACCOUNT_OF_TYPE, 'account.unknown')
      if (account.kind !== 'client') refuse(RESULT_CODES.NO_ACCOUNT_OF_TYPE, 'account.not_client')
      return { account, method: 'account', instrument: null, panMasked: null }
    }
    if ('iin' in ref) {
      const client = this.d.lookups.clientByIin(ref.iin) ?? refuse(RESULT_CODES.INVALID_CARD, 'client.unknown')
      const account = this.d.accounts.clientAccountIn(client.id, currency) ?? refuse(RESULT_CODES.NO_ACCOUNT_OF_TYPE, 'account.no_currency')
      return { account, method: 'iin', instrument: null, panMasked: null }
    }
    const { instrument, method } = this.instrumentOf(ref)
    if (instrument.status !== 'active') refuse(RESULT_CODES.RESTRICTED_CARD, `instrument.${instrument.status}`)
    if (instrument.expiry && instrument.expiry < operationalMonthOf(now)) refuse(RESULT_CODES.EXPIRED_CARD, 'instrument.expired')
    if ('pan' in ref && ref.expiry && ref.expiry !== instrument.expiry) refuse(RESULT_CODES.EXPIRED_CARD, 'instrument.expiry_mismatch')
    const account = this.d.accounts.record(instrument.account_id)!
    return { account, method, instrument, panMasked: instrument.pan_masked }
  }

  private instrumentOf(ref: { pan: string } | { wallet: string } | { qr: string }): { instrument: InstrumentRecord; method: PayerMethod } {
    if ('pan' in ref) return { instrument: this.d.instruments.byPanHash(this.d.panHash(ref.pan)) ?? refuse(RESULT_CODES.INVALID_CARD, 'instrument.unknown'), method: 'instrument' }
    if ('wallet' in ref) return { instrument: this.d.instruments.byWallet(ref.wallet) ?? refuse(RESULT_CODES.INVALID_CARD, 'instrument.unknown'), method: 'instrument' }
    const token = qrTokenOf(ref.qr) ?? refuse(RESULT_CODES.INVALID_CARD, 'qr.malformed')
    return { instrument: this.d.instruments.byQrToken(token) ?? refuse(RESULT_CODES.INVALID_CARD, 'qr.unknown'), method: 'qr' }
  }

  /** Cash brought to a terminal or a cash desk: the acquirer's cash account pays. */
  private cashAccount(terminal: TerminalRecord, currency: string, now: number): Payer {
    return { account: this.system(terminal.acquirer_id, 'cash', currency, now), method: 'cash', instrument: null, panMasked: null }
  }

  private usableAccount(a: AccountRecord, currency: string): void {
    if (a.status !== 'open') refuse(RESULT_CODES.ACCOUNT_CLOSED, `account.${a.status}`)
    if (a.currency !== currency) refuse(RESULT_CODES.NO_ACCOUNT_OF_TYPE, 'account.currency')
  }

  private payeeOf(req: ParsedAuthorizationRequest, payer: Payer, terminal: TerminalRecord | null, now: number): AccountRecord {
    const currency = req.toCurrency ?? req.currency
    if (req.type === 'cash_withdrawal') return this.system(terminal!.acquirer_id, 'cash', currency, now)
    if (req.type === 'currency_exchange') {
      const own = req.payee ? this.partyAccount(req.payee, currency, now) : this.d.accounts.clientAccountAt(payer.account.client_id!, payer.account.participant_id, currency)
      if (!own) return refuse(RESULT_CODES.NO_ACCOUNT_OF_TYPE, 'payee.no_currency')
      if (own.client_id !== payer.account.client_id) refuse(RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'exchange.other_client')
      this.usableAccount(own, currency)
      return own
    }
    if (!req.payee) {
      // A payment at a terminal goes to the acquirer's merchant settlement account.
      if (req.type === 'payment' && terminal) return this.system(terminal.acquirer_id, 'merchant', currency, now)
      return refuse(RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'payee.missing')
    }
    const payee = this.partyAccount(req.payee, currency, now)
    if (payee.id === payer.account.id) refuse(RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'payee.same_account')
    if (payee.status !== 'open') refuse(RESULT_CODES.ACCOUNT_CLOSED, `payee.${payee.status}`)
    if (payee.currency !== currency) refuse(RESULT_CODES.NO_ACCOUNT_OF_TYPE, 'payee.currency')
    return payee
  }

  private partyAccount(ref: PartyRef, currency: string, now: number): AccountRecord {
    try {
      return this.payerOf(ref, currency, now).account
    } catch (e) {
      // The same lookups, but a failure is the payee's.
      if (e instanceof Refused) refuse(e.refusal.code, e.refusal.reason.replace(/^(account|instrument|client|qr)\./, 'payee.'))
      throw e
    }
  }

  private withinLimits(a: AccountRecord, amount: number, day: string): void {
    if (a.limit_per_op_minor !== null && amount > a.limit_per_op_minor) refuse(RESULT_CODES.EXCEEDS_LIMIT, 'limit.per_operation')
    const spent = a.day_debit_day === day ? a.day_debit_minor : 0
    if (a.limit_daily_minor !== null && spent + amount > a.limit_daily_minor) refuse(RESULT_CODES.EXCEEDS_LIMIT, 'limit.daily')
  }

  private system(participantId: string, kind: Exclude<AccountKind, 'client'>, currency: string, now: number): AccountRecord {
    const p = this.d.lookups.participant(participantId)!
    return this.d.accounts.system(p.id, bankCodeOf(p.code), kind, currency, now, this.d.newId)
  }

  /** Accepts: postings (or a hold), the document, the confirmations and the ABS hand-off, in the caller's transaction. */
  private accept(o: NewOperation, plan: Plan, now: number): AuthorizationAnswer {
    const status: OperationStatus = o.twoPhase ? 'held' : 'accepted'
    const { seq, documentNo } = this.d.operations.insert({ ...o, status }, !o.twoPhase)
    if (o.twoPhase) this.d.ledger.hold(seq, plan.payer.account.id, plan.amount, now + this.d.holdMs)
    else this.post(seq, plan.payer.account, plan.payee, plan.amount, plan.creditAmount, now)
    if (plan.payer.account.kind === 'client') this.d.accounts.addDayDebit(plan.payer.account.id, o.opDay, plan.amount)
    this.confirm(seq, o, status, documentNo, !o.twoPhase, now)
    return { requestId: o.requestId, operation: seq, status, resultCode: RESULT_CODES.APPROVED, reason: 'approved', opDay: o.opDay, documentNo, replayed: false }
  }

  /** The client leg, and the interbank leg when the two accounts are at different banks (cleared later, R7.7). */
  post(seq: number, payer: AccountRecord, payee: AccountRecord, amount: number, creditAmount: number, now: number): void {
    legs(payer, payee, amount, creditAmount, (p, k, c) => this.system(p, k, c, now)).forEach((t, i) => this.d.ledger.post(seq, i + 1, t, now))
  }

  /**
   * Confirmations to the settlement bank and the participants concerned (R7.5.4); the ABS hand-off when money moved (R7.5.5).
   * An operation that follows another says which and what it is: its type and amount alone read as a new operation.
   */
  confirm(
    seq: number,
    o: Pick<NewOperation, 'requestId' | 'type' | 'opDay' | 'amountMinor' | 'currency' | 'issuerId' | 'acquirerId' | 'payeeParticipantId'> & Partial<Pick<NewOperation, 'originalSeq' | 'reason'>>,
    status: OperationStatus,
    documentNo: string | null,
    handOff: boolean,
    now: number
  ): void {
    const notice: OperationNotice = { operation: seq, requestId: o.requestId, type: o.type, status, amountMinor: o.amountMinor, currency: o.currency, opDay: o.opDay, documentNo, at: now }
    if (o.originalSeq !== undefined && o.originalSeq !== null) {
      notice.original = o.originalSeq
      if (o.reason !== undefined) notice.reason = o.reason
    }
    this.d.outbox.add(SETTLEMENT_BANK, 'confirmation', notice)
    const codes = participantCodes(o, (id) => this.d.lookups.participant(id)!.code)
    for (const code of codes) this.d.outbox.add(participantDestination(code), 'confirmation', notice)
    if (handOff) for (const code of codes) this.d.outbox.add(absDestination(code), 'abs', notice)
  }
}

/** The transfers an operation makes: one client leg per currency, plus the interbank position between two banks. */
export function legs(
  payer: AccountRecord,
  payee: AccountRecord,
  amount: number,
  creditAmount: number,
  system: (participantId: string, kind: 'settlement' | 'fx', currency: string) => AccountRecord
): Transfer[] {
  if (payer.currency !== payee.currency) {
    // A currency exchange: through the payer's bank's currency position in each currency. When the client's other
    // account is at another bank, the payer's bank owes that bank what it credits (cleared later, R7.7).
    const fxOut = system(payer.participant_id, 'fx', payer.currency)
    const fxIn = system(payer.participant_id, 'fx', payee.currency)
    const out: Transfer[] = [
      { debit: payer.id, credit: fxOut.id, amount, currency: payer.currency, kind: 'exchange' },
      { debit: fxIn.id, credit: payee.id, amount: creditAmount, currency: payee.currency, kind: 'exchange' }
    ]
    if (payer.participant_id !== payee.participant_id)
      out.push({
        debit: system(payer.participant_id, 'settlement', payee.currency).id,
        credit: system(payee.participant_id, 'settlement', payee.currency).id,
        amount: creditAmount,
        currency: payee.currency,
        kind: 'interbank'
      })
    return out
  }
  const out: Transfer[] = [{ debit: payer.id, credit: payee.id, amount, currency: payer.currency, kind: 'client' }]
  if (payer.participant_id !== payee.participant_id)
    out.push({
      debit: system(payer.participant_id, 'settlement', payer.currency).id,
      credit: system(payee.participant_id, 'settlement', payer.currency).id,
      amount,
      currency: payer.currency,
      kind: 'interbank'
    })
  return out
}

/** The banks an operation concerns (issuer, acquirer, the payee's bank), each once. */
export const participantCodes = (o: { issuerId: string | null; acquirerId: string | null; payeeParticipantId: string | null }, codeOf: (id: string) => string): string[] =>
  [...new Set([o.issuerId, o.acquirerId, o.payeeParticipantId].filter((p): p is string => p !== null))].map(codeOf)

/**
 * May a terminal name the payer so? By the client's instrument (a card, a wallet, a QR code, R1.1.6) always; by account
 * requisites or an IIN only to pay out cash (R7.3.4). The rules give requisites and IIN at terminals for nothing else
 * (payments and transfers there, R7.3.2–7.3.3, name no such way; R7.3.5 names no place), so the reading is the
 * conservative one: a terminal's key alone must not debit a client it has no instrument of.
 */
const payerAllowedAtTerminal = (type: ParsedAuthorizationRequest['type'], ref: PartyRef): boolean => type === 'cash_withdrawal' || !('iban' in ref || 'iin' in ref)

const methodOf = (ref: PartyRef | undefined): PayerMethod =>
  !ref ? 'cash' : 'iban' in ref ? 'account' : 'iin' in ref ? 'iin' : 'qr' in ref ? 'qr' : 'instrument'

/** The first answer to a request, given again to its retry. */
function replay(o: StoredOperation): AuthorizationAnswer {
  const approved = o.result_code === RESULT_CODES.APPROVED
  const status: OperationStatus = !approved ? 'refused' : o.two_phase ? 'held' : 'accepted'
  return { requestId: o.request_id, operation: o.seq, status, resultCode: o.result_code, reason: o.reason ?? 'approved', opDay: o.op_day, documentNo: o.two_phase ? null : o.document_no, replayed: true }
}

/** An answer to a request that was not recorded at all (malformed, or an id reused for another request). */
export const rejected = (requestId: string, code: Refusal['code'], reason: string): AuthorizationAnswer => ({
  requestId,
  operation: null,
  status: 'rejected',
  resultCode: code,
  reason,
  opDay: null,
  documentNo: null,
  replayed: false
})

