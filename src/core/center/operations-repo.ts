import type { Database } from 'better-sqlite3'
import type { Channel, OperationCheck, OperationRow, OperationStatus, OperationType, PayerMethod } from '../api/types'
import { statementCache } from '../store/statements'
import { checksOf, checksText } from './checks-text'
import { iinKey, openKeysReader, panKey, terminalKey } from './journal-keys'
import { concernsParticipantSql, payeeBankConcernedSql } from './operation-parties'

/** An operation as it is written: every request that reached the Center, accepted or refused. */
export interface NewOperation {
  source: string
  requestId: string
  requestHash: string
  type: OperationType
  channel: Channel
  method: PayerMethod
  opDay: string
  receivedAt: number
  amountMinor: number
  currency: string
  creditAmountMinor: number | null
  creditCurrency: string | null
  payerAccountId: string | null
  payeeAccountId: string | null
  instrumentId: string | null
  terminalId: string | null
  issuerId: string | null
  acquirerId: string | null
  payeeParticipantId: string | null
  clientIin: string | null
  panMasked: string | null
  twoPhase: boolean
  status: OperationStatus
  resultCode: string
  reason: string
  checks: OperationCheck[]
  originalSeq: number | null
  purpose: string | null
}

/** What the Center needs of a stored operation to answer a retry, complete it or reverse it. */
export interface StoredOperation {
  seq: number
  source: string
  request_id: string
  request_hash: string
  type: OperationType
  channel: Channel
  method: PayerMethod
  op_day: string
  amount_minor: number
  currency: string
  credit_amount_minor: number | null
  credit_currency: string | null
  payer_account_id: string | null
  payee_account_id: string | null
  instrument_id: string | null
  terminal_id: string | null
  issuer_id: string | null
  acquirer_id: string | null
  payee_participant_id: string | null
  client_iin: string | null
  pan_masked: string | null
  two_phase: number
  status: OperationStatus
  result_code: string
  reason: string | null
  document_no: string | null
  original_seq: number | null
  reversed_by: number | null
  purpose: string | null
  received_at: number
  checks: string
}

/**
 * An accepted operation that moved the money by postings of its own: a single-phase one, or the completion of a
 * two-phase one (the hold itself posts nothing). What a revocation can be filed against, and returned in part (R10.1).
 */
export const isRevocable = (o: Pick<StoredOperation, 'status' | 'original_seq' | 'reason'>): boolean =>
  o.status === 'accepted' && (o.original_seq === null || o.reason === 'completion')

const JOURNAL = `SELECT o.seq, o.source, o.request_id, o.type, o.channel, o.method, o.op_day, o.received_at, o.amount_minor, o.currency,
  o.credit_amount_minor, o.credit_currency, o.status, o.result_code, o.reason, o.issuer_id, pi.code AS issuer_code, o.acquirer_id,
  pa.code AS acquirer_code, o.payee_participant_id, ${payeeBankConcernedSql('o')} AS payee_bank_concerned, t.code AS terminal_code, o.client_iin, o.pan_masked, o.document_no, o.two_phase,
  o.original_seq, o.reversed_by
  FROM operations o LEFT JOIN participants pi ON pi.id = o.issuer_id LEFT JOIN participants pa ON pa.id = o.acquirer_id
  LEFT JOIN terminals t ON t.id = o.terminal_id`

interface JournalRow {
  seq: number
  source: string
  request_id: string
  type: OperationType
  channel: Channel
  method: PayerMethod
  op_day: string
  received_at: number
  amount_minor: number
  currency: string
  credit_amount_minor: number | null
  credit_currency: string | null
  status: OperationStatus
  result_code: string
  reason: string | null
  issuer_id: string | null
  issuer_code: string | null
  acquirer_id: string | null
  acquirer_code: string | null
  payee_participant_id: string | null
  payee_bank_concerned: number
  terminal_code: string | null
  client_iin: string | null
  pan_masked: string | null
  document_no: string | null
  two_phase: number
  original_seq: number | null
  reversed_by: number | null
}

const toRow = (r: JournalRow): OperationRow => ({
  seq: r.seq,
  source: r.source,
  requestId: r.request_id,
  type: r.type,
  channel: r.channel,
  method: r.method,
  opDay: r.op_day,
  receivedAt: r.received_at,
  amountMinor: r.amount_minor,
  currency: r.currency,
  creditAmountMinor: r.credit_amount_minor,
  creditCurrency: r.credit_currency,
  status: r.status,
  resultCode: r.result_code,
  reason: r.reason ?? 'approved',
  issuerId: r.issuer_id,
  issuerCode: r.issuer_code,
  acquirerId: r.acquirer_id,
  acquirerCode: r.acquirer_code,
  payeeParticipantId: r.payee_participant_id,
  payeeBankConcerned: r.payee_bank_concerned === 1,
  terminalCode: r.terminal_code,
  clientIin: r.client_iin,
  panMasked: r.pan_masked,
  documentNo: r.document_no,
  twoPhase: r.two_phase === 1,
  originalSeq: r.original_seq,
  reversedBy: r.reversed_by
})

