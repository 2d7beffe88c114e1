import type { Database } from 'better-sqlite3'
import workerSource from './checkpoint-worker.cjs?raw'
import { startSqliteWorker } from './sqlite-worker'

export interface Checkpointer {
  /** Stops the worker; the writer checkpoints for itself again. */
  stop(): Promise<void>
}

// SQLite's default: the writer copies the WAL back itself once it holds this many pages.
const WRITER_AUTOCHECKPOINT = 1_000

/**
 * Moves WAL checkpoints off the writer: a worker thread on the other core copies committed pages into the
 * database file once `minPages` wait (looking every `intervalMs`), or after `maxWaitMs`, and the writer's own
 * automatic checkpoint is turned off. A checkpoint on
 * the writer stops the Center for tens of milliseconds (a thousand pages copied and synced) every few
 * batches; this is what made the tail of its answer times.
 */
export function startCheckpointer(db: Database, o: { intervalMs?: number; minPages?: number; maxWaitMs?: number; log?: (message: string) => void } = {}): Checkpointer {
  if (db.memory) throw new Error('an in-memory database has no WAL to checkpoint')
  const data = { path: db.name, intervalMs: o.intervalMs ?? 50, minPages: o.minPages ?? 256, maxWaitMs: o.maxWaitMs ?? 1_000 }
  const worker = startSqliteWorker(workerSource, data, (m) => {
    if (m.error) o.log?.(`checkpoints: ${m.error}`)
  })
  db.pragma('wal_autocheckpoint = 0')
  // Whatever ends the worker, the writer takes its checkpoints back, so the WAL never grows without bound.
  const writerCheckpoints = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT}`)
  }
  void worker.exited.then(writerCheckpoints)
  return {
    async stop() {
      await worker.stop()
      writerCheckpoints()
    }
  }
}
