import type { Database } from 'better-sqlite3'
import type { FxRate } from '../api/types'
import { statementCache } from '../store/statements'

const MICRO = 1_000_000

/** "512.34" → 512340000 (rates are kept as millionths, never as floats). */
export function parseRate(text: string): number {
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text)
  if (!m) throw new RangeError(`not a rate: ${JSON.stringify(text)}`)
  return Number(m[1]) * MICRO + Number((m[2] ?? '').padEnd(6, '0'))
}

export function formatRate(micro: number): string {
  const fraction = String(micro % MICRO).padStart(6, '0').replace(/0+$/, '')
  return `${Math.floor(micro / MICRO)}${fraction ? `.${fraction}` : ''}`
}

/** The credited amount in minor units, rounded down (both currencies have 2 decimals); null beyond what is exact. */
export function convert(minor: number, rateMicro: number): number | null {
  const credit = (BigInt(minor) * BigInt(rateMicro)) / BigInt(MICRO)
  return credit <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(credit) : null
}

interface Row {
  id: number
  base: string
  quote: string
  rate_micro: number
  effective_from: number
  created_at: number
}

const toRate = (r: Row): FxRate => ({ id: r.id, base: r.base, quote: r.quote, rate: formatRate(r.rate_micro), effectiveFrom: r.effective_from, createdAt: r.created_at })

/** Exchange rates (R7.3.5): the rate in force is the latest whose effective time has come. */
export class FxRates {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  inForce(base: string, quote: string, now: number): number | undefined {
    return this.sql<[string, string, number], number>(
      'SELECT rate_micro FROM fx_rates WHERE base = ? AND quote = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1'
    )
      .pluck()
      .get(base, quote, now)
  }

  list(base?: string, quote?: string): FxRate[] {
    return this.sql<[string, string], Row>('SELECT * FROM fx_rates WHERE base LIKE ? AND quote LIKE ? ORDER BY base, quote, effective_from DESC LIMIT 500')
      .all(base ?? '%', quote ?? '%')
      .map(toRate)
  }

  insert(r: { base: string; quote: string; rateMicro: number; effectiveFrom: number; now: number; by: string | null }): FxRate {
    const id = this.sql('INSERT INTO fx_rates (base, quote, rate_micro, effective_from, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(
      r.base, r.quote, r.rateMicro, r.effectiveFrom, r.now, r.by
    ).lastInsertRowid
    return toRate(this.sql<[number], Row>('SELECT * FROM fx_rates WHERE id = ?').get(Number(id))!)
  }

  exists(base: string, quote: string, effectiveFrom: number): boolean {
    return this.sql<[string, string, number]>('SELECT 1 FROM fx_rates WHERE base = ? AND quote = ? AND effective_from = ?').get(base, quote, effectiveFrom) !== undefined
  }
}
