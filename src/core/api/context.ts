import { AppError, type ErrorCode, type Reason } from '../domain/errors'
import { withChangedFields, type AuditChange } from '../security/audit-change'
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
  /** The fields an edit changed, before and after, added to the call's audit record (only when the call succeeds). */
  change: AuditChange | null = null
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

  /**
   * Refuses the call but keeps what was written before (e.g. a failed sign-in counted); `reason`, where the screens
   * word it (`<area>.<name>` and its figures, as refuse's), the message being the English of the CLI and the log.
   */
  refuse(code: ErrorCode, message: string, reason?: Reason): never {
    this.refusal = new AppError(code, message, undefined, reason ? [reason] : undefined)
    throw this.refusal
  }

  /** Records, for the audit, the fields of `after` whose values differ from `before`'s (an edit's previous values). */
  recordChange<T extends object>(before: T, after: Partial<T>): void {
    this.change = withChangedFields(this.change, before, after)
  }

  requireUser(): UserRecord {
    if (!this.user || !this.session) throw new AppError('UNAUTHENTICATED', 'sign in first')
    return this.user
  }
}
