import type { Database } from 'better-sqlite3'
import { auditDetail, type AuditLog } from './audit-log'
import type { SessionEndCause, SessionEndListener } from './sessions'
import type { UsersRepo } from './users-repo'

// These ends have their own record already: the sign-out call's, and 'session.expired' from the dispatcher.
const RECORDED_ELSEWHERE: readonly SessionEndCause[] = ['signedOut', 'expired']

/**
 * Writes 'session.ended' with its cause for every other end of a session (window closed, a new sign-in in the same
 * window, blocked, participant terminated, password reset, lockout), naming the session's user (R12.5, R12.1).
 * Inside the caller's transaction when there is one (a nested transaction is a savepoint), in its own otherwise.
 */
export function recordSessionEnds(db: Database, audit: AuditLog, users: Pick<UsersRepo, 'get'>): SessionEndListener {
  const record = db.transaction((userId: string, sessionId: string, cause: SessionEndCause, at: number) => {
    audit.append({
      at,
      actorId: userId,
      actorLogin: users.get(userId)?.login ?? null,
      sessionId,
      action: 'session.ended',
      outcome: 'ok',
      errorCode: null,
      subject: null,
      detail: auditDetail({ cause })
    })
  })
  return (session, cause, at) => {
    if (!RECORDED_ELSEWHERE.includes(cause)) record(session.userId, session.id, cause, at)
  }
}
