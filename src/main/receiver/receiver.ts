import BetterSqlite3, { type Database } from 'better-sqlite3'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBody } from '../intake/framing'

// A stand-in for the Center's counterparties (settlement bank, participants, ABS): it takes the outbox
// relay's batches and records them in its own SQLite file. Delivery is at least once, so every arrival
// is counted (received.times) while the message's effect happens once (processed, keyed by message id):
// the receiving side of ARCHITECTURE decision 6, and what the crash test checks.

const SCHEMA = `
CREATE TABLE IF NOT EXISTS received (message_id INTEGER PRIMARY KEY, times INTEGER NOT NULL, first_at INTEGER NOT NULL, last_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS processed (message_id INTEGER PRIMARY KEY, destination TEXT NOT NULL, kind TEXT NOT NULL, processed_at INTEGER NOT NULL) STRICT;
`

/** What the receiver reads of an outbox envelope: its id (the idempotency key) and where it was going. */
interface Delivery {
  id: number
  destination: string
  kind: string
}

const isDelivery = (v: unknown): v is Delivery => {
  if (typeof v !== 'object' || v === null) return false
  const d = v as Record<string, unknown>
  return Number.isSafeInteger(d.id) && typeof d.destination === 'string' && typeof d.kind === 'string'
}

export interface Receiver {
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

export function openReceiverDb(path: string): Database {
  const db = new BetterSqlite3(path)
  db.pragma('journal_mode = WAL')
  // An acknowledged delivery must survive a crash, as on the Center's side.
  db.pragma('synchronous = FULL')
  db.exec(SCHEMA)
  return db
}

/** Listens on the loopback for POST /deliveries with a JSON array of envelopes; answers 204 once they are committed. */
export async function startReceiver(o: { dbPath: string; port?: number; now?: () => number }): Promise<Receiver> {
  const db = openReceiverDb(o.dbPath)
  const now = o.now ?? Date.now
  const arrive = db.prepare('INSERT INTO received (message_id, times, first_at, last_at) VALUES (?, 1, ?, ?) ON CONFLICT (message_id) DO UPDATE SET times = times + 1, last_at = excluded.last_at')
  const takeEffect = db.prepare('INSERT INTO processed (message_id, destination, kind, processed_at) VALUES (?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING')
  const record = db.transaction((batch: Delivery[], at: number) => {
    for (const d of batch) {
      arrive.run(d.id, at, at)
      takeEffect.run(d.id, d.destination, d.kind, at)
    }
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/deliveries') return reply(res, 404, 'not found')
    const read = await readBody(req, 16 * 1024 * 1024)
    if (!read.ok) return reply(res, 413, 'too large')
    let batch: unknown
    try {
      batch = JSON.parse(read.body.toString('utf8'))
    } catch {
      return reply(res, 400, 'not JSON')
    }
    if (!Array.isArray(batch) || !batch.every(isDelivery)) return reply(res, 400, 'not a batch of envelopes')
    record(batch, now())
    reply(res, 204)
  }

  const server = createServer((req, res) => void handle(req, res).catch((e: unknown) => reply(res, 500, String(e))))
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close()
          resolve()
        })
        server.closeIdleConnections()
      })
  }
}

function reply(res: ServerResponse, status: number, text?: string): void {
  if (res.headersSent) return
  res.writeHead(status, text ? { 'content-type': 'text/plain; charset=utf-8' } : {})
  res.end(text)
}
