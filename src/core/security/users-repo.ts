import type { Database, Statement } from 'better-sqlite3'
import { statementCache } from '../store/statements'
import type { Approval, Locale, Role, UserKind, UserRow, UserStatus } from '../api/types'

/** A user as stored, with what only the security core may see (hash, one-time password expiry). */
export interface UserRecord extends UserRow {
  passwordHash: string | null
  otpExpiresAt: number | null
  passwordChangedAt: number | null
  locale: Locale
}

interface Row {
  id: string
  login: string
  display_name: string
  kind: UserKind
  participant_id: string | null
  participant_name: string | null
  status: UserStatus
  password_hash: string | null
  must_change_password: number
  otp_expires_at: number | null
  password_changed_at: number | null
  failed_attempts: number
  locked_until: number | null
  locale: Locale
  created_at: number
  created_by: string | null
  last_sign_in_at: number | null
  blocked_reason: string | null
  roles: string | null
}

const SELECT_USER = `SELECT u.*, p.name AS participant_name,
  (SELECT group_concat(role, ',') FROM (SELECT role FROM user_roles r WHERE r.user_id = u.id ORDER BY role)) AS roles
  FROM users u LEFT JOIN participants p ON p.id = u.participant_id`

const toUser = (r: Row): UserRecord => ({
  id: r.id,
  login: r.login,
  displayName: r.display_name,
  kind: r.kind,
  participantId: r.participant_id,
  participantName: r.participant_name,
  roles: (r.roles ? r.roles.split(',') : []) as Role[],
  status: r.status,
  mustChangePassword: r.must_change_password === 1,
  lockedUntil: r.locked_until,
  failedAttempts: r.failed_attempts,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastSignInAt: r.last_sign_in_at,
  blockedReason: r.blocked_reason,
  passwordHash: r.password_hash,
  otpExpiresAt: r.otp_expires_at,
  passwordChangedAt: r.password_changed_at,
  locale: r.locale
})

/** Public view of a user: never the hash. */
export const publicUser = (u: UserRecord): UserRow => {
  const { passwordHash: _h, otpExpiresAt: _o, passwordChangedAt: _c, locale: _l, ...row } = u
  return row
}

export interface NewUser {
  id: string
  login: string
  displayName: string
  kind: UserKind
  participantId: string | null
  roles: readonly Role[]
  status: UserStatus
  locale: Locale
  createdAt: number
  createdBy: string | null
}

export interface UserQuery {
  participantId?: string | undefined
  status?: UserStatus | undefined
  query?: string | undefined
}

interface ApprovalRow {
  id: string
  kind: Approval['kind']
  subject_user_id: string
  subject_login: string
  roles: string
  maker_id: string
  maker_login: string
  created_at: number
  status: Approval['status']
  checker_login: string | null
  decided_at: number | null
  reason: string | null
}

const SELECT_APPROVAL = `SELECT a.*, s.login AS subject_login, m.login AS maker_login, c.login AS checker_login
  FROM approvals a JOIN users s ON s.id = a.subject_user_id JOIN users m ON m.id = a.maker_id
  LEFT JOIN users c ON c.id = a.checker_id`

const toApproval = (r: ApprovalRow): Approval => ({
  id: r.id,
  kind: r.kind,
  subjectUserId: r.subject_user_id,
  subjectLogin: r.subject_login,
  roles: JSON.parse(r.roles) as Role[],
  makerId: r.maker_id,
  makerLogin: r.maker_login,
  createdAt: r.created_at,
  status: r.status,
  checkerLogin: r.checker_login,
  decidedAt: r.decided_at,
  reason: r.reason
})

