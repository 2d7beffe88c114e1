import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import workerSource from './journal-keys-worker.cjs?raw'
import { startSqliteWorker } from '../store/sqlite-worker'

/** The search keys of an operation: its client's IIN, its card's masked number and its terminal. */
const IIN_PREFIX = 'iin:'
const PAN_PREFIX = 'pan:'
const TERMINAL_PREFIX = 'term:'
export const iinKey = (iin: string): string => `${IIN_PREFIX}${iin}`
export const panKey = (masked: string): string => `${PAN_PREFIX}${masked}`
export const terminalKey = (code: string): string => `${TERMINAL_PREFIX}${code}`

/** The keys file beside a database: `ws.db` → `ws.keys.db`. */
export const keysPathOf = (dbPath: string): string => dbPath.replace(/(\.db)?$/, '.keys.db')

/** Operations per bucket of the keys file: a search looks each bucket up once. */
const BUCKET_OPS = 16_384
/** Closed buckets merged into one (of about a million operations): a search of 100 million looks up at most 159 buckets. */
const FAN_IN = 64
/**
 * The keys file's layout (its user_version): a file of another layout is started afresh. 2: keys by bucket
 * first; 3: and closed buckets merged; 4: and a terminal's keys, by its id; 5: by its code instead, a key a third
 * as long (the worker's writes competed with the Center's commits for the disk).
 */
const LAYOUT = 5

export interface JournalKeys {
  /** The last operation whose keys the worker has filed. */
  indexedUpTo(): number
  /** Resolves once the operations up to `seq` are filed (tests, the bench). */
  reached(seq: number, timeoutMs?: number): Promise<void>
  /** How many merges of closed buckets this worker made, and the longest (ms). */
  merges(): { count: number; longestMs: number }
  /** Resolves once the operations up to `seq` are filed and a run found no closed buckets left to merge. */
  settled(seq: number, timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

/**
 * Files the journal's search keys behind the Center, on a worker thread with its own connections, in a file of
 * their own: the Center's process pays nothing for them. The journal finds the operations filed so far through
 * the keys and searches the newest, not yet filed, directly (openKeysReader), so a search is always complete.
 */
export function startJournalKeys(db: Database, o: { intervalMs?: number; bucketOps?: number; fanIn?: number; log?: (message: string) => void } = {}): JournalKeys {
  if (db.memory) throw new Error('an in-memory database cannot be read from another thread')
  let upTo = 0
  // Whether the worker's last run merged buckets (so it may have more to merge).
  let merging = true
  const merges = { count: 0, longestMs: 0 }
  const waiting = new Set<() => void>()
  const worker = startSqliteWorker(
    workerSource,
    {
      path: db.name,
      keysPath: keysPathOf(db.name),
      intervalMs: o.intervalMs ?? 100,
      batch: 20_000,
      bucketOps: o.bucketOps ?? BUCKET_OPS,
      fanIn: o.fanIn ?? FAN_IN,
      layout: LAYOUT,
      iinPrefix: IIN_PREFIX,
      panPrefix: PAN_PREFIX,
      terminalPrefix: TERMINAL_PREFIX
    },
    (m) => {
      if (m.error) o.log?.(`journal search keys: ${m.error}`)
      if (typeof m.indexedUpTo === 'number') {
        upTo = m.indexedUpTo
        merging = m.merged === true
        if (merging && typeof m.mergeMs === 'number') {
          merges.count++
          merges.longestMs = Math.max(merges.longestMs, m.mergeMs)
        }
        for (const check of waiting) check()
      }
    }
  )
  const until = (done: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(check)
        reject(new Error(`the journal keys did not ${what} in ${timeoutMs} ms (at ${upTo})`))
      }, timeoutMs)
      const check = () => {
        if (!done()) return
        clearTimeout(timer)
        waiting.delete(check)
        resolve()
      }
      waiting.add(check)
      check()
    })
  return {
    indexedUpTo: () => upTo,
    merges: () => ({ ...merges }),
    reached: (seq, timeoutMs = 30_000) => until(() => upTo >= seq, `reach operation ${seq}`, timeoutMs),
    settled: (seq, timeoutMs = 30_000) => until(() => upTo >= seq && !merging, `reach operation ${seq} and merge its closed buckets`, timeoutMs),
    stop: () => worker.stop()
  }
}

/** What the worker has filed: up to which operation, in buckets of how many, and which of them are merged. */
interface Progress {
  database_id: Buffer
  bucket_ops: number
  fan_in: number
  merged_below: number
  last_seq: number
}

