import type { Database } from 'better-sqlite3'
import type { LineError, MessageFileRow, MessageFileStatus, MessageTransactionRow } from '../api/messages-types'
import type { CreditTransfer } from '../messages/types'
import { statementCache } from '../store/statements'

interface FileRecord {
  id: number
  direction: 'in' | 'out'
  party: string
  format: string
  message_id: string | null
  file_name: string
  sha256: string
  bytes: number
  status: MessageFileStatus
  transactions: number
  total_minor: number
  currency: string | null
  errors: string | null
  day: string | null
  source: string
  received_at: number
  processed_at: number | null
  payload: string | null
  path: string | null
  in_reply_to: number | null
  picked_up_at: number | null
}

export interface NewMessageFile {
  direction: 'in' | 'out'
  party: string
  format: string
  messageId: string | null
  fileName: string
  sha256: string
  bytes: number
  status: MessageFileStatus
  transactions: number
  totalMinor: number
  currency: string | null
  errors: LineError[]
  day: string | null
  source: string
  receivedAt: number
  payload: string | null
  inReplyTo: number | null
  by: string | null
}

const toRow = (r: FileRecord): MessageFileRow => ({
  id: r.id,
  direction: r.direction,
  party: r.party,
  format: r.format,
  messageId: r.message_id,
  fileName: r.file_name,
  bytes: r.bytes,
  status: r.status,
  transactions: r.transactions,
  totalMinor: r.total_minor,
  currency: r.currency,
  errors: r.errors ? (JSON.parse(r.errors) as LineError[]) : [],
  day: r.day,
  source: r.source,
  receivedAt: r.received_at,
  processedAt: r.processed_at,
  inReplyTo: r.in_reply_to,
  pickUp: r.direction === 'out' && r.path !== null ? (r.picked_up_at === null ? 'awaiting' : 'taken') : null,
  pickedUpAt: r.picked_up_at
})

