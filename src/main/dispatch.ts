import type { Database } from 'better-sqlite3'
import type { z } from 'zod'
import { contract, type CallSpec, type Owners } from '../core/api/contract'
import { CallContext } from '../core/api/context'
import type { Handlers } from '../core/api/handlers'
import type { CallName } from '../core/api/names'
import type { CallError, CallResult } from '../core/api/types'
import type { Clock } from '../core/domain/clock'
import { AppError, type ErrorCode, type Reason } from '../core/domain/errors'
import { auditDetail, type AuditLog } from '../core/security/audit-log'
import { dismissalOf, dismissalRefusal, type Dismissal } from '../core/security/dismissal'
import { permissionsOf } from '../core/security/roles'
import { sessionVerdict, type SessionRegistry } from '../core/security/sessions'
import type { SettingsStore } from '../core/security/settings'
import type { UsersRepo } from '../core/security/users-repo'
import type { ParticipantsRepo } from '../core/participants/participants-repo'

export interface DispatcherDeps {
  db: Database
  clock: Clock
  handlers: Handlers
  sessions: SessionRegistry
  users: UsersRepo
  /** Whose participant's service was terminated (its staff's sessions end). */
  participants: Pick<ParticipantsRepo, 'get'>
  settings: SettingsStore
  audit: AuditLog
  /** Where unexpected failures are reported (never to the caller). */
  log?: (message: string, error: unknown) => void
}

/**
 * Where a call comes from: 'desk', the app's windows (Electron IPC, the Chromium host's binding), whose page may be
 * driven by anyone at its DevTools or by script that got into it; 'local', the command line and automation run by
 * someone who already has this machine's files. Only 'local' may name files on this machine (CallSpec.localFiles).
 */
export type CallSource = 'desk' | 'local'

/** A report's answer is a promise (its file is rendered after the transaction); every other answer is immediate. */
export type Dispatch = (caller: string, name: unknown, input: unknown, source?: CallSource) => CallResult<unknown> | Promise<CallResult<unknown>>

/** The answer of a call known to be immediate (not a report); a promise here is a programming error. */
export function immediate(r: CallResult<unknown> | Promise<CallResult<unknown>>): CallResult<unknown> {
  if (r instanceof Promise) throw new Error('expected an immediate answer, got a promise (a report call?)')
  return r
}

/** Whether a row belongs to (or concerns) the participant. */
const ownedBy = (owners: Owners, participantId: string): boolean =>
  Array.isArray(owners) ? owners.includes(participantId) : owners === participantId

const isCall = (name: unknown): name is CallName => typeof name === 'string' && Object.hasOwn(contract, name)
// Refusals worth an audit record even for calls that are otherwise not recorded (polling, heartbeats).
const ALWAYS_AUDITED: readonly ErrorCode[] = ['FORBIDDEN', 'OUT_OF_SCOPE', 'UNKNOWN_CALL']

const refusal = (code: ErrorCode, message: string, details?: readonly string[], reasons?: readonly Reason[]): CallResult<never> => ({
  ok: false,
  error: { code, message, ...(details?.length ? { details } : {}), ...(reasons?.length ? { reasons } : {}) }
})

/**
 * The one way into the core, for every host: resolve the caller's session (held here, keyed by the
 * caller, never sent by it), apply the session limits, check the state, the permission, the input and
 * the participant scope, count the activity, run the service and its audit record in one transaction,
 * and answer with an envelope. Nothing changes unless every check passed.
 */
