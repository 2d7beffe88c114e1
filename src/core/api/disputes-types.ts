// Disputes (R9.3.3, R9.4.11, R10.1.1–R10.1.3) crossing the call boundary. Types only.
import type { OperationDetail } from './center-types'
import type { VerificationReportView } from './crypto-types'

export type DisputeStageView = 'application' | 'review' | 'information_requested' | 'decision' | 'appeal' | 'closed'
export type DisputeStatusView = 'open' | 'awaiting_information' | 'accepted' | 'partially_accepted' | 'rejected' | 'withdrawn' | 'expired'
export type DisputeActionView = 'take' | 'request_information' | 'answer' | 'answer_overdue' | 'decide' | 'appeal' | 'close' | 'withdraw'
export const EVIDENCE_KINDS = ['receipt', 'terminal_log', 'correspondence', 'statement', 'other'] as const
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]

export interface DisputeRow {
  id: string
  number: string
  operationSeq: number
  documentNo: string | null
  /** Participant codes, and ids (participant isolation compares ids). */
  applicant: string
  respondent: string | null
  applicantId: string
  respondentId: string | null
  reason: string
  amountMinor: number
  currency: string
  stage: DisputeStageView
  status: DisputeStatusView
  filedAt: number
  source: 'desk' | 'camt.056'
  analyst: string | null
  decideBy: number
  answerBy: number | null
  awaitingFrom: 'applicant' | 'respondent' | null
  appealBy: number | null
  /** The deadline that matters now (an answer, the decision, an appeal); null once closed. */
  nextDeadline: number | null
  flag: 'overdue' | 'due_soon' | 'on_time' | null
  decidedAmountMinor: number | null
  version: number
}

export interface DisputeSla {
  decided: number
  decidedOnTime: number
  /** Median time from filing to decision, in hours; null before the first decision. */
  medianHoursToDecision: number | null
  openOverdue: number
  openDueSoon: number
}

export interface DisputeQueue {
  rows: DisputeRow[]
  counts: Record<DisputeStatusView, number>
  sla: DisputeSla
}

export interface DisputeEvent {
  id: number
  at: number
  actor: string | null
  party: string
  kind: string
  stage: DisputeStageView
  status: DisputeStatusView
  detail: string | null
}

export interface EvidenceInfo {
  id: number
  kind: EvidenceKind
  name: string
  mediaType: string
  size: number
  sha256: string
  addedAt: number
  addedBy: string | null
  party: string
}

export interface DecisionView {
  id: number
  outcome: 'accepted' | 'partially_accepted' | 'rejected'
  amountMinor: number
  grounds: string
  signer: string
  decidedAt: number
  origin: 'desk' | 'offline'
  verification: VerificationReportView | null
}

export interface DisputeCase {
  dispute: DisputeRow
  description: string
  operation: OperationDetail | null
  events: DisputeEvent[]
  evidence: EvidenceInfo[]
  decisions: DecisionView[]
  /** What the caller may do now (the core refuses everything else). */
  actions: DisputeActionView[]
  /** The caller's side in the case. */
  role: 'applicant' | 'respondent' | 'analyst' | 'observer'
}

export interface DisputeTermsView {
  participantId: string | null
  unit: 'operational' | 'calendar'
  filingDays: number
  answerDays: number
  decisionDays: number
  appealDays: number
}

export interface EvidenceFile {
  name: string
  mediaType: string
  base64: string
  sha256: string
}
