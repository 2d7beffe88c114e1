import type { Database } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { createHandlers } from '../core/api/handlers'
import type { CallResult } from '../core/api/types'
import { systemClock, type Clock } from '../core/domain/clock'
import { createIdGenerator } from '../core/domain/ids'
import { seedDemo } from '../core/demo/seed'
import { seedCenterDemo } from '../core/demo/center-seed'
import { AdminService } from '../core/security/admin-service'
import { AuditLog } from '../core/security/audit-log'
import { AuthService } from '../core/security/auth-service'
import { DEFAULT_COST, hashPassword, type ScryptCost } from '../core/security/password-hash'
import { generateOneTimePassword } from '../core/security/password-policy'
import { SessionRegistry } from '../core/security/sessions'
import { SettingsStore } from '../core/security/settings'
import { UsersRepo } from '../core/security/users-repo'
import { ParticipantsRepo } from '../core/participants/participants-repo'
import { ParticipantsService } from '../core/participants/participants-service'
import { openDatabase } from '../core/store/database'
import { TerminalsRepo } from '../core/terminals/terminals-repo'
import { TerminalsService } from '../core/terminals/terminals-service'
import { migrate } from '../core/store/migrate'
import { MIGRATIONS } from '../core/store/migrations'
import { createDispatcher } from './dispatch'
import { AccountsService } from '../core/accounts/accounts-service'
import { createCenter } from '../core/center'
import type { Center } from '../core/center/center'
import { OperationsService } from '../core/center/operations-service'
import { RatesService } from '../core/center/rates-service'
import { ClientsRepo } from '../core/clients/clients-repo'
import { ClientsService } from '../core/clients/clients-service'
import { InstrumentsService } from '../core/instruments/instruments-service'
import { statementCache } from '../core/store/statements'
import { TerminalKeysRepo } from '../core/terminals/terminal-keys'

export interface WorkstationOptions {
  dbPath: string
  clock?: Clock
  /** Seed demo participants and users into a new database. */
  demo: boolean
  /** scrypt cost; tests lower it, the product keeps the default. */
  cost?: ScryptCost
  log?: (message: string, error: unknown) => void
}

export interface Workstation {
  readonly db: Database
  readonly dbPath: string
  /** The processing Center: the online intake and the simulator submit through it. */
  readonly center: Center
  /** Set when a new database without demo data got its first administrator. */
  readonly bootstrap: { login: string; oneTimePassword: string } | null
  dispatch(caller: string, name: unknown, input: unknown): CallResult<unknown>
  /** The caller went away (window closed): its session ends. */
  release(caller: string): void
  close(): void
}

/** Opens the database, applies migrations, seeds a new one, and wires the services behind the dispatcher. */
export function openWorkstation(o: WorkstationOptions): Workstation {
  const clock = o.clock ?? systemClock
  const cost = o.cost ?? DEFAULT_COST
  const isNew = o.dbPath === ':memory:' || !existsSync(o.dbPath)
  const db = openDatabase(o.dbPath)
  migrate(db, MIGRATIONS, clock.now())
  const newId = createIdGenerator(clock)
  const users = new UsersRepo(db)
  const settings = new SettingsStore(db)
  const audit = new AuditLog(db)
  const sessions = new SessionRegistry()
  let bootstrap: Workstation['bootstrap'] = null
  const empty = (db.prepare('SELECT count(*) FROM users').pluck().get() as number) === 0
  const seeding = isNew && empty && o.demo
  if (seeding) seedDemo(db, audit, clock.now(), newId, cost)
  else if (empty) bootstrap = createFirstAdministrator(db, users, audit, clock.now(), newId, cost)

  const participants = new ParticipantsRepo(db)
  const c = createCenter({ db, clock, newId, ...(o.log ? { log: o.log } : {}) })
  if (seeding) seedCenterDemo(db, c, clock.now(), newId)
  const clients = new ClientsRepo(db)
  const deps = { users, participants, settings, sessions, newId, cost }
  const handlers = createHandlers({
    auth: new AuthService(deps),
    admin: new AdminService(deps),
    audit,
    settings,
    participants: new ParticipantsService(participants, newId),
    terminals: new TerminalsService(new TerminalsRepo(db), participants, new TerminalKeysRepo(db), newId),
    clients: new ClientsService(clients, newId),
    accounts: new AccountsService(c.accounts, clients, participants, newId),
    instruments: new InstrumentsService(c.instruments, c.accounts, statementCache(db), c.panHash, newId),
    rates: new RatesService(c.fx),
    operations: new OperationsService(db, c.center, c.operations, c.lookups, c.outbox),
    ledger: c.ledger
  })
  const dispatch = createDispatcher({ db, clock, handlers, sessions, users, settings, audit, ...(o.log ? { log: o.log } : {}) })
  return {
    db,
    dbPath: o.dbPath,
    center: c.center,
    bootstrap,
    dispatch,
    release: (caller) => void sessions.end(caller),
    close: () => db.close()
  }
}

/** A production database starts with one administrator holding a one-time password, shown once. */
function createFirstAdministrator(db: Database, users: UsersRepo, audit: AuditLog, now: number, newId: () => string, cost: ScryptCost) {
  const oneTimePassword = generateOneTimePassword()
  db.transaction(() => {
    const id = newId()
    users.insert({ id, login: 'admin', displayName: 'Administrator', kind: 'operator', participantId: null, roles: ['administrator'], status: 'active', locale: 'ru', createdAt: now, createdBy: null })
    users.setOneTimePassword(id, hashPassword(oneTimePassword, cost), now + 24 * 3600_000)
    audit.append({ at: now, actorId: null, actorLogin: null, sessionId: null, action: 'system.bootstrap', outcome: 'ok', errorCode: null, subject: 'admin', detail: null })
  })()
  return { login: 'admin', oneTimePassword }
}
