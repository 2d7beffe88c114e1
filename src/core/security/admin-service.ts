import type { CallContext } from '../api/context'
import type { Approval, ApprovalDecision, BreakGlassNotice, CreateUserResult, Locale, OneTimePassword, Role, UserKind, UserRow } from '../api/types'
import { fail, refuse } from '../domain/errors'
import { notTerminated } from '../participants/participants-service'
import type { SecurityDeps } from './deps'
import { issueOneTimePassword } from './one-time-password'
import { roleKind } from './roles'
import { publicUser, type UserQuery, type UserRecord } from './users-repo'


export interface NewUserInput {
  login: string
  displayName: string
  kind: UserKind
  participantId?: string | undefined
  roles: Role[]
  locale: Locale
}

/**
 * Users administration: operator-issued logins with one-time passwords (R12.4), blocking, resets,
 * roles, and maker-checker for administrators (a second administrator approves).
 */
export class AdminService {
  constructor(private readonly d: SecurityDeps) {}

  list(ctx: CallContext, q: UserQuery): UserRow[] {
    const scope = ctx.participantScope
    return this.d.users.list(scope ? { ...q, participantId: scope } : q).map(publicUser)
  }

  create(ctx: CallContext, input: NewUserInput): CreateUserResult {
    const maker = ctx.requireUser()
    ctx.subject = input.login
    if (this.d.users.findByLogin(input.login)) refuse('CONFLICT', 'users.login_taken', { login: input.login }, `the login ${input.login} is taken`)
    if (input.participantId) {
      const participant = this.d.participants.get(input.participantId)
      if (!participant) refuse('NOT_FOUND', 'registry.no_participant', { id: input.participantId }, `no participant ${input.participantId}`)
      if (participant!.status !== 'active') refuse('CONFLICT', 'users.participant_no_new_logins', { code: participant!.code, participantStatus: participant!.status }, `participant ${participant!.code} is ${participant!.status}: no new logins`)
    }
    const needsApproval = input.roles.includes('administrator')
    const id = this.d.newId()
    this.d.users.insert({
      id,
      login: input.login,
      displayName: input.displayName,
      kind: input.kind,
      participantId: input.participantId ?? null,
      roles: input.roles,
      status: needsApproval ? 'pending' : 'active',
      locale: input.locale,
      createdAt: ctx.now,
      createdBy: maker.id
    })
    if (needsApproval) {
      const approvalId = this.d.newId()
      this.d.users.insertApproval({ id: approvalId, kind: 'user.create', subjectUserId: id, roles: input.roles, makerId: maker.id, createdAt: ctx.now })
      return { status: 'pendingApproval', user: this.row(id), approvalId }
    }
    const credential = issueOneTimePassword(this.d, id, ctx.now)
    return { status: 'created', user: this.row(id), credential }
  }

  block(ctx: CallContext, userId: string, reason: string): UserRow {
    const actor = ctx.requireUser()
    const user = this.subject(ctx, userId)
    if (user.id === actor.id) refuse('CONFLICT', 'users.block_self', {}, 'you cannot block yourself')
    if (user.status !== 'active') refuse('CONFLICT', 'users.block_not_active', { login: user.login, userStatus: user.status }, `${user.login} is ${user.status}, not active`)
    // The dispatcher ends the user's sessions at their next call, telling them why.
    this.d.users.setStatus(user.id, 'blocked', reason)
    return this.row(user.id)
  }

  unblock(ctx: CallContext, userId: string): UserRow {
    const user = this.subject(ctx, userId)
    // A terminated participant's staff are not put back in service (R15.2), like its accounts and terminals.
    if (user.status === 'blocked' && user.participantId) notTerminated(this.d.participants.get(user.participantId)!)
    if (user.status === 'blocked') this.d.users.setStatus(user.id, 'active', null)
    else if (user.status !== 'active' || (user.lockedUntil === null && user.failedAttempts === 0))
      refuse('CONFLICT', 'users.unblock_nothing', { login: user.login }, `${user.login} is neither blocked nor locked out`)
    this.d.users.clearFailures(user.id)
    return this.row(user.id)
  }

