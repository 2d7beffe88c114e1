import type { SecuritySettings, SessionStatus } from '../api/types'
import { AppError } from '../domain/errors'

/** A signed-in session. Lives only in the main process, keyed by the caller (window / page / CLI run). */
export interface Session {
  id: string
  userId: string
  startedAt: number
  lastActivityAt: number
  status: SessionStatus
  /** The hash of the one-time password the session was opened with; null once the password is the user's own. */
  oneTimeHash: string | null
}

export const MINUTE = 60_000

export const lockAt = (s: Session, limits: SecuritySettings): number => s.lastActivityAt + limits.inactivityMinutes * MINUTE
export const endsAt = (s: Session, limits: SecuritySettings): number => s.startedAt + limits.absoluteMinutes * MINUTE

/**
 * What the limits (R12.5) say about a session now: it has ended (absolute limit), it must lock (inactivity limit,
 * also while a password change is awaited), or it stands. Pure, so the timers are tested with any clock.
 */
export function sessionVerdict(s: Session, now: number, limits: SecuritySettings): 'expired' | 'lock' | 'stands' {
  if (now >= endsAt(s, limits)) return 'expired'
  if (s.status !== 'locked' && now >= lockAt(s, limits)) return 'lock'
  return 'stands'
}

/**
 * Whether a key may still be used for the session that asked for its PIN, now that the PIN is typed: the dialog can
 * stay open while the session ends, locks after inactivity, or passes to another sign-in (R12.5). Null when it may.
 */
export function afterPinRefusal(asked: Session | undefined, now: Session | undefined, at: number, limits: SecuritySettings): AppError | null {
  if (!asked || asked !== now) return new AppError('UNAUTHENTICATED', 'the session that asked for the PIN has ended: sign in and sign again')
  const verdict = sessionVerdict(now, at, limits)
  if (verdict === 'expired') return new AppError('SESSION_EXPIRED', 'the session reached its maximum length while the PIN was asked: sign in and sign again')
  if (verdict === 'lock' || now.status !== 'active') return new AppError('SESSION_LOCKED', 'the session locked after inactivity while the PIN was asked: unlock it and sign again')
  return null
}

/**
 * Why a session ended. A sign-out and the absolute limit have their own audit records (the call's, 'session.expired');
 * every other end is recorded as 'session.ended' with its cause.
 */
export type SessionEndCause = 'signedOut' | 'expired' | 'windowClosed' | 'newSignIn' | 'blocked' | 'terminated' | 'passwordReset' | 'lockedOut'

/** Told of every session that ends (the audit log, in the product). */
export type SessionEndListener = (session: Session, cause: SessionEndCause, at: number) => void

/** The sessions of this process, one per caller. Every end names its cause, so none goes unrecorded. */
export class SessionRegistry {
  private readonly byCaller = new Map<string, Session>()

  constructor(private readonly onEnd: SessionEndListener = () => undefined) {}

  get(caller: string): Session | undefined {
    return this.byCaller.get(caller)
  }

  set(caller: string, session: Session): void {
    this.byCaller.set(caller, session)
  }

  end(caller: string, cause: SessionEndCause, at: number): Session | undefined {
    const s = this.byCaller.get(caller)
    if (!s) return undefined
    this.byCaller.delete(caller)
    this.onEnd(s, cause, at)
    return s
  }

  get size(): number {
    return this.byCaller.size
  }
}
