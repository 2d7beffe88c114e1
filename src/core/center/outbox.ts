import type { Database } from 'better-sqlite3'
import type { OutboxMessage } from '../api/types'
import { statementCache } from '../store/statements'

/** Who hears of an accepted operation (R7.5.4–7.5.5). */
export const SETTLEMENT_BANK = 'settlement-bank'
export const participantDestination = (code: string): string => `participant:${code}`
export const absDestination = (code: string): string => `abs:${code}`

/** Writes messages to the outbox inside the caller's transaction; the relay delivers them. */
export class Outbox {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  write(operationSeq: number, destination: string, kind: 'confirmation' | 'abs', payload: string, now: number): void {
    this.sql('INSERT INTO outbox (operation_seq, destination, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)').run(operationSeq, destination, kind, payload, now)
  }

  of(operationSeq: number): OutboxMessage[] {
    return this.sql<[number], { id: number; destination: string; kind: 'confirmation' | 'abs'; created_at: number; attempts: number; delivered_at: number | null; last_error: string | null }>(
      'SELECT id, destination, kind, created_at, attempts, delivered_at, last_error FROM outbox WHERE operation_seq = ? ORDER BY id'
    )
      .all(operationSeq)
      .map((r) => ({ id: r.id, destination: r.destination, kind: r.kind, createdAt: r.created_at, attempts: r.attempts, deliveredAt: r.delivered_at, lastError: r.last_error }))
  }

  pendingCount(): number {
    return this.sql<[], number>('SELECT count(*) FROM outbox WHERE delivered_at IS NULL').pluck().get() ?? 0
  }
}
