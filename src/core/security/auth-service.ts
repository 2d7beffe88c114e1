import type { Locale, SecuritySettings, SessionState, SessionStatus } from '../api/types'
import type { CallContext } from '../api/context'
import { AppError } from '../domain/errors'
import type { SecurityDeps } from './deps'
import { hashPassword, verifyPassword } from './password-hash'
import { dismissalOf, dismissalRefusal } from './dismissal'
import { describeViolation, passwordViolations } from './password-policy'
import { permissionsOf } from './roles'
import { endsAt, lockAt, MINUTE, type Session } from './sessions'
import type { UserRecord } from './users-repo'

const DAY = 24 * 60 * MINUTE
const LOCKED_UNTIL_UNBLOCKED = Number.MAX_SAFE_INTEGER

/**
 * The right password, when it is a one-time password past its expiry, is refused wherever it is typed: at sign-in,
 * and at the unlock or forced change of a session opened with it just before it expired (R12.4). Nothing changes.
 */
function refuseExpiredOneTimePassword(ctx: CallContext, user: UserRecord): void {
  if (user.mustChangePassword && user.otpExpiresAt !== null && user.otpExpiresAt <= ctx.now)
    ctx.refuse('PASSWORD_EXPIRED_OTP', 'the one-time password has expired; ask the administrator for a new one')
}

/** Sign-in, forced password change (R12.4), unlock after inactivity (R12.5), sign-out, language. */
export class AuthService {
  /** Verified against when the login is unknown, so a wrong login costs as long as a wrong password. */
  private decoyHash: string | null = null

  constructor(private readonly d: SecurityDeps) {}

  state(ctx: CallContext): SessionState {
    const { session, user } = ctx
    if (!session || !user) {
      const first = this.firstAdministrator(ctx.now)
      return { status: 'signedOut', reason: ctx.ended ?? 'none', ...(first ? { firstAdministrator: first } : {}) }
    }
    const limits = this.d.settings.get()
    const participant = user.participantId ? this.d.participants.get(user.participantId) : undefined
    return {
      status: session.status,
      user: {
        id: user.id,
        login: user.login,
        displayName: user.displayName,
        kind: user.kind,
        participantId: user.participantId,
        participantName: participant?.name ?? null,
        roles: user.roles,
        permissions: permissionsOf(user.roles),
        locale: user.locale,
        lastSignInAt: user.lastSignInAt
      },
      startedAt: session.startedAt,
      lockAt: lockAt(session, limits),
      endsAt: endsAt(session, limits),
      now: ctx.now
    }
  }

  signIn(ctx: CallContext, login: string, password: string): SessionState {
    ctx.claimedLogin = login
    const previous = this.d.sessions.end(ctx.caller, 'newSignIn', ctx.now)
    if (previous) (ctx.session = null), (ctx.user = null)
    const limits = this.d.settings.get()
    const found = this.d.users.findByLogin(login)
    const user = found && this.pastLockout(found, ctx.now)
    if (user === null) {
      const { code, message } = dismissalRefusal('lockedOut', 'signIn')
      ctx.refuse(code, message)
    }
    const ok = verifyPassword(password, user?.passwordHash ?? (this.decoyHash ??= hashPassword('decoy', this.d.cost)))
    if (!user || !user.passwordHash || !ok) {
      if (user?.passwordHash) this.countFailure(user, limits, ctx.now)
      return ctx.refuse('INVALID_CREDENTIALS', 'wrong login or password')
    }
    // Only once the password is right, so a guesser learns nothing of the account or of its participant.
    const dismissal = dismissalOf(user, this.d.participants)
    if (dismissal) {
      const { code, message } = dismissalRefusal(dismissal, 'signIn')
      ctx.refuse(code, message)
    }
    refuseExpiredOneTimePassword(ctx, user)
    this.d.users.recordSignIn(user.id, ctx.now)
    const session: Session = {
      id: this.d.newId(),
      userId: user.id,
      startedAt: ctx.now,
      lastActivityAt: ctx.now,
      status: this.openStatus(user, limits, ctx.now),
      oneTimeHash: user.mustChangePassword ? user.passwordHash : null
    }
    this.d.sessions.set(ctx.caller, session)
    ctx.session = session
    ctx.user = user
    ctx.subject = user.login
    return this.state(ctx)
  }

