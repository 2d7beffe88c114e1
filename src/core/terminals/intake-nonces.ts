import type { Database } from 'better-sqlite3'
import { statementCache } from '../store/statements'

/**
 * The online intake's accepted nonces on disk (R7.4): what its replay memory must still know after a restart. A
 * nonce is kept at once in memory and written with the Center's next batch, in the same transaction as the
 * request it came with, so it is durable before that request is answered; a batch costs one row, not one per
 * request, and the intake's thousands of requests a second add no transaction (nor fsync) of their own.
 */
export class IntakeNonces {
  private readonly sql: ReturnType<typeof statementCache>
  private pending: string[] = []
  private pendingExpiry = 0

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  /** A nonce accepted now, refused again until `expiresAt` (its timestamp plus the window). */
  keep(key: string, expiresAt: number): void {
    this.pending.push(key)
    if (expiresAt > this.pendingExpiry) this.pendingExpiry = expiresAt
  }

  /** Inside the Center's batch transaction: writes the nonces kept since the last batch, forgets the expired ones. */
  write(now: number): void {
    this.sql<[number]>('DELETE FROM intake_nonces WHERE expires_at <= ?').run(now)
    if (!this.pending.length) return
    this.sql<[number, string]>('INSERT INTO intake_nonces (expires_at, nonces) VALUES (?, ?)').run(this.pendingExpiry, JSON.stringify(this.pending))
    this.pending = []
    this.pendingExpiry = 0
  }

  /** The nonces written before, with when each may be forgotten (its row's: the latest of the row's), still to refuse at `now`. */
  *live(now: number): Generator<readonly [key: string, expiresAt: number]> {
    const rows = this.sql<[number], { expires_at: number; nonces: string }>('SELECT expires_at, nonces FROM intake_nonces WHERE expires_at > ?').iterate(now)
    for (const row of rows) for (const key of JSON.parse(row.nonces) as string[]) yield [key, row.expires_at] as const
  }
}