/** Filters of the journal, already resolved to what the table holds (ids, minor units, the masked PAN's form). */
export interface JournalFilter {
  day?: string | undefined
  type?: OperationType | undefined
  status?: OperationStatus | undefined
  /** Operations that concern the participant: as issuer, acquirer or the payee's bank (operation-parties). */
  participantId?: string | null | undefined
  /** A terminal: its id as the operations hold it, its code as the search keys do. */
  terminal?: { id: string; code: string } | undefined
  iin?: string | undefined
  panMasked?: string | undefined
  amountMin?: number | undefined
  amountMax?: number | undefined
  currency?: string | undefined
  beforeSeq?: number | undefined
  afterSeq?: number | undefined
}

/** Most operations one slice of a search key brings to the journal's query. */
const MOST_PER_SLICE = 10_000

/** The journal's filter found through a search key, if any: the most selective first. */
function searchKey(f: JournalFilter): readonly [column: string, key: string, value: string] | null {
  if (f.iin) return ['client_iin', iinKey(f.iin), f.iin]
  if (f.panMasked) return ['pan_masked', panKey(f.panMasked), f.panMasked]
  if (f.terminal) return ['terminal_id', terminalKey(f.terminal.code), f.terminal.id]
  return null
}

/** The document number of an accepted operation (R7.5.6): its day and its number, unique by construction. */
export const documentNumber = (opDay: string, seq: number): string => `${opDay.replace(/-/g, '')}-${String(seq).padStart(10, '0')}`