  /**
   * A new desk has no console to read its first administrator's one-time password from: the sign-in screen shows it
   * until that administrator signs in, or it expires. Only on the start that created the database.
   */
  private firstAdministrator(now: number): { login: string; oneTimePassword: string; expiresAt: number } | null {
    const first = this.d.firstAdministrator
    const admin = first ? this.d.users.findByLogin(first.login) : undefined
    if (!first || !admin || admin.lastSignInAt !== null || admin.otpExpiresAt === null || admin.otpExpiresAt <= now) return null
    return { ...first, expiresAt: admin.otpExpiresAt }
  }

  changePassword(ctx: CallContext, current: string, next: string): SessionState {
    const user = ctx.requireUser()
    const limits = this.d.settings.get()
    if (!user.passwordHash || !verifyPassword(current, user.passwordHash)) {
      // As at unlock: the lockout ends the session, or the current password could be guessed here without limit.
      if (this.countFailure(user, limits, ctx.now)) return this.endLockedOut(ctx)
      return ctx.refuse('INVALID_CREDENTIALS', 'the current password is wrong')
    }
    refuseExpiredOneTimePassword(ctx, user)
    const previous = [user.passwordHash, ...this.d.users.passwordHistory(user.id, limits.passwordHistory)]
    const problems = passwordViolations(next, user.login, { minLength: limits.passwordMinLength, history: limits.passwordHistory }, previous)
    if (problems.length)
      throw new AppError('PASSWORD_POLICY', 'the new password does not meet the password policy', problems.map(describeViolation), problems)
    this.d.users.changePassword(user.id, user.passwordHash, hashPassword(next, this.d.cost), ctx.now)
    const session = ctx.session!
    session.status = 'active'
    session.lastActivityAt = ctx.now
    session.oneTimeHash = null
    ctx.user = this.d.users.get(user.id)!
    return this.state(ctx)
  }

  unlock(ctx: CallContext, password: string): SessionState {
    // A lockout earned elsewhere (guesses at a sign-in) has ended this session before its password is tried (R12.4).
    const user = ctx.requireUser()
    const limits = this.d.settings.get()
    if (!user.passwordHash || !verifyPassword(password, user.passwordHash)) {
      if (this.countFailure(user, limits, ctx.now)) return this.endLockedOut(ctx)
      return ctx.refuse('INVALID_CREDENTIALS', 'wrong password')
    }
    refuseExpiredOneTimePassword(ctx, user)
    this.d.users.clearFailures(user.id)
    const session = ctx.session!
    // A session locked while the password change was awaited goes back to it, not past it (R12.4).
    session.status = this.openStatus(user, limits, ctx.now)
    session.lastActivityAt = ctx.now
    return this.state(ctx)
  }

  signOut(ctx: CallContext): SessionState {
    this.d.sessions.end(ctx.caller, 'signedOut', ctx.now)
    return { status: 'signedOut', reason: 'signedOut' }
  }

  setLocale(ctx: CallContext, locale: Locale): SessionState {
    const user = ctx.requireUser()
    this.d.users.setLocale(user.id, locale)
    ctx.user = { ...user, locale }
    return this.state(ctx)
  }

  /** The user, with a lockout that has run out lifted; null while a lockout stands. */
  private pastLockout(user: UserRecord, now: number): UserRecord | null {
    if (user.lockedUntil === null) return user
    if (user.lockedUntil > now) return null
    this.d.users.clearFailures(user.id)
    return this.d.users.get(user.id)!
  }

  /** The attempt that locked the account out ends its session; the user's other sessions end at their next call, told why. */
  private endLockedOut(ctx: CallContext): never {
    this.d.sessions.end(ctx.caller, 'lockedOut', ctx.now)
    ctx.session = null
    const { code, message } = dismissalRefusal('lockedOut', 'session')
    return ctx.refuse(code, message)
  }

  /** Counts a wrong password; returns true when this attempt locked the account. */
  private countFailure(user: UserRecord, limits: SecuritySettings, now: number): boolean {
    const locks = user.failedAttempts + 1 >= limits.lockoutThreshold
    const until = limits.lockoutMinutes > 0 ? now + limits.lockoutMinutes * MINUTE : LOCKED_UNTIL_UNBLOCKED
    this.d.users.recordFailure(user.id, locks ? until : null)
    return locks
  }

  /** What a session is once the user is authenticated: waiting for the password change, or active (R12.4). */
  private openStatus(user: UserRecord, limits: SecuritySettings, now: number): SessionStatus {
    return user.mustChangePassword || this.passwordAged(user, limits, now) ? 'mustChangePassword' : 'active'
  }

  private passwordAged(user: UserRecord, limits: SecuritySettings, now: number): boolean {
    return limits.passwordMaxAgeDays > 0 && user.passwordChangedAt !== null && now - user.passwordChangedAt > limits.passwordMaxAgeDays * DAY
  }
}
