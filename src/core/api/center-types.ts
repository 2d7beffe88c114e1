// Plain data of the Center (R3, R7) crossing the call boundary. Types only: imported by the renderer.
import type { CodedText } from '../domain/coded-text'

export const OPERATION_TYPES = ['top_up', 'transfer', 'payment', 'cash_withdrawal', 'currency_exchange', 'other'] as const
export type OperationType = (typeof OPERATION_TYPES)[number]

/** Where the client acted (R7.3): the app (R1.1.1), a terminal, a cash desk, or salary crediting by an employer. */
export const CHANNELS = ['app', 'terminal', 'cash_desk', 'salary'] as const
export type Channel = (typeof CHANNELS)[number]

/** How the request named the payer (R1.1.11): an instrument, account requisites, a QR code, an IIN, or cash. */
export const PAYER_METHODS = ['instrument', 'account', 'qr', 'iin', 'cash'] as const
export type PayerMethod = (typeof PAYER_METHODS)[number]

export const OPERATION_STATUSES = ['accepted', 'refused', 'held', 'completed', 'expired', 'voided', 'reversed'] as const
export type OperationStatus = (typeof OPERATION_STATUSES)[number]

/** A party as a request names it: a card (PAN), an e-wallet, account requisites (IBAN), a QR payload or an IIN. */
export type PartyRef = { pan: string; expiry?: string } | { wallet: string } | { iban: string } | { qr: string } | { iin: string }

/** What a terminal or channel asks of the Center. Amounts are decimal text in the currency's units. */
export interface AuthorizationRequest {
  /** The sender's idempotency id: a retry with the same id gets the first answer. */
  requestId: string
  type: OperationType
  channel: Channel
  /** The terminal's code; the intake sets it from the authenticated terminal, never from the body. */
  terminal?: string
  /** Absent for a cash top-up at a terminal or a cash desk. */
  payer?: PartyRef
  payee?: PartyRef
  amount: string
  currency: string
  /** Currency exchange: the currency credited. */
  toCurrency?: string
  /** Authorize now, complete later (or let the hold expire). */
  twoPhase?: boolean
  /** The payment purpose code (KNP, 3 digits). */
  purpose?: string
}

/** The Center's answer; `resultCode` is ISO 8583:2023-style (0000 approved, 1xxx denied, 9xxx rejected unprocessed). */
export interface AuthorizationAnswer {
  requestId: string
  /** The operation number, or null when nothing was recorded (malformed request, reused id with other content). */
  operation: number | null
  status: OperationStatus | 'rejected'
  resultCode: string
  /** A machine-readable reason (`instrument.expired`), worded by each interface in its language. */
  reason: string
  opDay: string | null
  documentNo: string | null
  /** True when this is the stored answer to an earlier request with the same id. */
  replayed: boolean
  /** For a malformed request (9030): which fields were wrong and why. */
  details?: string[]
}

export interface OperationRow {
  seq: number
  source: string
  requestId: string
  type: OperationType
  channel: Channel
  method: PayerMethod
  opDay: string
  receivedAt: number
  amountMinor: number
  currency: string
  creditAmountMinor: number | null
  creditCurrency: string | null
  status: OperationStatus
  resultCode: string
  reason: string
  issuerId: string | null
  issuerCode: string | null
  acquirerId: string | null
  acquirerCode: string | null
  payeeParticipantId: string | null
  /** Whether the operation concerns the payee's bank too: not refused, or following one that was not (R14.3). */
  payeeBankConcerned: boolean
  terminalCode: string | null
  clientIin: string | null
  panMasked: string | null
  documentNo: string | null
  twoPhase: boolean
  originalSeq: number | null
  reversedBy: number | null
}

export interface OperationCheck {
  check: string
  ok: boolean
  /** Why it failed (a reason code), when it did. */
  reason?: string
}

export interface PostingRow {
  /** The posting's place in its operation (1, 2 …). */
  leg: number
  debitIban: string
  debitKind: AccountKind
  creditIban: string
  creditKind: AccountKind
  amountMinor: number
  currency: string
  kind: 'client' | 'interbank' | 'exchange' | 'reversal'
  createdAt: number
}

/** A message of the outbox that carried the operation: one per destination per committed batch. */
export interface OutboxMessage {
  id: number
  destination: string
  kind: 'confirmation' | 'abs'
  /** How many operations the message carried. */
  operations: number
  createdAt: number
  attempts: number
  deliveredAt: number | null
  lastError: CodedText | null
}

/**
 * Why a delivery of the outbox failed, worded by the screens: the receiver answered with an HTTP status other than
 * 2xx (`status`), gave no answer in time (`ms`), could not be reached (`network`, its `networkError` one of
 * NETWORK_ERRORS), or the transport failed otherwise (its English message only). `unreachable` (`reason`: the system's
 * code) is how a failure to reach the receiver was kept before its network error was named.
 */
