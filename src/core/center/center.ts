import { performance } from 'node:perf_hooks'
import type { Database } from 'better-sqlite3'
import type { Durability } from '../accounts/account-book'
import type { AuthorizationAnswer, OperationCheck } from '../api/types'
import type { Clock } from '../domain/clock'
import { parseMoney } from '../domain/money'
import { operationalDayOf } from '../opday/calendar'
import type { DayStamp } from '../opday/day-stamp'
import { isRevocable, type NewOperation, type StoredOperation } from './operations-repo'
import { AuthorizationPipeline, rejected, requestHash, type PipelineDeps } from './pipeline'
import { authorizationRequest, type ParsedAuthorizationRequest } from './request-schema'
import { RESULT_CODES, type ResultCode } from './result-codes'

/** A request waiting for the next batch: an authorization, or a completion or reversal from a terminal. */
interface Pending {
  requestId: string
  /** When the request reached the Center: its moment and its operational day, whenever its batch commits (R3.1.1). */
  at: number
  answer(now: number, day: string): AuthorizationAnswer
  resolve(answer: AuthorizationAnswer): void
}

/**
 * What the group commit has done since the Center started: its committed batches, their requests, and the time spent
 * deciding them and committing them (writing the outbox and the accounts, the WAL and its fsync). Why a rate is what it is.
 */
export interface BatchTotals {
  batches: number
  requests: number
  decideMs: number
  commitMs: number
}

export interface CenterOptions {
  db: Database
  clock: Clock
  deps: PipelineDeps
  /** The operational day each transaction's operations are stamped with (R3.1.1). */
  days: DayStamp
  /** Most requests committed together (group commit). */
  maxBatch?: number
  /** How long the Center must be idle before it writes every account out (ms). */
  settleIdleMs?: number
  /** How many of the accounts table's rows each logged batch sweeps (AccountBook.flush). */
  sweepPerBatch?: number
  log?: (message: string, error: unknown) => void
}

const requestIdOf = (raw: unknown): string =>
  typeof raw === 'object' && raw !== null && typeof (raw as { requestId?: unknown }).requestId === 'string' ? (raw as { requestId: string }).requestId.slice(0, 64) : ''

// A batch this small writes its accounts' rows at once, as a single call does; larger ones log them (AccountBook).
const WRITE_THROUGH_BELOW = 8
// Each logged batch also writes out the unsettled accounts among the table's next rows: a few adjacent pages a
// batch, so the log stays a few seconds long and the replay after a crash short.
const SWEEP_PER_BATCH = 64
// When idle, everything is written out in transactions of this many accounts.
const SETTLE_IDLE_CHUNK = 5_000

const WRITE_THROUGH: Durability = { writeThrough: true, sweep: 0, oldest: 0 }
const SETTLE_CHUNK: Durability = { writeThrough: true, sweep: 0, oldest: SETTLE_IDLE_CHUNK }

/**
 * The Center (R1.1.22): authorizes operations through the pipeline and makes every answer durable before
 * giving it. Requests arriving together are committed together — one transaction and one fsync
 * (synchronous=FULL) for the batch — and each is answered only after that commit (group commit). A
 * request that fails unexpectedly is rolled back alone (a savepoint each) and answered 9096.
 */
export class Center {
  readonly pipeline: AuthorizationPipeline
  private readonly batchTotals: BatchTotals = { batches: 0, requests: 0, decideMs: 0, commitMs: 0 }
  private readonly queue: Pending[] = []
  private scheduled = false
  private idleTimer: NodeJS.Timeout | null = null
  /** When the last batch was taken (performance.now(): a scheduling matter, not the business clock). */
  private lastBatchAt = 0
  /** How long without a batch counts as idle (settleWhenIdle). */
  private readonly idleMs: number
  /** How many of the Center's transactions are open (a nested one joins the outermost). */
  private depth = 0
  // One request's savepoint inside the batch's transaction, made once: making the wrapper costs as much as using it.
  private readonly savepoint: <T>(work: () => T) => T
  // The operational day of the transaction in progress: what its follow-up operations are stamped with.
  private day = ''
  // When the follow-up being answered reached the Center (submitFollowUp): its time, not its batch's (R3.1.1).
  private arrivedAt: number | null = null
  // What else each batch commits with its requests (the intake's nonces), so it is durable before they are answered.
  private readonly batchWriters = new Set<(now: number) => void>()

