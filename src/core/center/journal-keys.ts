import BetterSqlite3, { type Database } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import workerSource from './journal-keys-worker.cjs?raw'
import { startSqliteWorker } from '../store/sqlite-worker'

/** The search keys of an operation: its client's IIN and its card's masked number. */
const IIN_PREFIX = 'iin:'
const PAN_PREFIX = 'pan:'
export const iinKey = (iin: string): string => `${IIN_PREFIX}${iin}`
export const panKey = (masked: string): string => `${PAN_PREFIX}${masked}`

/** The keys file beside a database: `ws.db` → `ws.keys.db`. */
export const keysPathOf = (dbPath: string): string => dbPath.replace(/(\.db)?$/, '.keys.db')

/** Most operations one search key brings to the journal's query (a client's, a card's). */
const MOST_PER_KEY = 10_000
/** Operations per bucket of the keys file: a search looks each bucket up once (about 61 per million operations). */
const BUCKET_OPS = 16_384
/** The keys file's layout (its user_version): a file of another layout is started afresh. 2: keys by bucket first. */
const LAYOUT = 2

export interface JournalKeys {
  /** The last operation whose keys the worker has filed. */
  indexedUpTo(): number
  /** Resolves once the operations up to `seq` are filed (tests, the bench). */
  reached(seq: number, timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

/**
 * Files the journal's search keys behind the Center, on a worker thread with its own connections, in a file of
 * their own: the Center's process pays nothing for them. The journal finds the operations filed so far through
 * the keys and searches the newest, not yet filed, directly (lookupKeys), so a search is always complete.
 */
export function startJournalKeys(db: Database, o: { intervalMs?: number; bucketOps?: number; log?: (message: string) => void } = {}): JournalKeys {
  if (db.memory) throw new Error('an in-memory database cannot be read from another thread')
  let upTo = 0
  const waiting = new Set<() => void>()
  const worker = startSqliteWorker(
    workerSource,
    {
      path: db.name,
      keysPath: keysPathOf(db.name),
      intervalMs: o.intervalMs ?? 100,
      batch: 20_000,
      bucketOps: o.bucketOps ?? BUCKET_OPS,
      layout: LAYOUT,
      iinPrefix: IIN_PREFIX,
      panPrefix: PAN_PREFIX
    },
    (m) => {
      if (m.error) o.log?.(`journal search keys: ${m.error}`)
      if (typeof m.indexedUpTo === 'number') {
        upTo = m.indexedUpTo
        for (const check of waiting) check()
      }
    }
  )
  return {
    indexedUpTo: () => upTo,
    reached: (seq, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(check)
          reject(new Error(`the journal keys did not reach operation ${seq} in ${timeoutMs} ms (at ${upTo})`))
        }, timeoutMs)
        const check = () => {
          if (upTo < seq) return
          clearTimeout(timer)
          waiting.delete(check)
          resolve()
        }
        waiting.add(check)
        check()
      }),
    stop: () => worker.stop()
  }
}

/**
 * The operations filed under a key, newest first (oldest first with `after`), and how far the file reaches.
 * Nothing filed (no worker has run, or its file belongs to another database or layout) reaches 0: the caller
 * searches every operation directly. The key is looked up in each bucket in turn, from the first that can hold
 * what is asked for, until enough are found.
 */
export function lookupKeys(db: Database, key: string, o: { before?: number | undefined; after?: number | undefined }): { upTo: number; seqs: number[] } {
  const path = keysPathOf(db.name)
  if (db.memory || !existsSync(path)) return { upTo: 0, seqs: [] }
  const keys = new BetterSqlite3(path, { readonly: true })
  try {
    if (keys.pragma('user_version', { simple: true }) !== LAYOUT) return { upTo: 0, seqs: [] }
    const progress = keys.prepare('SELECT database_id, bucket_ops, last_seq FROM progress WHERE id = 1').get() as { database_id: Buffer; bucket_ops: number; last_seq: number } | undefined
    const id = db.prepare(`SELECT value FROM center_secrets WHERE name = 'database_id'`).pluck().get() as Buffer
    if (!progress || !progress.database_id.equals(id)) return { upTo: 0, seqs: [] }
    const bucketOf = (seq: number) => Math.floor(seq / progress.bucket_ops)
    const seqs: number[] = []
    if (o.after !== undefined) {
      const inBucket = keys.prepare<[number, string, number, number], number>('SELECT seq FROM operation_keys WHERE bucket = ? AND key = ? AND seq > ? ORDER BY seq LIMIT ?').pluck()
      for (let b = bucketOf(o.after + 1); b <= bucketOf(progress.last_seq) && seqs.length < MOST_PER_KEY; b++) seqs.push(...inBucket.all(b, key, o.after, MOST_PER_KEY - seqs.length))
    } else {
      const before = o.before ?? Number.MAX_SAFE_INTEGER
      const inBucket = keys.prepare<[number, string, number, number], number>('SELECT seq FROM operation_keys WHERE bucket = ? AND key = ? AND seq < ? ORDER BY seq DESC LIMIT ?').pluck()
      for (let b = bucketOf(Math.min(before - 1, progress.last_seq)); b >= 0 && seqs.length < MOST_PER_KEY; b--) seqs.push(...inBucket.all(b, key, before, MOST_PER_KEY - seqs.length))
    }
    return { upTo: progress.last_seq, seqs }
  } finally {
    keys.close()
  }
}