/** SQL for operations: idempotent recording, status changes, the journal. */
export class OperationsRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(private readonly db: Database) {
    this.sql = statementCache(db)
  }

  byRequest(source: string, requestId: string): StoredOperation | undefined {
    return this.sql<[string, string], StoredOperation>('SELECT * FROM operations WHERE source = ? AND request_id = ?').get(source, requestId)
  }

  stored(seq: number): StoredOperation | undefined {
    return this.sql<[number], StoredOperation>('SELECT * FROM operations WHERE seq = ?').get(seq)
  }

  /** Records an operation under the next number; an accepted single-phase one gets its payment document number with it. */
  insert(o: NewOperation, withDocument: boolean): { seq: number; documentNo: string | null } {
    // The number is taken inside the writer's transaction, so it is the next one and the document number is written once.
    const seq = this.lastSeq() + 1
    const documentNo = withDocument ? documentNumber(o.opDay, seq) : null
    this.sql(
      `INSERT INTO operations (seq, source, request_id, request_hash, type, channel, method, op_day, received_at, amount_minor, currency,
        credit_amount_minor, credit_currency, payer_account_id, payee_account_id, instrument_id, terminal_id, issuer_id, acquirer_id,
        payee_participant_id, client_iin, pan_masked, two_phase, status, result_code, reason, checks, original_seq, purpose, document_no)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      seq, o.source, o.requestId, o.requestHash, o.type, o.channel, o.method, o.opDay, o.receivedAt, o.amountMinor, o.currency,
      o.creditAmountMinor, o.creditCurrency, o.payerAccountId, o.payeeAccountId, o.instrumentId, o.terminalId, o.issuerId, o.acquirerId,
      o.payeeParticipantId, o.clientIin, o.panMasked, o.twoPhase ? 1 : 0, o.status, o.resultCode, o.reason, checksText(o.checks),
      o.originalSeq, o.purpose, documentNo
    )
    return { seq, documentNo }
  }

  /** The minor units already given back from an operation by accepted partial returns (disputes). */
  returnedOf(seq: number): number {
    return this.sql<[number], { total: number }>(`SELECT coalesce(sum(amount_minor), 0) AS total FROM operations WHERE original_seq = ? AND status = 'accepted' AND reason = 'return'`).get(seq)!.total
  }

  /** The one edit an operation sees after it is written: its lifecycle status and the link to what followed it. */
  setStatus(seq: number, status: OperationStatus, followedBy: number | null): void {
    this.sql('UPDATE operations SET status = ?, reversed_by = coalesce(?, reversed_by) WHERE seq = ?').run(status, followedBy, seq)
  }

  row(seq: number): OperationRow | undefined {
    const r = this.sql<[number], JournalRow>(`${JOURNAL} WHERE o.seq = ?`).get(seq)
    return r && toRow(r)
  }

  /** Operations that complete or reverse this one. */
  followers(seq: number): OperationRow[] {
    return this.sql<[number], JournalRow>(`${JOURNAL} WHERE o.original_seq = ? ORDER BY o.seq`).all(seq).map(toRow)
  }

  /** A page of the journal, newest first (keyset on seq), or the operations after a seq (live updates), oldest first. */
  list(f: JournalFilter, limit: number): OperationRow[] {
    const where: string[] = []
    const args: (string | number)[] = []
    const eq = (column: string, value: string | number | undefined | null) => {
      if (value !== undefined && value !== null) where.push(`${column} = ?`), args.push(value)
    }
    eq('o.op_day', f.day)
    eq('o.type', f.type)
    eq('o.status', f.status)
    eq('o.terminal_id', f.terminal?.id)
    eq('o.client_iin', f.iin)
    eq('o.pan_masked', f.panMasked)
    eq('o.currency', f.currency)
    if (f.participantId) where.push(concernsParticipantSql('o', '@scope'))
    if (f.amountMin !== undefined) where.push('o.amount_minor >= ?'), args.push(f.amountMin)
    if (f.amountMax !== undefined) where.push('o.amount_minor <= ?'), args.push(f.amountMax)
    const ascending = f.afterSeq !== undefined
    const page = (w: string[], a: (string | number)[], before: number | undefined, after: number | undefined, n: number): OperationRow[] => {
      const conditions = [...w, ...(before !== undefined ? ['o.seq < ?'] : []), ...(after !== undefined ? ['o.seq > ?'] : [])]
      const params = [...a, ...(before !== undefined ? [before] : []), ...(after !== undefined ? [after] : []), n]
      const sql = `${JOURNAL} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY o.seq ${ascending ? 'ASC' : 'DESC'} LIMIT ?`
      return this.sql<[...(string | number)[], { scope: string | null }], JournalRow>(sql).all(...params, { scope: f.participantId ?? null }).map(toRow)
    }
    const searched = searchKey(f)
    if (!searched) return page(where, args, f.beforeSeq, f.afterSeq, limit)
    // A client, a card or a terminal: the operations filed under its key, a slice at a time while the other
    // filters leave the page short, plus the newest ones the indexer has not reached (searched directly).
    const [column, key, value] = searched
    const rows: OperationRow[] = []
    let before = f.beforeSeq
    let after = f.afterSeq
    // One reader of the keys file (one connection, statements prepared once) for all of the search's slices.
    const keys = openKeysReader(this.db)
    try {
      for (let most = limit * 4; rows.length < limit; most = Math.min(most * 4, MOST_PER_SLICE)) {
        const found = keys.lookup(key, { before, after, most })
        const w = [...where, `o.seq IN (SELECT value FROM json_each(?) UNION ALL SELECT seq FROM operations WHERE seq > ? AND ${column} = ?)`]
        const a = [...args, JSON.stringify(found.seqs), found.upTo, value]
        // Past the boundary the slice is incomplete: the next slice covers it.
        if (found.boundary !== null) w.push(`o.seq ${ascending ? '<=' : '>='} ?`), a.push(found.boundary)
        rows.push(...page(w, a, before, after, limit - rows.length))
        if (found.boundary === null) break
        if (ascending) after = found.boundary
        else before = found.boundary
      }
    } finally {
      keys.close()
    }
    return rows
  }

  /**
   * The instruments' operations received since `since` whose checks include `check` (a rule reached them), oldest
   * first. Numbers follow arrival, so the first one of the period is found by bisection and only its rows are read.
   */
  attemptsWithCheck(check: string, since: number): { instrumentId: string; at: number }[] {
    const at = this.sql<[number], number>('SELECT received_at FROM operations WHERE seq >= ? ORDER BY seq LIMIT 1').pluck()
    let low = 1
    let high = this.lastSeq() + 1
    while (low < high) {
      const middle = Math.floor((low + high) / 2)
      const received = at.get(middle)
      if (received !== undefined && received < since) low = middle + 1
      else high = middle
    }
    return this.sql<[number, number, string], { instrument_id: string; received_at: number; checks: string }>(
      'SELECT instrument_id, received_at, checks FROM operations WHERE seq >= ? AND received_at >= ? AND instrument_id IS NOT NULL AND instr(checks, ?) > 0 ORDER BY seq'
    )
      .all(low, since, check)
      .filter((r) => checksOf(r.checks).some((c) => c.check === check))
      .map((r) => ({ instrumentId: r.instrument_id, at: r.received_at }))
  }

  /** Whether an operation concerns the participant, as the journal filters them (operation-parties). */
  concerns(seq: number, participantId: string): boolean {
    return this.sql<[{ seq: number; scope: string }], number>(`SELECT 1 FROM operations o WHERE o.seq = @seq AND ${concernsParticipantSql('o', '@scope')}`).pluck().get({ seq, scope: participantId }) !== undefined
  }

  lastSeq(): number {
    return this.sql<[], number>('SELECT coalesce(max(seq), 0) FROM operations').pluck().get() ?? 0
  }
}