  constructor(private readonly o: CenterOptions) {
    this.pipeline = new AuthorizationPipeline(o.deps)
    this.idleMs = o.settleIdleMs ?? 50
    const run = o.db.transaction((work: () => unknown) => work())
    this.savepoint = <T>(work: () => T) => run(work) as T
  }

  /** Validates and authorizes a request from a source (a terminal's code, a channel); resolves after commit. Never rejects. */
  submit(raw: unknown, source: string): Promise<AuthorizationAnswer> {
    return this.enqueue(requestIdOf(raw), (now, day) => this.one(raw, source, now, day))
  }

  /**
   * A completion or a reversal sent by a terminal, committed with the next batch instead of in a transaction
   * (and an fsync) of its own, which held the intake up for every one. Resolves after commit; never rejects.
   * `act` (complete, reverse) runs at the moment the request arrived, as an authorization does: it is recorded
   * then, and a hold it reached before its time ran out is still there for it.
   */
  submitFollowUp(requestId: string, act: () => AuthorizationAnswer): Promise<AuthorizationAnswer> {
    return this.enqueue(requestId, (at) =>
      this.alone(requestId, () => `follow-up ${requestId}`, () => {
        this.arrivedAt = at
        try {
          return act()
        } finally {
          this.arrivedAt = null
        }
      })
    )
  }

  /** The time of a follow-up: when it reached the Center if it came through submitFollowUp, else now (the desk's). */
  private followUpNow(): number {
    return this.arrivedAt ?? this.o.clock.now()
  }

  private enqueue(requestId: string, answer: Pending['answer']): Promise<AuthorizationAnswer> {
    const at = this.o.clock.now()
    return new Promise((resolve) => {
      this.queue.push({ requestId, at, answer, resolve })
      this.schedule()
    })
  }

  /**
   * Has `write` run inside every batch's transaction, after its requests are decided and before it commits: what
   * must be durable before the batch's answers are given, at no transaction of its own. Returns the undo.
   */
  addBatchWriter(write: (now: number) => void): () => void {
    this.batchWriters.add(write)
    return () => void this.batchWriters.delete(write)
  }

  /** The same pipeline inside the caller's transaction (the dispatcher's, for operations.submit). */
  authorize(req: ParsedAuthorizationRequest, source: string): AuthorizationAnswer {
    return this.inTransaction((now, day) => this.pipeline.authorize(req, source, now, day))
  }

  /**
   * Runs work in a transaction (a savepoint inside the caller's) with fresh registry reads, writing its outbox
   * and its accounts before commit; `now` only for the demo's history. The accounts' rows are written at once
   * unless the group commit asks to log them (`durability`).
   */
  inTransaction<T>(work: (now: number, day: string) => T, now = this.o.clock.now(), durability = WRITE_THROUGH): T {
    const { outbox, registry, book } = this.o.deps
    // Inside another of the Center's transactions, the work joins it: that one writes the outbox and the accounts.
    if (this.depth > 0) {
      const marks = { outbox: outbox.mark(), book: book.mark() }
      try {
        return this.savepoint(() => work(now, this.day))
      } catch (e) {
        outbox.rollbackTo(marks.outbox)
        book.rollbackTo(marks.book)
        throw e
      }
    }
    this.depth++
    // Registry rows are kept only by a transaction of the Center's own: a caller's may still be rolled back.
    const own = !this.o.db.inTransaction
    try {
      // IMMEDIATE: take the write lock first, so the number read for the next operation stays the next one even
      // when another process (a Center of its own) writes to the same file.
      return this.o.db.transaction(() => {
        book.begin()
        registry.begin(own)
        this.day = this.o.days.stamp(now)
        const result = work(now, this.day)
        outbox.flush(now)
        book.flush(durability)
        registry.end()
        return result
      }).immediate()
    } catch (e) {
      outbox.discard()
      // What the transaction changed in memory goes with it; a failure after the flush is caught by the generation.
      book.rollbackTo(0)
      registry.clear()
      registry.end()
      throw e
    } finally {
      this.depth--
    }
  }