  /**
   * A new one-time password. An administrator's goes through a second administrator (R12.4 maker-checker), who
   * receives it on approval: one administrator alone could otherwise sign in as another and approve its own requests.
   */
  resetPassword(ctx: CallContext, userId: string): { status: 'issued'; credential: OneTimePassword } | { status: 'pendingApproval'; approvalId: string } {
    const actor = ctx.requireUser()
    const user = this.subject(ctx, userId)
    if (user.id === actor.id) refuse('CONFLICT', 'users.reset_self', {}, 'change your own password with “Change password”, not a reset')
    if (user.status !== 'active') refuse('CONFLICT', 'users.reset_not_active', { login: user.login, userStatus: user.status }, `${user.login} is ${user.status}: unblock first`)
    if (user.roles.includes('administrator')) {
      if (this.d.users.pendingApprovalFor(user.id)) refuse('CONFLICT', 'users.approval_pending', { login: user.login }, `a request for ${user.login} already awaits approval`)
      const approvalId = this.d.newId()
      this.d.users.insertApproval({ id: approvalId, kind: 'user.resetPassword', subjectUserId: user.id, roles: user.roles, makerId: actor.id, createdAt: ctx.now })
      return { status: 'pendingApproval', approvalId }
    }
    return { status: 'issued', credential: this.reissue(ctx, user.id) }
  }

  /**
   * A new one-time password in place of the password. The dispatcher ends the user's sessions (in any process on
   * this database) at their next call, telling them why.
   */
  private reissue(ctx: CallContext, userId: string): OneTimePassword {
    return issueOneTimePassword(this.d, userId, ctx.now)
  }

  setRoles(ctx: CallContext, userId: string, roles: Role[]): { status: 'updated'; user: UserRow } | { status: 'pendingApproval'; approvalId: string } {
    const actor = ctx.requireUser()
    const user = this.subject(ctx, userId)
    if (user.id === actor.id) refuse('CONFLICT', 'users.roles_self', {}, 'you cannot change your own roles')
    if (user.status === 'rejected') refuse('CONFLICT', 'users.user_rejected', { login: user.login }, `${user.login} was rejected`)
    const wrong = roles.filter((r) => roleKind(r) !== user.kind)
    if (wrong.length) refuse('VALIDATION', 'users.roles_wrong_kind', { login: user.login, roles: wrong.join(', ') }, `roles not allowed for ${user.kind} staff`, [`roles: ${wrong.join(', ')}`])
    if (new Set(roles).size !== roles.length) refuse('VALIDATION', 'users.role_repeated', {}, 'a role is repeated')
    if (this.d.users.pendingApprovalFor(user.id)) refuse('CONFLICT', 'users.approval_pending', { login: user.login }, `a request for ${user.login} already awaits approval`)
    if (roles.includes('administrator') && !user.roles.includes('administrator')) {
      const approvalId = this.d.newId()
      this.d.users.insertApproval({ id: approvalId, kind: 'user.grantRoles', subjectUserId: user.id, roles, makerId: actor.id, createdAt: ctx.now })
      return { status: 'pendingApproval', approvalId }
    }
    this.d.users.setRoles(user.id, roles)
    ctx.recordChange(user, { roles: this.d.users.get(user.id)!.roles })
    return { status: 'updated', user: this.row(user.id) }
  }

  /**
   * The break-glass resets of another administrator's password (R12.4) this administrator is to be told of: shown at
   * every sign-in until acknowledged, since no second administrator checked them.
   */
  breakGlassNotices(ctx: CallContext): BreakGlassNotice[] {
    return this.d.breakGlass.noticesFor(ctx.requireUser().id)
  }

