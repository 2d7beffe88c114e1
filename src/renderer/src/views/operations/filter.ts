import type { OperationStatus, OperationType } from '@core/api/types'
import { typedAmount } from '../../composables/typedAmount'

/** The journal's filter as the form holds it: empty text means "any". */
export interface OperationsFilter {
  day: string
  type: OperationType | ''
  status: OperationStatus | ''
  participantId: string
  terminal: string
  iin: string
  pan: string
  amountMin: string
  amountMax: string
  currency: string
}

export const CURRENCY_CODES = ['KZT', 'USD', 'EUR', 'RUB', 'CNY', 'GBP', 'KGS', 'UZS'] as const

export const emptyFilter = (): OperationsFilter => ({
  day: '',
  type: '',
  status: '',
  participantId: '',
  terminal: '',
  iin: '',
  pan: '',
  amountMin: '',
  amountMax: '',
  currency: ''
})

/** The filter as the calls take it: blank fields left out, text trimmed, a terminal code upper-cased, an amount as typed ("1 500,50") as the calls take it. */
export function filterQuery(f: OperationsFilter) {
  const text = (s: string): string | undefined => s.trim() || undefined
  return {
    day: text(f.day),
    type: f.type || undefined,
    status: f.status || undefined,
    participantId: text(f.participantId),
    terminal: text(f.terminal)?.toUpperCase(),
    iin: text(f.iin),
    pan: text(f.pan),
    amountMin: text(f.amountMin) && typedAmount(f.amountMin),
    amountMax: text(f.amountMax) && typedAmount(f.amountMax),
    currency: text(f.currency)
  }
}
