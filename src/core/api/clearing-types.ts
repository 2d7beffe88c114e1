// Plain data of operational days, clearing, settlement, fees and reports (R3.1, R5, R7.6–7.9, R9.3–9.4).
// Types only: imported by the renderer.
import type { CodedText } from '../domain/coded-text'
import type { CenterStats, Channel, OperationType } from './center-types'

/**
 * An operational day's life (R3.1.1, R5): open → closing (the cut-off is taken, queued files processed) →
 * closed → cleared (netting, fees and statements computed) → settled; or failed with a reason, retried.
 */
export const DAY_STATES = ['open', 'closing', 'closed', 'cleared', 'settled', 'failed'] as const
export type DayState = (typeof DAY_STATES)[number]

/**
 * Why a day's close stopped, worded by the screens: the net positions of a currency do not sum to zero (`currency`,
 * `sumMinor`), the day's operations were not all committed (`seq`), or the work failed otherwise (its English message).
 */
export const DAY_CLOSE_FAILURES = ['unbalanced', 'operations_pending', 'failed'] as const
export type DayCloseFailure = (typeof DAY_CLOSE_FAILURES)[number]

/** How a day came to close: at 24:00 Asia/Almaty, by an officer ahead of time, or on start after downtime. */
export const CLOSE_KINDS = ['scheduled', 'manual', 'catch_up'] as const
export type CloseKind = (typeof CLOSE_KINDS)[number]

export interface OperationalDayRow {
  day: string
  state: DayState
  openedAt: number
  closedAt: number | null
  closeKind: CloseKind | null
  closedBy: string | null
  closeReason: string | null
  /**
   * The day's operation numbers run from firstSeq to lastSeq (the Center stamps days in order). These and the count
   * are the whole system's: null for participant staff, who see their own bank's volumes elsewhere.
   */
  firstSeq: number | null
  lastSeq: number | null
  operations: number | null
  clearedAt: number | null
  settledAt: number | null
  /** Why the last close of the day failed (one of DAY_CLOSE_FAILURES), until a retry takes it further. */
  failure: CodedText | null
  attempts: number
  settlement: SettlementState | null
}

/** The party that is neither a participant nor the settlement bank: the operator, who collects fees (R9.4.6). */
export const OPERATOR_PARTY = 'operator'

/** A participant's (or the operator's) position for a day in one currency. net = receivable − payable − fees (+ fees for the operator). */
export interface NetPosition {
  /** A participant's code (P001), or OPERATOR_PARTY. */
  party: string
  name: string
  currency: string
  receivableMinor: number
  payableMinor: number
  feesMinor: number
  netMinor: number
  /** Gross-model obligations settled one by one (R7.6, R7.9), outside the net. */
  grossPayableMinor: number
  grossReceivableMinor: number
}

/** One cell of the participant × participant matrix: what payer's clients sent to payee's in a currency. */
export interface MatrixCell {
  payer: string
  payee: string
  currency: string
  count: number
  amountMinor: number
  gross: boolean
}

export const SETTLEMENT_MODELS = ['net', 'gross'] as const
export type SettlementModel = (typeof SETTLEMENT_MODELS)[number]

export const SETTLEMENT_STATES = ['computed', 'submitted', 'approved', 'instructed', 'confirmed', 'finalized'] as const
export type SettlementState = (typeof SETTLEMENT_STATES)[number]

/** An instruction to the settlement bank (R7.8): debit or credit a party's settlement account. */
export interface SettlementInstruction {
  /** Deterministic (`STL-20261125-P001-KZT`, `GRS-20261125-000123`): a repeated close produces the same ids. */
  id: string
  day: string
  party: string
  currency: string
  direction: 'debit' | 'credit'
  amountMinor: number
  kind: 'net' | 'gross'
  operationSeq: number | null
  /** The party's settlement account and insurance deposit do not cover the debit (R9.4.5, R9.4.7). */
  shortfall: boolean
}

/** Where the money for a debit came from, in the order applied (R9.4.5, then R9.4.7). */
export const FUNDING_SOURCES = ['settlement', 'current', 'insurance'] as const
export type FundingSource = (typeof FUNDING_SOURCES)[number]

export interface SettlementPosting {
  id: number
  instructionId: string
  party: string
  source: FundingSource | 'credit'
  amountMinor: number
  currency: string
  at: number
  by: string | null
}

