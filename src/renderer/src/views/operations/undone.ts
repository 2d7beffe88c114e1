import type { OperationDetail } from '@core/api/types'

/** A later operation that undid this one in whole (a reversal) or in part (a return), as its detail lists it. */
export interface Undoing {
  kind: 'reversed' | 'returned'
  seq: number
  documentNo: string | null
  amountMinor: number
  currency: string
  at: number
}

/**
 * What later undid the operation, oldest first: its reversal, or each partial return that was accepted. Said next to
 * the payment document, which stays as it was formed (R7.5.6), so that a printed copy is not taken for standing.
 */
export function undoneBy(d: Pick<OperationDetail, 'operation' | 'related'>): Undoing[] {
  const o = d.operation
  return d.related
    .filter((r) => (o.status === 'reversed' && r.seq === o.reversedBy) || (r.reason === 'return' && r.originalSeq === o.seq && r.status === 'accepted'))
    .sort((a, b) => a.receivedAt - b.receivedAt)
    .map((r) => ({ kind: r.seq === o.reversedBy ? 'reversed' : 'returned', seq: r.seq, documentNo: r.documentNo, amountMinor: r.amountMinor, currency: r.currency, at: r.receivedAt }))
}
