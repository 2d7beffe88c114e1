import type { Database } from 'better-sqlite3'
import { statementCache } from '../store/statements'

/** The search keys of an operation: its client's IIN and its card's masked number. */
export const iinKey = (iin: string): string => `iin:${iin}`
export const panKey = (masked: string): string => `pan:${masked}`

/**
 * Fills operation_keys behind the Center, many operations per transaction, so the journal finds a
 * client's or a card's operations among millions without the Center paying a random index insert for
 * each one as it answers. Idempotent: it resumes from the last operation it indexed.
 */
export class OperationKeysIndexer {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(private readonly db: Database) {
    this.sql = statementCache(db)
  }

  /** The last operation whose keys are in the table. */
  indexedUpTo(): number {
    return this.sql<[], number>('SELECT last_seq FROM operation_keys_progress WHERE id = 1').pluck().get() ?? 0
  }

  /** Indexes up to `max` operations that arrived since the last run; returns how many. */
  catchUp(max = 20_000): number {
    return this.db.transaction(() => {
      const after = this.indexedUpTo()
      const rows = this.sql<[number, number], { seq: number; client_iin: string | null; pan_masked: string | null }>(
        'SELECT seq, client_iin, pan_masked FROM operations WHERE seq > ? ORDER BY seq LIMIT ?'
      ).all(after, max)
      if (!rows.length) return 0
      const insert = this.sql<[string, number]>('INSERT OR IGNORE INTO operation_keys (key, seq) VALUES (?, ?)')
      for (const r of rows) {
        if (r.client_iin) insert.run(iinKey(r.client_iin), r.seq)
        if (r.pan_masked) insert.run(panKey(r.pan_masked), r.seq)
      }
      this.sql('UPDATE operation_keys_progress SET last_seq = ? WHERE id = 1').run(rows.at(-1)!.seq)
      return rows.length
    }).immediate()
  }
}