/** SQL for users, their roles and passwords, participants and maker-checker approvals. */
export class UsersRepo {
  private readonly byId: Statement<[string], Row>
  private readonly byLogin: Statement<[string], Row>
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
    this.byId = this.sql(`${SELECT_USER} WHERE u.id = ?`)
    this.byLogin = this.sql(`${SELECT_USER} WHERE u.login = ? COLLATE NOCASE`)
  }

  get(id: string): UserRecord | undefined {
    const r = this.byId.get(id)
    return r && toUser(r)
  }

  findByLogin(login: string): UserRecord | undefined {
    const r = this.byLogin.get(login)
    return r && toUser(r)
  }

  list(q: UserQuery): UserRecord[] {
    const where: string[] = []
    if (q.participantId) where.push('u.participant_id = @participantId')
    if (q.status) where.push('u.status = @status')
    if (q.query) where.push("(u.login LIKE @like ESCAPE '\\' OR u.display_name LIKE @like ESCAPE '\\')")
    const sql = `${SELECT_USER} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY u.login LIMIT 1000`
    const like = `%${(q.query ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return this.sql<Record<string, unknown>, Row>(sql).all({ participantId: q.participantId, status: q.status, like }).map(toUser)
  }

  insert({ roles, ...u }: NewUser): void {
    this.sql(
      
        `INSERT INTO users (id, login, display_name, kind, participant_id, status, must_change_password, locale, created_at, created_by)
         VALUES (@id, @login, @displayName, @kind, @participantId, @status, 1, @locale, @createdAt, @createdBy)`
      )
      .run(u)
    this.setRoles(u.id, roles)
  }

  setRoles(userId: string, roles: readonly Role[]): void {
    this.sql('DELETE FROM user_roles WHERE user_id = ?').run(userId)
    const add = this.sql('INSERT INTO user_roles (user_id, role) VALUES (?, ?)')
    for (const role of roles) add.run(userId, role)
  }

  /**
   * Issues a one-time password: the user must change it at the next sign-in. The password it replaces (one the
   * user chose, not an earlier one-time password) goes into the history, so the reset cannot bring it back.
   */
  setOneTimePassword(userId: string, hash: string, expiresAt: number, now: number): void {
    this.sql(
      `INSERT INTO password_history (user_id, hash, changed_at)
       SELECT id, password_hash, ? FROM users WHERE id = ? AND password_hash IS NOT NULL AND must_change_password = 0`)
      .run(now, userId)
    this.sql(
      'UPDATE users SET password_hash = ?, must_change_password = 1, otp_expires_at = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?')
      .run(hash, expiresAt, userId)
  }

  /** Replaces the password and keeps the old one in the history for the no-reuse rule. */
  changePassword(userId: string, oldHash: string | null, newHash: string, now: number): void {
    if (oldHash) this.sql('INSERT INTO password_history (user_id, hash, changed_at) VALUES (?, ?, ?)').run(userId, oldHash, now)
    this.sql(
      'UPDATE users SET password_hash = ?, must_change_password = 0, otp_expires_at = NULL, password_changed_at = ? WHERE id = ?')
      .run(newHash, now, userId)
  }

  /** Previous password hashes, newest first. */
  passwordHistory(userId: string, limit: number): string[] {
    return this.sql('SELECT hash FROM password_history WHERE user_id = ? ORDER BY changed_at DESC, rowid DESC LIMIT ?').pluck().all(userId, limit) as string[]
  }

  recordFailure(userId: string, lockedUntil: number | null): void {
    this.sql('UPDATE users SET failed_attempts = failed_attempts + 1, locked_until = coalesce(?, locked_until) WHERE id = ?').run(lockedUntil, userId)
  }

  recordSignIn(userId: string, now: number): void {
    this.sql('UPDATE users SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = ? WHERE id = ?').run(now, userId)
  }

  clearFailures(userId: string): void {
    this.sql('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(userId)
  }

  setStatus(userId: string, status: UserStatus, reason: string | null): void {
    this.sql('UPDATE users SET status = ?, blocked_reason = ? WHERE id = ?').run(status, reason, userId)
  }

  setLocale(userId: string, locale: Locale): void {
    this.sql('UPDATE users SET locale = ? WHERE id = ?').run(locale, userId)
  }

  insertApproval(a: { id: string; kind: Approval['kind']; subjectUserId: string; roles: readonly Role[]; makerId: string; createdAt: number }): void {
    this.sql(
      "INSERT INTO approvals (id, kind, subject_user_id, roles, maker_id, created_at, status) VALUES (?, ?, ?, ?, ?, ?, 'pending')")
      .run(a.id, a.kind, a.subjectUserId, JSON.stringify(a.roles), a.makerId, a.createdAt)
  }

  approval(id: string): Approval | undefined {
    const r = this.sql<[string], ApprovalRow>(`${SELECT_APPROVAL} WHERE a.id = ?`).get(id)
    return r && toApproval(r)
  }

  pendingApprovalFor(userId: string): Approval | undefined {
    const r = this.sql<[string], ApprovalRow>(`${SELECT_APPROVAL} WHERE a.subject_user_id = ? AND a.status = 'pending'`).get(userId)
    return r && toApproval(r)
  }

  approvals(status: Approval['status'] | undefined): Approval[] {
    const sql = `${SELECT_APPROVAL} ${status ? 'WHERE a.status = ?' : ''} ORDER BY a.created_at DESC LIMIT 500`
    return this.sql<string[], ApprovalRow>(sql).all(...(status ? [status] : [])).map(toApproval)
  }

  /** A reset request no administrator decided: a break-glass reset issued the password first (R12.4). */
  supersedeApproval(id: string, now: number): void {
    this.sql("UPDATE approvals SET status = 'superseded', decided_at = ? WHERE id = ? AND status = 'pending'").run(now, id)
  }

  decideApproval(id: string, status: 'approved' | 'rejected', checkerId: string, now: number, reason: string | null): void {
    this.sql('UPDATE approvals SET status = ?, checker_id = ?, decided_at = ?, reason = ? WHERE id = ?').run(status, checkerId, now, reason, id)
  }
}
