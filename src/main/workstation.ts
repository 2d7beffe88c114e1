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
import { BreakGlassRepo } from '../core/security/break-glass-repo'
import { DEFAULT_COST, hashPassword, type ScryptCost } from '../core/security/password-hash'
import { generateOneTimePassword } from '../core/security/password-policy'
import { afterPinRefusal, SessionRegistry } from '../core/security/sessions'
import { recordSessionEnds } from '../core/security/session-audit'
import { dismissalOf, dismissalRefusal } from '../core/security/dismissal'
import { SettingsStore } from '../core/security/settings'
import { UsersRepo } from '../core/security/users-repo'
import { ParticipantsRepo } from '../core/participants/participants-repo'
import { ParticipantsService } from '../core/participants/participants-service'
import { openDatabase } from '../core/store/database'
import { TerminalsRepo } from '../core/terminals/terminals-repo'
import { TerminalsService } from '../core/terminals/terminals-service'
import { migrate } from '../core/store/migrate'
import { MIGRATIONS } from '../core/store/migrations'
import { createDispatcher, type CallSource } from './dispatch'
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
import { ClearingService } from '../core/clearing/clearing-service'
import { ClearingAccumulator } from '../core/clearing/accumulator'
import { DayClearing } from '../core/clearing/day-clearing'
import { ReportsService } from '../core/clearing/reports-service'
import { SettlementService } from '../core/clearing/settlement-service'
import { TariffsRepo } from '../core/clearing/tariffs'
import { seedClearingDemo } from '../core/demo/clearing-seed'
import { AppError, fail } from '../core/domain/errors'
import { CloseQueue } from '../core/opday/close-queue'
import { DayCloser, type CloseStep } from '../core/opday/day-closer'
import type { ReportFonts } from '../core/reports'
import { openExchange, type Exchange } from './exchange'
import { TokenService } from '../core/crypto/token-service'
import { CertificatesRepo } from '../core/crypto/keys/certificates-repo'
import { UserKeys } from '../core/crypto/keys/user-keys'
import { noPinPrompt, type PinPrompt } from '../core/crypto/keys/pin-prompt'
import { TrustRepo } from '../core/crypto/trust/trust-repo'
import { CryptoFilesService } from '../core/crypto/crypto-files-service'
import { CertificatesService } from '../core/crypto/certificates-service'
import { TrustService } from '../core/crypto/trust-service'
import { DocumentsService } from '../core/documents/documents-service'
import { seedDemoPki } from '../core/demo/pki-seed'
import { DisputesService } from '../core/disputes/disputes-service'
import { EvidenceVault } from '../core/disputes/evidence-vault'
import { evidenceKey } from '../core/disputes/evidence-key'
import { readMessage } from '../core/messages'
import { OfflineInvestigation } from '../core/disputes/offline-investigation'
import { OwnCertificates } from '../core/crypto/own-certificate'
import { BackupsService } from '../core/backups/backups-service'
import { backupsDirOf } from '../core/backups/backup-files'
import { BackupRecipients } from '../core/backups/backup-recipients'
import type { DiskFree } from '../core/backups/disk-space'

export interface WorkstationOptions {
  dbPath: string
  clock?: Clock
  /** Seed demo participants and users into a new database. */
  demo: boolean
  /** scrypt cost; tests lower it, the product keeps the default. */
  cost?: ScryptCost
  log?: (message: string, error: unknown) => void
  /** The fonts PDF reports are drawn with (DejaVu Sans, for Kazakh and Russian). */
  reportFonts?: () => ReportFonts
  /** The official ISO 20022 schemas (build/iso20022/xsd, packaged as resources). */
  schemaDir?: string
  /** The PKCS#11 module of this desk's token readers; WORKSTATION_PKCS11_MODULE by default. */
  pkcs11Module?: string | null
  /** The participants' exchange folders (inbound, outbound); beside the database by default. */
  exchangeDir?: string
  /** Called after each step of a day's close (the crash test stops the process there). */
  onCloseStep?: (step: CloseStep, day: string) => void
  /** Asks for a token PIN in the host's own dialog; the host may also set it once its windows exist. */
  pinPrompt?: PinPrompt
  /** The free space of the backups' disk; the file system's own figure by default (a test gives a full disk). */
  diskFree?: DiskFree
}

