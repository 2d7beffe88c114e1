import type { Database } from 'better-sqlite3'
import type { ExportResult, ExportType } from '../api/messages-types'
import { DISPUTES_SOURCE } from '../center/sources'
import { OPERATOR_BIC } from '../disputes/dispute-messages'
import type { Clock } from '../domain/clock'
import { refuse } from '../domain/errors'
import { writeNewFile } from '../domain/new-file'
import { carriesInXml } from '../domain/xml-text'
import type { AccountNotification, AccountStatement, MessageOf, PaymentReturn, StatementAccount, StatementEntry, StatusReport } from '../messages/types'
import type { DaysRepo } from '../opday/days-repo'
import { statementCache } from '../store/statements'
import type { MessageFilesRepo } from './message-files-repo'
import { messageFileName } from './outbound-writer'
import { statusReasonOf } from './reasons'
import { paymentFormat, type MessageWriter } from './ports'
import { SETTLEMENT_BANK_BIC } from './settlement-bank'
import { sha256Hex } from '../domain/digest'
import { txIdOf } from '../messages/operation-ids'

export interface ExportParticipant {
  id: string
  code: string
  name: string
  bic: string
}

export interface ExportRequest {
  type: ExportType
  participant: ExportParticipant
  day: string
  currency: string
  /** A file to write (the CLI); otherwise the content is returned. */
  out: string | null
  by: string | null
}

interface EntryRow {
  seq: number
  leg: number
  debit_account: string
  amount_minor: number
  currency: string
  document_no: string | null
  request_id: string
  purpose: string | null
  received_at: number
}

/** The business day of an instant in Asia/Almaty (UTC+5). */
const almatyDay = (at: number): string => new Date(at + 5 * 3600_000).toISOString().slice(0, 10)

/**
 * What the desk sends a participant for a day (R4, R9.3.7): the statement of its settlement account
 * (camt.053: opening and closing balances and every movement), the same movements as notifications
 * (camt.054), the status of its payment file (pacs.002) and the returns of its operations reversed that day
 * (pacs.004). Each is written through the codec, so it is validated against the official schema first.
 */
export class ExportService {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(
    db: Database,
    private readonly days: DaysRepo,
    private readonly files: MessageFilesRepo,
    private readonly writer: MessageWriter,
    private readonly clock: Clock,
    private readonly newMessageId: () => string
  ) {
    this.sql = statementCache(db)
  }

  async export(r: ExportRequest): Promise<ExportResult> {
    const now = this.clock.now()
    const { data, entries } = this.build(r, now)
    const text = await this.writer.write(r.type, data as never)
    const bytes = Buffer.from(text, 'utf8')
    const fileName = messageFileName(r.type, (data as { messageId: string }).messageId)
    if (r.out) {
      const failed = writeNewFile(r.out, bytes)
      if (failed === 'EEXIST') refuse('CONFLICT', 'messages.out_exists', { path: r.out }, `out: ${r.out} exists; an export does not overwrite a file`)
      if (failed) refuse('VALIDATION', 'messages.out_unwritable', { path: r.out, fileError: failed }, `out: ${r.out} cannot be written (${failed})`)
    }
    const id = this.files.insert({
      direction: 'out', party: r.participant.code, format: r.type, messageId: (data as { messageId: string }).messageId, fileName, sha256: sha256Hex(bytes),
      bytes: bytes.length, status: 'written', transactions: entries, totalMinor: 0, currency: r.currency, errors: [], day: r.day, source: r.out ? 'cli' : 'ui', receivedAt: now, payload: null, inReplyTo: null, by: r.by
    })
    return { file: this.files.get(id)!, path: r.out, fileName, base64: r.out ? null : bytes.toString('base64'), entries }
  }

