// @ts-check
// The body of the checkpointer's worker thread (checkpointer.ts): on its own connection, it copies the pages
// the writer appended to the WAL back into the database file, so the writer never stops to do it. PASSIVE:
// it takes what is committed, waits for no one, and the writer starts the WAL over once it has all been copied.
// It copies once `minPages` wait, or whatever waits after `maxWaitMs`: each copy ends with a sync of the file,
// and a sync per small commit would compete with the writer's own.
const { openSync, readSync } = require('node:fs')
const { endianness } = require('node:os')
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)

const db = new Database(workerData.path)
db.pragma('synchronous = FULL')
// The wal-index header (the -shm file, native byte order): the WAL's last page at byte 16, the last one copied at 96.
const shm = openSync(`${workerData.path}-shm`, 'r')
const header = Buffer.alloc(100)
const read32 = endianness() === 'LE' ? (/** @type {number} */ at) => header.readUInt32LE(at) : (/** @type {number} */ at) => header.readUInt32BE(at)
const waiting = () => (readSync(shm, header, 0, 100, 0) === 100 ? read32(16) - read32(96) : Number.MAX_SAFE_INTEGER)

let failed = 0
let lastCopy = Date.now()
const timer = setInterval(() => {
  try {
    const pages = waiting()
    if (pages <= 0 || (pages < workerData.minPages && Date.now() - lastCopy < workerData.maxWaitMs)) return
    db.pragma('wal_checkpoint(PASSIVE)')
    lastCopy = Date.now()
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
