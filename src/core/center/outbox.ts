import type { Database } from 'better-sqlite3'
import type { OutboxMessage } from '../api/types'
import { readCoded } from '../domain/coded-text'
import { statementCache } from '../store/statements'

/** Who hears of an operation (R7.5.4–7.5.5). */
export const SETTLEMENT_BANK = 'settlement-bank'
export const participantDestination = (code: string): string => `participant:${code}`
export const absDestination = (code: string): string => `abs:${code}`
/** Where a bank hears of its operations: its confirmations and its ABS hand-offs. */
export const bankDestinations = (code: string): string[] => [participantDestination(code), absDestination(code)]

/** What a confirmation or an ABS hand-off says of one operation. */
export interface OperationNotice {
  operation: number
  requestId: string
  type: string
  status: string
  amountMinor: number
  currency: string
  opDay: string
  documentNo: string | null
  at: number
  /** What follows another operation (a completion, a void, a reversal, a return) names it and says what it is. */
  original?: number
  reason?: string
}

interface Pending {
  destination: string
  kind: 'confirmation' | 'abs'
  notices: OperationNotice[]
}

/**
 * The outbox: notices are collected while a transaction runs and written when it is about to commit, one
 * message per destination and kind listing its operations, so a batch of a thousand operations makes a
 * dozen messages, not five thousand. Written in the same transaction as the operations (R7.5.4). The
 * transaction's notices are stored once (outbox_notices); each message names which of them it carries.
 */
export class Outbox {
  private readonly sql: ReturnType<typeof statementCache>
  private pending = new Map<string, Pending>()
  // Every notice added, in order, so the newest can be taken back.
  private added: Pending[] = []

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  add(destination: string, kind: 'confirmation' | 'abs', notice: OperationNotice): void {
    const key = `${kind} ${destination}`
    let p = this.pending.get(key)
    if (!p) this.pending.set(key, (p = { destination, kind, notices: [] }))
    p.notices.push(notice)
    this.added.push(p)
  }

  /** A mark to roll back to if the operation that adds notices after it is rolled back. */
  mark(): number {
    return this.added.length
  }

  /** Takes back the notices added after the mark (their operation's savepoint was rolled back). */
  rollbackTo(mark: number): void {
    while (this.added.length > mark) this.added.pop()!.notices.pop()
  }

