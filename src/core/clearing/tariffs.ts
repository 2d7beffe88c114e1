import type { Database } from 'better-sqlite3'
import type { Tariff } from '../api/clearing-types'
import type { Channel, OperationType } from '../api/center-types'
import { statementCache } from '../store/statements'

interface TariffRecord {
  id: string
  participant_id: string | null
  participant: string | null
  payer_role: 'issuer' | 'acquirer'
  op_type: OperationType | null
  channel: Channel | null
  currency: string
  fixed_minor: number
  percent_bp: number
  min_minor: number | null
  max_minor: number | null
  effective_from: string
  created_at: number
  created_by: string | null
}

export type NewTariff = Omit<Tariff, 'id' | 'createdAt' | 'createdBy' | 'participant'> & { participantId: string | null }

const toTariff = (r: TariffRecord): Tariff => ({
  id: r.id,
  participant: r.participant,
  payerRole: r.payer_role,
  type: r.op_type,
  channel: r.channel,
  currency: r.currency,
  fixedMinor: r.fixed_minor,
  percentBp: r.percent_bp,
  minMinor: r.min_minor,
  maxMinor: r.max_minor,
  effectiveFrom: r.effective_from,
  createdAt: r.created_at,
  createdBy: r.created_by
})

/**
 * The fee of one operation under a tariff: fixed + percentage (rounded half up to the minor unit), clamped
 * to the minimum and maximum. Integer arithmetic only.
 */
export function feeOf(t: Pick<Tariff, 'fixedMinor' | 'percentBp' | 'minMinor' | 'maxMinor'>, amountMinor: number): number {
  let fee = t.fixedMinor + Math.floor((amountMinor * t.percentBp + 5_000) / 10_000)
  if (t.minMinor !== null && fee < t.minMinor) fee = t.minMinor
  if (t.maxMinor !== null && fee > t.maxMinor) fee = t.maxMinor
  return fee
}

/**
 * The part of an operation's fee given back when `returned` of the `standing` amount goes back (a reversal, a
 * return, R9.4.6): the fee follows the operation, so it is the fee of what stood less the fee of what still stands,
 * and all of what was charged once nothing stands. Parts given back one by one add up to the whole fee.
 */
export function feeGivenBack(t: Pick<Tariff, 'fixedMinor' | 'percentBp' | 'minMinor' | 'maxMinor'>, standingMinor: number, returnedMinor: number): number {
  const feeOfStanding = (amount: number): number => (amount > 0 ? feeOf(t, amount) : 0)
  return feeOfStanding(standingMinor) - feeOfStanding(standingMinor - returnedMinor)
}

/** How specific a tariff is: its own participant outweighs a type, which outweighs a channel. */
const specificity = (t: TariffRecord): number => (t.participant_id ? 4 : 0) + (t.op_type ? 2 : 0) + (t.channel ? 1 : 0)

/** Tariffs per contract (R2.3, R9.4.6). */
export class TariffsRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  list(): Tariff[] {
    return this.sql<[], TariffRecord>(
      'SELECT t.*, p.code AS participant FROM tariffs t LEFT JOIN participants p ON p.id = t.participant_id ORDER BY t.effective_from DESC, t.created_at DESC'
    ).all().map(toTariff)
  }

  insert(t: NewTariff, id: string, now: number, by: string | null): void {
    this.sql(
      `INSERT INTO tariffs (id, participant_id, payer_role, op_type, channel, currency, fixed_minor, percent_bp, min_minor, max_minor, effective_from, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(id, t.participantId, t.payerRole, t.type, t.channel, t.currency, t.fixedMinor, t.percentBp, t.minMinor, t.maxMinor, t.effectiveFrom, now, by)
  }

  /**
   * The tariff chooser for a day: for a participant, side, type, channel and currency, the most specific
   * tariff in force that day (the latest effective among equals). Memoized: a day has few distinct keys.
   */
  forDay(day: string): (participantId: string, role: 'issuer' | 'acquirer', type: string, channel: string, currency: string) => Tariff | null {
    const all = this.sql<[string], TariffRecord>(
      'SELECT t.*, p.code AS participant FROM tariffs t LEFT JOIN participants p ON p.id = t.participant_id WHERE t.effective_from <= ? ORDER BY t.effective_from DESC, t.created_at DESC'
    ).all(day)
    const memo = new Map<string, Tariff | null>()
    return (participantId, role, type, channel, currency) => {
      const key = `${participantId}|${role}|${type}|${channel}|${currency}`
      let hit = memo.get(key)
      if (hit === undefined) {
        let best: TariffRecord | null = null
        for (const t of all) {
          if (t.payer_role !== role || t.currency !== currency) continue
          if ((t.participant_id && t.participant_id !== participantId) || (t.op_type && t.op_type !== type) || (t.channel && t.channel !== channel)) continue
          if (!best || specificity(t) > specificity(best)) best = t
        }
        memo.set(key, (hit = best && toTariff(best)))
      }
      return hit
    }
  }
}
