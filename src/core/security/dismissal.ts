import type { Participant } from '../api/types'
import type { ErrorCode } from '../domain/errors'
import type { Session } from './sessions'
import type { UserRecord } from './users-repo'

/**
 * Why a user may no longer work, or not in this session: their participant's service was terminated (R9.1.5,
 * R13.1, R15.2: its staff no longer see the system's data, R14.3–14.5), the login is not active (blocked, R12.4),
 * wrong passwords locked the account out (R12.4), or an administrator reset the password the session was opened
 * with (R12.4). A suspension restricts the participant's new operations, not its staff's work, so it is no dismissal.
 */
export type Dismissal = 'terminated' | 'blocked' | 'lockedOut' | 'passwordReset'

export function dismissalOf(
  user: UserRecord | null | undefined,
  participants: { get(id: string): Participant | undefined },
  session?: Pick<Session, 'oneTimeHash'>
): Dismissal | null {
  if (user?.participantId && participants.get(user.participantId)?.status === 'terminated') return 'terminated'
  if (!user || user.status !== 'active') return 'blocked'
  // Set until a sign-in after it runs out, or an administrator (unblock, reset), lifts it: every session standing
  // while it is set was opened before the lockout, so guesses anywhere end the user's sessions everywhere.
  if (user.lockedUntil !== null) return 'lockedOut'
  // An administrator issued a password this session was not opened with. Read from the database, so a reset made
  // by another process on it (the command line) ends this one's sessions too.
  if (session && user.mustChangePassword && user.passwordHash !== session.oneTimeHash) return 'passwordReset'
  return null
}

const CODES: Record<Dismissal, ErrorCode> = { terminated: 'PARTICIPANT_TERMINATED', blocked: 'ACCOUNT_BLOCKED', lockedOut: 'ACCOUNT_LOCKED', passwordReset: 'UNAUTHENTICATED' }
const SAID: Record<Dismissal, Record<'signIn' | 'session', string>> = {
  terminated: {
    signIn: 'your participant’s service is terminated: its staff no longer sign in',
    session: 'your participant’s service was terminated; the session has ended'
  },
  blocked: {
    signIn: 'the account is blocked; contact the administrator',
    session: 'the account was blocked; the session has ended'
  },
  lockedOut: {
    signIn: 'too many failed attempts: the account is locked; ask an administrator or wait',
    session: 'too many failed attempts: the account is locked and the session has ended'
  },
  passwordReset: {
    signIn: 'an administrator reset the password: sign in with the one-time password you were given',
    session: 'an administrator reset the password; the session has ended: sign in with the one-time password you were given'
  }
}

/** The refusal of a dismissed user's sign-in, or of a call (a key's use) in a session whose user was dismissed meanwhile. */
export const dismissalRefusal = (d: Dismissal, at: 'signIn' | 'session'): { code: ErrorCode; message: string } => ({ code: CODES[d], message: SAID[d][at] })
