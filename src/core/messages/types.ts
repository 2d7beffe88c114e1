// Payment messages as domain data (R4): ISO 20022 and the national format map to and from these. Amounts are
// integer minor units with their currency; instants are milliseconds; days are YYYY-MM-DD (Asia/Almaty).

export const MESSAGE_TYPES = [
  'pacs.008.001.08',
  'pacs.002.001.10',
  'pacs.004.001.09',
  'pacs.028.001.03',
  'camt.056.001.08',
  'camt.029.001.09',
  'camt.053.001.08',
  'camt.054.001.08'
] as const
export type MessageType = (typeof MESSAGE_TYPES)[number]

/** The national (legacy) formats of the interbank system: single (MT100) and bulk (MT102) credit transfers. */
export const NATIONAL_FORMATS = ['MT100', 'MT102'] as const
export type NationalFormat = (typeof NATIONAL_FORMATS)[number]

/**
 * A payer or payee: name, account (KZ IBAN = IIK), its bank's BIC, the IIN or BIN, and the EKNP code of
 * residency (1 resident, 2 non-resident) and economic sector (one digit, 1–9) — KOd for the payer, KBe for the payee.
 */
export interface MessageParty {
  name: string
  iban: string
  bic: string
  /** IIN (individual) or BIN (legal entity), 12 digits with a valid check digit. */
  idn: string | null
  residency: '1' | '2' | null
  sector: string | null
}

/** One customer credit transfer (pacs.008 CdtTrfTxInf, one MT100, one MT102 transaction). */
export interface CreditTransfer {
  instructionId: string
  endToEndId: string
  txId: string
  amountMinor: number
  currency: string
  debtor: MessageParty
  creditor: MessageParty
  /** KNP: the 3-digit EKNP purpose code. */
  purposeCode: string
  remittance: string | null
}

/** A file of credit transfers: pacs.008.001.08, or an MT102 (an MT100 carries exactly one). */
export interface PaymentBatch {
  messageId: string
  createdAt: number
  settlementDate: string
  /** The sending participant's bank (instructing agent) and the receiver (instructed agent: the settlement bank, R4.1, or the operator, whose desk receives the file). */
  instructingBic: string
  instructedBic: string
  transactions: CreditTransfer[]
}

export const TRANSACTION_STATUSES = ['ACSC', 'ACCP', 'PDNG', 'RJCT'] as const
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number]

/** pacs.002.001.10: the status of each transaction of an earlier message. */
export interface StatusReport {
  messageId: string
  createdAt: number
  originalMessageId: string
  /** The message answered as it came: a pacs.008, or a national MT100 / MT102 file. */
  originalMessageType: MessageType | NationalFormat
  groupStatus: TransactionStatus | 'PART' | null
  /** The reason of the group status (OrgnlGrpInfAndSts/StsRsnInf), e.g. DU01 for a message id used before. */
  groupReason: string | null
  groupInfo: string | null
  transactions: { originalEndToEndId: string; originalTxId: string; status: TransactionStatus; reason: string | null; info: string | null }[]
}

/** pacs.004.001.09: funds returned (after an accepted revocation: reason FOCR). */
export interface PaymentReturn {
  messageId: string
  createdAt: number
  settlementDate: string
  instructingBic: string
  instructedBic: string
  transactions: { returnId: string; originalMessageId: string; originalEndToEndId: string; originalTxId: string; amountMinor: number; currency: string; reason: string; info: string | null }[]
}

/** pacs.028.001.03: a request for the status of instructions not yet answered. */
export interface StatusRequest {
  messageId: string
  createdAt: number
  transactions: { originalMessageId: string; originalMessageType: MessageType; originalEndToEndId: string; originalTxId: string }[]
}

export const CANCELLATION_REASONS = ['DUPL', 'FRAD', 'TECH', 'CUST', 'UPAY', 'AM09', 'AC03', 'AGNT'] as const
export type CancellationReason = (typeof CANCELLATION_REASONS)[number]

/** camt.056.001.08: a request to revoke (cancel) instructions (R10.1.1). */
export interface CancellationRequest {
  assignmentId: string
  createdAt: number
  assignerBic: string
  assigneeBic: string
  caseId: string
  /** The bank that opened the case (Case/Cretr): the revocation's applicant, also when the desk passes it on. */
  creatorBic: string
  transactions: { cancellationId: string; originalMessageId: string; originalEndToEndId: string; originalTxId: string; amountMinor: number; currency: string; reason: CancellationReason; info: string | null }[]
}

export const CANCELLATION_STATUSES = ['CNCL', 'PDCR', 'RJCR'] as const
export type CancellationStatus = (typeof CANCELLATION_STATUSES)[number]

