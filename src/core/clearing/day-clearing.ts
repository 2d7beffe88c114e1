import type { Database } from 'better-sqlite3'
import type { MatrixCell, NetPosition, OperationalDayRow, SettlementInstruction } from '../api/clearing-types'
import { statementCache } from '../store/statements'
import type { ClearingAccumulator } from './accumulator'
import { net, type FeeTotal, type Obligation } from './netting'

/** What a day's clearing adds to the figures accumulated during the day: positions and instructions. Repeatable. */
export interface ClearingComputation {
  day: string
  positions: NetPosition[]
  matrix: MatrixCell[]
  checks: { currency: string; sumMinor: number }[]
  instructions: SettlementInstruction[]
}

/** The settlement instruction id of a party's net position: the same every time the day is cleared. */
export const netInstructionId = (day: string, party: string, currency: string): string => `STL-${day.replace(/-/g, '')}-${party}-${currency}`
const grossInstructionId = (day: string, seq: number, leg: number, side: 'D' | 'C'): string => `GRS-${day.replace(/-/g, '')}-${seq}-${leg}-${side}`

/**
 * A closed day's clearing (R7.6–7.7, R9.4.6): the accumulator adds the day's last operations, then the
 * interbank obligations it accumulated are netted multilaterally with the day's fees, each non-zero net
 * position becomes an instruction (flagged when the participant's settlement account and insurance deposit
 * do not cover its debit), and each gross-model obligation an instruction pair of its own (R7.9). Reads
 * only; `write` stores the result in the caller's transaction.
 */
export class DayClearing {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(
    db: Database,
    readonly accumulator: ClearingAccumulator
  ) {
    this.sql = statementCache(db)
  }

  compute(d: OperationalDayRow): ClearingComputation {
    if (d.lastSeq !== null) this.accumulator.catchUpTo(d.lastSeq)
    const netting = net(this.obligations(d.day), this.feeTotals(d.day), this.names())
    const funds = this.fundsCover()
    const instructions: SettlementInstruction[] = this.grossInstructions(d.day)
    for (const p of netting.positions) {
      if (p.netMinor === 0) continue
      const debit = p.netMinor < 0
      const amount = Math.abs(p.netMinor)
      instructions.push({
        id: netInstructionId(d.day, p.party, p.currency),
        day: d.day,
        party: p.party,
        currency: p.currency,
        direction: debit ? 'debit' : 'credit',
        amountMinor: amount,
        kind: 'net',
        operationSeq: null,
        // Flagged when the settlement account and the insurance deposit together do not cover the debit (R9.4.5, R9.4.7).
        shortfall: debit && amount > (funds.get(`${p.party} ${p.currency}`) ?? 0)
      })
    }
    instructions.sort((a, b) => a.id.localeCompare(b.id))
    return { day: d.day, ...netting, instructions }
  }

  /** The day's interbank obligations between banks, as accumulated. */
  obligations(day: string): Obligation[] {
    return this.sql<[string], { payer: string; payee: string; currency: string; gross: number; count: number; amount_minor: number }>(
      'SELECT payer, payee, currency, gross, count, amount_minor FROM clearing_matrix WHERE day = ?'
    ).all(day).map((r) => ({ payer: r.payer, payee: r.payee, currency: r.currency, count: r.count, amountMinor: r.amount_minor, gross: r.gross === 1 }))
  }

  /** A participant's code → name, for the positions. */
  names(): (code: string) => string {
    const names = new Map(this.sql<[], { code: string; name: string }>('SELECT code, name FROM participants').all().map((p) => [p.code, p.name]))
    return (code) => names.get(code) ?? code
  }

  private feeTotals(day: string): FeeTotal[] {
    return this.sql<[string], FeeTotal>('SELECT party, currency, sum(fee_minor - refund_minor) AS feeMinor FROM day_fees WHERE day = ? GROUP BY party, currency').all(day)
  }

  /** Gross-model payers' obligations (R7.9): each settles by itself, a debit and a credit. */
  private grossInstructions(day: string): SettlementInstruction[] {
    const out: SettlementInstruction[] = []
    const rows = this.sql<[string], [number, number, string, string, string, number]>(
      'SELECT operation_seq, leg, payer, payee, currency, amount_minor FROM gross_obligations WHERE day = ? ORDER BY operation_seq, leg'
    ).raw().all(day)
    for (const [seq, leg, payer, payee, currency, amount] of rows) {
      const base = { day, currency, amountMinor: amount, kind: 'gross' as const, operationSeq: seq, shortfall: false }
      out.push({ ...base, id: grossInstructionId(day, seq, leg, 'D'), party: payer, direction: 'debit' })
      out.push({ ...base, id: grossInstructionId(day, seq, leg, 'C'), party: payee, direction: 'credit' })
    }
    return out
  }

  /** What covers a participant's debit before the shortfall path: its settlement account and insurance deposit. */
  private fundsCover(): Map<string, number> {
    return new Map(
      this.sql<[], { code: string; currency: string; cover: number }>(
        'SELECT p.code, f.currency, f.settlement_minor + f.insurance_minor AS cover FROM settlement_funds f JOIN participants p ON p.id = f.participant_id'
      ).all().map((r) => [`${r.code} ${r.currency}`, r.cover])
    )
  }

  /** Stores a computation (in the caller's transaction, with the day's move to 'cleared'). */
  write(c: ClearingComputation): void {
    const pos = this.sql('INSERT INTO clearing_positions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    for (const p of c.positions) pos.run(c.day, p.party, p.currency, p.receivableMinor, p.payableMinor, p.feesMinor, p.netMinor, p.grossReceivableMinor, p.grossPayableMinor)
    const ins = this.sql('INSERT INTO settlement_instructions (id, day, party, currency, direction, amount_minor, kind, operation_seq, shortfall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    for (const i of c.instructions) ins.run(i.id, i.day, i.party, i.currency, i.direction, i.amountMinor, i.kind, i.operationSeq, i.shortfall ? 1 : 0)
    this.sql(`INSERT INTO settlements (day, state) VALUES (?, 'computed')`).run(c.day)
  }
}