/** Files received from and sent to participants, and the transactions of accepted payment files. */
export class MessageFilesRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  insert(f: NewMessageFile): number {
    return Number(
      this.sql(
        `INSERT INTO message_files (direction, party, format, message_id, file_name, sha256, bytes, status, transactions, total_minor, currency, errors, day, source, received_at, payload, in_reply_to, by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ).run(
        f.direction, f.party, f.format, f.messageId, f.fileName, f.sha256, f.bytes, f.status, f.transactions, f.totalMinor, f.currency,
        f.errors.length ? JSON.stringify(f.errors) : null, f.day, f.source, f.receivedAt, f.payload, f.inReplyTo, f.by
      ).lastInsertRowid
    )
  }

  insertTransactions(fileId: number, party: string, txs: readonly CreditTransfer[]): void {
    const ins = this.sql(
      `INSERT INTO message_transactions (file_id, n, party, tx_id, end_to_end_id, amount_minor, currency, debtor_iban, debtor_name, creditor_iban, creditor_name, creditor_bic, purpose, remittance, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PDNG')`
    )
    txs.forEach((t, n) => ins.run(fileId, n + 1, party, t.txId, t.endToEndId, t.amountMinor, t.currency, t.debtor.iban, t.debtor.name, t.creditor.iban, t.creditor.name, t.creditor.bic, t.purposeCode, t.remittance))
  }

  get(id: number): MessageFileRow | undefined {
    const r = this.sql<[number], FileRecord>('SELECT * FROM message_files WHERE id = ?').get(id)
    return r && toRow(r)
  }

  /** Only whose file it is and its status: what the messages screen polls. */
  stateOf(id: number): { party: string; status: MessageFileStatus } | undefined {
    return this.sql<[number], { party: string; status: MessageFileStatus }>('SELECT party, status FROM message_files WHERE id = ?').get(id)
  }

  record(id: number): FileRecord | undefined {
    return this.sql<[number], FileRecord>('SELECT * FROM message_files WHERE id = ?').get(id)
  }

  /** An accepted inbound file with the same content, if any. */
  sameFile(sha256: string): MessageFileRow | undefined {
    const r = this.sql<[string], FileRecord>(`SELECT * FROM message_files WHERE direction = 'in' AND status <> 'refused' AND sha256 = ?`).get(sha256)
    return r && toRow(r)
  }

  /** An accepted inbound file of the participant with this message id, whatever its format. */
  sameMessageId(party: string, messageId: string): MessageFileRow | undefined {
    const r = this.sql<[string, string], FileRecord>(`SELECT * FROM message_files WHERE direction = 'in' AND status <> 'refused' AND party = ? AND message_id = ?`).get(party, messageId)
    return r && toRow(r)
  }

  /** Of these transaction ids, those the participant already used. */
  usedTxIds(party: string, ids: readonly string[]): string[] {
    const used: string[] = []
    const q = this.sql<[string, string], number>('SELECT 1 FROM message_transactions WHERE party = ? AND tx_id = ?').pluck()
    for (const id of ids) if (q.get(party, id)) used.push(id)
    return used
  }

  list(party: string | null, direction: 'in' | 'out' | null, limit: number): MessageFileRow[] {
    return this.sql<[{ party: string | null; direction: string | null; limit: number }], FileRecord>(
      'SELECT * FROM message_files WHERE (@party IS NULL OR party = @party) AND (@direction IS NULL OR direction = @direction) ORDER BY id DESC LIMIT @limit'
    ).all({ party, direction, limit }).map(toRow)
  }

  related(id: number, inReplyTo: number | null): MessageFileRow[] {
    return this.sql<[number, number | null], FileRecord>('SELECT * FROM message_files WHERE in_reply_to = ? OR id = ? ORDER BY id').all(id, inReplyTo).map(toRow)
  }

  transactions(fileId: number): MessageTransactionRow[] {
    return this.sql<[number], Record<string, unknown>>('SELECT * FROM message_transactions WHERE file_id = ? ORDER BY n').all(fileId).map((t) => ({
      n: t.n as number,
      txId: t.tx_id as string,
      endToEndId: t.end_to_end_id as string,
      amountMinor: t.amount_minor as number,
      currency: t.currency as string,
      debtorIban: t.debtor_iban as string,
      debtorName: t.debtor_name as string,
      creditorIban: t.creditor_iban as string,
      creditorName: t.creditor_name as string,
      creditorBic: t.creditor_bic as string,
      purpose: t.purpose as string,
      status: t.status as MessageTransactionRow['status'],
      reason: t.reason as string | null,
      operationSeq: t.operation_seq as number | null
    }))
  }

  settle(fileId: number, n: number, status: 'ACSC' | 'RJCT', reason: string | null, operationSeq: number | null): void {
    this.sql('UPDATE message_transactions SET status = ?, reason = ?, operation_seq = ? WHERE file_id = ? AND n = ?').run(status, reason, operationSeq, fileId, n)
  }

  setStatus(id: number, status: MessageFileStatus, now: number): void {
    this.sql('UPDATE message_files SET status = ?, processed_at = ? WHERE id = ?').run(status, now, id)
  }

  /** Outbound files waiting to be written, oldest first. */
  pending(limit: number): FileRecord[] {
    return this.sql<[number], FileRecord>(`SELECT * FROM message_files WHERE status = 'pending' ORDER BY id LIMIT ?`).all(limit)
  }

  written(id: number, fileName: string, path: string | null, sha256: string, bytes: number, now: number): void {
    this.sql(`UPDATE message_files SET status = 'written', file_name = ?, path = ?, sha256 = ?, bytes = ?, processed_at = ? WHERE id = ? AND status = 'pending'`).run(fileName, path, sha256, bytes, now, id)
  }

  /** Files written to a participant's outbound folder and not yet taken from it, oldest first (R9.1.8). */
  awaitingPickUp(): { id: number; party: string; path: string }[] {
    return this.sql<[], { id: number; party: string; path: string }>(
      `SELECT id, party, path FROM message_files WHERE direction = 'out' AND status = 'written' AND path IS NOT NULL AND picked_up_at IS NULL ORDER BY id`
    ).all()
  }

  pickedUp(id: number, now: number): void {
    this.sql('UPDATE message_files SET picked_up_at = ? WHERE id = ? AND picked_up_at IS NULL').run(now, id)
  }
}
