import { AppError, type ErrorCode } from '../domain/errors'
import type { Dismissal } from '../security/dismissal'
import type { Session } from '../security/sessions'
import type { UserRecord } from '../security/users-repo'

/** What a service knows about the call it runs for; built by the dispatcher, never by the renderer. */
export class CallContext {
  /** What the call acted on, for the audit record (a login, an id). */
  subject: string | null = null
  /** Who the audit record names when nobody is signed in yet (a sign-in attempt). */
  claimedLogin: string | null = null
  /** A refusal whose side effects (failure counters, lockouts) must still be committed. */
  refusal: AppError | null = null
  /** Why the caller's previous session ended just now, if it did (shown on the sign-in screen). */
  ended: 'expired' | Dismissal | null = null

  constructor(
    readonly now: number,
    readonly caller: string,
    public session: Session | null,
    public user: UserRecord | null
  ) {}

  /** Only for participant staff: the one participant whose data they may see. */
  get participantScope(): string | null {
    return this.user?.kind === 'participant' ? this.user.participantId : null
  }

  /** Refuses the call but keeps what was written before (e.g. a failed sign-in counted). */
  refuse(code: ErrorCode, message: string): never {
    this.refusal = new AppError(code, message)
    throw this.refusal
  }

  requireUser(): UserRecord {
    if (!this.user || !this.session) throw new AppError('UNAUTHENTICATED', 'sign in first')
    return this.user
  }
}