/** A bucket of the keys file: its id and the small buckets (by index) it covers. */
interface Bucket {
  id: number
  first: number
  last: number
}

/** Every bucket the file holds, oldest first: the merged ones (negative ids), then the small ones from there on. */
function bucketsOf(p: Progress): Bucket[] {
  const buckets: Bucket[] = []
  for (let m = 0; m * p.fan_in < p.merged_below; m++) buckets.push({ id: -1 - m, first: m * p.fan_in, last: (m + 1) * p.fan_in - 1 })
  for (let b = p.merged_below; b <= Math.floor(p.last_seq / p.bucket_ops); b++) buckets.push({ id: b, first: b, last: b })
  return buckets
}

/**
 * What a search key found: how far the file reaches, and at most `most` of the operations filed under the key,
 * newest first (oldest first with `after`). `boundary` is null when those are all there are on that side;
 * otherwise the search is complete only down to it (up to it, oldest first) and goes on from there.
 */
export interface KeyLookup {
  upTo: number
  seqs: number[]
  boundary: number | null
}

/** The keys file opened for one search, read over all of its slices: close it after. */
export interface KeysReader {
  /** The operations filed under a key (see KeyLookup). */
  lookup(key: string, o: { before?: number | undefined; after?: number | undefined; most: number }): KeyLookup
  close(): void
}

/**
 * Opens the keys file read-only for one search; its statements are prepared once for all the search's slices.
 * Nothing filed (no file, no worker has run, or its file belongs to another database or layout) reaches 0: the
 * caller searches every operation directly. The key is looked up in each bucket in turn, from the first that can
 * hold what is asked for, until enough are found; each lookup in one read transaction, so a merge committed
 * meanwhile is not half seen.
 */
export function openKeysReader(db: Database): KeysReader {
  const nothing: KeyLookup = { upTo: 0, seqs: [], boundary: null }
  const path = keysPathOf(db.name)
  if (db.memory || !existsSync(path)) return { lookup: () => nothing, close: () => undefined }
  const keys = new BetterSqlite3(path, { readonly: true })
  const id = db.prepare(`SELECT value FROM center_secrets WHERE name = 'database_id'`).pluck().get() as Buffer
  // Prepared on first use: the worker may not have made the tables yet (the layout says so first).
  type Statements = { progress: Statement<[], Progress>; after: Statement<[number, string, number, number], number>; before: Statement<[number, string, number, number], number> }
  let statements: Statements | null = null
  const prepared = (): Statements =>
    (statements ??= {
      progress: keys.prepare('SELECT database_id, bucket_ops, fan_in, merged_below, last_seq FROM progress WHERE id = 1'),
      after: keys.prepare<[number, string, number, number], number>('SELECT seq FROM operation_keys WHERE bucket = ? AND key = ? AND seq > ? ORDER BY seq LIMIT ?').pluck(),
      before: keys.prepare<[number, string, number, number], number>('SELECT seq FROM operation_keys WHERE bucket = ? AND key = ? AND seq < ? ORDER BY seq DESC LIMIT ?').pluck()
    })
  const lookup = keys.transaction((key: string, o: { before?: number | undefined; after?: number | undefined; most: number }): KeyLookup => {
    if (keys.pragma('user_version', { simple: true }) !== LAYOUT) return nothing
    const sql = prepared()
    const progress = sql.progress.get()
    if (!progress || !progress.database_id.equals(id)) return nothing
    const bucketOf = (seq: number) => Math.floor(seq / progress.bucket_ops)
    const buckets = bucketsOf(progress)
    const seqs: number[] = []
    if (o.after !== undefined) {
      const from = bucketOf(o.after + 1)
      for (const b of buckets) if (b.last >= from && seqs.length < o.most) seqs.push(...sql.after.all(b.id, key, o.after, o.most - seqs.length))
    } else {
      const before = o.before ?? Number.MAX_SAFE_INTEGER
      const from = bucketOf(Math.min(before - 1, progress.last_seq))
      for (const b of buckets.reverse()) if (b.first <= from && seqs.length < o.most) seqs.push(...sql.before.all(b.id, key, before, o.most - seqs.length))
    }
    return { upTo: progress.last_seq, seqs, boundary: seqs.length < o.most ? null : seqs.at(-1)! }
  })
  return { lookup, close: () => keys.close() }
}
