import { basename } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { CloseQueueItem } from '../api/clearing-types'
import type { AuthorizationAnswer } from '../api/center-types'
import type { ImportResult, LineError, LineErrorCode, MessageTransactionRow, TxField } from '../api/messages-types'
import type { Center } from '../center/center'
import { rejected } from '../center/pipeline'
import { authorizationRequest } from '../center/request-schema'
import { RESULT_CODES } from '../center/result-codes'
import type { Clock } from '../domain/clock'
import { money, toDecimal } from '../domain/money'
import type { PaymentBatch, StatusReport } from '../messages/types'
import { sameBank } from '../domain/identifiers'
import { AppError } from '../domain/errors'
import { CodedError, codedText, type CodedText } from '../domain/coded-text'
import type { CloseQueue } from '../opday/close-queue'
import type { DayStamp } from '../opday/day-stamp'
import type { AuditLog } from '../security/audit-log'
import type { MessageFilesRepo } from './message-files-repo'
import type { OutboundWriter } from './outbound-writer'
import { certainSender } from './certain-sender'
import { paymentFileHeader } from './file-header'
import { paymentFormat, type PaymentFileFormat, type PaymentFileReader } from './ports'
import { REFUSAL_REASON, statusReasonOf } from './reasons'
import { sha256Hex } from '../domain/digest'
import { fileSource } from '../center/sources'
import { statementCache } from '../store/statements'

/** The close-queue kind of an accepted payment file (R4.1). */
export const PAYMENT_FILE = 'payment_file'
/** What a status report names as the original message of a file whose own id could not be read (SWIFT's "no reference"). */
const UNKNOWN_REFERENCE = 'NONREF'
/** A payment file larger than this is refused unread. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024

export interface ImportParticipant {
  id: string
  code: string
  bic: string
  status: string
}

export interface ImportDeps {
  db: Database
  clock: Clock
  files: MessageFilesRepo
  queue: CloseQueue
  days: DayStamp
  audit: AuditLog
  reader: PaymentFileReader
  outbound: OutboundWriter
  center: Center
  participant(code: string): ImportParticipant | undefined
  newMessageId(): string
  /** Where a transaction that failed unexpectedly at the close is told, beside the audit. */
  log(message: string): void
  /** The operator's own BIC: its own messages come from it, and a file addressed to it is taken in too. */
  ownBic: string
  /** The settlement bank's BIC: a participant gives its payment documents to the settlement bank (R4.1), InstdAgt or the MT receiver. */
  settlementBankBic: string
}

/** Where a participant's revocation request (camt.056) goes: the disputes (R10.1.1). */
export interface RevocationIntake {
  fileFromText(participantCode: string, text: string, fileName: string, by: { id: string; login: string } | null, scope: string | null, within: (rows: { number: string }[]) => void): Promise<{ number: string }[]>
}

export interface ImportInput {
  fileName: string
  bytes: Uint8Array
  party: string
  /** 'ui', 'cli', 'folder' — shown in the inbox. */
  source: string
  /** The desk user who brought the file in, and the participant they are staff of (null for the operator's staff); null for the folder. */
  by: { id: string; login: string; participantId: string | null } | null
}



/** A file refused for an id used before: the ISO status reason of its group rejection and why. */
interface Duplicate {
  reason: 'DU01' | 'AM05'
  message: string
}

/** A problem that refuses a read file whole: its ISO status reason, and the transaction (index) it is about, if one. */
interface Refusal extends LineError {
  reason: string
  tx: number | null
}

/** What a file read whole but refused answers with: its problems, and the id it reuses, if any. */
interface RefusedBatch {
  batch: PaymentBatch
  problems: Refusal[]
  duplicate: Duplicate | null
}

/** What a transaction of a file is to the Center: the same request a terminal or the app would send. */
interface FileTransfer {
  txId: string
  debtorIban: string
  creditorIban: string
  amountMinor: number
  currency: string
  purpose: string
}

const transferRequest = (t: FileTransfer) => ({
  requestId: t.txId, type: 'transfer', channel: 'app', payer: { iban: t.debtorIban }, payee: { iban: t.creditorIban },
  amount: toDecimal(money(t.amountMinor, t.currency)), currency: t.currency, purpose: t.purpose
})

