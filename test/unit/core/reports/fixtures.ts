// A small cleared day of three banks and the operator, for the report tests.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DayStatLine, FeeLine, MatrixCell, NetPosition, OperationalDayRow, RefusalLine, SettlementInstruction } from '../../../../src/core/api/clearing-types'

export const GENERATED_AT = Date.UTC(2026, 10, 25, 19, 30, 0) // 26.11.2026 00:30 in Almaty (UTC+5)

export const fonts = {
  regular: new Uint8Array(readFileSync(join(__dirname, '..', '..', '..', '..', 'build', 'fonts', 'DejaVuSans.ttf'))),
  bold: new Uint8Array(readFileSync(join(__dirname, '..', '..', '..', '..', 'build', 'fonts', 'DejaVuSans-Bold.ttf')))
}

export const day: OperationalDayRow = {
  day: '2026-11-25',
  state: 'cleared',
  openedAt: Date.UTC(2026, 10, 24, 19, 0, 0),
  closedAt: Date.UTC(2026, 10, 25, 19, 0, 0),
  closeKind: 'scheduled',
  closedBy: null,
  closeReason: null,
  firstSeq: 1,
  lastSeq: 40,
  operations: 40,
  clearedAt: Date.UTC(2026, 10, 25, 19, 5, 0),
  settledAt: null,
  failure: null,
  attempts: 1,
  settlement: 'computed'
}

export const participants = [
  { code: 'P001', name: 'Kaspi Bank' },
  { code: 'P002', name: 'Halyk Bank' },
  { code: 'P003', name: 'Bank CenterCredit' }
]

const pos = (party: string, name: string, currency: string, receivable: number, payable: number, fees: number): NetPosition => ({
  party,
  name,
  currency,
  receivableMinor: receivable,
  payableMinor: payable,
  feesMinor: fees,
  netMinor: party === 'operator' ? fees : receivable - payable - fees,
  grossPayableMinor: 0,
  grossReceivableMinor: 0
})

// KZT: P001 pays P002 1 500 000,00 and receives 250 000,00; P003 trades only with P002. Fees go to the operator.
export const positions: NetPosition[] = [
  pos('P001', 'Kaspi Bank', 'KZT', 25_000_000, 150_000_000, 12_345),
  pos('P002', 'Halyk Bank', 'KZT', 157_777_700, 25_000_000, 5_000),
  pos('P003', 'Bank CenterCredit', 'KZT', 0, 7_777_700, 1_000),
  pos('operator', 'Operator', 'KZT', 0, 0, 18_345),
  pos('P001', 'Kaspi Bank', 'USD', 0, 10_050, 0),
  pos('P002', 'Halyk Bank', 'USD', 10_050, 0, 0)
]

export const matrix: MatrixCell[] = [
  { payer: 'P001', payee: 'P002', currency: 'KZT', count: 12, amountMinor: 150_000_000, gross: false },
  { payer: 'P002', payee: 'P001', currency: 'KZT', count: 3, amountMinor: 25_000_000, gross: false },
  { payer: 'P003', payee: 'P002', currency: 'KZT', count: 1, amountMinor: 7_777_700, gross: false },
  { payer: 'P001', payee: 'P002', currency: 'USD', count: 1, amountMinor: 10_050, gross: false }
]

const fee = (party: string, role: 'issuer' | 'acquirer', count: number, amount: number, feeMinor: number, reversed = 0, refundMinor = 0): FeeLine => ({
  day: '2026-11-25',
  party,
  role,
  type: 'transfer',
  channel: 'app',
  currency: 'KZT',
  count,
  amountMinor: amount,
  feeMinor,
  reversed,
  refundMinor
})

export const fees: FeeLine[] = [fee('P001', 'issuer', 12, 150_000_000, 12_345), fee('P002', 'issuer', 3, 25_000_000, 5_000, 1, 2_000), fee('P003', 'issuer', 1, 7_777_700, 1_000)]

export const instructions: SettlementInstruction[] = [
  { id: 'STL-20261125-P001-KZT', day: '2026-11-25', party: 'P001', currency: 'KZT', direction: 'debit', amountMinor: 125_012_345, kind: 'net', operationSeq: null, shortfall: false },
  { id: 'STL-20261125-P002-KZT', day: '2026-11-25', party: 'P002', currency: 'KZT', direction: 'credit', amountMinor: 132_772_700, kind: 'net', operationSeq: null, shortfall: false },
  { id: 'STL-20261125-P003-KZT', day: '2026-11-25', party: 'P003', currency: 'KZT', direction: 'debit', amountMinor: 7_778_700, kind: 'net', operationSeq: null, shortfall: true },
  { id: 'STL-20261125-operator-KZT', day: '2026-11-25', party: 'operator', currency: 'KZT', direction: 'credit', amountMinor: 18_345, kind: 'net', operationSeq: null, shortfall: false }
]

const stat = (p: Partial<DayStatLine> & Pick<DayStatLine, 'party' | 'role'>): DayStatLine => ({
  day: '2026-11-25',
  type: 'transfer',
  channel: 'app',
  currency: 'KZT',
  accepted: 0,
  acceptedMinor: 0,
  refused: 0,
  held: 0,
  heldMinor: 0,
  reversed: 0,
  reversedMinor: 0,
  ...p
})

export const stats: DayStatLine[] = [
  stat({ party: 'P001', role: 'issuer', accepted: 12, acceptedMinor: 150_000_000, refused: 2 }),
  stat({ party: 'P001', role: 'acquirer', type: 'payment', channel: 'terminal', accepted: 5, acceptedMinor: 123_456, refused: 1 }),
  stat({ party: 'P001', role: 'issuer', currency: 'USD', accepted: 1, acceptedMinor: 10_050 }),
  stat({ party: 'P002', role: 'issuer', accepted: 3, acceptedMinor: 25_000_000, refused: 4 }),
  stat({ party: 'P002', role: 'acquirer', type: 'cash_withdrawal', channel: 'terminal', accepted: 7, acceptedMinor: 7_000_000 }),
  stat({ party: 'P003', role: 'issuer', accepted: 1, acceptedMinor: 7_777_700 }),
  stat({ party: 'P003', role: 'issuer', day: '2026-12-01', accepted: 99, acceptedMinor: 99_999_999 })
]

export const refusals: RefusalLine[] = [
  { day: '2026-11-25', party: 'P001', reason: 'account.insufficient_funds', count: 2 },
  { day: '2026-11-25', party: 'P001', reason: 'terminal.blocked', count: 1 },
  { day: '2026-11-25', party: 'P002', reason: 'account.insufficient_funds', count: 3 },
  { day: '2026-11-25', party: 'P002', reason: 'risk.new_rule_x', count: 1 },
  { day: '2026-12-01', party: 'P003', reason: 'limit.daily', count: 50 }
]
