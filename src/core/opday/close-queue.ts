import type { Database } from 'better-sqlite3'
import type { CloseQueueItem } from '../api/clearing-types'
import { CodedError, codedOf, readCoded, storedCoded, type CodedText } from '../domain/coded-text'
import { statementCache } from '../store/statements'

/**
 * Processes one queued item at the close of its day; returns what it did (one of CLOSE_QUEUE_RESULTS, worded for the
 * officer) or throws, a CodedError saying why in a code the screens word.
 */
export type CloseQueueProcessor = (item: CloseQueueItem) => CodedText

interface ItemRecord {
  id: number
  day: string
  party: string
  kind: string
  reference: string
  state: CloseQueueItem['state']
  queued_at: number
  processed_at: number | null
  result: string | null
}

const toItem = (r: ItemRecord): CloseQueueItem => ({
  id: r.id, day: r.day, party: r.party, kind: r.kind, reference: r.reference, state: r.state, queuedAt: r.queued_at, processedAt: r.processed_at, result: readCoded(r.result)
})

/**
 * Participants' payment documents queued during the day and processed automatically when it closes (R4.1).
 * The payment-file import registers its processor by kind; the close runs every queued item of the day,
 * each in its own transaction, so one bad file does not hold back the others or the close.
 */
export class CloseQueue {
  private readonly sql: ReturnType<typeof statementCache>
  private readonly processors = new Map<string, CloseQueueProcessor>()

  constructor(private readonly db: Database) {
    this.sql = statementCache(db)
  }

  register(kind: string, processor: CloseQueueProcessor): void {
    if (this.processors.has(kind)) throw new Error(`a processor for ${kind} is already registered`)
    this.processors.set(kind, processor)
  }

  /** Queues an item for the close of a day; the same kind and reference twice is refused by the caller's check. */
  enqueue(day: string, party: string, kind: string, reference: string, now: number): CloseQueueItem {
    const id = Number(this.sql(`INSERT INTO close_queue (day, party, kind, reference, state, queued_at) VALUES (?, ?, ?, ?, 'queued', ?)`).run(day, party, kind, reference, now).lastInsertRowid)
    return toItem(this.sql<[number], ItemRecord>('SELECT * FROM close_queue WHERE id = ?').get(id)!)
  }

  byReference(kind: string, reference: string): CloseQueueItem | undefined {
    const r = this.sql<[string, string], ItemRecord>('SELECT * FROM close_queue WHERE kind = ? AND reference = ?').get(kind, reference)
    return r && toItem(r)
  }

  list(day: string): CloseQueueItem[] {
    return this.sql<[string], ItemRecord>('SELECT * FROM close_queue WHERE day = ? ORDER BY id').all(day).map(toItem)
  }

  /** Runs every item still queued for a day; returns how many were processed and how many failed. */
  process(day: string, now: () => number): { processed: number; failed: number } {
    let processed = 0
    let failed = 0
    for (const item of this.sql<[string], ItemRecord>(`SELECT * FROM close_queue WHERE day = ? AND state = 'queued' ORDER BY id`).all(day).map(toItem)) {
      const processor = this.processors.get(item.kind)
      const done = (state: 'processed' | 'failed', result: CodedText) =>
        this.sql(`UPDATE close_queue SET state = ?, processed_at = ?, result = ? WHERE id = ? AND state = 'queued'`).run(state, now(), storedCoded(result, 2000), item.id)
      try {
        if (!processor) throw new CodedError('no_processor', { kind: item.kind }, `no processor for ${item.kind} items`)
        this.db.transaction(() => done('processed', processor(item)))()
        processed++
      } catch (e) {
        done('failed', codedOf(e))
        failed++
      }
    }
    return { processed, failed }
  }
}
