import type { OperationStatus, OperationType } from '@core/api/types'

// The operation types (R7.3) and statuses in the order the filters offer them (the contract validates the value).
export const OPERATION_TYPES = ['top_up', 'transfer', 'payment', 'cash_withdrawal', 'currency_exchange', 'other'] as const satisfies readonly OperationType[]
export const OPERATION_STATUSES = ['accepted', 'held', 'completed', 'refused', 'reversed', 'voided', 'expired'] as const satisfies readonly OperationStatus[]
