import type { AccountKind, AccountStatus, InstrumentStatus } from '@core/api/types'
import { typedAmount } from '../../composables/typedAmount'

// Shared by the registry screens (clients, accounts, instruments, rates).

/** The currencies the Center handles (the contract validates the value). */
export const CURRENCIES = ['KZT', 'USD', 'EUR', 'RUB', 'CNY', 'GBP', 'KGS', 'UZS'] as const

export const ACCOUNT_KINDS = ['client', 'settlement', 'cash', 'merchant', 'fx'] as const satisfies readonly AccountKind[]

export const ACCOUNT_TAG: Record<AccountStatus, 'success' | 'danger' | 'info'> = { open: 'success', blocked: 'danger', closed: 'info' }
export const INSTRUMENT_TAG: Record<InstrumentStatus, 'success' | 'danger' | 'info'> = { active: 'success', blocked: 'danger', closed: 'info' }

/** An IBAN as printed: groups of four (`KZ86 125K ZT50 0410 0100`). */
export const groupIban = (iban: string): string => iban.replace(/(.{4})(?=.)/g, '$1 ')

/** An amount typed into a form (typedAmount), undefined when the field is empty. */
export const amountOrUndefined = (text: string): string | undefined => typedAmount(text) || undefined
