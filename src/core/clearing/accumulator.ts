import type { Database } from 'better-sqlite3'
import type { Channel, OperationType } from '../api/center-types'
import { ALL_PARTIES } from '../api/clearing-types'
import { CodedError } from '../domain/coded-text'
import { statementCache } from '../store/statements'
import { feeGivenBack, feeOf, type TariffsRepo } from './tariffs'

const APPROVED = '0000'
const REVERSAL_ACCEPTED = '4000'
/** The reason of the follower that releases a hold: accepted (4000), it moves no money. */
const VOID = 'void'

interface Party {
  code: string
  /** Whether the party settles gross by contract (R7.6, R7.9) on an operational day. */
  gross: (day: string) => boolean
}

type OperationTuple = [number, string, OperationType, Channel, string, number, string | null, string | null, string, string | null, number, number | null]
type PostingTuple = [number, number, string, string, number, string]

/** Sums of a batch, keyed like the tables they are added to. */
class Sums<V extends number[]> {
  readonly rows = new Map<string, { key: (string | number)[]; values: V }>()
  add(key: (string | number)[], values: V): void {
    const k = key.join('\u0000')
    const row = this.rows.get(k)
    if (!row) this.rows.set(k, { key, values: [...values] as V })
    else values.forEach((v, i) => (row.values[i]! += v))
  }
}

/** A side's figures of a day: executed (count, amount), refused, held (count, amount), given back (count, amount). */
type StatValues = [number, number, number, number, number, number, number]

/**
 * What one operation adds to its day's figures, as money moved that day (R9.3.7, R3.1.3): a single-phase approval
 * or a completion is executed; a hold is held, not executed (its completion is, for what it takes); a reversal or
 * a return gives money back on its own day; a refused request is counted once, on the original; a void moves
 * nothing. The original of a later reversal stays executed on its day: its money did move then.
 */
function statValues(code: string, twoPhase: number, reason: string | null, original: number | null, amount: number): StatValues | null {
  if (code === APPROVED) return twoPhase === 0 ? [1, amount, 0, 0, 0, 0, 0] : [0, 0, 0, 1, amount, 0, 0]
  if (code === REVERSAL_ACCEPTED) return reason === VOID ? null : [0, 0, 0, 0, 0, 1, amount]
  return original === null ? [0, 0, 1, 0, 0, 0, 0] : null
}

/**
 * A day's clearing figures, accumulated behind the Center while the day runs, like the journal's search keys:
 * in large batches of committed operations (their counted fields never change), read without the write
 * lock and added in one short transaction that also moves the progress mark — so they are exact, never
 * counted twice (the mark is compared before adding), and the close only has the last seconds left to add.
 * Per operational day it keeps the interbank obligations between banks (postings between two settlement
 * positions, reversals included), the gross-model payers' obligations one by one (R7.9), fees by the
 * tariff of the operation's day and their part given back with the money on the day it goes back (R9.4.6), the
 * statements' figures and refusals by reason (R9.3.7, R3.1.3).
 */
export class ClearingAccumulator {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(
    private readonly db: Database,
    private readonly tariffs: TariffsRepo
  ) {
    this.sql = statementCache(db)
  }

  progress(): number {
    return this.sql<[], number>('SELECT last_seq FROM clearing_progress WHERE id = 1').pluck().get()!
  }

