// @ts-check
// The body of a backup's check, on a worker thread (backups-service.ts): it opens one copy of the database,
// makes it a file that stands alone (journal_mode=DELETE: no -wal or -shm beside it) when asked, runs SQLite's own
// integrity check over every page, reads what the copy holds, and hashes the file; an encrypted backup, it only
// hashes. A check of a large copy takes seconds; none of them on the Center's thread.
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { openSync, readSync, closeSync } = require('node:fs')
const Database = require(workerData.sqlite)

/** @param {string} path */
function sha256(path) {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(1 << 20)
  const fd = openSync(path, 'r')
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n))
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

/** @param {import('better-sqlite3').Database} db */
function contents(db) {
  const one = (/** @type {string} */ sql) => db.prepare(sql).pluck().get()
  return {
    schemaVersion: /** @type {number} */ (one('SELECT coalesce(max(version), 0) FROM schema_migrations')),
    operations: /** @type {number} */ (one('SELECT count(*) FROM operations')),
    lastOperationDay: /** @type {string | null} */ (one('SELECT max(op_day) FROM operations')),
    auditRecords: /** @type {number} */ (one('SELECT coalesce(max(seq), 0) FROM audit_log'))
  }
}

function check() {
  const db = new Database(workerData.path, { readonly: !workerData.seal, fileMustExist: true })
  try {
    if (workerData.seal) db.pragma('journal_mode = DELETE')
    const problems = /** @type {string[]} */ (db.pragma('integrity_check', { simple: false }).map((/** @type {any} */ r) => r.integrity_check)).filter((m) => m !== 'ok')
    return { problems, contents: problems.length ? null : contents(db) }
  } finally {
    db.close()
  }
}

try {
  // An encrypted backup is checked without opening it: its hash only.
  const { problems, contents } = workerData.hashOnly ? { problems: [], contents: null } : check()
  parentPort?.postMessage({ result: { problems, contents, sha256: sha256(workerData.path) } })
} catch (e) {
  parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) })
}
