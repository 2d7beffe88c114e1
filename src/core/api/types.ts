// Plain data crossing the call boundary (structured-clone friendly). Types only: imported by the renderer.
import type { CodedText } from '../domain/coded-text'
import type { ErrorCode, Reason } from '../domain/errors'
import type { Permission, Role, UserKind } from '../security/roles'

export type { CodedText, ErrorCode, Permission, Reason, Role, UserKind }
export type Locale = 'kk' | 'ru' | 'en'
export type UserStatus = 'pending' | 'active' | 'blocked' | 'rejected'

export interface CallError {
  code: ErrorCode
  message: string
  /** Human-readable specifics, in English (the CLI and the audit log show these). */
  details?: readonly string[]
  /** The same specifics as codes, for the renderer to translate. */
  reasons?: readonly Reason[]
}
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError }

/** Who a user is: shared by the session's user and the administration list. */
export interface UserIdentity {
  id: string
  login: string
  displayName: string
  kind: UserKind
  participantId: string | null
  participantName: string | null
  roles: Role[]
  lastSignInAt: number | null
}

export interface SessionUser extends UserIdentity {
  permissions: Permission[]
  locale: Locale
}

export type SessionStatus = 'active' | 'locked' | 'mustChangePassword'

export type SessionState =
  | {
      status: 'signedOut'
      reason: 'none' | 'signedOut' | 'expired' | 'blocked' | 'terminated' | 'lockedOut' | 'passwordReset'
      /** On a database created empty by this start: the first administrator's login and one-time password, until first used (R12.4). */
      firstAdministrator?: { login: string; oneTimePassword: string; expiresAt: number }
    }
  | {
      status: SessionStatus
      user: SessionUser
      startedAt: number
      /** When the session locks if nothing happens (ms epoch). */
      lockAt: number
      /** When the session ends whatever happens (ms epoch). */
      endsAt: number
      now: number
    }

export interface UserRow extends UserIdentity {
  status: UserStatus
  mustChangePassword: boolean
  lockedUntil: number | null
  failedAttempts: number
  createdAt: number
  createdBy: string | null
  blockedReason: string | null
}

export interface OneTimePassword {
  oneTimePassword: string
  expiresAt: number
}

export type CreateUserResult =
  | { status: 'created'; user: UserRow; credential: OneTimePassword }
  | { status: 'pendingApproval'; user: UserRow; approvalId: string }

export interface Approval {
  id: string
  kind: 'user.create' | 'user.grantRoles' | 'user.resetPassword'
  subjectUserId: string
  subjectLogin: string
  roles: Role[]
  makerId: string
  makerLogin: string
  createdAt: number
  /** superseded: a reset awaiting its checker when a break-glass reset at the command line issued the password (R12.4). */
  status: 'pending' | 'approved' | 'rejected' | 'superseded'
  checkerLogin: string | null
  decidedAt: number | null
  reason: string | null
}

/**
 * An administrator's password reset at the command line without a second administrator (break-glass, R12.4), as
 * every other administrator is told of it until they acknowledge it.
 */
export interface BreakGlassNotice {
  id: string
  subjectLogin: string
  subjectDisplayName: string
  at: number
  /** Who ran it: `os:<name>`, the operating system's user. */
  actor: string
}

export interface ApprovalDecision {
  approval: Approval
  /** Issued when approving the creation of a user: handed to the new user by the checker. */
  credential: OneTimePassword | null
}

export interface AuditRecord {
  seq: number
  at: number
  actorId: string | null
  actorLogin: string | null
  sessionId: string | null
  action: string
  outcome: 'ok' | 'error'
  errorCode: string | null
  subject: string | null
  detail: string | null
  hash: string
}

export interface AuditPage {
  records: AuditRecord[]
  total: number
  /** The newest record of the whole log when the page was read (before the list's own record): what a check then covers. */
  headSeq: number | null
}

/** How the audit chain can break at a record: removed, re-linked, or altered (the screens word each). */
export const AUDIT_BREAKS = ['missing', 'unlinked', 'altered'] as const
export type AuditBreak = (typeof AUDIT_BREAKS)[number]

export type AuditVerification =
  | { intact: true; records: number; headHash: string | null }
  | { intact: false; records: number; firstBroken: { seq: number; problem: AuditBreak; reason: string } }

export interface SecuritySettings {
  inactivityMinutes: number
  absoluteMinutes: number
  passwordMinLength: number
  passwordHistory: number
  passwordMaxAgeDays: number
  lockoutThreshold: number
  lockoutMinutes: number
  oneTimePasswordHours: number
}

export const TERMINAL_KINDS = ['atm', 'pos', 'e_terminal', 'recycler', 'cash_desk', 'other'] as const
export type TerminalKind = (typeof TERMINAL_KINDS)[number]
export type TerminalStatus = 'active' | 'blocked'

/** A device that accepts instructions (R1.1.20), bound to its acquirer (R8.4). */
export interface Terminal {
  id: string
  code: string
  acquirerId: string
  acquirerName: string
  kind: TerminalKind
  serial: string
  address: string
  status: TerminalStatus
  /** Certified in the operator's software (R8.4); uncertified terminals may not submit operations. */
  certifiedAt: number | null
  certificateRef: string | null
}

export type ParticipantStatus = 'active' | 'suspended' | 'terminated'

export interface Participant {
  id: string
  /** Allocated by the system, never reused (R8.3). */
  code: string
  name: string
  bic: string
  bin: string
  status: ParticipantStatus
  /** Participation type (R9.2.1): issues payment instruments, accepts them at its terminals, or both. */
  issuer: boolean
  acquirer: boolean
  statusReason: string | null
}

/** A change of a participant's status, and how far its notices to the participants have gone (R9.3.2). */
export interface ParticipantStatusChange {
  id: number
  from: ParticipantStatus
  to: ParticipantStatus
  reason: string
  /** The calendar day in Asia/Almaty on which it happened, and the moment. */
  day: string
  at: number
  /** Who made it (display name), or null for a change made before it was recorded. */
  by: string | null
  notices: number
  delivered: number
  /** Destinations still waiting for their notice, and the last delivery error, if any. */
  waiting: string[]
  lastError: CodedText | null
}

/** What the settlement bank and each participant receive when a participant's service is suspended, resumed or terminated (R9.3.2). */
export interface ParticipantStatusNotice {
  notice: 'participant.status'
  participant: { code: string; name: string; bic: string; bin: string }
  from: ParticipantStatus
  to: ParticipantStatus
  reason: string
  day: string
  at: number
}

export * from './center-types'
export * from './clearing-types'
export * from './messages-types'
export * from './crypto-types'
export * from './documents-types'
export * from './disputes-types'
export * from './disputes-bundle-types'
export * from './backups-types'
