import type { OperationStatus, OperationType } from '@core/api/types'

// The operation types (R7.3) and statuses in the order the filters offer them (the contract validates the value).
export const OPERATION_TYPES = ['top_up', 'transfer', 'payment', 'cash_withdrawal', 'currency_exchange', 'other'] as const satisfies readonly OperationType[]
export const OPERATION_STATUSES = ['accepted', 'held', 'completed', 'refused', 'reversed', 'voided', 'expired'] as const satisfies readonly OperationStatus[]

/** How a hand-entered operation names a party; 'none' is cash for a payer and no payee (a withdrawal) for a payee. */
export const PARTY_KINDS = ['pan', 'wallet', 'iban', 'qr', 'iin', 'none'] as const
export type PartyKind = (typeof PARTY_KINDS)[number]