export interface Settlement {
  day: string
  state: SettlementState
  submittedBy: string | null
  submittedAt: number | null
  approvedBy: string | null
  approvedAt: number | null
  instructedAt: number | null
  confirmedAt: number | null
  bankReference: string | null
  finalizedAt: number | null
  finalizedBy: string | null
  instructions: SettlementInstruction[]
  postings: SettlementPosting[]
}

/** A participant's money at the settlement bank, as the bank reports it (R9.4.5, R9.4.7). */
export interface SettlementFunds {
  party: string
  name: string
  model: SettlementModel
  currency: string
  settlementMinor: number
  currentMinor: number
  insuranceMinor: number
  updatedAt: number | null
}

export interface ClearingResult {
  day: OperationalDayRow
  positions: NetPosition[]
  matrix: MatrixCell[]
  /** Per currency: the sum of net positions, zero when the netting is right (checked at clearing). */
  checks: { currency: string; sumMinor: number }[]
  settlement: Settlement | null
}

/** A tariff of a contract (R2.3, R9.4.6): what a participant pays the operator per operation. */
export interface Tariff {
  id: string
  /** A participant's code, or null for every participant without its own tariff. */
  participant: string | null
  /** Which side of the operation pays: its issuer or its acquirer. */
  payerRole: 'issuer' | 'acquirer'
  type: OperationType | null
  channel: Channel | null
  currency: string
  fixedMinor: number
  /** Percentage in basis points (0.01 %): 15 = 0.15 %. */
  percentBp: number
  minMinor: number | null
  maxMinor: number | null
  effectiveFrom: string
  createdAt: number
  createdBy: string | null
}

export interface FeeLine {
  day: string
  party: string
  role: 'issuer' | 'acquirer'
  type: OperationType
  channel: Channel
  currency: string
  /** Charged: the operations of the day that moved money, their amount and fee. */
  count: number
  amountMinor: number
  feeMinor: number
  /** Given back: the day's reversals and returns, and the part of their operations' fee that went back with them. */
  reversed: number
  refundMinor: number
}

/** A day's figures of one participant by role, type and channel: the statement's and regulatory report's source. */
export interface DayStatLine {
  day: string
  party: string
  role: 'issuer' | 'acquirer'
  type: OperationType
  channel: Channel
  currency: string
  /** Executed that day: single-phase approvals and completions, what moved money (R9.3.7). */
  accepted: number
  acceptedMinor: number
  refused: number
  /** Holds taken that day (two-phase authorizations): no money moved until completed. */
  held: number
  heldMinor: number
  /** Reversals and returns that day: money given back, whichever day its operation was executed. */
  reversed: number
  reversedMinor: number
}

/** The party of a refusal line that counts the system's refused operations, each once (the period report's). */
export const ALL_PARTIES = '*'

export interface RefusalLine {
  day: string
  /** A participant's code (its statement: operations that concern it), or ALL_PARTIES. */
  party: string
  reason: string
  count: number
}

/**
 * What a queued file came to at the close, worded by the screens: processed with its transactions executed and
 * rejected (`executedCount`, `rejectedCount`); failed as not queued any more (`reference`), with no processor for its
 * kind (`kind`), or otherwise (its English message).
 */
export const CLOSE_QUEUE_RESULTS = ['file_processed', 'not_queued', 'no_processor', 'failed'] as const

/** A file of a participant queued during the day and processed at its close (R4.1). */
export interface CloseQueueItem {
  id: number
  day: string
  party: string
  kind: string
  reference: string
  state: 'queued' | 'processed' | 'failed'
  queuedAt: number
  processedAt: number | null
  /** One of CLOSE_QUEUE_RESULTS; a row processed before codes were kept is its sentence (PLAIN_TEXT). */
  result: CodedText | null
}

export const REPORT_KINDS = ['clearing', 'statement', 'regulatory'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]
export const REPORT_FORMATS = ['csv', 'pdf'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** A generated report file; `confidential` reports carry the marking on every page (R14.1). */
export interface ReportFile {
  fileName: string
  mime: string
  /** base64 of the file's bytes */
  base64: string
  confidential: boolean
  bytes: number
}

/** The day console: the open day with its live figures and queue, and the day before it. */
export interface OpdayOverview {
  open: OperationalDayRow
  /** The latest day that is no longer open: in clearing, settlement, or done. */
  previous: OperationalDayRow | null
  /** When the open day's scheduled close is due: 24:00 Asia/Almaty. */
  closesAt: number
  live: CenterStats
  queue: CloseQueueItem[]
}
