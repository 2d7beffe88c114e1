import type { Database } from 'better-sqlite3'
import { AccountBook } from '../accounts/account-book'
import { AccountsRepo } from '../accounts/accounts-repo'
import type { Clock } from '../domain/clock'
import { InstrumentsRepo } from '../instruments/instruments-repo'
import { panHasher } from '../instruments/pan-key'
import { DayStamp } from '../opday/day-stamp'
import { Center } from './center'
import { convert, FxRates } from './fx-rates'
import { Ledger } from './ledger'
import { CenterLookups } from './lookups'
import { OperationsRepo } from './operations-repo'
import { RegistryCache } from './registry-cache'
import { Outbox } from './outbox'
import type { PipelineDeps } from './pipeline'
import { defaultRules, type PreAuthorizationRule } from './pre-authorization'

/** The Center and the repositories it authorizes with (the same ones the screens' services read). */
export type CenterParts = Omit<PipelineDeps, 'rules' | 'newId' | 'holdMs'> & { center: Center; days: DayStamp }

/** Builds the Center on the one writer connection, with its repositories and pre-authorization rules. */
export function createCenter(o: {
  db: Database
  clock: Clock
  newId: () => string
  rules?: PreAuthorizationRule[]
  holdMs?: number
  sweepPerBatch?: number
  settleIdleMs?: number
  log?: (m: string, e: unknown) => void
}): CenterParts {
  const book = new AccountBook(o.db)
  // A previous run may have left account states in the log (a crash): the rows are brought up to date first.
  book.sync()
  const registry = new RegistryCache(o.db)
  const parts = {
    book,
    registry,
    accounts: new AccountsRepo(o.db, book, registry),
    instruments: new InstrumentsRepo(o.db, registry),
    operations: new OperationsRepo(o.db),
    lookups: new CenterLookups(o.db, registry),
    ledger: new Ledger(o.db, book),
    outbox: new Outbox(o.db),
    fx: new FxRates(o.db),
    panHash: panHasher(o.db)
  }
  const days = new DayStamp(o.db)
  const inKzt = (minor: number, currency: string, now: number): number | null => {
    const rate = parts.fx.inForce(currency, 'KZT', now)
    return rate === undefined ? null : convert(minor, rate)
  }
  const center = new Center({
    db: o.db,
    clock: o.clock,
    days,
    deps: { ...parts, rules: o.rules ?? defaultRules(inKzt, (check, since) => parts.operations.attemptsWithCheck(check, since)), newId: o.newId, holdMs: o.holdMs ?? 7 * 24 * 3600_000 },
    ...(o.sweepPerBatch !== undefined ? { sweepPerBatch: o.sweepPerBatch } : {}),
    ...(o.settleIdleMs !== undefined ? { settleIdleMs: o.settleIdleMs } : {}),
    ...(o.log ? { log: o.log } : {})
  })
  return { center, days, ...parts }
}