  /** Writes the collected notices once and a message per destination and kind; call inside the transaction, just before it commits. */
  flush(now: number): void {
    // The same notice goes to several destinations: each is stored once, at its position in the set.
    const position = new Map<OperationNotice, number>()
    let first = Infinity
    let last = -Infinity
    for (const p of this.pending.values())
      for (const n of p.notices)
        if (!position.has(n)) {
          position.set(n, position.size)
          first = Math.min(first, n.operation)
          last = Math.max(last, n.operation)
        }
    if (position.size) {
      const set = Number(this.sql('INSERT INTO outbox_notices (notices, first_seq, last_seq) VALUES (?, ?, ?)').run(JSON.stringify([...position.keys()]), first, last).lastInsertRowid)
      const insert = this.sql(
        'INSERT INTO outbox (destination, kind, first_seq, last_seq, operations, payload, notices_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      )
      for (const p of this.pending.values()) {
        if (!p.notices.length) continue
        const seqs = p.notices.map((n) => n.operation)
        insert.run(p.destination, p.kind, Math.min(...seqs), Math.max(...seqs), p.notices.length, JSON.stringify(p.notices.map((n) => position.get(n))), set, now)
      }
    }
    this.discard()
  }

  /** Forgets what was collected (the transaction rolled back). */
  discard(): void {
    this.pending = new Map()
    this.added = []
  }

  /**
   * The messages that carried an operation to the destinations it concerns: those of the sets of notices naming it,
   * among the newest 64 sets that begin at or before it (its own transaction's, and a later one that expired its hold).
   */
  of(operationSeq: number, destinations: readonly string[]): OutboxMessage[] {
    const sets = this.sql<[number], { id: number; last_seq: number }>('SELECT id, last_seq FROM outbox_notices WHERE first_seq <= ? ORDER BY first_seq DESC, id DESC LIMIT 64')
    const noticesOf = this.sql<[number], string>('SELECT notices FROM outbox_notices WHERE id = ?').pluck()
    const messages = this.sql<[number], Row>('SELECT id, destination, kind, payload, created_at, attempts, delivered_at, last_error FROM outbox WHERE notices_id = ? ORDER BY id')
    const wanted = new Set(destinations)
    const found: OutboxMessage[] = []
    for (const set of sets.all(operationSeq)) {
      if (set.last_seq < operationSeq) continue
      // Where the operation's notices sit in the set; a message lists the positions it carries.
      const notices = JSON.parse(noticesOf.get(set.id)!) as OperationNotice[]
      const positions = new Set(notices.flatMap((n, i) => (n.operation === operationSeq ? [i] : [])))
      if (!positions.size) continue
      for (const r of messages.all(set.id)) {
        const carried = JSON.parse(r.payload) as number[]
        if (wanted.has(r.destination) && carried.some((i) => positions.has(i)))
          found.push({ id: r.id, destination: r.destination, kind: r.kind, createdAt: r.created_at, attempts: r.attempts, deliveredAt: r.delivered_at, lastError: readCoded(r.last_error), operations: carried.length })
      }
    }
    return found.sort((a, b) => a.id - b.id)
  }

  /** Messages not yet delivered: all of them, or those to the given destinations (one bank's, for its staff). */
  pendingCount(destinations: readonly string[] | null = null): number {
    if (!destinations) return this.sql<[], number>('SELECT count(*) FROM outbox WHERE delivered_at IS NULL').pluck().get() ?? 0
    return (
      this.sql<[string], number>('SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND destination IN (SELECT value FROM json_each(?))')
        .pluck()
        .get(JSON.stringify(destinations)) ?? 0
    )
  }
}

/** A message written on its own, outside the Center's batches (a settlement instruction, a notice); returns its id. */
export function writeMessage(
  sql: ReturnType<typeof statementCache>,
  m: { destination: string; kind: 'settlement' | 'notice'; firstSeq: number; lastSeq: number; operations: number; payload: unknown; now: number }
): number {
  return Number(
    sql('INSERT INTO outbox (destination, kind, first_seq, last_seq, operations, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      m.destination, m.kind, m.firstSeq, m.lastSeq, m.operations, JSON.stringify(m.payload), m.now
    ).lastInsertRowid
  )
}

/**
 * A message's payload as its destination receives it: a confirmation or an ABS hand-off lists its notices,
 * taken from the transaction's set (`notices`, its JSON) by their positions in the stored payload.
 */
export function messagePayload(payload: string, notices: string | null, parsedSet?: readonly OperationNotice[]): unknown {
  if (notices === null) return JSON.parse(payload)
  const set = parsedSet ?? (JSON.parse(notices) as OperationNotice[])
  return { operations: (JSON.parse(payload) as number[]).map((i) => set[i]) }
}

/** Expands messages read together, parsing each transaction's set of notices once (it is shared by up to seven). */
export function payloadReader(): (r: { payload: string; notices_id: number | null; notices: string | null }) => unknown {
  const sets = new Map<number, OperationNotice[]>()
  return (r) => {
    if (r.notices_id === null || r.notices === null) return JSON.parse(r.payload)
    let set = sets.get(r.notices_id)
    if (!set) sets.set(r.notices_id, (set = JSON.parse(r.notices) as OperationNotice[]))
    return messagePayload(r.payload, r.notices, set)
  }
}

interface Row {
  id: number
  destination: string
  kind: 'confirmation' | 'abs'
  payload: string
  created_at: number
  attempts: number
  delivered_at: number | null
  last_error: string | null
}