  acknowledgeBreakGlass(ctx: CallContext, resetId: string): BreakGlassNotice[] {
    const admin = ctx.requireUser()
    const notice = this.d.breakGlass.notice(resetId)
    if (notice) ctx.subject = notice.subjectLogin
    if (notice && this.d.breakGlass.acknowledged(resetId, admin.id))
      refuse('CONFLICT', 'users.break_glass_acknowledged', { login: notice.subjectLogin }, `the break-glass reset of ${notice.subjectLogin} is already acknowledged`)
    // Not there, of one's own password, or made before one's account: nothing one was told of.
    if (!notice || !this.d.breakGlass.noticesFor(admin.id).some((n) => n.id === resetId))
      refuse('NOT_FOUND', 'users.no_break_glass_notice', { id: resetId }, `no break-glass reset ${resetId} for you to acknowledge`)
    this.d.breakGlass.acknowledge(resetId, admin.id, ctx.now)
    return this.d.breakGlass.noticesFor(admin.id)
  }

  approvals(status: Approval['status'] | undefined): Approval[] {
    return this.d.users.approvals(status)
  }

  approve(ctx: CallContext, approvalId: string): ApprovalDecision {
    const { approval, checker } = this.pending(ctx, approvalId)
    let credential: OneTimePassword | null = null
    if (approval.kind === 'user.create') {
      this.d.users.setStatus(approval.subjectUserId, 'active', null)
      credential = issueOneTimePassword(this.d, approval.subjectUserId, ctx.now)
    } else if (approval.kind === 'user.resetPassword') {
      // Approved by the administrator being reset: their own password is theirs to change, not to reset.
      if (approval.subjectUserId === checker.id) refuse('MAKER_CHECKER', 'users.reset_own_approval', {}, 'a reset of your own password is approved by another administrator')
      const subject = this.d.users.get(approval.subjectUserId)!
      if (subject.status !== 'active') refuse('CONFLICT', 'users.reset_not_active', { login: subject.login, userStatus: subject.status }, `${subject.login} is ${subject.status}: unblock first`)
      credential = this.reissue(ctx, subject.id)
    } else {
      const subject = this.d.users.get(approval.subjectUserId)!
      this.d.users.setRoles(subject.id, approval.roles)
      ctx.recordChange(subject, { roles: this.d.users.get(subject.id)!.roles })
    }
    this.d.users.decideApproval(approval.id, 'approved', checker.id, ctx.now, null)
    return { approval: this.d.users.approval(approval.id)!, credential }
  }

  reject(ctx: CallContext, approvalId: string, reason: string): ApprovalDecision {
    const { approval, checker } = this.pending(ctx, approvalId)
    if (approval.kind === 'user.create') this.d.users.setStatus(approval.subjectUserId, 'rejected', reason)
    this.d.users.decideApproval(approval.id, 'rejected', checker.id, ctx.now, reason)
    return { approval: this.d.users.approval(approval.id)!, credential: null }
  }

  private pending(ctx: CallContext, approvalId: string): { approval: Approval; checker: UserRecord } {
    const checker = ctx.requireUser()
    const approval = this.d.users.approval(approvalId)
    if (!approval) return refuse('NOT_FOUND', 'users.no_approval', { id: approvalId }, `no approval request ${approvalId}`)
    ctx.subject = approval.subjectLogin
    if (approval.status !== 'pending') refuse('CONFLICT', 'users.approval_decided', { approvalStatus: approval.status }, `the request was already ${approval.status}`)
    // Its code's words (errors.MAKER_CHECKER) say all there is: no rule of its own.
    if (approval.makerId === checker.id) fail('MAKER_CHECKER', 'the administrator who made a request cannot approve or reject it')
    return { approval, checker }
  }

  private subject(ctx: CallContext, userId: string): UserRecord {
    const user = this.d.users.get(userId)
    if (!user) return refuse('NOT_FOUND', 'users.no_user', { id: userId }, `no user ${userId}`)
    ctx.subject = user.login
    return user
  }

  private row(id: string): UserRow {
    return publicUser(this.d.users.get(id)!)
  }
}
