// Plain data of payment messages (R4) crossing the call boundary. Types only: imported by the renderer.
import { MESSAGE_PROBLEMS } from '../messages/types'

export const MESSAGE_FORMATS = ['pacs.008.001.08', 'pacs.002.001.10', 'pacs.004.001.09', 'pacs.028.001.03', 'camt.056.001.08', 'camt.029.001.09', 'camt.053.001.08', 'camt.054.001.08', 'MT100', 'MT102'] as const
export type MessageFormat = (typeof MESSAGE_FORMATS)[number]

/** What the desk exports for a participant and a day (R4, R9.3.7). */
export const EXPORT_TYPES = ['camt.053.001.08', 'camt.054.001.08', 'pacs.002.001.10', 'pacs.004.001.09'] as const
export type ExportType = (typeof EXPORT_TYPES)[number]

export interface LineError {
  line: number
  /** In English: the status report's AddtlInf, the CLI's. */
  message: string
  /** What the file broke (one of LINE_ERRORS), with its figures, for the screens to word in kk, ru and en. */
  code?: LineErrorCode
  params?: Record<string, string | number>
  /** The schema's or the codec's own words, cited under the worded reason. */
  detail?: string
}

/** The desk's own rules a payment file can break, and what the message checks find wrong with its form (R4.2). */
export const LINE_ERRORS = [
  'no_participant', 'participant_not_active', 'too_large',
  // A file named by path (the CLI) that is not a file, or that the file system would not read (`fileError`).
  'not_a_file', 'file_unreadable', 'same_file', 'not_utf8', 'not_payment_file', 'not_payment_format', 'settlement_day_later',
  // 'addressee_bic' (not the operator) words files refused before a file to the settlement bank was taken (R4.1).
  'sender_bic', 'addressee_bic', 'addressee_not_settlement_bank', 'payer_bank', 'payer_account', 'tx_invalid', 'tx_repeated', 'tx_ids_used', 'message_id_used',
  // A revocation request (camt.056) the disputes refused: `rule` names the refusal (`disputes.assigner_bic`), with its figures.
  'revocation_refused',
  ...MESSAGE_PROBLEMS
] as const
export type LineErrorCode = (typeof LINE_ERRORS)[number]

/** The fields of a transaction a refusal names (`tx_invalid`'s `field`). */
export const TX_FIELDS = ['transaction_id', 'payer_account', 'payee_account', 'amount', 'currency', 'purpose', 'transfer'] as const
export type TxField = (typeof TX_FIELDS)[number]

/** messages.validate: never an exception for a bad file — its problems, each with its line. */
export interface MessageValidation {
  valid: boolean
  messageType: MessageFormat | null
  errors: LineError[]
}

export type MessageFileStatus = 'queued' | 'processed' | 'refused' | 'pending' | 'written'

export interface MessageFileRow {
  id: number
  direction: 'in' | 'out'
  party: string
  format: string
  messageId: string | null
  fileName: string
  bytes: number
  status: MessageFileStatus
  transactions: number
  totalMinor: number
  currency: string | null
  errors: LineError[]
  day: string | null
  source: string
  receivedAt: number
  processedAt: number | null
  inReplyTo: number | null
  /**
   * The delivery trail of a file left in the participant's outbound folder (R9.1.8): awaiting while it is there,
   * taken once the participant's system has removed it (pickedUpAt: when the desk noticed); null for other files.
   * No receipt comes back (the rules ask for none): taken from the folder is all the desk knows, and all it says.
   */
  pickUp: 'awaiting' | 'taken' | null
  pickedUpAt: number | null
}

export interface MessageTransactionRow {
  n: number
  txId: string
  endToEndId: string
  amountMinor: number
  currency: string
  debtorIban: string
  debtorName: string
  creditorIban: string
  creditorName: string
  creditorBic: string
  purpose: string
  status: 'PDNG' | 'ACSC' | 'RJCT'
  reason: string | null
  operationSeq: number | null
}

/** messages.status: what a screen polls while a file waits, no content. */
export interface MessageFileState {
  id: number
  status: MessageFileStatus
}

export interface MessageFileDetail {
  file: MessageFileRow
  transactions: MessageTransactionRow[]
  /** Files written in reply (status reports) or the file this one answers. */
  related: MessageFileRow[]
}

/** The outcome of an import: queued for the day's close, or refused as a whole with its problems. */
export interface ImportResult {
  file: MessageFileRow
  /** The status report (pacs.002) written for the participant, if any. */
  statusReport: MessageFileRow | null
}

export interface ExportResult {
  file: MessageFileRow
  /** Where it was written (the CLI's `out`), or null when returned to the desk. */
  path: string | null
  fileName: string
  base64: string | null
  entries: number
}
