import type { TerminalKind } from '@core/api/types'

// The device kinds of R1.1.20, in the order the forms offer them (the contract validates the value).
export const TERMINAL_KINDS = ['atm', 'pos', 'e_terminal', 'recycler', 'cash_desk', 'other'] as const satisfies readonly TerminalKind[]
