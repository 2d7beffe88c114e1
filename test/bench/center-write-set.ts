// The ceiling for the Center's own schema: what SQLite alone does with exactly the rows the Center writes per
// operation, with no authorization logic in front of it. Beside the raw ceiling of small rows, it says how much
// of the Center's time per operation is the store's and how much the logic's, and how many bytes of WAL (fsynced
// before each answer) an operation costs.
import type { Database } from 'better-sqlite3'
import { statSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

// The tables an accepted operation writes, in dependency order. Holds and the account-state log are left out:
// the mixed traffic makes no holds, and the log's rows are gone once written out (it is one row per batch).
const TABLES = ['operations', 'postings', 'outbox_notices', 'outbox'] as const

export interface WriteSetLimit {
  sqlite_write_set_ops_per_s: number
  sqlite_write_set_cpu_us_per_op: number
  sqlite_write_set_wal_kb_per_op: number
}

/**
 * Copies the schema of the Center's tables (with their indexes, constraints and foreign keys) and writes the
 * last `count` operations' rows into the copies again, `batch` operations per transaction, each committed
 * under the connection's synchronous=FULL: the Center's group commit without the Center. WAL checkpoints are
 * off meanwhile so the WAL's growth is the write set's; the copies are dropped afterwards.
 */
export function writeSetLimit(db: Database, count: number, batch: number): WriteSetLimit {
  const last = db.prepare('SELECT coalesce(max(seq), 0) FROM operations').pluck().get() as number
  const from = Math.max(0, last - count)
  const copy = (table: string): string => `bench_${table}`
  try {
    for (const table of TABLES) {
      const ddl = db.prepare(`SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? AND sql IS NOT NULL AND type IN ('table', 'index')`).all(table) as { type: string; name: string; sql: string }[]
      for (const d of ddl) {
        // A table renamed by a migration keeps its name quoted in the schema.
        const sql = d.type === 'table' ? d.sql.replace(/^CREATE TABLE "?\w+"?/, `CREATE TABLE ${copy(table)}`) : d.sql.replace(/^CREATE (UNIQUE )?INDEX (\w+) ON "?\w+"?/, (_m, unique: string | undefined, name: string) => `CREATE ${unique ?? ''}INDEX bench_${name} ON ${copy(table)}`)
        if (sql === d.sql) throw new Error(`cannot copy the schema of ${d.name}`)
        db.exec(sql)
      }
    }
    const read = (sql: string, ...args: number[]): unknown[][] => db.prepare(sql).raw().all(...args) as unknown[][]
    const operations = read('SELECT * FROM operations WHERE seq > ? ORDER BY seq', from)
    const postings = read('SELECT * FROM postings WHERE operation_seq > ? ORDER BY operation_seq, leg', from)
    const outbox = read('SELECT * FROM outbox WHERE notices_id IS NOT NULL AND first_seq > ? ORDER BY id', from)
    const notices = read('SELECT * FROM outbox_notices WHERE id >= (SELECT min(notices_id) FROM outbox WHERE notices_id IS NOT NULL AND first_seq > ?) ORDER BY id', from)
    const columnsOf = (table: string): string[] => db.prepare(`SELECT * FROM ${table} LIMIT 0`).columns().map((c) => c.name)
    const insert = (table: string) => db.prepare(`INSERT INTO ${copy(table)} VALUES (${columnsOf(table).map(() => '?').join(', ')})`)
    const insertOperation = insert('operations')
    const insertPosting = insert('postings')
    const insertNotices = insert('outbox_notices')
    const insertMessage = insert('outbox')
    // Column positions, from the rows' own order (SELECT *), for splitting them into batches.
    const seqOf = (r: unknown[]) => r[0] as number
    const outboxCols = columnsOf('outbox')
    const firstSeqAt = outboxCols.indexOf('first_seq')
    const noticesIdAt = outboxCols.indexOf('notices_id')
    const noticesById = new Map(notices.map((n) => [n[0] as number, n]))
    // A message as the Center writes it: not yet attempted (the relay has delivered these since).
    const asWritten = (r: unknown[]): unknown[] => r.map((v, i) => (outboxCols[i] === 'attempts' || outboxCols[i] === 'next_attempt_at' ? 0 : outboxCols[i] === 'delivered_at' || outboxCols[i] === 'last_error' ? null : v))

    const walPath = `${db.name}-wal`
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.pragma('wal_autocheckpoint = 0')
    const cpu0 = process.cpuUsage()
    const started = performance.now()
    let p = 0
    let m = 0
    const written = new Set<number>()
    for (let i = 0; i < operations.length; i += batch) {
      const ops = operations.slice(i, i + batch)
      const upTo = seqOf(ops.at(-1)!)
      db.transaction(() => {
        for (const o of ops) insertOperation.run(o)
        for (; p < postings.length && (postings[p]![0] as number) <= upTo; p++) insertPosting.run(postings[p]!)
        // The messages (and their transaction's notices) of the operations in this batch.
        for (; m < outbox.length && (outbox[m]![firstSeqAt] as number) <= upTo; m++) {
          const set = outbox[m]![noticesIdAt] as number
          if (!written.has(set)) written.add(set), insertNotices.run(noticesById.get(set)!)
          insertMessage.run(asWritten(outbox[m]!))
        }
      })()
    }
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpu0)
    const walBytes = statSync(walPath).size
    const n = operations.length || 1
    return {
      sqlite_write_set_ops_per_s: Math.round(operations.length / seconds),
      sqlite_write_set_cpu_us_per_op: Number(((cpu.user + cpu.system) / n).toFixed(1)),
      sqlite_write_set_wal_kb_per_op: Number((walBytes / 1024 / n).toFixed(2))
    }
  } finally {
    for (const table of [...TABLES].reverse()) db.exec(`DROP TABLE IF EXISTS ${copy(table)}`)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.pragma('wal_autocheckpoint = 1000')
  }
}