export interface Workstation {
  readonly db: Database
  readonly dbPath: string
  /** The processing Center: the online intake and the simulator submit through it. */
  readonly center: Center
  /** Closes operational days: the host calls tick() on a timer (24:00 Asia/Almaty, resumed closes). */
  readonly closer: DayCloser
  /** A day's clearing figures, accumulated behind the Center: the host runs catchUp() on a timer. */
  readonly clearingAccumulator: ClearingAccumulator
  /** Disputes: the host runs tick() on a timer (answers overdue, appeal periods ended). */
  readonly disputes: DisputesService
  /** Payment messages: imports, the outbound writer, the participants' folders (R4). */
  readonly exchange: Exchange
  /** Participants' files queued for the close of their day (R4.1). */
  readonly closeQueue: CloseQueue
  /** Backups of the database (R12.1): the host makes one after each day's close. */
  readonly backups: BackupsService
  /** Set when a new database without demo data got its first administrator. */
  readonly bootstrap: { login: string; oneTimePassword: string } | null
  /**
   * Immediate, except for reports, whose file is rendered after the call's transaction. The hosts' windows call with
   * source 'desk' (they may not name files on this machine); the command line and automation with 'local' (default).
   */
  dispatch(caller: string, name: unknown, input: unknown, source?: CallSource): CallResult<unknown> | Promise<CallResult<unknown>>
  /** The caller went away (window closed): its session ends. */
  release(caller: string): void
  /** The host's PIN dialog (set once the host has its windows). */
  setPinPrompt(prompt: PinPrompt): void
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
  const sessions = new SessionRegistry(recordSessionEnds(db, audit, users))
  let bootstrap: Workstation['bootstrap'] = null
  const empty = (db.prepare('SELECT count(*) FROM users').pluck().get() as number) === 0
  const seeding = isNew && empty && o.demo
  if (seeding) {
    seedDemo(db, audit, clock.now(), newId, cost)
    seedDemoPki(db, clock.now())
  }
  else if (empty) bootstrap = createFirstAdministrator(db, users, audit, clock.now(), newId, cost)

