import type { Channel } from '../api/center-types'
import type { TerminalKind } from '../api/types'

/**
 * The one channel a terminal's operations come by (R7.3, R1.1.20): a cash desk's are the cash desk's, every other
 * terminal's (an ATM, a POS, an e-terminal, a recycler) the terminal channel. The app and salary crediting are not
 * at a terminal (R1.1.1, R7.3.1), so no terminal's key may claim them, and no terminal picks the other's tariff.
 */
export const channelOfTerminal = (kind: TerminalKind): Channel => (kind === 'cash_desk' ? 'cash_desk' : 'terminal')
