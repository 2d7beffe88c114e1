import type { Database } from 'better-sqlite3'
import type { DayStatLine, FeeLine, MatrixCell, NetPosition, OperationalDayRow, RefusalLine, SettlementInstruction } from '../api/clearing-types'
import { CHANNELS, OPERATION_TYPES, type Channel, type OperationType } from '../api/center-types'
import { statementCache } from '../store/statements'
import { net, type FeeTotal, type Obligation } from './netting'
import type { TariffsRepo } from './tariffs'

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

export interface Party {
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
    const parties = this.parties()
    const { obligations, gross } = this.obligations(d, parties)
    const { fees, stats, refusals } = d.firstSeq === null || d.lastSeq === null ? { fees: [], stats: [], refusals: [] } : this.perOperation(d.day, d.firstSeq, d.lastSeq, parties)
    const feeTotals = new Map<string, FeeTotal>()
    for (const f of fees) {
      const key = `${f.party} ${f.currency}`
      const t = feeTotals.get(key) ?? { party: f.party, currency: f.currency, feeMinor: 0 }
      t.feeMinor += f.feeMinor
      feeTotals.set(key, t)
    }
    const names = new Map([...parties.values()].map((p) => [p.code, p.name]))
    const netting = net(obligations, [...feeTotals.values()], (code) => names.get(code) ?? code)
    const funds = this.fundsCover()
    const instructions = [...gross]
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

  /** Participants by id, with their contracts' settlement models. */
  parties(): Map<string, Party> {
    return new Map(
      this.sql<[], Party & { model: string | null }>(
        'SELECT p.id, p.code, p.name, c.settlement_model AS model FROM participants p LEFT JOIN participant_contracts c ON c.participant_id = p.id'
      ).all().map((p) => [p.id, { id: p.id, code: p.code, name: p.name, gross: p.model === 'gross' }])
    )
  }

