// @ts-check
// The body of the checkpointer's worker thread (checkpointer.ts): on its own connection, it copies the pages
// the writer appended to the WAL back into the database file, so the writer never stops to do it. PASSIVE:
// it takes what is committed, waits for no one, and the writer starts the WAL over once it has all been copied.
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)

const db = new Database(workerData.path)
db.pragma('synchronous = FULL')
let failed = 0
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
    failed = 0
  } catch (e) {
    // Told once per run of failures, not every tick.
    if (failed++ === 0) parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) })
  }
}, workerData.intervalMs)

parentPort?.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  db.close()
  parentPort?.postMessage({ stopped: true })
})