export const DELIVERY_FAILURES = ['receiver_status', 'no_answer', 'network', 'unreachable', 'failed'] as const
export type DeliveryFailure = (typeof DELIVERY_FAILURES)[number]

export interface DocumentParty {
  name: string | null
  iin: string | null
  iban: string | null
  bank: string | null
  bic: string | null
}

/** The electronic payment document that confirms an accepted operation (R7.5.6). */
export interface PaymentDocument {
  number: string
  opDay: string
  issuedAt: number
  type: OperationType
  payer: DocumentParty
  payee: DocumentParty
  amountMinor: number
  currency: string
  creditAmountMinor: number | null
  creditCurrency: string | null
  purpose: string | null
  terminalCode: string | null
  panMasked: string | null
  /** A reversal's or a return's document: the operation and document whose money it gives back (payer and payee are theirs swapped). */
  givesBack: { operation: number; documentNo: string | null } | null
}

export interface HoldRow {
  amountMinor: number
  expiresAt: number
  state: 'active' | 'completed' | 'voided' | 'expired'
  closedAt: number | null
}

export interface OperationDetail {
  operation: OperationRow
  checks: OperationCheck[]
  postings: PostingRow[]
  confirmations: OutboxMessage[]
  hold: HoldRow | null
  document: PaymentDocument | null
  /** The operation this one completes or reverses, and the one that reversed or completed this one. */
  related: OperationRow[]
}

export interface OperationsPage {
  rows: OperationRow[]
  /** Pass as `beforeSeq` for the next (older) page; null at the end. */
  nextBeforeSeq: number | null
}

export interface LedgerVerification {
  balanced: boolean
  /** Sum of debits and of credits per currency (equal when balanced). */
  totals: { currency: string; debits: number; credits: number }[]
  /** Accounts whose maintained balance or hold differs from the postings and holds, or that are below their minimum. */
  problems: { iban: string; problem: 'balance' | 'held' | 'minimum'; expected: number; actual: number }[]
  postings: number
  accounts: number
}

export interface CenterStats {
  opDay: string
  accepted: number
  refused: number
  /** The newest operation; for participant staff, their bank's newest of the open day (0: none). */
  lastSeq: number
  /** Messages not yet delivered; for participant staff, the confirmations and ABS hand-offs addressed to their bank. */
  pendingOutbox: number
  /** For participant staff, the holds of their bank's operations. */
  activeHolds: number
  /** By type and currency: every operation (`count`), the refused among them, and what moved money forward (single-phase approvals and completions; not holds, reversals or voids). */
  byType: { type: OperationType; count: number; refused: number; amountMinor: number; currency: string }[]
}

export interface Client {
  id: string
  iin: string
  name: string
  createdAt: number
}

export type AccountKind = 'client' | 'settlement' | 'cash' | 'merchant' | 'fx'
export type AccountStatus = 'open' | 'blocked' | 'closed'

export interface Account {
  id: string
  iban: string
  participantId: string
  participantCode: string
  kind: AccountKind
  clientId: string | null
  clientName: string | null
  clientIin: string | null
  currency: string
  balanceMinor: number
  heldMinor: number
  /** balance − held: what the client may spend down to the minimum. */
  availableMinor: number
  minBalanceMinor: number | null
  limitPerOpMinor: number | null
  limitDailyMinor: number | null
  status: AccountStatus
  statusReason: string | null
  createdAt: number
}

export type InstrumentKind = 'card' | 'wallet'
export type InstrumentStatus = 'active' | 'blocked' | 'closed'

export interface Instrument {
  id: string
  kind: InstrumentKind
  accountId: string
  iban: string
  currency: string
  clientId: string
  clientName: string
  clientIin: string
  issuerId: string
  issuerCode: string
  /** The only form of a PAN that leaves the core (`4400 43•• •••• 1234`). */
  panMasked: string | null
  walletNo: string | null
  expiry: string | null
  holderName: string
  status: InstrumentStatus
  statusReason: string | null
  createdAt: number
}

/** The instrument's requisites as a QR code (R3.2.1): the payload and an SVG image of it. */
export interface InstrumentQr {
  payload: string
  svg: string
}

export interface FxRate {
  id: number
  base: string
  quote: string
  /** Quote units per one base unit, as decimal text ("512.34"). */
  rate: string
  effectiveFrom: number
  createdAt: number
}

/** A terminal's intake key, shown once when issued; the Center keeps it to check request signatures. */
export interface TerminalKey {
  terminalCode: string
  keyId: string
  secret: string
  issuedAt: number
}
