// @ts-check
// The body of the journal keys' worker thread (journal-keys.ts). On its own connections it reads the operations
// that arrived since its last run and files their search keys (a client's IIN, a card's masked number, a terminal) in the
// keys file beside the database, many operations per transaction. The file belongs to one database (its id);
// a file of another, of another layout, or one ahead of the database, is started afresh. Derived data:
// synchronous=NORMAL.
//
// Keys are filed by bucket of operation numbers first (bucket, key, seq): a run's keys all land in the newest
// bucket, a few hundred pages, instead of one page each across an index of every key ever filed. Filed by key
// alone, they cost 13 KB written to disk per operation (measured), against 3.6 KB for the Center's own rows, and
// those writes and this file's checkpoints slowed the Center's commits. A search looks the key up in each bucket,
// so once `fanIn` buckets are closed (the filing has moved past them) they are merged into one larger bucket
// (a negative id: -1 - its index), and a search of a hundred million operations looks up at most 159 buckets
// instead of 6,100. A merge is one transaction: a search sees the small buckets or the merged one, never both.
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)
const { iinPrefix, panPrefix, terminalPrefix, bucketOps, fanIn, layout } = workerData

const db = new Database(workerData.path, { readonly: true })
db.pragma('busy_timeout = 5000')
const keys = new Database(workerData.keysPath)
keys.pragma('journal_mode = WAL')
keys.pragma('synchronous = NORMAL')
// A merge writes a million operations' keys in one transaction: the WAL is cut back to this size after it.
keys.pragma('journal_size_limit = 67108864')
// One transaction, so a search never sees the new layout's number without its tables.
keys.transaction(() => {
  // A file of another layout is filed afresh: an earlier one lacks a terminal's keys (3) or files them by id (4).
  if (keys.pragma('user_version', { simple: true }) !== layout) keys.exec('DROP TABLE IF EXISTS operation_keys; DROP TABLE IF EXISTS progress')
  keys.pragma(`user_version = ${Number(layout)}`)
  keys.exec(`CREATE TABLE IF NOT EXISTS operation_keys (bucket INTEGER NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (bucket, key, seq)) STRICT, WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS progress (id INTEGER PRIMARY KEY CHECK (id = 1), database_id BLOB NOT NULL, bucket_ops INTEGER NOT NULL, last_seq INTEGER NOT NULL,
      fan_in INTEGER NOT NULL, merged_below INTEGER NOT NULL) STRICT;`)
})()

const databaseId = /** @type {Buffer} */ (db.prepare(`SELECT value FROM center_secrets WHERE name = 'database_id'`).pluck().get())
// A terminal by its code (never reused), not its 36-character id: the keys file is written a third less.
const newOperations = db.prepare(
  'SELECT o.seq, o.client_iin, o.pan_masked, t.code AS terminal_code FROM operations o LEFT JOIN terminals t ON t.id = o.terminal_id WHERE o.seq > ? ORDER BY o.seq LIMIT ?'
)
const lastOperation = db.prepare('SELECT coalesce(max(seq), 0) FROM operations').pluck()
const insert = keys.prepare('INSERT OR IGNORE INTO operation_keys (bucket, key, seq) VALUES (?, ?, ?)')
const startProgress = keys.prepare('INSERT OR REPLACE INTO progress (id, database_id, bucket_ops, last_seq, fan_in, merged_below) VALUES (1, ?, ?, 0, ?, 0)')
const setLastSeq = keys.prepare('UPDATE progress SET last_seq = ? WHERE id = 1')
const readProgress = keys.prepare('SELECT database_id, bucket_ops, last_seq, fan_in, merged_below FROM progress WHERE id = 1')
// Sorted by key, so the merged bucket is written in order, page after page.
const copyMerged = keys.prepare('INSERT INTO operation_keys (bucket, key, seq) SELECT ?, key, seq FROM operation_keys WHERE bucket >= ? AND bucket < ? ORDER BY key, seq')
const deleteMerged = keys.prepare('DELETE FROM operation_keys WHERE bucket >= ? AND bucket < ?')
const setMergedBelow = keys.prepare('UPDATE progress SET merged_below = ? WHERE id = 1')

/** @typedef {{ database_id: Buffer, bucket_ops: number, last_seq: number, fan_in: number, merged_below: number }} Progress */

/** Where to resume: the last operation filed, or 0 after clearing a file that is not this database's. */
function resumeAt() {
  const p = /** @type {Progress | undefined} */ (readProgress.get())
  if (p && p.database_id.equals(databaseId) && p.bucket_ops === bucketOps && p.fan_in === fanIn && p.last_seq <= Number(lastOperation.get())) return p.last_seq
  keys.transaction(() => {
    keys.exec('DELETE FROM operation_keys')
    startProgress.run(databaseId, bucketOps, fanIn)
  })()
  return 0
}

/** Files the keys of up to `max` new operations in one transaction, sorted so neighbouring keys share pages. */
const catchUp = keys.transaction((/** @type {number} */ after, /** @type {number} */ max) => {
  const rows = /** @type {{ seq: number, client_iin: string | null, pan_masked: string | null, terminal_code: string | null }[]} */ (newOperations.all(after, max))
  if (!rows.length) return after
  /** @type {[string, number][]} */
  const found = []
  for (const r of rows) {
    if (r.client_iin) found.push([iinPrefix + r.client_iin, r.seq])
    if (r.pan_masked) found.push([panPrefix + r.pan_masked, r.seq])
    if (r.terminal_code) found.push([terminalPrefix + r.terminal_code, r.seq])
  }
  found.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
  for (const [key, seq] of found) insert.run(Math.floor(seq / bucketOps), key, seq)
  const last = /** @type {{ seq: number }} */ (rows.at(-1)).seq
  setLastSeq.run(last)
  return last
})

/**
 * Merges the oldest `fanIn` buckets not merged yet into one, if the filing has moved past them all (keys are
 * filed in order of operation number, so no key will come to them again). Returns whether it merged.
 */
const mergeClosed = keys.transaction(() => {
  const p = /** @type {Progress} */ (readProgress.get())
  const from = p.merged_below
  if (from + fanIn > Math.floor(p.last_seq / bucketOps)) return false
  copyMerged.run(-1 - from / fanIn, from, from + fanIn)
  deleteMerged.run(from, from + fanIn)
  setMergedBelow.run(from + fanIn)
  return true
})

let after = resumeAt()
let stopping = false
function run() {
  if (stopping) return
  try {
    let before
    do {
      before = after
      after = catchUp(after, workerData.batch)
    } while (after !== before && !stopping)
    // One merge a run at most: the filing of new operations waits for it.
    const started = performance.now()
    const merged = !stopping && mergeClosed()
    parentPort?.postMessage({ indexedUpTo: after, merged, mergeMs: merged ? performance.now() - started : 0 })
  } catch (e) {
    parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) })
  }
  setTimeout(run, workerData.intervalMs)
}
run()

parentPort?.on('message', (m) => {
  if (m !== 'stop') return
  stopping = true
  db.close()
  keys.close()
  parentPort?.postMessage({ stopped: true })
})