  /** Writes every account the book holds to its row, in transactions of a bounded size; returns how many. */
  settleAccounts(): number {
    const { book } = this.o.deps
    let total = 0
    while (book.unsettled > 0) {
      const before = book.unsettled
      this.inTransaction(() => undefined, undefined, SETTLE_CHUNK)
      total += Math.max(0, before - book.unsettled)
    }
    return total
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => this.flush())
  }

  private flush(): void {
    this.scheduled = false
    this.lastBatchAt = performance.now()
    const batch = this.queue.splice(0, this.o.maxBatch ?? 2_000)
    if (this.queue.length) this.schedule()
    const durability = batch.length < WRITE_THROUGH_BELOW ? WRITE_THROUGH : { writeThrough: false, sweep: this.o.sweepPerBatch ?? SWEEP_PER_BATCH, oldest: 0 }
    let answers: AuthorizationAnswer[]
    const started = this.lastBatchAt
    let decided = started
    try {
      answers = this.inTransaction(
        (now, day) => {
          const decisions = batch.map((p) => {
            // A request is the day's that reached the Center within it, though its batch commits after midnight.
            this.day = this.dayOf(p.at, now, day)
            return p.answer(p.at, this.day)
          })
          for (const write of this.batchWriters) write(now)
          decided = performance.now()
          return decisions
        },
        undefined,
        durability
      )
      this.count(batch.length, decided - started, performance.now() - decided)
    } catch (e) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is durable, so nothing is accepted.
      this.o.log?.('center: a batch could not be committed', e)
      answers = batch.map((p) => rejected(p.requestId, RESULT_CODES.SYSTEM_MALFUNCTION, 'center.unavailable'))
    }
    batch.forEach((p, i) => p.resolve(answers[i]!))
    this.settleWhenIdle()
  }

  /**
   * The operational day of a request that reached the Center at `at`, in a transaction begun at `now` and stamped
   * `day`: that day, unless the request arrived on an earlier calendar day; then the day open at that moment, if its
   * close has not begun (a closing day's range of operations is final), and never earlier than the operations before it.
   */
  private dayOf(at: number, now: number, day: string): string {
    return at === now || operationalDayOf(at) === operationalDayOf(now) ? day : this.o.days.stamp(at)
  }

  /** The group commit's totals so far, read in place: copy them to keep a reading. */
  get totals(): Readonly<BatchTotals> {
    return this.batchTotals
  }

  private count(requests: number, decideMs: number, commitMs: number): void {
    const t = this.batchTotals
    t.batches++
    t.requests += requests
    t.decideMs += decideMs
    t.commitMs += commitMs
  }

  /**
   * Once no batch has come for `settleIdleMs`, writes the accounts the batches left in the log to their rows. Idle
   * means quiet for that long, not an empty queue at the timer's moment: under the intake's steady traffic the
   * queue is empty between batches most of the time, and writing out 5,000 accounts (a commit of as many pages)
   * every 50 ms took 6% of the intake's thread in a profile, and the log's replay is what the sweep bounds anyway.
   */
  private settleWhenIdle(delayMs = this.idleMs): void {
    if (this.idleTimer || !this.o.deps.book.unsettled) return
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      if (!this.o.db.open) return
      const quietMs = performance.now() - this.lastBatchAt
      if (this.scheduled || this.queue.length || quietMs < this.idleMs) return this.settleWhenIdle(Math.max(1, this.idleMs - quietMs))
      try {
        this.inTransaction(() => undefined, undefined, SETTLE_CHUNK)
      } catch (e) {
        this.o.log?.('center: accounts could not be written out', e)
        return
      }
      this.settleWhenIdle()
    }, delayMs)
    this.idleTimer.unref()
  }

  private one(raw: unknown, source: string, now: number, day: string): AuthorizationAnswer {
    const parsed = authorizationRequest.safeParse(raw)
    if (!parsed.success)
      return {
        ...rejected(requestIdOf(raw), RESULT_CODES.FORMAT_ERROR, 'request.invalid'),
        details: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
      }
    return this.alone(parsed.data.requestId, () => `request ${parsed.data.requestId} from ${source}`, () => this.pipeline.authorize(parsed.data, source, now, day))
  }

  /**
   * One request of a batch in a savepoint of its own: if it fails unexpectedly, it alone is taken back and answered
   * 9096. `what` names it for the log, built only then (not for every request of the peak).
   */
  private alone(requestId: string, what: () => string, work: () => AuthorizationAnswer): AuthorizationAnswer {
    const mark = this.o.deps.outbox.mark()
    const bookMark = this.o.deps.book.mark()
    try {
      return this.savepoint(work)
    } catch (e) {
      this.o.deps.outbox.rollbackTo(mark)
      this.o.deps.book.rollbackTo(bookMark)
      this.o.deps.registry.clear() // what it read or created may have been rolled back with it
      this.o.log?.(`center: ${what()} failed`, e)
      return rejected(requestId, RESULT_CODES.SYSTEM_MALFUNCTION, 'center.error')
    }
  }

  /** Completes a two-phase operation for its held amount or less: the hold is released and the money moves. */
  complete(seq: number, amount: string | undefined, requestId: string, source: string): AuthorizationAnswer {
    const now = this.followUpNow()
    return this.follow(seq, { complete: seq, amount: amount ?? null }, requestId, source, now, (orig, hash) => {
      if (orig.status !== 'held') return [RESULT_CODES.ORIGINAL_NOT_FOUND, orig.status === 'expired' ? 'hold.expired' : 'original.not_held']
      const hold = this.o.deps.ledger.activeHold(orig.seq)!
      if (hold.expires_at <= now) {
        this.expire(orig.seq, now)
        return [RESULT_CODES.ORIGINAL_NOT_FOUND, 'hold.expired']
      }
      const minor = amount === undefined ? hold.amount_minor : parseMoney(amount, orig.currency).minor
      if (minor > hold.amount_minor) return [RESULT_CODES.EXCEEDS_PRE_AUTHORIZED, 'amount.exceeds_hold']
      this.o.deps.ledger.release(orig.seq, 'completed', now)
      // The hold used its whole amount of the day's limit: what the completion did not take is given back.
      this.returnDayDebit(orig, hold.amount_minor - minor)
      const seqNew = this.record(orig, requestId, hash, source, now, 'completion', minor, RESULT_CODES.APPROVED)
      const payer = this.o.deps.accounts.record(orig.payer_account_id!)!
      const payee = this.o.deps.accounts.record(orig.payee_account_id!)!
      this.pipeline.post(seqNew, payer, payee, minor, minor, now)
      this.o.deps.operations.setStatus(orig.seq, 'completed', seqNew)
      return seqNew
    })
  }

  /**
   * Reverses an accepted operation by new postings that mirror its own (never by edits), or voids a held
   * one. A completed two-phase operation is reversed through its completion, which carries the postings.
   */
  reverse(seq: number, reason: string, requestId: string, source: string): AuthorizationAnswer {
    const now = this.followUpNow()
    return this.follow(seq, { reverse: seq, reason }, requestId, source, now, (orig, hash) => {
      if (orig.status === 'reversed' || orig.status === 'voided') return [RESULT_CODES.PREVIOUSLY_REVERSED, 'original.reversed']
      if (orig.status === 'refused' || orig.status === 'expired') return [RESULT_CODES.ORIGINAL_NOT_FOUND, 'original.not_accepted']
      if (orig.status === 'completed') return [RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'original.reverse_completion']
      if (orig.result_code === RESULT_CODES.REVERSAL_ACCEPTED) return [RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'original.is_reversal']
      if (this.o.deps.operations.returnedOf(orig.seq) > 0) return [RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'original.partly_returned']
      if (orig.status === 'held') {
        // A hold whose time ran out is expired, as expireHolds would have found it: there is nothing left to void.
        if (this.o.deps.ledger.activeHold(orig.seq)!.expires_at <= now) {
          this.expire(orig.seq, now)
          return [RESULT_CODES.ORIGINAL_NOT_FOUND, 'hold.expired']
        }
        this.o.deps.ledger.release(orig.seq, 'voided', now)
        this.returnDayDebit(orig)
        // No money moved, so nothing goes to the ABS and no payment document is formed (R7.5).
        const seqNew = this.record(orig, requestId, hash, source, now, 'void', orig.amount_minor, RESULT_CODES.REVERSAL_ACCEPTED, false)
        this.o.deps.operations.setStatus(orig.seq, 'voided', seqNew)
        return seqNew
      }
      const mirror = this.o.deps.ledger.postingsOf(orig.seq).map((p) => ({ debit: p.credit_account, credit: p.debit_account, amount: p.amount_minor, currency: p.currency, kind: 'reversal' as const }))
      // The money must still be there: a client who spent what was received cannot be reversed below the minimum.
      const debits = new Map<string, number>()
      for (const t of mirror) debits.set(t.debit, (debits.get(t.debit) ?? 0) + t.amount)
      for (const [id, total] of debits) {
        const a = this.o.deps.accounts.record(id)!
        if (a.min_balance_minor !== null && a.balance_minor - a.held_minor - total < a.min_balance_minor)
          return [RESULT_CODES.FURTHER_ACTIVITY_PREVENTS_REVERSAL, 'reversal.insufficient_funds']
      }
      const seqNew = this.record(orig, requestId, hash, source, now, 'reversal', orig.amount_minor, RESULT_CODES.REVERSAL_ACCEPTED)
      mirror.forEach((t, i) => this.o.deps.ledger.post(seqNew, i + 1, t, now))
      this.o.deps.operations.setStatus(orig.seq, 'reversed', seqNew)
      this.returnDayDebit(orig)
      return seqNew
    })
  }

  /**
   * Gives back part of an accepted operation (a dispute accepted in part, R10.1), or what the parts before left of
   * it: mirror postings scaled to the amount, in the caller's transaction. Only an operation whose every posting
   * moves its own amount in its own currency can be split so; a full revocation at once goes through reverse().
   */
  returnFunds(seq: number, amountMinor: number, reason: string, requestId: string, source: string): AuthorizationAnswer {
    const now = this.followUpNow()
    return this.follow(seq, { return: seq, amountMinor, reason }, requestId, source, now, (orig, hash) => {
      if (!isRevocable(orig)) return [RESULT_CODES.ORIGINAL_NOT_FOUND, 'original.not_accepted']
      const returned = this.o.deps.operations.returnedOf(orig.seq)
      if (!Number.isInteger(amountMinor) || amountMinor <= 0 || returned + amountMinor > orig.amount_minor) return [RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'return.amount']
      const postings = this.o.deps.ledger.postingsOf(orig.seq)
      if (postings.some((p) => p.amount_minor !== orig.amount_minor || p.currency !== orig.currency)) return [RESULT_CODES.FUNCTION_NOT_SUPPORTED, 'return.not_divisible']
      const mirror = postings.map((p) => ({ debit: p.credit_account, credit: p.debit_account, amount: amountMinor, currency: p.currency, kind: 'reversal' as const }))
      for (const t of mirror) {
        const a = this.o.deps.accounts.record(t.debit)!
        if (a.min_balance_minor !== null && a.balance_minor - a.held_minor - t.amount < a.min_balance_minor) return [RESULT_CODES.FURTHER_ACTIVITY_PREVENTS_REVERSAL, 'reversal.insufficient_funds']
      }
      const seqNew = this.record(orig, requestId, hash, source, now, 'return', amountMinor, RESULT_CODES.REVERSAL_ACCEPTED)
      mirror.forEach((t, i) => this.o.deps.ledger.post(seqNew, i + 1, t, now))
      // The last part given back (an appeal accepted after a partial acceptance): the operation stands reversed.
      if (returned + amountMinor === orig.amount_minor) this.o.deps.operations.setStatus(orig.seq, 'reversed', seqNew)
      return seqNew
    })
  }

  /** Releases the holds whose time ran out; their operations become expired and the issuer is told. */
  expireHolds(limit = 1_000): number {
    return this.inTransaction((now) => {
      const due = this.o.deps.ledger.expiredHolds(now, limit)
      for (const seq of due) this.expire(seq, now)
      return due.length
    })
  }

  private expire(seq: number, now: number): void {
    this.o.deps.ledger.release(seq, 'expired', now)
    this.o.deps.operations.setStatus(seq, 'expired', null)
    const o = this.o.deps.operations.stored(seq)!
    this.returnDayDebit(o)
    this.pipeline.confirm(seq, { ...fromStored(o), requestId: o.request_id }, 'expired', null, false, now)
  }

  /**
   * An operation that follows another (completion, void, reversal): idempotent by its own request id,
   * refused with a code when the original does not allow it, recorded, confirmed and handed to the ABS.
   */
  private follow(
    seq: number,
    request: object,
    requestId: string,
    source: string,
    now: number,
    act: (orig: StoredOperation, hash: string) => number | [ResultCode, string]
  ): AuthorizationAnswer {
    return this.inTransaction(() => this.followIn(seq, request, requestId, source, now, act))
  }

  private followIn(
    seq: number,
    request: object,
    requestId: string,
    source: string,
    now: number,
    act: (orig: StoredOperation, hash: string) => number | [ResultCode, string]
  ): AuthorizationAnswer {
    const ops = this.o.deps.operations
    const hash = requestHash(request)
    const prior = ops.byRequest(source, requestId)
    if (prior) {
      if (prior.request_hash !== hash) return rejected(requestId, RESULT_CODES.DUPLICATE_TRANSMISSION, 'request.duplicate_id')
      return { requestId, operation: prior.seq, status: prior.status === 'refused' ? 'refused' : 'accepted', resultCode: prior.result_code, reason: prior.reason ?? 'approved', opDay: prior.op_day, documentNo: prior.document_no, replayed: true }
    }
    const orig = ops.stored(seq)
    if (!orig) return rejected(requestId, RESULT_CODES.ORIGINAL_NOT_FOUND, 'original.unknown')
    // One a terminal sends (its source is its code) is refused once the terminal may send nothing: blocked,
    // uncertified or under a suspended acquirer, as its authorizations are (R8.4, R9.1.5). The desk's go ahead.
    const barred = this.o.deps.lookups.terminal(source) ? this.pipeline.senderRefusal(source) : null
    const outcome: number | [ResultCode, string] = barred ? [barred.code, barred.reason] : act(orig, hash)
    if (Array.isArray(outcome)) {
      const [code, reason] = outcome
      // The refusal is recorded too, against the original, so the journal shows the attempt.
      const refusedSeq = this.insertFollower(orig, requestId, hash, source, now, 'refused', code, reason, orig.amount_minor, false)
      return { requestId, operation: refusedSeq.seq, status: 'refused', resultCode: code, reason, opDay: this.day, documentNo: null, replayed: false }
    }
    const row = ops.stored(outcome)!
    this.pipeline.confirm(outcome, { ...fromStored(row), requestId, originalSeq: row.original_seq, reason: row.reason ?? 'approved' }, 'accepted', row.document_no, row.reason !== 'void', now)
    return { requestId, operation: outcome, status: 'accepted', resultCode: row.result_code, reason: row.reason ?? 'approved', opDay: row.op_day, documentNo: row.document_no, replayed: false }
  }

  /**
   * An operation that did not take the money (voided, expired, reversed) gives back what it used of the daily limit;
   * a completion for less than its hold, the difference. Only while that day is the account's current one. A
   * completion's amount was counted on the day of its hold, which may be an earlier one.
   */
  private returnDayDebit(o: StoredOperation, amount = o.amount_minor): void {
    if (!o.payer_account_id || amount <= 0) return
    const day = o.reason === 'completion' && o.original_seq !== null ? this.o.deps.operations.stored(o.original_seq)!.op_day : o.op_day
    this.o.deps.accounts.returnDayDebit(o.payer_account_id, day, amount)
  }

  private record(orig: StoredOperation, requestId: string, hash: string, source: string, now: number, reason: string, amount: number, code: ResultCode, document = true): number {
    return this.insertFollower(orig, requestId, hash, source, now, 'accepted', code, reason, amount, document).seq
  }

  private insertFollower(orig: StoredOperation, requestId: string, hash: string, source: string, now: number, status: 'accepted' | 'refused', code: string, reason: string, amount: number, document: boolean) {
    const checks: OperationCheck[] = [{ check: 'original', ok: status === 'accepted', ...(status === 'refused' ? { reason } : {}) }]
    const o: NewOperation = {
      ...fromStored(orig),
      source,
      requestId,
      requestHash: hash,
      receivedAt: now,
      opDay: this.day,
      amountMinor: amount,
      creditAmountMinor: orig.credit_amount_minor,
      creditCurrency: orig.credit_currency,
      twoPhase: false,
      status,
      resultCode: code,
      reason,
      checks,
      originalSeq: orig.seq,
      purpose: orig.purpose
    }
    return this.o.deps.operations.insert(o, document)
  }
}

/** The fields of a stored operation that a follower copies and that confirmations carry. */
function fromStored(o: StoredOperation): Omit<NewOperation, 'source' | 'requestId' | 'requestHash' | 'receivedAt' | 'status' | 'resultCode' | 'reason' | 'checks' | 'originalSeq' | 'twoPhase'> {
  return {
    type: o.type,
    channel: o.channel,
    method: o.method,
    opDay: o.op_day,
    amountMinor: o.amount_minor,
    currency: o.currency,
    creditAmountMinor: o.credit_amount_minor,
    creditCurrency: o.credit_currency,
    payerAccountId: o.payer_account_id,
    payeeAccountId: o.payee_account_id,
    instrumentId: o.instrument_id,
    terminalId: o.terminal_id,
    issuerId: o.issuer_id,
    acquirerId: o.acquirer_id,
    payeeParticipantId: o.payee_participant_id,
    clientIin: o.client_iin,
    panMasked: o.pan_masked,
    purpose: o.purpose
  }
}
