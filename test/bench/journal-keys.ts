// `npm run bench -- journal-keys`: a search of the journal by client or card over millions of operations, before
// and after the keys worker merges its closed buckets, and how long each merge takes on the worker thread.
import BetterSqlite3 from 'better-sqlite3'
import { performance } from 'node:perf_hooks'
import { keysPathOf, openKeysReader, startJournalKeys } from '../../src/core/center/journal-keys'
import type { Workstation } from '../../src/main/workstation'

const OPERATIONS = Number(process.env.BENCH_KEYS_OPS ?? 5_000_000)
const BUCKET_OPS = 16_384
const CLIENTS = 50_000
const TERMINALS = 200

/** The keys the worker would file for operation `seq`: every one has a client, three in five a card and a terminal. */
const keysOf = (seq: number): string[] => {
  const client = (seq * 7919) % CLIENTS
  const keys = [`iin:B${String(client).padStart(11, '0')}`]
  if (seq % 5 < 3) keys.push(`pan:4400 43•• •••• ${String(client % 10_000).padStart(4, '0')}`, `term:bench-terminal-${seq % TERMINALS}`)
  return keys
}

/** The median of 21 searches for one client's newest operations, as many as a journal page of 100 asks first. */
function searchMs(ws: Workstation, key: string): { ms: number; found: number } {
  const runs: number[] = []
  let found = 0
  for (let i = 0; i < 21; i++) {
    const t = performance.now()
    // Opened and closed each time, as one journal page does.
    const keys = openKeysReader(ws.db)
    try {
      found = keys.lookup(key, { most: 400 }).seqs.length
    } finally {
      keys.close()
    }
    runs.push(performance.now() - t)
  }
  return { ms: runs.sort((a, b) => a - b)[10]!, found }
}

export async function benchJournalKeys(ws: Workstation): Promise<Record<string, number>> {
  // The worker makes the file (layout, progress) for this database; the operations' keys are then written as it
  // would have filed them, bucket by bucket in key order, and one operation numbered last makes the file current.
  const first = startJournalKeys(ws.db, { intervalMs: 20 })
  await first.settled(ws.db.prepare('SELECT max(seq) FROM operations').pluck().get() as number)
  await first.stop()
  const demoLast = ws.db.prepare('SELECT max(seq) FROM operations').pluck().get() as number
  const keys = new BetterSqlite3(keysPathOf(ws.db.name))
  keys.pragma('journal_mode = WAL')
  keys.pragma('synchronous = OFF')
  const insert = keys.prepare('INSERT OR IGNORE INTO operation_keys (bucket, key, seq) VALUES (?, ?, ?)')
  const fillStart = performance.now()
  for (let from = demoLast + 1; from <= OPERATIONS; ) {
    const to = Math.min(OPERATIONS, (Math.floor(from / BUCKET_OPS) + 1) * BUCKET_OPS - 1)
    const rows: [string, number][] = []
    for (let seq = from; seq <= to; seq++) for (const k of keysOf(seq)) rows.push([k, seq])
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
    keys.transaction(() => {
      for (const [k, seq] of rows) insert.run(Math.floor(seq / BUCKET_OPS), k, seq)
    })()
    from = to + 1
  }
  keys.prepare('UPDATE progress SET last_seq = ? WHERE id = 1').run(OPERATIONS)
  const rows = keys.prepare('SELECT count(*) FROM operation_keys').pluck().get() as number
  keys.close()
  const fillS = (performance.now() - fillStart) / 1000
  ws.db.prepare(`INSERT INTO operations (seq, source, request_id, request_hash, type, channel, method, op_day, received_at, amount_minor, currency,
      two_phase, status, result_code, reason, checks)
    SELECT ?, source, 'bench-last', request_hash, type, channel, method, op_day, received_at, amount_minor, currency, 0, 'refused', result_code, reason, checks
    FROM operations WHERE seq = ?`).run(OPERATIONS, demoLast)

  const key = keysOf(OPERATIONS)[0]!
  const before = searchMs(ws, key)
  const worker = startJournalKeys(ws.db, { intervalMs: 20 })
  const mergeStart = performance.now()
  await worker.settled(OPERATIONS, 1_800_000)
  const mergeS = (performance.now() - mergeStart) / 1000
  const merges = worker.merges()
  await worker.stop()
  const after = searchMs(ws, key)
  if (after.found !== before.found) throw new Error(`merged buckets found ${after.found} operations, small ones ${before.found}`)
  const small = Math.floor(OPERATIONS / BUCKET_OPS) + 1
  // The merged buckets, then the small ones above them: what a search now reads.
  const file = new BetterSqlite3(keysPathOf(ws.db.name), { readonly: true })
  const bucketsAfter = file.prepare('SELECT merged_below / fan_in + ? - merged_below FROM progress').pluck().get(small) as number
  file.close()
  return {
    operations: OPERATIONS,
    key_rows: rows,
    fill_s: Number(fillS.toFixed(1)),
    found_per_search: before.found,
    buckets_before: small,
    search_ms_before_merge: Number(before.ms.toFixed(2)),
    merges: merges.count,
    merge_ms_longest: Math.round(merges.longestMs),
    merging_s: Number(mergeS.toFixed(1)),
    buckets_after: bucketsAfter,
    search_ms_after_merge: Number(after.ms.toFixed(2))
  }
}