  /** Adds the next committed operations (at most `limit`); returns how many, 0 when up to date. */
  catchUp(limit = 50_000): number {
    const from = this.progress() + 1
    const newest = this.sql<[], number | null>('SELECT max(seq) FROM operations').pluck().get() ?? 0
    if (newest < from) return 0
    const to = Math.min(newest, from + limit - 1)
    const parties = this.parties()
    const positions = new Map(this.sql<[], { id: string; participant_id: string }>(`SELECT id, participant_id FROM accounts WHERE kind = 'settlement'`).all().map((a) => [a.id, parties.get(a.participant_id)!]))

    const matrix = new Sums<[number, number]>()
    const gross: (string | number)[][] = []
    const dayOf = new Map<number, string>()
    const operations = this.sql<[number, number], OperationTuple>(
      'SELECT seq, op_day, type, channel, currency, amount_minor, issuer_id, acquirer_id, result_code, reason, two_phase, original_seq FROM operations WHERE seq BETWEEN ? AND ?'
    ).raw().all(from, to)
    for (const o of operations) dayOf.set(o[0], o[1])
    const postings = this.sql<[number, number], PostingTuple>(
      `SELECT operation_seq, leg, debit_account, credit_account, amount_minor, currency FROM postings WHERE operation_seq BETWEEN ? AND ? AND kind IN ('interbank', 'reversal')`
    ).raw().all(from, to)
    for (const [seq, leg, debit, credit, amount, currency] of postings) {
      const payer = positions.get(debit)
      const payee = positions.get(credit)
      // A reversal's client leg, not an obligation between banks.
      if (!payer || !payee || payer === payee) continue
      const day = dayOf.get(seq)!
      const isGross = payer.gross(day)
      matrix.add([day, payer.code, payee.code, currency, isGross ? 1 : 0], [1, amount])
      if (isGross) gross.push([seq, leg, day, payer.code, payee.code, currency, amount])
    }

    // Charged (count, amount, fee), then given back (count, fee).
    const fees = new Sums<[number, number, number, number, number]>()
    const stats = new Sums<StatValues>()
    const refusals = new Sums<[number]>()
    const choosers = new Map<string, ReturnType<TariffsRepo['forDay']>>()
    const tariffsOf = (day: string) => {
      let chooser = choosers.get(day)
      if (!chooser) choosers.set(day, (chooser = this.tariffs.forDay(day)))
      return chooser
    }
    for (const [seq, day, type, channel, currency, amount, issuer, acquirer, code, reason, twoPhase, original] of operations) {
      const tariffOf = tariffsOf(day)
      const counted = statValues(code, twoPhase, reason, original, amount)
      // Money given back gives back its part of the fee, by the tariff the operation was charged by (R9.4.6).
      const charged = code === REVERSAL_ACCEPTED && reason !== VOID && original !== null ? this.chargedOf(original, seq) : null
      const refused = code !== APPROVED && code !== REVERSAL_ACCEPTED
      const sides: ['issuer' | 'acquirer', string][] = []
      if (issuer) sides.push(['issuer', issuer])
      if (acquirer) sides.push(['acquirer', acquirer])
      for (const [role, id] of sides) {
        const key = [day, parties.get(id)!.code, role, type, channel, currency]
        // Charged: what moved money — a single-phase approval or a completion (a hold is charged when completed).
        if (code === APPROVED && twoPhase === 0) {
          const t = tariffOf(id, role, type, channel, currency)
          if (t) fees.add(key, [1, amount, feeOf(t, amount), 0, 0])
        }
        if (charged) {
          const t = tariffsOf(charged.day)(id, role, type, channel, currency)
          if (t) fees.add(key, [0, 0, 0, 1, feeGivenBack(t, charged.standingMinor, amount)])
        }
        if (counted) stats.add(key, counted)
      }
      if (original === null && refused) {
        for (const id of new Set(sides.map(([, id]) => id))) refusals.add([day, parties.get(id)!.code, reason ?? code], [1])
        refusals.add([day, ALL_PARTIES, reason ?? code], [1])
      }
    }

    return this.db.transaction(() => {
      // Another accumulator (the close's, on its own connection) may have added this batch meanwhile.
      if (this.progress() !== from - 1) return 0
      const m = this.sql(`INSERT INTO clearing_matrix (day, payer, payee, currency, gross, count, amount_minor) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET count = count + excluded.count, amount_minor = amount_minor + excluded.amount_minor`)
      for (const r of matrix.rows.values()) m.run(...r.key, ...r.values)
      const g = this.sql('INSERT INTO gross_obligations (operation_seq, leg, day, payer, payee, currency, amount_minor) VALUES (?, ?, ?, ?, ?, ?, ?)')
      for (const r of gross) g.run(...r)
      const f = this.sql(`INSERT INTO day_fees (day, party, role, op_type, channel, currency, count, amount_minor, fee_minor, reversed, refund_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET count = count + excluded.count, amount_minor = amount_minor + excluded.amount_minor, fee_minor = fee_minor + excluded.fee_minor,
          reversed = reversed + excluded.reversed, refund_minor = refund_minor + excluded.refund_minor`)
      for (const r of fees.rows.values()) f.run(...r.key, ...r.values)
      const s = this.sql(`INSERT INTO day_stats (day, party, role, op_type, channel, currency, accepted, accepted_minor, refused, held, held_minor, reversed, reversed_minor)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET accepted = accepted + excluded.accepted, accepted_minor = accepted_minor + excluded.accepted_minor, refused = refused + excluded.refused,
          held = held + excluded.held, held_minor = held_minor + excluded.held_minor, reversed = reversed + excluded.reversed, reversed_minor = reversed_minor + excluded.reversed_minor`)
      for (const r of stats.rows.values()) s.run(...r.key, ...r.values)
      const rf = this.sql('INSERT INTO day_refusals (day, party, reason, count) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count')
      for (const r of refusals.rows.values()) rf.run(...r.key, ...r.values)
      this.sql('UPDATE clearing_progress SET last_seq = ? WHERE id = 1').run(to)
      return to - from + 1
    }).immediate()
  }

  /**
   * The operation money is given back from, as the fee was charged: its day (whose tariff applies) and what of it
   * still stood before this reversal or return, the parts given back before it taken off.
   */
  private chargedOf(original: number, follower: number): { day: string; standingMinor: number } {
    return this.sql<[{ original: number; follower: number }], { day: string; standingMinor: number }>(
      `SELECT o.op_day AS day, o.amount_minor - coalesce((SELECT sum(f.amount_minor) FROM operations f
         WHERE f.original_seq = @original AND f.result_code = '${REVERSAL_ACCEPTED}' AND f.seq < @follower), 0) AS standingMinor
       FROM operations o WHERE o.seq = @original`
    ).get({ original, follower })!
  }

  /** Catches up to an operation number (a closing day's last one). */
  catchUpTo(seq: number): void {
    while (this.progress() < seq) if (this.catchUp() === 0 && this.progress() < seq) throw new CodedError('operations_pending', { seq }, `operations up to ${seq} are not all committed`)
  }

  /** Each participant's code and settlement model: the contract's from its first day, the prior one before it. */
  private parties(): Map<string, Party> {
    return new Map(
      this.sql<[], { id: string; code: string; model: string | null; model_from: string | null; prior_model: string | null }>(
        'SELECT p.id, p.code, c.settlement_model AS model, c.model_from, c.prior_model FROM participants p LEFT JOIN participant_contracts c ON c.participant_id = p.id'
      )
        .all()
        .map((p) => [p.id, { code: p.code, gross: (day: string) => (p.model_from === null || day >= p.model_from ? p.model : p.prior_model) === 'gross' }])
    )
  }
}