/**
 * A request's fields in a file's terms, for a refusal the participant can act on: the screens' code, the English,
 * and the ISO reason of each.
 */
const FIELDS: Record<string, { field: TxField; name: string; reason: string }> = {
  requestId: { field: 'transaction_id', name: 'transaction id', reason: REFUSAL_REASON.format },
  'payer.iban': { field: 'payer_account', name: "payer's account", reason: REFUSAL_REASON.payerAccount },
  'payee.iban': { field: 'payee_account', name: "payee's account", reason: REFUSAL_REASON.payeeAccount },
  amount: { field: 'amount', name: 'amount', reason: REFUSAL_REASON.amount },
  currency: { field: 'currency', name: 'currency', reason: REFUSAL_REASON.currency },
  purpose: { field: 'purpose', name: 'KNP', reason: REFUSAL_REASON.format }
}

/** A refused file's problem: a rule of the desk's, coded for the screens, in English for the report and the CLI. */
export const problem = (code: LineErrorCode, params: Record<string, string | number>, message: string): LineError => ({ line: 0, message, code, params })

/**
 * Imports participants' payment files (R4.1, R4.2): pacs.008.001.08, MT100 or MT102, read and checked
 * against the schema and the rules (the sending bank is the participant, its clients pay, no file or
 * transaction id used twice). A file is accepted or refused as a whole: refused, it is recorded with its
 * errors and nothing of it is kept; accepted, its transactions wait for the close of the operational day,
 * a pacs.002 "pending" goes back to the participant at once, and at the close each transaction is executed
 * through the Center and reported ACSC or RJCT with its reason.
 */
export class ImportService {
  private revocations: RevocationIntake | null = null
  private readonly sql: ReturnType<typeof statementCache>

  constructor(private readonly d: ImportDeps) {
    this.sql = statementCache(d.db)
  }

  /** camt.056 files go to the disputes, which are made after the exchange. */
  acceptRevocations(intake: RevocationIntake): void {
    this.revocations = intake
  }