  const participants = new ParticipantsRepo(db)
  const c = createCenter({ db, clock, newId, ...(o.log ? { log: o.log } : {}) })
  const tariffs = new TariffsRepo(db)
  const queue = new CloseQueue(db)
  const accumulator = new ClearingAccumulator(db, tariffs)
  const closer = new DayCloser({ db, clock, audit, queue, clearing: new DayClearing(db, accumulator), ...(o.onCloseStep ? { onStep: o.onCloseStep } : {}) })
  // Before any close runs: the close processes the payment files queued for its day.
  const exchange = openExchange({
    db, clock, audit, queue, center: c.center, days: c.days, closer, newId, participants,
    dbPath: o.dbPath, schemaDir: o.schemaDir, exchangeDir: o.exchangeDir, log: (m) => o.log?.(m, null)
  })
  if (seeding) {
    // The demo's first day is yesterday, so a cleared day awaits settlement when the app opens.
    const yesterday = clock.now() - 24 * 3600_000
    seedCenterDemo(db, c, yesterday, newId)
    seedClearingDemo(db, tariffs, yesterday, newId)
  }
  // Opens today and closes every day that ended while the app was not running, in order.
  closer.tick()
  const clients = new ClientsRepo(db)
  const deps = { users, breakGlass: new BreakGlassRepo(db), participants, settings, sessions, newId, cost, firstAdministrator: bootstrap }
  const tokens = new TokenService(o.pkcs11Module === undefined ? (process.env.WORKSTATION_PKCS11_MODULE ?? null) : o.pkcs11Module, clock)
  let pinPrompt: PinPrompt = o.pinPrompt ?? noPinPrompt
  // The key works only for a session still standing when its PIN is typed (R12.5); not for a user dismissed meanwhile
  // (blocked, locked out, their password reset, or their participant terminated), whose session ends at its next call.
  const prompt = (): PinPrompt => async (caller, request) => {
    const asked = sessions.get(caller)
    const pin = await pinPrompt(caller, request)
    if (pin === null) return pin
    const dismissal = asked ? dismissalOf(users.get(asked.userId), participants, asked) : null
    if (dismissal) {
      const { code, message } = dismissalRefusal(dismissal, 'session')
      throw new AppError(code, message)
    }
    const refusal = afterPinRefusal(asked, sessions.get(caller), clock.now(), settings.get())
    if (refusal) throw refusal
    return pin
  }
  const certificates = new CertificatesRepo(db)
  const trust = new TrustRepo(db)
  const keys = new UserKeys(certificates, tokens, prompt, clock)
  const operations = new OperationsService(db, c.center, c.operations, c.lookups, c.outbox, c.days)
  const vault = new EvidenceVault(evidenceKey(o.dbPath))
  const disputes = new DisputesService({
    db, clock, newId, audit, center: c.center, operations: c.operations, participants, operationDetail: (ctx, seq) => operations.get(ctx, seq),
    outbound: exchange.outbound, keys, trust, vault, readMessage: (text) => readMessage(text, exchange.xsd)
  })
  // A participant's camt.056 dropped in its folder or uploaded in the desk files its cases (R10.1.1).
  exchange.imports.acceptRevocations(disputes)
  const settlement = new SettlementService(db, closer.days, audit)
  const clearing = new ClearingService(db, closer, queue, settlement, tariffs, c.operations, (ctx) => operations.stats(ctx), newId)
  const backups = new BackupsService(db, backupsDirOf(o.dbPath), audit, new BackupRecipients(certificates, trust), o.diskFree)
  backups.removeLeftovers(clock.now())
  const handlers = createHandlers({
    auth: new AuthService(deps),
    admin: new AdminService(deps),
    audit,
    settings,
    backups,
    participants: new ParticipantsService(participants, newId),
    terminals: new TerminalsService(new TerminalsRepo(db), participants, new TerminalKeysRepo(db), newId),
    clients: new ClientsService(clients, newId),
    accounts: new AccountsService(c.accounts, clients, participants, c.instruments, audit, newId),
    instruments: new InstrumentsService(c.instruments, c.accounts, participants, statementCache(db), c.panHash, newId),
    rates: new RatesService(c.fx),
    operations,
    ledger: c.ledger,
    clearing,
    settlement,
    reports: new ReportsService(clearing, participants, o.reportFonts ?? (() => fail('INTERNAL', 'report fonts are not available in this host'))),
    exchange: exchange.service,
    tokens,
    cryptoFiles: new CryptoFilesService(keys, trust, clock),
    certificates: new CertificatesService(db, certificates, users, trust, tokens, prompt, audit),
    trust: new TrustService(db, trust),
    documents: new DocumentsService(db, keys, certificates, trust, audit, clock, newId),
    disputes,
    offline: new OfflineInvestigation({
      db, clock, newId, audit, disputes, participants, users, operationDetail: (ctx, seq) => operations.get(ctx, seq), keys, certificates, trust, vault
    }),
    ownCertificates: new OwnCertificates(certificates, keys)
  })
  const dispatch = createDispatcher({ db, clock, handlers, sessions, users, participants, settings, audit, ...(o.log ? { log: o.log } : {}) })
  return {
    db,
    dbPath: o.dbPath,
    center: c.center,
    closer,
    clearingAccumulator: accumulator,
    exchange,
    disputes,
    closeQueue: queue,
    backups,
    bootstrap,
    dispatch,
    release: (caller) => void sessions.end(caller, 'windowClosed', clock.now()),
    setPinPrompt: (p) => void (pinPrompt = p),
    close: () => {
      tokens.close()
      // The rows carry every balance when the file is closed; a crash leaves them to the log instead.
      try {
        c.center.settleAccounts()
      } catch (e) {
        o.log?.('workstation: accounts could not be written out on close', e)
      }
      db.close()
    }
  }
}

/** A production database starts with one administrator holding a one-time password, shown once. */
function createFirstAdministrator(db: Database, users: UsersRepo, audit: AuditLog, now: number, newId: () => string, cost: ScryptCost) {
  const oneTimePassword = generateOneTimePassword()
  db.transaction(() => {
    const id = newId()
    users.insert({ id, login: 'admin', displayName: 'Administrator', kind: 'operator', participantId: null, roles: ['administrator'], status: 'active', locale: 'ru', createdAt: now, createdBy: null })
    users.setOneTimePassword(id, hashPassword(oneTimePassword, cost), now + 24 * 3600_000, now)
    audit.append({ at: now, actorId: null, actorLogin: null, sessionId: null, action: 'system.bootstrap', outcome: 'ok', errorCode: null, subject: 'admin', detail: null })
  })()
  return { login: 'admin', oneTimePassword }
}
