import type { CallContext } from './context'
import type { CallOutput, ParsedInput } from './contract'
import type { CallName } from './names'
import type { AdminService } from '../security/admin-service'
import type { AuditLog } from '../security/audit-log'
import type { AuthService } from '../security/auth-service'
import type { ParticipantsService } from '../participants/participants-service'
import type { TerminalsService } from '../terminals/terminals-service'
import type { SettingsStore } from '../security/settings'

export type Handler<N extends CallName> = (ctx: CallContext, input: ParsedInput<N>) => CallOutput<N>
export type Handlers = { [N in CallName]: Handler<N> }

export interface Services {
  auth: AuthService
  admin: AdminService
  audit: AuditLog
  settings: SettingsStore
  participants: ParticipantsService
  terminals: TerminalsService
}

/** The services behind each call. Synchronous: the dispatcher runs each inside one SQLite transaction. */
export function createHandlers(s: Services): Handlers {
  return {
    'session.state': (ctx) => s.auth.state(ctx),
    'session.signIn': (ctx, i) => s.auth.signIn(ctx, i.login, i.password),
    'session.changePassword': (ctx, i) => s.auth.changePassword(ctx, i.currentPassword, i.newPassword),
    'session.unlock': (ctx, i) => s.auth.unlock(ctx, i.password),
    'session.signOut': (ctx) => s.auth.signOut(ctx),
    'session.heartbeat': (ctx) => s.auth.state(ctx),
    'session.setLocale': (ctx, i) => s.auth.setLocale(ctx, i.locale),
    'users.list': (ctx, i) => s.admin.list(ctx, i),
    'users.create': (ctx, i) => s.admin.create(ctx, i),
    'users.block': (ctx, i) => s.admin.block(ctx, i.userId, i.reason),
    'users.unblock': (ctx, i) => s.admin.unblock(ctx, i.userId),
    'users.resetPassword': (ctx, i) => s.admin.resetPassword(ctx, i.userId),
    'users.setRoles': (ctx, i) => s.admin.setRoles(ctx, i.userId, i.roles),
    'approvals.list': (_ctx, i) => s.admin.approvals(i.status),
    'approvals.approve': (ctx, i) => s.admin.approve(ctx, i.approvalId),
    'approvals.reject': (ctx, i) => s.admin.reject(ctx, i.approvalId, i.reason),
    'audit.list': (_ctx, i) => s.audit.list(i),
    'audit.verify': () => s.audit.verify(),
    'settings.get': () => s.settings.get(),
    'settings.update': (ctx, i) => s.settings.update(i, ctx.now, ctx.requireUser().id),
    'participants.list': (ctx) => s.participants.list(ctx),
    'participants.create': (ctx, i) => s.participants.create(ctx, i),
    'participants.setStatus': (ctx, i) => s.participants.setStatus(ctx, i.participantId, i.status, i.reason),
    'terminals.list': (ctx, i) => s.terminals.list(ctx, i.acquirerId),
    'terminals.create': (ctx, i) => s.terminals.create(ctx, i),
    'terminals.certify': (ctx, i) => s.terminals.certify(ctx, i.terminalId, i.certificateRef),
    'terminals.setStatus': (ctx, i) => s.terminals.setStatus(ctx, i.terminalId, i.status)
  }
}
