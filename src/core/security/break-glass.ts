import { existsSync } from 'node:fs'
import type { Clock } from '../domain/clock'
import { refuse } from '../domain/errors'
import { createIdGenerator } from '../domain/ids'
import { openDatabase } from '../store/database'
import { migrate } from '../store/migrate'
import { MIGRATIONS } from '../store/migrations'
import { requireClosed } from '../store/require-closed'
import { auditDetail, AuditLog } from './audit-log'
import { BreakGlassRepo } from './break-glass-repo'
import { issueOneTimePassword } from './one-time-password'
import { DEFAULT_COST, type ScryptCost } from './password-hash'
import { SettingsStore } from './settings'
import { UsersRepo } from './users-repo'

export interface BreakGlassOptions {
  dbPath: string
  login: string
  clock: Clock
  /** Who resets, as the audit record and the notices name them: `os:<name>`, the operating system's user. */
  actor: string
  /** scrypt cost; tests lower it, the product keeps the default. */
  cost?: ScryptCost
}

export interface BreakGlassReset {
  login: string
  oneTimePassword: string
  expiresAt: number
  /** The reset request that awaited a second administrator, closed as superseded; null when there was none. */
  supersededApprovalId: string | null
}

/**
 * Break-glass (R12.4): a new one-time password for an administrator, with no second administrator. A desk of two
 * whose other administrator lost the password has no one to approve a reset, nor a third administrator's creation.
 * It needs no sign-in, as a restore does not: whoever can run it against the data folder can copy the files anyway;
 * so it is refused while any process has the database open, is recorded under the operating system's user, and every
 * other administrator is told at their next sign-in until they acknowledge it. Only for an active administrator: any
 * other user's password any one administrator resets on the Users screen, so nothing else needs the way around.
 * The administrator must change the password at the next sign-in; a session opened with the old one, had one been
 * started meanwhile, ends at its next call. A reset request still awaiting its checker is closed as superseded, so
 * it cannot later replace the password just issued. A refusal changes nothing.
 */
export function breakGlassReset(o: BreakGlassOptions): BreakGlassReset {
  if (!existsSync(o.dbPath)) refuse('NOT_FOUND', 'database.missing', { path: o.dbPath }, `there is no database at ${o.dbPath}: name it with WORKSTATION_DB, or run where the workstation keeps its data`)
  requireClosed(o.dbPath)
  const db = openDatabase(o.dbPath)
  try {
    const now = o.clock.now()
    migrate(db, MIGRATIONS, now)
    const users = new UsersRepo(db)
    return db.transaction((): BreakGlassReset => {
      const user = users.findByLogin(o.login) ?? refuse('NOT_FOUND', 'users.no_login', { login: o.login }, `there is no user with the login ${o.login}`)
      if (!user.roles.includes('administrator'))
        refuse('FORBIDDEN', 'users.break_glass_not_administrator', { login: user.login }, `${user.login} is not an administrator: an administrator resets their password on the Users screen, not a break-glass reset`)
      if (user.status !== 'active')
        refuse('CONFLICT', 'users.reset_not_active', { login: user.login, userStatus: user.status }, `${user.login} is ${user.status}: a break-glass reset is only for an active administrator`)
      const pending = users.pendingApprovalFor(user.id)
      const supersededApprovalId = pending?.kind === 'user.resetPassword' ? pending.id : null
      if (supersededApprovalId) users.supersedeApproval(supersededApprovalId, now)
      const credential = issueOneTimePassword({ users, settings: new SettingsStore(db), cost: o.cost ?? DEFAULT_COST }, user.id, now)
      const id = createIdGenerator(o.clock)()
      new BreakGlassRepo(db).insert({ id, userId: user.id, at: now, actor: o.actor, supersededApprovalId })
      new AuditLog(db).append({
        at: now,
        actorId: null,
        actorLogin: o.actor,
        sessionId: null,
        action: 'users.breakGlassReset',
        outcome: 'ok',
        errorCode: null,
        subject: user.login,
        detail: auditDetail({ resetId: id, expiresAt: credential.expiresAt, supersededApprovalId })
      })
      return { login: user.login, ...credential, supersededApprovalId }
    })()
  } finally {
    db.close()
  }
}