/** camt.029.001.09: the result of a revocation request (R10.1.3). */
export interface CancellationResult {
  assignmentId: string
  createdAt: number
  assignerBic: string
  assigneeBic: string
  caseId: string
  /** The bank that opened the case (RslvdCase/Cretr): the revocation's applicant, in every bank's copy of the result. */
  creatorBic: string
  status: CancellationStatus
  transactions: { cancellationId: string; originalEndToEndId: string; originalTxId: string; status: CancellationStatus; reason: string | null; info: string | null }[]
}

export interface StatementAccount {
  iban: string
  currency: string
  ownerName: string
  servicerBic: string
}

export interface StatementEntry {
  reference: string
  amountMinor: number
  currency: string
  creditDebit: 'CRDT' | 'DBIT'
  bookingDate: string
  valueDate: string
  endToEndId: string | null
  purposeCode: string | null
  remittance: string | null
}

/** camt.053.001.08: a participant's end-of-day statement of an account (R9.3.7). */
export interface AccountStatement {
  messageId: string
  createdAt: number
  statementId: string
  account: StatementAccount
  fromDay: string
  toDay: string
  openingBalanceMinor: number
  closingBalanceMinor: number
  entries: StatementEntry[]
}

/** camt.054.001.08: debit/credit notifications of an account. */
export interface AccountNotification {
  messageId: string
  createdAt: number
  notificationId: string
  account: StatementAccount
  entries: StatementEntry[]
}

export interface MessageOf {
  'pacs.008.001.08': PaymentBatch
  'pacs.002.001.10': StatusReport
  'pacs.004.001.09': PaymentReturn
  'pacs.028.001.03': StatusRequest
  'camt.056.001.08': CancellationRequest
  'camt.029.001.09': CancellationResult
  'camt.053.001.08': AccountStatement
  'camt.054.001.08': AccountNotification
}

/**
 * The kinds of check the national format's codec (MT100, MT102) makes, each finding naming where it is as written in
 * the file (`tag`: '{4:', ':32B:', ':70: /KNP/'), with its figures (`currency`, `reference`, `maxCount`): the blocks'
 * structure, a field the part may not have, repeated or missing, not laid out as the format says, a value of the
 * wrong form or too long, an amount, a total other than the sum, a currency not handled or other than the file's, a
 * date, a BIC, an account's (IIK's) MOD-97, an IIN/BIN, a transaction reference repeated, too many transactions.
 */
export const NATIONAL_PROBLEMS = [
  'mt_block', 'mt_field_unknown', 'mt_field_repeated', 'mt_field_missing', 'mt_field_layout', 'mt_field_format', 'mt_field_length',
  'mt_amount', 'mt_total', 'mt_currency', 'mt_currency_mixed', 'mt_date', 'mt_bic', 'mt_account', 'mt_idn', 'mt_reference_repeated',
  'mt_transactions_limit'
] as const
export type NationalProblem = (typeof NATIONAL_PROBLEMS)[number]

/**
 * What is wrong with a message, as a code for the screens to word in the user's language (R4.2): the guard's and the
 * type detection's own findings, with their figures; `schema`, `codec` and `unreadable` say which check refused it,
 * the check's own words (libxml2's, the codec's) cited in the problem's `detail`.
 */
export const MESSAGE_PROBLEMS = [
  'document_too_large', 'nul_byte', 'doctype', 'entity', 'processing_instruction', 'declaration_not_first', 'encoding',
  'no_root', 'root_not_document', 'no_namespace', 'namespace_version', 'namespace_not_iso', 'schema', 'codec', 'unreadable',
  ...NATIONAL_PROBLEMS
] as const
export type MessageProblemCode = (typeof MESSAGE_PROBLEMS)[number]

/** A message that could not be read: each problem with the line it is on (0 when it has none). */
export interface MessageProblem {
  line: number
  /** In English: the CLI's, a status report's AddtlInf. */
  message: string
  code?: MessageProblemCode
  params?: Record<string, string | number>
  /** A validator's own words, cited as they are under the worded reason (a technical citation, not translated). */
  detail?: string
}

/**
 * A problem found by a check whose words are its own (the schema's libxml2, a codec): coded by the check, or by the
 * kind of check a codec says it was (NATIONAL_PROBLEMS) with its figures; its words cited.
 */
export const cited = (p: MessageProblem, code: 'schema' | 'codec' | 'unreadable', format: string): MessageProblem => ({ ...p, code: p.code ?? code, params: { format, ...p.params }, detail: p.message })

/** Every codec, ISO 20022 or national, behind one interface: write text from data, read data from text. */
export interface Codec<T> {
  readonly format: MessageType | NationalFormat
  write(message: T): string
  /** Throws MessageError with the problems when the text is not a valid message of this format. */
  read(text: string): T
}

export class MessageError extends Error {
  constructor(readonly problems: MessageProblem[]) {
    super(problems.map((p) => (p.line ? `line ${p.line}: ${p.message}` : p.message)).join('; '))
    this.name = 'MessageError'
  }
}
