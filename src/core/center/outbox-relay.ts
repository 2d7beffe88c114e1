import type { Database } from 'better-sqlite3'
import type { DeliveryFailure } from '../api/center-types'
import type { Clock } from '../domain/clock'
import { CodedError, codedOf, codedText, storedCoded, type CodedText } from '../domain/coded-text'
import { networkErrorOf, systemCodeOf } from '../domain/system-errors'
import { statementCache } from '../store/statements'
import { payloadReader } from './outbox'

/** One message as it leaves: its id is the receiver's idempotency key. */
export interface OutboxEnvelope {
  id: number
  destination: string
  kind: 'confirmation' | 'abs' | 'settlement' | 'notice'
  /** The range of operation numbers the message covers, and how many operations it lists. */
  firstSeq: number
  lastSeq: number
  operations: number
  payload: unknown
  createdAt: number
}

/** Carries a batch to the settlement bank, the participants and their ABS; throws when it could not (a DeliveryError where it can tell why). */
export interface OutboxTransport {
  deliver(batch: OutboxEnvelope[]): Promise<void>
}

/** A transport's failure it can name, so the desk shows it in the user's language (the message is the log's). */
export class DeliveryError extends CodedError {
  constructor(code: DeliveryFailure, params: Record<string, string | number>, message: string) {
    super(code, params, message)
  }
}

/** Why a delivery failed, as the outbox keeps it: a network failure as one of NETWORK_ERRORS (its system code stays in the message). */
export function deliveryFailure(e: unknown): CodedText {
  const system = systemCodeOf(e)
  if (e instanceof Error && !(e instanceof CodedError) && system !== null) return codedText('network', { networkError: networkErrorOf(system) }, e.message)
  return codedOf(e)
}

interface Row {
  id: number
  first_seq: number
  last_seq: number
  operations: number
  destination: string
  kind: 'confirmation' | 'abs' | 'settlement' | 'notice'
  payload: string
  notices_id: number | null
  notices: string | null
  created_at: number
  attempts: number
}

/**
 * Delivers the outbox at least once (ARCHITECTURE decision 6): a batch is marked delivered only after
 * the transport confirmed it, so a crash in between delivers it again and the receiver drops the repeat
 * by message id. Failures back off exponentially per message, up to a minute; meanwhile the destination's
 * later messages wait behind it, so each destination receives its messages in the order they were written.
 */
export class OutboxRelay {
  private readonly sql: ReturnType<typeof statementCache>
  private timer: NodeJS.Timeout | null = null
  private running: Promise<unknown> = Promise.resolve()
  private stopped = true

  constructor(
    private readonly o: { db: Database; clock: Clock; transport: OutboxTransport; batchSize?: number; retryMs?: number; log?: (message: string) => void }
  ) {
    this.sql = statementCache(o.db)
  }

  /** Delivers one batch of due messages; returns how many were attempted. */
  async drainOnce(): Promise<number> {
    const now = this.o.clock.now()
    // A destination hears of its operations in order: behind a message waiting to be tried again, its later ones wait too.
    const rows = this.sql<[{ now: number; limit: number }], Row>(
      `WITH waiting AS (SELECT destination, min(id) AS id FROM outbox WHERE delivered_at IS NULL AND next_attempt_at > @now GROUP BY destination)
       SELECT o.id, o.first_seq, o.last_seq, o.operations, o.destination, o.kind, o.payload, o.notices_id, n.notices, o.created_at, o.attempts
       FROM outbox o LEFT JOIN outbox_notices n ON n.id = o.notices_id LEFT JOIN waiting w ON w.destination = o.destination
       WHERE o.delivered_at IS NULL AND o.next_attempt_at <= @now AND (w.id IS NULL OR o.id < w.id) ORDER BY o.id LIMIT @limit`
    ).all({ now, limit: this.o.batchSize ?? 500 })
    if (rows.length === 0) return 0
    const payloadOf = payloadReader()
    const batch = rows.map((r) => ({ id: r.id, destination: r.destination, kind: r.kind, firstSeq: r.first_seq, lastSeq: r.last_seq, operations: r.operations, payload: payloadOf(r), createdAt: r.created_at }))
    try {
      await this.o.transport.deliver(batch)
      const at = this.o.clock.now()
      const mark = this.sql<[number, number]>('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?')
      this.o.db.transaction(() => rows.forEach((r) => mark.run(at, r.id)))()
    } catch (e) {
      const failure = deliveryFailure(e)
      const stored = storedCoded(failure, 300)
      const retry = this.o.retryMs ?? 5_000
      const mark = this.sql<[number, string, number]>('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?')
      this.o.db.transaction(() => rows.forEach((r) => mark.run(now + Math.min(retry * 2 ** r.attempts, 60_000), stored, r.id)))()
      this.o.log?.(`outbox delivery failed (${rows.length} messages): ${failure.message}`)
    }
    return rows.length
  }

  /** Drains continuously: at once while full batches keep coming, otherwise every intervalMs. */
  start(intervalMs: number): void {
    this.stopped = false
    const tick = (): void => {
      this.running = this.drainOnce()
        .catch((e: unknown) => this.o.log?.(`outbox relay: ${String(e)}`))
        .then((n) => {
          if (!this.stopped) this.timer = setTimeout(tick, n === (this.o.batchSize ?? 500) ? 0 : intervalMs)
        })
    }
    tick()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }
}

/** The demo's counterparties: the settlement bank and the participants' ABS acknowledge at once. */
export const acknowledgingCounterparties: OutboxTransport = { deliver: async () => undefined }