  /**
   * The day's interbank obligations from the ledger, aggregated per pair of banks and currency in SQL (one
   * pass over the day's postings), and the gross-model payers' postings as instructions of their own.
   */
  obligations(d: OperationalDayRow, parties: Map<string, Party>): { obligations: Obligation[]; gross: SettlementInstruction[] } {
    if (d.firstSeq === null || d.lastSeq === null) return { obligations: [], gross: [] }
    const positionAccount = new Map(
      this.sql<[], { id: string; participant_id: string }>(`SELECT id, participant_id FROM accounts WHERE kind = 'settlement'`).all().map((a) => [a.id, parties.get(a.participant_id)!])
    )
    const obligations: Obligation[] = []
    const rows = this.sql<[number, number], [string, string, string, number, number]>(
      `SELECT debit_account, credit_account, currency, count(*), sum(amount_minor) FROM postings
       WHERE operation_seq BETWEEN ? AND ? AND kind IN ('interbank', 'reversal')
         AND debit_account IN (SELECT id FROM accounts WHERE kind = 'settlement')
         AND credit_account IN (SELECT id FROM accounts WHERE kind = 'settlement')
       GROUP BY debit_account, credit_account, currency`
    ).raw().all(d.firstSeq, d.lastSeq)
    for (const [debit, credit, currency, count, amount] of rows) {
      const payer = positionAccount.get(debit)!
      const payee = positionAccount.get(credit)!
      obligations.push({ payer: payer.code, payee: payee.code, currency, count, amountMinor: amount, gross: payer.gross })
    }
    const grossAccounts = [...positionAccount].filter(([, p]) => p.gross).map(([id]) => id)
    const gross = grossAccounts.length ? this.grossInstructions(d.day, d.firstSeq, d.lastSeq, grossAccounts, positionAccount) : []
    return { obligations, gross }
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
   * One pass over the day's operations, grouped in SQL: fees by tariff for every operation that moved money
   * (single-phase approvals and completions; a hold is charged when completed), each operation's fee computed
   * and rounded on its own (the tariffs of the day are laid out in a temporary table the pass joins), and the
   * statement figures by participant, role, type and channel — counted on original requests, as answered.
   */
  private perOperation(day: string, first: number, last: number, parties: Map<string, Party>): { fees: FeeLine[]; stats: DayStatLine[]; refusals: RefusalLine[] } {
    this.layOutTariffs(day, parties)
    const rows = this.sql<[number, number], [string | null, string | null, OperationType, Channel, string, number, number, string | null, number, number, number, number]>(
      `SELECT o.issuer_id, o.acquirer_id, o.type, o.channel, o.currency,
              o.result_code = '${APPROVED}' AND o.two_phase = 0 AS charged,
              o.original_seq IS NULL AS original,
              CASE WHEN o.result_code NOT IN ('${APPROVED}', '${REVERSAL_ACCEPTED}') THEN coalesce(o.reason, o.result_code) END AS refusal,
              count(*), sum(o.amount_minor),
              sum(min(max(fi.fixed + (o.amount_minor * fi.bp + 5000) / 10000, fi.lo), fi.hi)),
              sum(min(max(fa.fixed + (o.amount_minor * fa.bp + 5000) / 10000, fa.lo), fa.hi))
       FROM operations o
       LEFT JOIN temp.fee_plan fi ON fi.participant_id = o.issuer_id AND fi.role = 'issuer' AND fi.op_type = o.type AND fi.channel = o.channel AND fi.currency = o.currency
       LEFT JOIN temp.fee_plan fa ON fa.participant_id = o.acquirer_id AND fa.role = 'acquirer' AND fa.op_type = o.type AND fa.channel = o.channel AND fa.currency = o.currency
       WHERE o.seq BETWEEN ? AND ?
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`
    ).raw().all(first, last)
    const fees = new Map<string, FeeLine>()
    const stats = new Map<string, DayStatLine>()
    const refusals = new Map<string, RefusalLine>()
    for (const [issuer, acquirer, type, channel, currency, charged, original, refusal, count, amount, issuerFee, acquirerFee] of rows) {
      const sides: ['issuer' | 'acquirer', string, number | null][] = []
      if (issuer) sides.push(['issuer', issuer, issuerFee])
      if (acquirer) sides.push(['acquirer', acquirer, acquirerFee])
      for (const [role, id, fee] of sides) {
        const party = parties.get(id)!.code
        const key = `${party}|${role}|${type}|${channel}|${currency}`
        if (charged && fee !== null) {
          const f = fees.get(key) ?? { day, party, role, type, channel, currency, count: 0, amountMinor: 0, feeMinor: 0 }
          f.count += count
          f.amountMinor += amount
          f.feeMinor += fee
          fees.set(key, f)
        }
        if (!original) continue
        const s = stats.get(key) ?? { day, party, role, type, channel, currency, accepted: 0, acceptedMinor: 0, refused: 0 }
        if (refusal !== null) s.refused += count
        else {
          s.accepted += count
          s.acceptedMinor += amount
        }
        stats.set(key, s)
      }
      if (original && refusal !== null)
        for (const id of new Set(sides.map(([, id]) => id))) {
          const party = parties.get(id)!.code
          const r = refusals.get(`${party}|${refusal}`) ?? { day, party, reason: refusal, count: 0 }
          r.count += count
          refusals.set(`${party}|${refusal}`, r)
        }
    }
    const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v)
    return { fees: sorted(fees), stats: sorted(stats), refusals: sorted(refusals) }
  }

  /** The tariff in force that day for every participant, side, type, channel and currency, as a table to join. */
  private layOutTariffs(day: string, parties: Map<string, Party>): void {
    this.sql(
      `CREATE TEMP TABLE IF NOT EXISTS fee_plan (participant_id TEXT, role TEXT, op_type TEXT, channel TEXT, currency TEXT, fixed INTEGER, bp INTEGER, lo INTEGER, hi INTEGER,
        PRIMARY KEY (participant_id, role, op_type, channel, currency)) WITHOUT ROWID`
    ).run()
    this.sql('DELETE FROM temp.fee_plan').run()
    const tariffOf = this.tariffs.forDay(day)
    const currencies = this.sql<[], string>('SELECT DISTINCT currency FROM tariffs').pluck().all()
    const insert = this.sql('INSERT INTO temp.fee_plan VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    for (const p of parties.values())
      for (const role of ['issuer', 'acquirer'] as const)
        for (const type of OPERATION_TYPES)
          for (const channel of CHANNELS)
            for (const currency of currencies) {
              const t = tariffOf(p.id, role, type, channel, currency)
              if (t) insert.run(p.id, role, type, channel, currency, t.fixedMinor, t.percentBp, t.minMinor ?? Number.MIN_SAFE_INTEGER, t.maxMinor ?? Number.MAX_SAFE_INTEGER)
            }
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
