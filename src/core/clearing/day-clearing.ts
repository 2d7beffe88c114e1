import type { Database } from 'better-sqlite3'
import type { DayStatLine, FeeLine, MatrixCell, NetPosition, OperationalDayRow, RefusalLine, SettlementInstruction } from '../api/clearing-types'
import type { Channel, OperationType } from '../api/center-types'
import { statementCache } from '../store/statements'
import { net, type FeeTotal, type Obligation } from './netting'
import { feeOf, type TariffsRepo } from './tariffs'

/** Everything a day's clearing produces; computed from the day's operations and postings only, so it is repeatable. */
export interface ClearingComputation {
  day: string
  positions: NetPosition[]
  matrix: MatrixCell[]
  checks: { currency: string; sumMinor: number }[]
  fees: FeeLine[]
  stats: DayStatLine[]
  refusals: RefusalLine[]
  instructions: SettlementInstruction[]
}

interface Party {
  id: string
  code: string
  name: string
  gross: boolean
}

const APPROVED = '0000'
const REVERSAL_ACCEPTED = '4000'

/** The settlement instruction id of a party's net position: the same every time the day is cleared. */
export const netInstructionId = (day: string, party: string, currency: string): string => `STL-${day.replace(/-/g, '')}-${party}-${currency}`
const grossInstructionId = (day: string, seq: number, leg: number, side: 'D' | 'C'): string => `GRS-${day.replace(/-/g, '')}-${seq}-${leg}-${side}`

/**
 * A closed day's clearing (R7.6–7.7, R9.4.6): the interbank obligations from the ledger (postings between
 * two banks' settlement positions, reversals included), netted multilaterally; gross-model payers'
 * obligations as one instruction each; fees by tariff per operation; the figures statements and the period
 * report are made of. Reads only the day's range of operation numbers, in two passes, and writes nothing:
 * `write` stores the result in the caller's transaction.
 */
export class DayClearing {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(
    db: Database,
    private readonly tariffs: TariffsRepo
  ) {
    this.sql = statementCache(db)
  }

  compute(d: OperationalDayRow): ClearingComputation {
    const parties = new Map(
      this.sql<[], Party & { model: string | null }>(
        'SELECT p.id, p.code, p.name, c.settlement_model AS model FROM participants p LEFT JOIN participant_contracts c ON c.participant_id = p.id'
      ).all().map((p) => [p.id, { id: p.id, code: p.code, name: p.name, gross: p.model === 'gross' }])
    )
    const positionAccount = new Map(
      this.sql<[], { id: string; participant_id: string }>(`SELECT id, participant_id FROM accounts WHERE kind = 'settlement'`).all().map((a) => [a.id, parties.get(a.participant_id)!])
    )
    const names = new Map([...parties.values()].map((p) => [p.code, p.name]))
    const empty = d.firstSeq === null || d.lastSeq === null
    const first = d.firstSeq ?? 0
    const last = d.lastSeq ?? -1

    const obligations: Obligation[] = []
    const instructions: SettlementInstruction[] = []
    if (!empty) {
      const rows = this.sql<[number, number], [string, string, string, number, number]>(
        `SELECT debit_account, credit_account, currency, count(*), sum(amount_minor) FROM postings
         WHERE operation_seq BETWEEN ? AND ? AND kind IN ('interbank', 'reversal')
           AND debit_account IN (SELECT id FROM accounts WHERE kind = 'settlement')
           AND credit_account IN (SELECT id FROM accounts WHERE kind = 'settlement')
         GROUP BY debit_account, credit_account, currency`
      ).raw().all(first, last)
      for (const [debit, credit, currency, count, amount] of rows) {
        const payer = positionAccount.get(debit)!
        const payee = positionAccount.get(credit)!
        obligations.push({ payer: payer.code, payee: payee.code, currency, count, amountMinor: amount, gross: payer.gross })
      }
      const grossAccounts = [...positionAccount].filter(([, p]) => p.gross).map(([id]) => id)
      if (grossAccounts.length) instructions.push(...this.grossInstructions(d.day, first, last, grossAccounts, positionAccount))
    }

    const { fees, stats, refusals } = empty ? { fees: [], stats: [], refusals: [] } : this.perOperation(d.day, first, last, parties)
    const feeTotals = new Map<string, FeeTotal>()
    for (const f of fees) {
      const key = `${f.party} ${f.currency}`
      const t = feeTotals.get(key) ?? { party: f.party, currency: f.currency, feeMinor: 0 }
      t.feeMinor += f.feeMinor
      feeTotals.set(key, t)
    }
    const netting = net(obligations, [...feeTotals.values()], (code) => names.get(code) ?? code)
    const funds = this.fundsCover()
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
    return { day: d.day, ...netting, fees, stats, refusals, instructions }
  }