  async importFile(input: ImportInput): Promise<ImportResult> {
    const now = this.d.clock.now()
    const fileName = basename(input.fileName).slice(0, 200) || 'payment-file'
    const participant = this.d.participant(input.party)
    // A file refused before its batch is read is answered with `unread`, the ISO reason of its group rejection.
    const refuse = (errors: LineError[], format: string | null, read: RefusedBatch | null = null, unread: string = REFUSAL_REASON.format) => this.refuse(input, fileName, errors, format, read ?? unread, now)
    if (!participant) return refuse([problem('no_participant', { party: input.party }, `no participant ${input.party}`)], null)
    if (participant.status !== 'active')
      return refuse([problem('participant_not_active', { party: input.party, status: participant.status }, `participant ${input.party} is ${participant.status}: its files are not accepted`)], null, null, REFUSAL_REASON.suspended)
    if (input.bytes.length > MAX_FILE_BYTES)
      return refuse([problem('too_large', { bytes: input.bytes.length, limitBytes: MAX_FILE_BYTES }, `the file is ${input.bytes.length} bytes; at most ${MAX_FILE_BYTES} are accepted`)], null)
    const hash = sha256Hex(input.bytes)
    const same = this.d.files.sameFile(hash)
    if (same) return refuse([problem('same_file', { id: same.id, file: same.fileName }, `the same file was already imported as file #${same.id} (${same.fileName})`)], same.format, null, REFUSAL_REASON.duplicateFile)

    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input.bytes)
    } catch {
      return refuse([problem('not_utf8', {}, 'the file is not UTF-8 text')], null)
    }
    const read = await this.d.reader.read(text)
    if (read.format === 'camt.056.001.08' && !read.errors.length && this.revocations) return this.revocation(input, participant.code, fileName, hash, text, now)
    if (!read.batch || read.errors.length) return refuse(read.errors.length ? read.errors : [problem('not_payment_file', {}, 'not a payment file')], read.format)
    if (read.format !== 'pacs.008.001.08' && read.format !== 'MT100' && read.format !== 'MT102')
      return refuse([problem('not_payment_format', { format: read.format ?? 'unknown' }, `a payment file must be pacs.008.001.08, MT100 or MT102; this is ${read.format}`)], read.format)
    const batch = read.batch
    const format: PaymentFileFormat = read.format
    const { problems, duplicate } = this.rules(batch, participant, now)
    if (problems.length) return refuse(problems, format, { batch, problems, duplicate })

    const fileId = this.d.db.transaction(() => {
      const day = this.d.days.stamp(now)
      // A total only in one currency: tiyn and cents of a mixed file add up to nothing.
      const currencies = new Set(batch.transactions.map((t) => t.currency))
      const currency = currencies.size === 1 ? [...currencies][0]! : null
      const total = currency === null ? 0 : batch.transactions.reduce((s, t) => s + t.amountMinor, 0)
      const id = this.d.files.insert({
        direction: 'in', party: participant.code, format, messageId: batch.messageId, fileName, sha256: hash, bytes: input.bytes.length,
        status: 'queued', transactions: batch.transactions.length, totalMinor: total, currency, errors: [],
        day, source: input.source, receivedAt: now, payload: null, inReplyTo: null, by: input.by?.id ?? null
      })
      this.d.files.insertTransactions(id, participant.code, batch.transactions)
      this.d.queue.enqueue(day, participant.code, PAYMENT_FILE, String(id), now)
      this.report(participant.code, id, format, batch, batch.transactions.map(() => ({ status: 'PDNG' as const, reason: null, info: null })), now)
      this.auditImport(input, participant.code, `file #${id} ${fileName}: ${batch.transactions.length} transactions queued for the close of ${day}`, now)
      return id
    }).immediate()
    await this.d.outbound.flush()
    return { file: this.d.files.get(fileId)!, statusReport: this.d.files.related(fileId, null).find((f) => f.direction === 'out') ?? null }
  }

  /** A revocation request: its cases filed and the file recorded in one transaction, or the file refused whole. */
  private async revocation(input: ImportInput, party: string, fileName: string, hash: string, text: string, now: number): Promise<ImportResult> {
    let fileId = 0
    try {
      await this.revocations!.fileFromText(party, text, fileName, input.by, null, (rows) => {
        fileId = this.d.files.insert({
          direction: 'in', party, format: 'camt.056.001.08', messageId: null, fileName, sha256: hash, bytes: input.bytes.length, status: 'processed', transactions: rows.length,
          totalMinor: 0, currency: null, errors: [], day: null, source: input.source, receivedAt: now, payload: null, inReplyTo: null, by: input.by?.id ?? null
        })
      })
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      // The refusal's rule and figures, for the screens to word; a schema's diagnostics (the details) keep their words.
      const reason = e.reasons?.[0]
      const refused: LineError = reason?.params ? problem('revocation_refused', { rule: reason.rule, ...reason.params }, e.message) : { line: 0, message: e.message }
      return this.refuse(input, fileName, [refused, ...(e.details ?? []).map((m) => ({ line: 0, message: m }))], 'camt.056.001.08', REFUSAL_REASON.format, now)
    }
    return { file: this.d.files.get(fileId)!, statusReport: null }
  }

  /** What the schema cannot check: the sender and the addressee, its clients, and ids used once (`duplicate`: the ISO reason when one was used before). */
  private rules(batch: PaymentBatch, p: ImportParticipant, now: number): { problems: Refusal[]; duplicate: Duplicate | null } {
    const problems: Refusal[] = []
    // Each problem carries both its ISO reason, for the pacs.002, and its code with figures, for the screens.
    const refuse = (reason: string, e: LineError, tx: number | null = null) => problems.push({ ...e, reason, tx })
    // The file runs at the close of the day open now (R4.1); one dated later would move the money before its date.
    // One dated earlier is a late arrival, processed with the open day (R3.1.1).
    const day = this.d.days.stamp(now)
    if (batch.settlementDate > day)
      refuse(
        REFUSAL_REASON.settlementDate,
        problem('settlement_day_later', { settlementDay: batch.settlementDate, day }, `the settlement date ${batch.settlementDate} is after the operational day ${day}: a file is executed at the close of the day it arrives in, so a later date is refused`)
      )
    if (!sameBank(batch.instructingBic, p.bic))
      refuse(REFUSAL_REASON.sender, problem('sender_bic', { bic: batch.instructingBic, party: p.code, participantBic: p.bic }, `the file is sent by ${batch.instructingBic}, not by ${p.code}'s BIC ${p.bic}`))
    // R4.1: the file goes to the settlement bank, through the operator's desk (a file addressed to the operator is its own).
    // One for another bank reached this desk by mistake: executing it would pay what was meant to go elsewhere.
    const { settlementBankBic, ownBic } = this.d
    if (!sameBank(batch.instructedBic, settlementBankBic) && !sameBank(batch.instructedBic, ownBic))
      refuse(
        REFUSAL_REASON.addressee,
        problem('addressee_not_settlement_bank', { bic: batch.instructedBic, settlementBankBic, operatorBic: ownBic }, `the file is addressed to ${batch.instructedBic}, not to the settlement bank's BIC ${settlementBankBic} nor the operator's ${ownBic}`)
      )
    const seen = new Set<string>()
    batch.transactions.forEach((t, i) => {
      const n = i + 1
      if (!sameBank(t.debtor.bic, p.bic))
        refuse(REFUSAL_REASON.payerBank, problem('payer_bank', { n, txId: t.txId, bic: t.debtor.bic, party: p.code, participantBic: p.bic }, `transaction ${n} (${t.txId}): the payer's bank ${t.debtor.bic} is not ${p.code} (${p.bic}); a participant sends its own clients' payments`), i)
      // The BIC is what the file says; the account's bank is what the registry knows (the IBAN's bank code alone can be forged too).
      const keptAt = this.accountBank(t.debtor.iban)
      if (keptAt !== undefined && keptAt !== p.id)
        refuse(REFUSAL_REASON.payerAccount, problem('payer_account', { n, txId: t.txId, iban: t.debtor.iban, party: p.code }, `transaction ${n} (${t.txId}): the payer's account ${t.debtor.iban} is not kept at ${p.code}; a participant sends its own clients' payments`), i)
      // The schema (Max35Text, any amount from zero, any IBAN) lets through what the Center refuses: found now,
      // not at the close after a "pending" went back (R4.1, R7.5).
      const request = authorizationRequest.safeParse(transferRequest({ txId: t.txId, debtorIban: t.debtor.iban, creditorIban: t.creditor.iban, amountMinor: t.amountMinor, currency: t.currency, purpose: t.purposeCode }))
      if (!request.success)
        for (const issue of request.error.issues) {
          const path = issue.path.join('.')
          const { field, name, reason } = FIELDS[path] ?? { field: 'transfer', name: path || 'transfer', reason: REFUSAL_REASON.format }
          refuse(reason, problem('tx_invalid', { n, txId: t.txId, field }, `transaction ${n} (${t.txId}): ${name} ${issue.message}; the Center would refuse it at the close`), i)
        }
      if (seen.has(t.txId)) refuse(REFUSAL_REASON.repeatedId, problem('tx_repeated', { n, txId: t.txId }, `transaction ${n}: the id ${t.txId} is repeated in the file`), i)
      seen.add(t.txId)
    })
    let duplicate: Duplicate | null = null
    const used = this.d.files.usedTxIds(p.code, [...seen])
    if (used.length) {
      duplicate = { reason: 'AM05', message: `transaction ids already used by ${p.code}: ${used.slice(0, 10).join(', ')}${used.length > 10 ? ` and ${used.length - 10} more` : ''}` }
      refuse(duplicate.reason, problem('tx_ids_used', { party: p.code, ids: used.slice(0, 10).join(', '), count: used.length }, duplicate.message))
    }
    if (this.d.files.sameMessageId(p.code, batch.messageId)) {
      duplicate = { reason: 'DU01', message: `the message id ${batch.messageId} was already used by ${p.code}` }
      refuse(duplicate.reason, problem('message_id_used', { messageId: batch.messageId, party: p.code }, duplicate.message))
    }
    return { problems: problems.slice(0, 100), duplicate }
  }

  /** The participant (id) that keeps the account with this IBAN, if the registry has it. */
  private accountBank(iban: string): string | undefined {
    return this.sql<[string], string>('SELECT participant_id FROM accounts WHERE iban = ?').pluck().get(iban)
  }

  /**
   * Records the refusal (never the content); a batch that was read gets a pacs.002 rejecting it as a group, with the
   * ISO reason of its first problem about the file as a whole (else of its first one), and naming each transaction at
   * fault with its own (R4.1). A file refused for ids used before (DU01, AM05) names no transaction: its ids are those
   * of transactions already accepted, which a per-transaction RJCT would report as not paid. A file refused unread
   * (`read` is then the ISO reason) is rejected as a group, naming no transaction, when its sender is known for sure.
   */
  private async refuse(input: ImportInput, fileName: string, errors: LineError[], format: string | null, read: RefusedBatch | string, now: number): Promise<ImportResult> {
    const batch = typeof read === 'string' ? null : read
    // A file refused unread is listed by what its header says it is (a pacs.008 with a DOCTYPE), when it says.
    const header = batch ? null : paymentFileHeader(input.bytes)
    // The same rule answers a file read and one refused before: its sender for sure, by the batch or by the header.
    const sender = certainSender(this.d.participant(input.party), input, batch ? batch.batch.instructingBic : (header?.senderBic ?? null))
    const id = this.d.db.transaction(() => {
      const id = this.d.files.insert({
        direction: 'in', party: input.party.slice(0, 16), format: format ?? header?.format ?? 'unknown', messageId: batch?.batch.messageId ?? null, fileName, sha256: sha256Hex(input.bytes), bytes: input.bytes.length,
        status: 'refused', transactions: 0, totalMinor: 0, currency: null, errors: errors.slice(0, 100).map(({ line, message, code, params, detail }) => ({ line, message, code, params, detail })), day: null, source: input.source, receivedAt: now, payload: null, inReplyTo: null, by: input.by?.id ?? null
      })
      if (batch && sender) {
        const status = (r: { reason: string; message: string }) => ({ status: 'RJCT' as const, reason: r.reason, info: r.message.slice(0, 105) })
        const group = batch.duplicate ?? batch.problems.find((r) => r.tx === null) ?? batch.problems[0]!
        const atFault = batch.duplicate ? [] : batch.batch.transactions.flatMap((t, i) => batch.problems.filter((r) => r.tx === i).slice(0, 1).map((r) => ({ t, r })))
        this.report(sender, id, paymentFormat(format), { messageId: batch.batch.messageId, transactions: atFault.map((x) => x.t) }, atFault.map((x) => status(x.r)), now, status(group))
      }
      if (typeof read === 'string' && header && sender) {
        const { messageId, format } = header
        // Without its own id, the report names the file the participant dropped, so it can tell which was refused.
        const info = `${messageId ? '' : `${fileName}: `}${errors[0]?.message ?? ''}`.slice(0, 105)
        this.report(sender, id, format, { messageId: messageId ?? UNKNOWN_REFERENCE, transactions: [] }, [], now, { status: 'RJCT', reason: read, info })
      }
      this.auditImport(input, input.party, `refused ${fileName}: ${errors[0]?.message ?? ''}`, now, 'refused')
      return id
    })()
    await this.d.outbound.flush()
    return { file: this.d.files.get(id)!, statusReport: this.d.files.related(id, null).find((f) => f.direction === 'out') ?? null }
  }

  /** Queues a pacs.002 to the participant with a status per transaction of a file, or the status of the file as a group. */
  private report(
    party: string,
    fileId: number,
    format: PaymentFileFormat,
    original: { messageId: string; transactions: readonly { endToEndId: string; txId: string }[] },
    statuses: { status: 'PDNG' | 'ACSC' | 'RJCT'; reason: string | null; info: string | null }[],
    now: number,
    group: { status: 'RJCT'; reason: string; info: string } | null = null
  ): void {
    const all = new Set(statuses.map((s) => s.status))
    const report: StatusReport = {
      messageId: this.d.newMessageId(),
      createdAt: now,
      originalMessageId: original.messageId,
      originalMessageType: format,
      groupStatus: group ? group.status : all.size === 1 ? [...all][0]! : 'PART',
      groupReason: group?.reason ?? null,
      groupInfo: group?.info ?? null,
      transactions: original.transactions.map((t, i) => ({ originalEndToEndId: t.endToEndId, originalTxId: t.txId, ...statuses[i]! }))
    }
    this.d.outbound.queue('pacs.002.001.10', party, report, fileId, now)
  }

  /**
   * The close-time processor of an accepted file (registered on the close queue): each transaction runs
   * through the Center as a transfer by requisites, stamped with the day now open (R4.1: after the close).
   */
  process(item: CloseQueueItem): CodedText {
    const fileId = Number(item.reference)
    const file = this.d.files.record(fileId)
    if (!file || file.status !== 'queued') throw new CodedError('not_queued', { reference: item.reference }, `payment file #${item.reference} is not queued`)
    const now = this.d.clock.now()
    const statuses: { status: 'ACSC' | 'RJCT'; reason: string | null; info: string | null }[] = []
    const txs = this.d.files.transactions(fileId)
    for (const t of txs) {
      const answer = this.execute(t, file.party, fileId, now)
      const ok = answer.status === 'accepted'
      const reason = ok ? null : statusReasonOf(answer.reason)
      this.d.files.settle(fileId, t.n, ok ? 'ACSC' : 'RJCT', ok ? null : answer.reason, answer.operation)
      statuses.push({ status: ok ? 'ACSC' : 'RJCT', reason, info: ok ? null : answer.reason })
    }
    this.d.files.setStatus(fileId, 'processed', now)
    this.report(file.party, fileId, paymentFormat(file.format), { messageId: file.message_id ?? String(fileId), transactions: txs }, statuses, now)
    const accepted = statuses.filter((s) => s.status === 'ACSC').length
    return codedText('file_processed', { executedCount: accepted, rejectedCount: statuses.length - accepted }, `${accepted} executed, ${statuses.length - accepted} rejected`)
  }

  /**
   * One transaction of a file through the Center: the same request a terminal or the app would send, the same checks,
   * the same pipeline. One that fails unexpectedly (an exception, not a refusal) is taken back alone, in its savepoint,
   * and rejected as the Center's error (AB02 in the pacs.002); the file's other transactions go on. Only when the
   * database dropped the whole transaction is the file failed, to be processed again as a whole.
   */
  private execute(t: MessageTransactionRow, party: string, fileId: number, now: number): AuthorizationAnswer {
    const request = authorizationRequest.safeParse(transferRequest(t))
    if (!request.success) return rejected(t.txId, RESULT_CODES.FORMAT_ERROR, 'request.invalid')
    try {
      return this.d.center.inTransaction((at, day) => this.d.center.pipeline.authorize(request.data, fileSource(party), at, day), now)
    } catch (e) {
      if (!this.d.db.inTransaction) throw e
      const message = e instanceof Error ? e.message : String(e)
      this.d.log(`payment file #${fileId}: transaction ${t.n} (${t.txId}) failed: ${message}`)
      this.d.audit.append({
        at: now, actorId: null, actorLogin: null, sessionId: null, action: 'messages.transactionFailed', outcome: 'error', errorCode: 'INTERNAL', subject: party,
        detail: `file #${fileId}, transaction ${t.n} ${t.txId}: ${message}`.slice(0, 500)
      })
      return rejected(t.txId, RESULT_CODES.SYSTEM_MALFUNCTION, 'center.error')
    }
  }

  private auditImport(input: ImportInput, party: string, detail: string, now: number, outcome: 'ok' | 'refused' = 'ok'): void {
    this.d.audit.append({ at: now, actorId: input.by?.id ?? null, actorLogin: input.by?.login ?? null, sessionId: null, action: 'messages.imported', outcome: outcome === 'ok' ? 'ok' : 'error', errorCode: outcome === 'ok' ? null : 'VALIDATION', subject: party, detail: detail.slice(0, 500) })
  }
}
