import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** What a worker thread posts: a failure to tell, its progress, or that it has closed its connections. */
export interface WorkerMessage {
  error?: string
  stopped?: boolean
  [progress: string]: unknown
}

export interface SqliteWorker {
  /** Asks the worker to close its connections and waits (at most 2 s) before ending it. */
  stop(): Promise<void>
  /** Resolves when the worker ends, for whatever reason. */
  readonly exited: Promise<void>
}

/**
 * Starts a worker thread from JavaScript source (a `?raw` import of a .cjs file beside the caller), handing it
 * the path of the better-sqlite3 this process uses: an eval'd worker resolves no package itself. The worker
 * answers the message 'stop' by closing its connections and posting `{ stopped: true }`. It does not keep the
 * process alive.
 */
export function startSqliteWorker(source: string, data: Record<string, unknown>, onMessage: (m: WorkerMessage) => void): SqliteWorker {
  const worker = sqliteWorker(source, data)
  let stoppedNow: () => void = () => undefined
  const stopped = new Promise<void>((resolve) => (stoppedNow = resolve))
  worker.on('message', (m: WorkerMessage) => {
    if (m.stopped) stoppedNow()
    else onMessage(m)
  })
  worker.on('error', (e) => onMessage({ error: e.message }))
  const exited = new Promise<void>((resolve) => worker.on('exit', () => resolve()))
  worker.unref()
  return {
    exited,
    async stop() {
      // Referenced again while it stops, so the process waits for its answer.
      worker.ref()
      worker.postMessage('stop')
      let timer: NodeJS.Timeout | undefined
      await Promise.race([stopped, exited, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))])
      clearTimeout(timer)
      await worker.terminate()
    }
  }
}

/**
 * Runs a one-off job on a worker thread (same source convention): resolves with the `result` it posts, rejects with
 * the `error` it posts, or if it ends without either.
 */
export function runSqliteTask<T>(source: string, data: Record<string, unknown>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = sqliteWorker(source, data)
    worker.once('message', (m: { result?: T; error?: string }) => (m.error === undefined ? resolve(m.result as T) : reject(new Error(m.error))))
    worker.once('error', reject)
    // After an answer this changes nothing: a promise settles once.
    worker.once('exit', (code) => reject(new Error(`the worker ended (code ${code}) without an answer`)))
  })
}

function sqliteWorker(source: string, data: Record<string, unknown>): Worker {
  const sqlite = createRequire(typeof __filename === 'string' ? __filename : import.meta.url).resolve('better-sqlite3')
  return new Worker(source, { eval: true, workerData: { ...data, sqlite } })
}