  /** Gross-model payers' obligations (R7.9): each interbank posting settles by itself, debit and credit. */
  private grossInstructions(day: string, first: number, last: number, grossAccounts: string[], positionAccount: Map<string, Party>): SettlementInstruction[] {
    const out: SettlementInstruction[] = []
    const rows = this.sql<[number, number, string], [number, number, string, string, number, string]>(
      `SELECT operation_seq, leg, debit_account, credit_account, amount_minor, currency FROM postings
       WHERE operation_seq BETWEEN ? AND ? AND kind IN ('interbank', 'reversal') AND debit_account IN (SELECT value FROM json_each(?))
         AND credit_account IN (SELECT id FROM accounts WHERE kind = 'settlement')`
    ).raw().all(first, last, JSON.stringify(grossAccounts))
    for (const [seq, leg, debit, credit, amount, currency] of rows) {
      const base = { day, currency, amountMinor: amount, kind: 'gross' as const, operationSeq: seq, shortfall: false }
      out.push({ ...base, id: grossInstructionId(day, seq, leg, 'D'), party: positionAccount.get(debit)!.code, direction: 'debit' })
      out.push({ ...base, id: grossInstructionId(day, seq, leg, 'C'), party: positionAccount.get(credit)!.code, direction: 'credit' })
    }
    return out
  }

  /**
   * One pass over the day's operations: fees by tariff for every operation that moved money (single-phase
   * approvals and completions; a hold is charged when completed), and the statement figures by participant,
   * role, type and channel — counted on original requests, as answered.
   */
  private perOperation(day: string, first: number, last: number, parties: Map<string, Party>): { fees: FeeLine[]; stats: DayStatLine[]; refusals: RefusalLine[] } {
    const tariffOf = this.tariffs.forDay(day)
    const fees = new Map<string, FeeLine>()
    const stats = new Map<string, DayStatLine>()
    const refusals = new Map<string, RefusalLine>()
    const rows = this.sql<[number, number], [OperationType, Channel, string, number, string | null, string | null, string, string | null, number, number | null]>(
      'SELECT type, channel, currency, amount_minor, issuer_id, acquirer_id, result_code, reason, two_phase, original_seq FROM operations WHERE seq BETWEEN ? AND ?'
    ).raw()
    for (const [type, channel, currency, amount, issuer, acquirer, code, reason, twoPhase, original] of rows.iterate(first, last)) {
      const sides: ['issuer' | 'acquirer', string][] = []
      if (issuer) sides.push(['issuer', issuer])
      if (acquirer) sides.push(['acquirer', acquirer])
      if (code === APPROVED && twoPhase === 0)
        for (const [role, id] of sides) {
          const t = tariffOf(id, role, type, channel, currency)
          if (!t) continue
          const party = parties.get(id)!.code
          const key = `${party}|${role}|${type}|${channel}|${currency}`
          const f = fees.get(key) ?? { day, party, role, type, channel, currency, count: 0, amountMinor: 0, feeMinor: 0 }
          f.count++
          f.amountMinor += amount
          f.feeMinor += feeOf(t, amount)
          fees.set(key, f)
        }
      if (original !== null) continue
      const refused = code !== APPROVED && code !== REVERSAL_ACCEPTED
      for (const [role, id] of sides) {
        const party = parties.get(id)!.code
        const key = `${party}|${role}|${type}|${channel}|${currency}`
        const s = stats.get(key) ?? { day, party, role, type, channel, currency, accepted: 0, acceptedMinor: 0, refused: 0 }
        if (refused) s.refused++
        else {
          s.accepted++
          s.acceptedMinor += amount
        }
        stats.set(key, s)
      }
      if (refused)
        for (const id of new Set(sides.map(([, id]) => id))) {
          const party = parties.get(id)!.code
          const why = reason ?? code
          const key = `${party}|${why}`
          const r = refusals.get(key) ?? { day, party, reason: why, count: 0 }
          r.count++
          refusals.set(key, r)
        }
    }
    const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v)
    return { fees: sorted(fees), stats: sorted(stats), refusals: sorted(refusals) }
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
    const cell = this.sql('INSERT INTO clearing_matrix VALUES (?, ?, ?, ?, ?, ?, ?)')
    for (const m of c.matrix) cell.run(c.day, m.payer, m.payee, m.currency, m.gross ? 1 : 0, m.count, m.amountMinor)
    const fee = this.sql('INSERT INTO day_fees VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    for (const f of c.fees) fee.run(c.day, f.party, f.role, f.type, f.channel, f.currency, f.count, f.amountMinor, f.feeMinor)
    const stat = this.sql('INSERT INTO day_stats VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    for (const s of c.stats) stat.run(c.day, s.party, s.role, s.type, s.channel, s.currency, s.accepted, s.acceptedMinor, s.refused)
    const ref = this.sql('INSERT INTO day_refusals VALUES (?, ?, ?, ?)')
    for (const r of c.refusals) ref.run(c.day, r.party, r.reason, r.count)
    const ins = this.sql('INSERT INTO settlement_instructions (id, day, party, currency, direction, amount_minor, kind, operation_seq, shortfall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    for (const i of c.instructions) ins.run(i.id, i.day, i.party, i.currency, i.direction, i.amountMinor, i.kind, i.operationSeq, i.shortfall ? 1 : 0)
    this.sql(`INSERT INTO settlements (day, state) VALUES (?, 'computed')`).run(c.day)
  }
}
