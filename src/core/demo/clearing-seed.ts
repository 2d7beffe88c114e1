import type { Database } from 'better-sqlite3'
import type { TariffsRepo } from '../clearing/tariffs'
import { operationalDayOf } from '../opday/calendar'

/**
 * The demo's contracts: what each bank holds at the settlement bank (Bank CenterCredit little enough for its
 * debit to be flagged as a shortfall), Freedom Bank settling gross (R7.9), and the operator's tariffs (R9.4.6).
 */
export function seedClearingDemo(db: Database, tariffs: TariffsRepo, since: number, newId: () => string): void {
  const day = operationalDayOf(since)
  const ids = new Map((db.prepare('SELECT code, id FROM participants').all() as { code: string; id: string }[]).map((p) => [p.code, p.id]))
  db.transaction(() => {
    const funds = db.prepare(`INSERT INTO settlement_funds (participant_id, currency, settlement_minor, current_minor, insurance_minor, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
    const figures: [string, number, number, number][] = [
      ['P001', 500_000_000_00, 900_000_000_00, 50_000_000_00],
      ['P002', 400_000_000_00, 700_000_000_00, 40_000_000_00],
      ['P003', 150_000_000_00, 200_000_000_00, 15_000_000_00],
      ['P004', 10_000_00, 80_000_000_00, 20_000_00],
      ['P005', 90_000_000_00, 100_000_000_00, 10_000_000_00]
    ]
    for (const [code, settlement, current, insurance] of figures)
      if (ids.has(code)) {
        funds.run(ids.get(code), 'KZT', settlement, current, insurance, since)
        funds.run(ids.get(code), 'USD', settlement / 500, current / 500, insurance / 500, since)
      }
    if (ids.has('P005')) db.prepare(`INSERT INTO participant_contracts (participant_id, settlement_model, updated_at) VALUES (?, 'gross', ?)`).run(ids.get('P005'), since)
    const base = { participantId: null, channel: null, currency: 'KZT', effectiveFrom: day }
    tariffs.insert({ ...base, payerRole: 'issuer', type: null, fixedMinor: 0, percentBp: 10, minMinor: 10_00, maxMinor: 2_000_00 }, newId(), since, null)
    tariffs.insert({ ...base, payerRole: 'issuer', type: 'cash_withdrawal', fixedMinor: 50_00, percentBp: 0, minMinor: null, maxMinor: null }, newId(), since, null)
    tariffs.insert({ ...base, payerRole: 'acquirer', type: 'payment', fixedMinor: 5_00, percentBp: 5, minMinor: null, maxMinor: 500_00 }, newId(), since, null)
  })()
}
