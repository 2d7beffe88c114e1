// A dispute's messages (issue 7 §2): the application as camt.056 (received from a participant, or made for the
// other participant when filed in the desk), the result as camt.029, and returned funds as pacs.004 — the same
// messages whichever way the case came in.
import type { CancellationReason, CancellationRequest, CancellationResult, PaymentReturn } from '../messages/types'
import { txIdOf } from '../messages/operation-ids'
import type { Outcome } from './lifecycle'

/** The operator's own BIC in the payment system's messages: it assigns the applications it passes on and the results, and instructs the returns. */
export const OPERATOR_BIC = 'KZPSKZKA'

export interface MessageCase {
  number: string
  operationSeq: number
  endToEndId: string
  amountMinor: number
  currency: string
  reason: CancellationReason
  description: string
  applicantBic: string
  opDay: string
}

/** The application passed on to the other bank: the desk sends it, so the operator assigns it; the applicant opened the case. */
export function applicationMessage(c: MessageCase, messageId: string, now: number, toBic: string): CancellationRequest {
  return {
    assignmentId: messageId,
    createdAt: now,
    assignerBic: OPERATOR_BIC,
    assigneeBic: toBic,
    caseId: c.number,
    creatorBic: c.applicantBic,
    transactions: [{ cancellationId: `${c.number}-1`, originalMessageId: txIdOf(c.operationSeq), originalEndToEndId: c.endToEndId, originalTxId: txIdOf(c.operationSeq), amountMinor: c.amountMinor, currency: c.currency, reason: c.reason, info: c.description.slice(0, 105) }]
  }
}

const STATUS: Record<Outcome, 'CNCL' | 'PDCR' | 'RJCR'> = { accepted: 'CNCL', partially_accepted: 'CNCL', rejected: 'RJCR' }

export function resultMessage(c: MessageCase, outcome: Outcome, grounds: string, messageId: string, now: number, toBic: string): CancellationResult {
  const status = STATUS[outcome]
  return {
    assignmentId: messageId,
    createdAt: now,
    assignerBic: OPERATOR_BIC,
    assigneeBic: toBic,
    caseId: c.number,
    // Both banks' copies name the applicant as the case's creator (R10.1.1): the respondent did not open it.
    creatorBic: c.applicantBic,
    status,
    transactions: [{ cancellationId: `${c.number}-1`, originalEndToEndId: c.endToEndId, originalTxId: txIdOf(c.operationSeq), status, reason: outcome === 'rejected' ? 'LEGL' : null, info: grounds.slice(0, 105) }]
  }
}

export function returnMessage(c: MessageCase, returnedMinor: number, returnSeq: number, messageId: string, now: number, settlementDate: string, toBic: string): PaymentReturn {
  return {
    messageId,
    createdAt: now,
    settlementDate,
    instructingBic: OPERATOR_BIC,
    instructedBic: toBic,
    // FOCR: following a cancellation request (ExternalReturnReason1Code).
    transactions: [{ returnId: txIdOf(returnSeq), originalMessageId: txIdOf(c.operationSeq), originalEndToEndId: c.endToEndId, originalTxId: txIdOf(c.operationSeq), amountMinor: returnedMinor, currency: c.currency, reason: 'FOCR', info: `dispute ${c.number}` }]
  }
}