  /** The data of a message; the day must be closed for a statement, a file must exist for a status report. */
  build(r: ExportRequest, now: number): { data: MessageOf[ExportType]; entries: number } {
    const d = this.days.get(r.day) ?? refuse('NOT_FOUND', 'messages.no_day', { day: r.day }, `no operational day ${r.day}`)
    const messageId = this.newMessageId()
    if (r.type === 'pacs.002.001.10') {
      const file = this.sql<[string, string], { id: number; message_id: string; format: string }>(
        `SELECT id, message_id, format FROM message_files WHERE direction = 'in' AND status IN ('queued', 'processed') AND party = ? AND day = ? ORDER BY id DESC LIMIT 1`
      ).get(r.participant.code, r.day) ?? refuse('NOT_FOUND', 'messages.no_payment_file', { party: r.participant.code, day: r.day }, `${r.participant.code} sent no payment file on ${r.day}`)
      const txs = this.files.transactions(file.id)
      // Each rejection with the ISO reason the close's own report gave it (AM04, AC01 …), not a blanket MS03.
      const statuses = new Set(txs.map((t) => t.status))
      const report: StatusReport = {
        messageId, createdAt: now, originalMessageId: file.message_id, originalMessageType: paymentFormat(file.format),
        groupStatus: statuses.size === 1 ? [...statuses][0]! : 'PART',
        groupReason: null,
        groupInfo: null,
        transactions: txs.map((t) => ({ originalEndToEndId: t.endToEndId, originalTxId: t.txId, status: t.status, reason: t.status === 'RJCT' ? statusReasonOf(t.reason ?? '') : null, info: t.reason }))
      }
      return { data: report, entries: txs.length }
    }
    if (d.state === 'open' || d.state === 'closing') refuse('CONFLICT', 'messages.day_not_closed', { day: r.day, dayStatus: d.state }, `operational day ${r.day} is ${d.state}: its statement is made once it has closed`)
    if (r.type === 'pacs.004.001.09') {
      // Reversals, and the parts of operations given back on a dispute (R10.1.3): FOCR, following a revocation request.
      // The desk sends them (instructing agent, as for a dispute's own return) to the participant (instructed agent).
      // Each return has the id the dispute's own pacs.004 gave it (its operation's txIdOf), so one return reported twice reads as one.
      const rows = d.firstSeq === null ? [] : this.sql<[{ first: number; last: number; code: string }], { seq: number; original: number; amount_minor: number; currency: string; orig_request: string; source: string }>(
        `SELECT o.seq, o.original_seq AS original, o.amount_minor, o.currency, g.request_id AS orig_request, o.source FROM operations o JOIN operations g ON g.seq = o.original_seq
         JOIN participants p ON p.id IN (g.issuer_id, g.payee_participant_id) AND p.code = @code
         WHERE o.seq BETWEEN @first AND @last AND o.result_code = '4000' AND o.reason IN ('reversal', 'return') ORDER BY o.seq`
      ).all({ first: d.firstSeq, last: d.lastSeq!, code: r.participant.code })
      const ret: PaymentReturn = {
        messageId, createdAt: now, settlementDate: r.day, instructingBic: OPERATOR_BIC, instructedBic: r.participant.bic,
        transactions: rows.map((x) => ({ returnId: txIdOf(x.seq), originalMessageId: txIdOf(x.original), originalEndToEndId: x.orig_request, originalTxId: txIdOf(x.original), amountMinor: x.amount_minor, currency: x.currency, ...(x.source === DISPUTES_SOURCE ? { reason: 'FOCR', info: 'returned on a dispute' } : { reason: 'MS03', info: 'reversed by the operator' }) }))
      }
      return { data: ret, entries: rows.length }
    }
    // The owner's name is written into the statement: one registered before names were checked may not be writable.
    if (!carriesInXml(r.participant.name))
      refuse('CONFLICT', 'messages.name_unusable', { party: r.participant.code }, `the name of ${r.participant.code} holds a character a message cannot carry; its statement is made once the name is corrected`)
    const account = this.settlementAccount(r)
    const rows = d.firstSeq === null ? [] : this.sql<[{ a: string; first: number; last: number }], EntryRow>(
      `SELECT p.operation_seq AS seq, p.leg, p.debit_account, p.amount_minor, p.currency, o.document_no, o.request_id, o.purpose, o.received_at FROM postings p JOIN operations o ON o.seq = p.operation_seq
       WHERE p.operation_seq BETWEEN @first AND @last AND (p.debit_account = @a OR p.credit_account = @a) ORDER BY p.operation_seq, p.leg`
    ).all({ a: account.id, first: d.firstSeq, last: d.lastSeq! })
    const entries: StatementEntry[] = rows.map((e) => ({
      reference: e.document_no ?? `OP-${e.seq}-${e.leg}`,
      amountMinor: e.amount_minor,
      currency: e.currency,
      creditDebit: e.debit_account === account.id ? 'DBIT' : 'CRDT',
      bookingDate: r.day,
      valueDate: almatyDay(e.received_at),
      endToEndId: e.request_id,
      purposeCode: e.purpose,
      remittance: null
    }))
    // The participant owns its settlement account; the settlement bank holds it and debits it after settlement (R9.4.5).
    const info: StatementAccount = { iban: account.iban, currency: r.currency, ownerName: r.participant.name, servicerBic: SETTLEMENT_BANK_BIC }
    if (r.type === 'camt.054.001.08') {
      const n: AccountNotification = { messageId, createdAt: now, notificationId: `NTF-${r.day}-${r.participant.code}`, account: info, entries }
      return { data: n, entries: entries.length }
    }
    // A day without operations ends where the next day with any begins: what moved after it is not its balance.
    const opening = this.balanceBefore(account.id, d.firstSeq ?? this.firstSeqAfter(r.day) ?? Number.MAX_SAFE_INTEGER)
    const closing = opening + entries.reduce((s, e) => s + (e.creditDebit === 'CRDT' ? e.amountMinor : -e.amountMinor), 0)
    const statement: AccountStatement = { messageId, createdAt: now, statementId: `STM-${r.day}-${r.participant.code}-${r.currency}`, account: info, fromDay: r.day, toDay: r.day, openingBalanceMinor: opening, closingBalanceMinor: closing, entries }
    return { data: statement, entries: entries.length }
  }

  private settlementAccount(r: ExportRequest): { id: string; iban: string } {
    return (
      this.sql<[string, string], { id: string; iban: string }>(`SELECT id, iban FROM accounts WHERE participant_id = ? AND kind = 'settlement' AND currency = ?`).get(r.participant.id, r.currency) ??
      refuse('NOT_FOUND', 'messages.no_settlement_account', { party: r.participant.code, currency: r.currency }, `${r.participant.code} has no settlement account in ${r.currency}`)
    )
  }

  /** The first operation of any day after this one, if there is one yet. */
  private firstSeqAfter(day: string): number | null {
    return this.sql<[string], number | null>('SELECT min(seq) FROM operations WHERE op_day > ?').pluck().get(day) ?? null
  }

  /** The settlement position before an operation number: credits minus debits of everything earlier. */
  private balanceBefore(account: string, seq: number): number {
    return this.sql<[{ a: string; seq: number }], number>(
      `SELECT coalesce(sum(CASE WHEN credit_account = @a THEN amount_minor ELSE -amount_minor END), 0) FROM postings WHERE operation_seq < @seq AND (debit_account = @a OR credit_account = @a)`
    ).pluck().get({ a: account, seq })!
  }
}