export function createDispatcher(d: DispatcherDeps): Dispatch {
  const log = d.log ?? ((m, e) => console.error(m, e))

  const audit = (ctx: CallContext | null, action: string, error: CallError | null, detail: string | null, now: number): void => {
    d.audit.append({
      at: now,
      actorId: ctx?.user?.id ?? null,
      actorLogin: ctx?.user?.login ?? ctx?.claimedLogin ?? null,
      sessionId: ctx?.session?.id ?? null,
      action,
      outcome: error ? 'error' : 'ok',
      errorCode: error?.code ?? null,
      subject: ctx?.subject ?? null,
      detail: error ? [error.message, ...(error.details ?? [])].join('; ').slice(0, 2000) : detail
    })
  }

  /** Applies the limits to the caller's session and loads its user; ends it for a dismissed user; records locks and expiries. */
  function resolve(caller: string, now: number): CallContext {
    const session = d.sessions.get(caller) ?? null
    const ctx = new CallContext(now, caller, session, session ? (d.users.get(session.userId) ?? null) : null)
    if (!session) return ctx
    const endSession = (why: 'expired' | Dismissal): CallContext => {
      d.sessions.end(caller, why, now)
      const after = new CallContext(now, caller, null, null)
      after.ended = why
      return after
    }
    const dismissal = dismissalOf(ctx.user, d.participants, session)
    if (dismissal) return endSession(dismissal)
    const verdict = sessionVerdict(session, now, d.settings.get())
    if (verdict === 'expired') {
      d.db.transaction(() => audit(ctx, 'session.expired', null, null, now))()
      return endSession('expired')
    }
    if (verdict === 'lock') {
      session.status = 'locked'
      d.db.transaction(() => audit(ctx, 'session.locked', null, null, now))()
    }
    return ctx
  }

  function admit(spec: CallSpec, ctx: CallContext): CallResult<never> | null {
    if (spec.states === 'public') return null
    const { session, user, ended } = ctx
    if (!session || !user) {
      if (ended === 'expired') return refusal('SESSION_EXPIRED', 'the session reached its maximum length; sign in again')
      if (ended) {
        const { code, message } = dismissalRefusal(ended, 'session')
        return refusal(code, message)
      }
      return refusal('UNAUTHENTICATED', 'sign in first')
    }
    if (!spec.states.includes(session.status)) {
      if (session.status === 'locked') return refusal('SESSION_LOCKED', 'the session is locked after inactivity; enter your password')
      if (session.status === 'mustChangePassword') return refusal('PASSWORD_CHANGE_REQUIRED', 'change your password first')
      return refusal('FORBIDDEN', 'not available in this session state')
    }
    if (spec.permission && !permissionsOf(user.roles).includes(spec.permission))
      return refusal('FORBIDDEN', `your roles do not grant ${spec.permission}`)
    return null
  }

  return function dispatch(caller, name, raw, source = 'local') {
    const now = d.clock.now()
    if (!isCall(name)) {
      const ctx = resolve(caller, now)
      const error = { code: 'UNKNOWN_CALL' as const, message: `no such call: ${String(name).slice(0, 64)}` }
      d.db.transaction(() => audit(ctx, 'unknown', error, null, now))()
      return { ok: false, error }
    }
    const spec: CallSpec = contract[name]
    const ctx = resolve(caller, now)
    const finish = (result: CallResult<never>, detail: string | null): CallResult<never> => {
      if (!result.ok && (spec.audited || ALWAYS_AUDITED.includes(result.error.code)))
        d.db.transaction(() => audit(ctx, name, result.error, detail, now))()
      return result
    }

    /** finish() for a failure after the transaction: recorded at the moment it happened, never failing the answer. */
    const finishLater = (result: CallResult<never>, detail: string | null): CallResult<never> => {
      if (result.ok || !(spec.audited || ALWAYS_AUDITED.includes(result.error.code))) return result
      try {
        const at = d.clock.now()
        d.db.transaction(() => audit(ctx, name, result.error, detail, at))()
      } catch (e) {
        log(`call ${name}: its failure could not be recorded`, e)
      }
      return result
    }

    const denied = admit(spec, ctx)
    if (denied) return finish(denied, null)
    // A window names no file on this machine: the core would read or write it as the app's OS user (R14.3, R12.1).
    const named = source === 'desk' ? namedLocalFiles(spec, raw) : []
    if (named.length)
      return finish(refusal('FORBIDDEN', `the desk sends a file's content; files on this machine are named only from the command line (${named.join(', ')})`), null)
    const parsed = spec.input.safeParse(raw)
    if (!parsed.success)
      return finish(refusal('VALIDATION', `invalid input for ${name}`, validationDetails(parsed.error), validationReasons(parsed.error)), null)
    const input: unknown = parsed.data
    const detail = auditDetail(input)
    const scope = ctx.participantScope
    const namedParticipant = scope && spec.scope?.field ? (input as Record<string, unknown>)[spec.scope.field] : undefined
    if (namedParticipant && namedParticipant !== scope) return finish(refusal('OUT_OF_SCOPE', 'that participant’s data is not yours to see'), detail)

    if (spec.touches && ctx.session && ctx.session.status !== 'locked') ctx.session.lastActivityAt = now
    const handler = d.handlers[name] as (c: CallContext, i: unknown) => unknown
    try {
      const value = d.db.transaction((): { out: unknown } | { refused: AppError } => {
        try {
          const out = handler(ctx, input)
          if (scope && spec.scope?.rows && spec.scope.rows(out).some((owners) => !ownedBy(owners, scope)))
            throw new Error(`${name} returned rows of another participant`)
          // An edit's record carries the old and new values of what it changed; a refusal's keeps the input alone.
          if (spec.audited) audit(ctx, name, null, ctx.change ? auditDetail(input, ctx.change) : detail, now)
          return { out }
        } catch (e) {
          // A refusal that must keep its side effects (a failed sign-in counted) commits with its record.
          if (e instanceof AppError && e === ctx.refusal) {
            audit(ctx, name, { code: e.code, message: e.message }, detail, now)
            return { refused: e }
          }
          throw e
        }
      })()
      if ('refused' in value) return refusal(value.refused.code, value.refused.message, value.refused.details, value.refused.reasons)
      // Work finished after the commit: a file to render from what the transaction read, or a check on a worker thread.
      // A failure there is recorded as the call's failure (its transaction's record said only that it was accepted).
      if (value.out instanceof Promise)
        return value.out.then(
          (out: unknown): CallResult<never> => ({ ok: true, value: out as never }),
          (e: unknown): CallResult<never> => {
            let result: CallResult<never>
            if (e instanceof AppError) result = refusal(e.code, e.message, e.details, e.reasons)
            else {
              log(`call ${name} failed after its transaction`, e)
              result = refusal('INTERNAL', 'the operation failed; it has been recorded for the administrator')
            }
            return finishLater(result, detail)
          }
        )
      return { ok: true, value: value.out }
    } catch (e) {
      if (e instanceof AppError) return finish(refusal(e.code, e.message, e.details, e.reasons), detail)
      log(`call ${name} failed`, e)
      return finish(refusal('INTERNAL', 'the operation failed; it has been recorded for the administrator'), detail)
    }
  }
}

/** The fields of a raw input that name files on this machine (present and not undefined). */
function namedLocalFiles(spec: CallSpec, raw: unknown): string[] {
  if (!spec.localFiles || typeof raw !== 'object' || raw === null) return []
  return spec.localFiles.filter((field) => Object.hasOwn(raw, field) && (raw as Record<string, unknown>)[field] !== undefined)
}

const issuePath = (i: z.core.$ZodIssue): string => (i.path.length ? i.path.join('.') : 'input')

function validationDetails(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((i) => `${issuePath(i)}: ${i.message}`)
}

/** The same issues as codes (zod's issue code, or a rule of the schema's own, and the field) so the renderer can word them in kk/ru/en. */
function validationReasons(error: z.ZodError): Reason[] {
  return error.issues.slice(0, 20).map((i) => ({ rule: ownRule(i) ?? i.code, value: issuePath(i) }))
}

/** A custom issue's rule, where the schema names it (`params.rule`: cash_channel, same_currency…). */
const ownRule = (i: z.core.$ZodIssue): string | undefined => {
  const rule = i.code === 'custom' ? (i.params as { rule?: unknown } | undefined)?.rule : undefined
  return typeof rule === 'string' ? rule : undefined
}
