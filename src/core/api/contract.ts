import { z } from 'zod'
import type { CallName } from './names'
import { isValidBin, isValidIin } from '../domain/identifiers'
import { parseMoney } from '../domain/money'
import { OPERATOR_ROLES, PARTICIPANT_ROLES, ROLES, type Permission } from '../security/roles'
import { DOCUMENT_CLASSES } from './documents-types'
import { EVIDENCE_KINDS } from './disputes-types'
import { DISPUTE_REASONS, DISPUTE_STAGES, DISPUTE_STATUSES } from '../disputes/lifecycle'
import { CHANNELS, EXPORT_TYPES, OPERATION_STATUSES, OPERATION_TYPES, REPORT_FORMATS, SETTLEMENT_MODELS, TERMINAL_KINDS } from './types'
import { amountOrZeroText, amountText, authorizationRequest, currencyCode, expiryText, iinText } from '../center/request-schema'
import { carriesInXml, usableAsName } from '../domain/xml-text'
import { operationParties } from '../center/operation-parties'
import type * as T from './types'

/** One call: what it takes, what it gives, who may make it, and how the dispatcher treats it. */
export interface CallSpec<S extends z.ZodType = z.ZodType, O = unknown> {
  input: S
  /** Phantom: carries the output type to the dispatcher, the preload and the renderer. */
  output: O
  /** null: any signed-in user may call it. */
  permission: Permission | null
  /** Session states the call works in; 'public' needs no session at all. */
  states: 'public' | readonly T.SessionStatus[]
  /** Whether the call counts as user activity for the inactivity limit (polling does not). */
  touches: boolean
  /** Whether the call is written to the audit log (polling and heartbeats are not). */
  audited: boolean
  /**
   * Input fields naming a file on this machine by path. Only the command line (and automation on this machine) may
   * fill them; the desk's windows send a file's content instead, and the dispatcher refuses them these fields.
   */
  localFiles?: readonly (keyof z.input<S> & string)[]
  /** Participant isolation: the input field naming a participant, and which participants the output rows belong to. */
  scope?: { field?: keyof z.output<S> & string; rows?(output: O): readonly Owners[] }
  summary: string
}

/** The participant a row belongs to, or the participants it concerns (an operation: issuer, acquirer, payee's bank). */
export type Owners = string | null | readonly (string | null)[]

const out = <O>(): O => undefined as unknown as O
const define = <S extends z.ZodType, O>(
  spec: Omit<CallSpec<S, O>, 'states' | 'touches' | 'audited'> & Partial<Pick<CallSpec<S, O>, 'states' | 'touches' | 'audited'>>
): CallSpec<S, O> => ({ states: ['active'], touches: true, audited: true, ...spec })

const id = z.string().regex(/^[0-9A-Z]{26}$/, 'must be an id of 26 characters (0-9, A-Z)')
const login = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9._-]{2,31}$/, 'must be 3–32 characters: latin letters, digits, dot, dash or underscore, starting with a letter')
const secret = z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters')
const reason = z.string().trim().min(3, 'must give a reason of at least 3 characters').max(500)
const locale = z.enum(['kk', 'ru', 'en'])
const empty = z.strictObject({})
const role = z.enum(ROLES)

const newUser = z
  .strictObject({
    login,
    displayName: z.string().trim().min(2, 'must be at least 2 characters').max(120),
    kind: z.enum(['operator', 'participant']),
    participantId: id.optional(),
    roles: z.array(role).min(1, 'must name at least one role').max(ROLES.length),
    locale: locale.default('ru')
  })
  .superRefine((u, ctx) => {
    if (u.kind === 'participant' && !u.participantId)
      ctx.addIssue({ code: 'custom', path: ['participantId'], message: 'a participant user must belong to a participant' })
    if (u.kind === 'operator' && u.participantId)
      ctx.addIssue({ code: 'custom', path: ['participantId'], message: 'operator staff do not belong to a participant' })
    const allowed: readonly string[] = u.kind === 'participant' ? PARTICIPANT_ROLES : OPERATOR_ROLES
    const wrong = u.roles.filter((r) => !allowed.includes(r))
    if (wrong.length) ctx.addIssue({ code: 'custom', path: ['roles'], message: `roles not allowed for ${u.kind} staff: ${wrong.join(', ')}` })
    if (new Set(u.roles).size !== u.roles.length) ctx.addIssue({ code: 'custom', path: ['roles'], message: 'a role is repeated' })
  })

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine((d) => new Date(Date.parse(`${d}T00:00:00Z`) || 0).toISOString().slice(0, 10) === d, 'must be a real calendar day')
/**
 * A registry's name (a client's, a participant's): one line of text, which reaches the messages sent to participants
 * (R9.3.7) and the documents, so no control character (a tab, a line break…) nor one XML cannot carry.
 */
const registryName = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(200)
  .refine(usableAsName, { message: 'must not hold a control character', params: { rule: 'unusable_character' } })
/**
 * A dispute's free text: a case's description goes out in its camt.056 and a decision's grounds in its camt.029, the
 * rest with the case to the other bank and into its bundle. Lines and tabs are text; what an XML message cannot hold
 * at all (NUL, BEL, ESC…) is refused by its rule.
 */
const messageText = (min: number, tooShort?: string) =>
  z.string().trim().min(min, tooShort).max(4000).refine(carriesInXml, { message: 'holds a character a payment message cannot carry', params: { rule: 'message_character' } })
/** A client's IIN: an individual's, with a real birth date and century digit, not a company's BIN (R1.1.7). */
const personIin = z.string().trim().refine(isValidIin, 'must be an individual’s IIN: 12 digits, a birth date YYMMDD, a century digit 1–6 and a valid check digit')
/** Where a terminal stands, as registered and as edited when it moves (R8.4). */
const terminalAddress = z.string().trim().min(5, 'must be at least 5 characters').max(300)
/** A participant is an issuer, an acquirer or both (R9.2.1), when registered and when its type changes. */
const hasParticipationType = (p: { issuer: boolean; acquirer: boolean }): boolean => p.issuer || p.acquirer
const PARTICIPATION_TYPE_NEEDED = { path: ['issuer'], message: 'a participant is an issuer, an acquirer or both' }
const participantCode = z.string().regex(/^P\d{3,}$/, 'must be a participant code like P001')
/** How a file-path field is marked in the input's JSON Schema: every such field is listed in its call's localFiles. */
export const LOCAL_FILE = 'a file on this machine, by absolute path'
/** A file on this machine, named by an absolute path (the CLI and automation; the desk sends content). */
const filePath = z.string().min(2).max(1024).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path').refine((p) => !p.includes('\0'), 'must not contain NUL')
  .describe(LOCAL_FILE)
/** A party of the clearing: a participant's code, or the operator. */
const party = z.string().regex(/^(P\d{3,}|operator)$/, 'must be a participant code like P001, or operator')
/** A party of confidential correspondence (R14.2): a participant's code, the operator or the settlement bank. */
const documentParty = z.string().regex(/^(P\d{3,}|operator|settlement_bank)$/, 'must be a participant code like P001, operator or settlement_bank')
const evidenceInput = z.strictObject({ kind: z.enum(EVIDENCE_KINDS), name: z.string().trim().min(1).max(200).refine((n) => !/[\\/\0]/.test(n), 'must be a file name, not a path'), mediaType: z.string().trim().min(3).max(100), base64: z.string().max(14_000_000, 'the file is larger than 10 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64') })
const fingerprint = z.string().regex(/^[0-9A-Fa-f]{64}$/, 'must be a SHA-256 fingerprint (64 hex digits)').transform((f) => f.toUpperCase())
/** A certificate or CRL as PEM text, or its DER in base64. */
const certificateText = z.string().trim().min(64, 'must be a PEM certificate or its base64 DER').max(1_000_000)
const base64 = z.string().max(28_000_000, 'the file is larger than 20 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
const fileName = z.string().trim().min(1, 'must name the file').max(200).refine((n) => !/[\\/\0]/.test(n), 'must be a file name, not a path')

const operationFilter = z.strictObject({
  day: day.optional(),
  type: z.enum(OPERATION_TYPES).optional(),
  status: z.enum(OPERATION_STATUSES).optional(),
  participantId: id.optional(),
  terminal: z.string().trim().regex(/^T\d{6}$/, 'must be a terminal code T + 6 digits').optional(),
  iin: iinText.optional(),
  /** A masked PAN as shown (`4400 43•• •••• 1234`) or its first six and last four digits. */
  pan: z.string().trim().regex(/^\d{4} ?\d{2}[•*]{2} ?[•*]{4} ?\d{4}$|^\d{6}[•*]*\d{4}$/, 'must be a masked card number like 4400 43•• •••• 1234').optional(),
  amountMin: amountText.optional(),
  amountMax: amountText.optional(),
  currency: currencyCode.optional()
}).superRefine((f, ctx) => {
  // A lower amount above the upper one would find nothing, which reads as "no such operations" (R7.5).
  const minor = (text: string) => parseMoney(text, f.currency ?? 'KZT').minor
  if (f.amountMin !== undefined && f.amountMax !== undefined && minor(f.amountMin) > minor(f.amountMax))
    ctx.addIssue({ code: 'custom', path: ['amountMin'], message: `must not be above amountMax (${f.amountMax})`, params: { rule: 'amount_min_above_max' } })
})

const operationOwners = (o: T.OperationRow): Owners => operationParties(o)

export const settingsInput = z.strictObject({
  inactivityMinutes: z.number().int().min(1).max(240),
  absoluteMinutes: z.number().int().min(5).max(1440),
  passwordMinLength: z.number().int().min(8).max(64),
  passwordHistory: z.number().int().min(0).max(24),
  passwordMaxAgeDays: z.number().int().min(0).max(365),
  lockoutThreshold: z.number().int().min(3).max(20),
  lockoutMinutes: z.number().int().min(0).max(1440),
  oneTimePasswordHours: z.number().int().min(1).max(168)
})

export const contract = {
  'session.state': define({
    input: empty,
    output: out<T.SessionState>(),
    permission: null,
    states: 'public',
    touches: false,
    audited: false,
    summary: 'The caller’s session: signed out, active, locked or waiting for a password change, with its deadlines.'
  }),
  'session.signIn': define({
    input: z.strictObject({ login, password: secret }),
    output: out<T.SessionState>(),
    permission: null,
    states: 'public',
    summary: 'Sign in with the login and password (or one-time password) issued by the operator (R12.4).'
  }),
  'session.changePassword': define({
    input: z.strictObject({ currentPassword: secret, newPassword: secret }),
    output: out<T.SessionState>(),
    permission: null,
    states: ['active', 'mustChangePassword'],
    summary: 'Change one’s own password; required after a one-time password or when the password has aged (R12.4).'
  }),
  'session.unlock': define({
    input: z.strictObject({ password: secret }),
    output: out<T.SessionState>(),
    permission: null,
    states: ['locked'],
    summary: 'Unlock a session locked by inactivity by entering the password again (R12.5).'
  }),
  'session.signOut': define({
    input: empty,
    output: out<T.SessionState>(),
    permission: null,
    states: ['active', 'locked', 'mustChangePassword'],
    touches: false,
    summary: 'End the session.'
  }),
  'session.heartbeat': define({
    input: empty,
    output: out<T.SessionState>(),
    permission: null,
    audited: false,
    summary: 'Report user activity (keyboard, pointer) so the inactivity limit counts from it.'
  }),
  'session.setLocale': define({
    input: z.strictObject({ locale }),
    output: out<T.SessionState>(),
    permission: null,
    summary: 'Choose the interface language; remembered for the user.'
  }),
  'users.list': define({
    input: z.strictObject({
      participantId: id.optional(),
      status: z.enum(['pending', 'active', 'blocked', 'rejected']).optional(),
      query: z.string().trim().max(64).optional()
    }),
    output: out<T.UserRow[]>(),
    permission: 'users.read',
    scope: { field: 'participantId', rows: (rows) => rows.map((r) => r.participantId) },
    summary: 'List users (participant staff see only their own participant’s).'
  }),
  'users.create': define({
    input: newUser,
    output: out<T.CreateUserResult>(),
    permission: 'users.manage',
    summary: 'Create a user with a one-time password; an administrator needs a second administrator’s approval.'
  }),
  'users.block': define({
    input: z.strictObject({ userId: id, reason }),
    output: out<T.UserRow>(),
    permission: 'users.manage',
    summary: 'Block a user: their sessions end and they cannot sign in.'
  }),
  'users.unblock': define({
    input: z.strictObject({ userId: id }),
    output: out<T.UserRow>(),
    permission: 'users.manage',
    summary: 'Unblock a user, or lift a lockout after failed sign-ins.'
  }),
  'users.resetPassword': define({
    input: z.strictObject({ userId: id }),
    output: out<{ status: 'issued'; credential: T.OneTimePassword } | { status: 'pendingApproval'; approvalId: string }>(),
    permission: 'users.manage',
    summary: 'Issue a new one-time password; the user must change it at the next sign-in. An administrator’s needs a second administrator’s approval.'
  }),
  'users.setRoles': define({
    input: z.strictObject({ userId: id, roles: z.array(role).min(1).max(ROLES.length) }),
    output: out<{ status: 'updated'; user: T.UserRow } | { status: 'pendingApproval'; approvalId: string }>(),
    permission: 'users.manage',
    summary: 'Change a user’s roles; granting the administrator role needs a second administrator’s approval.'
  }),
  'users.breakGlassNotices': define({
    input: empty,
    output: out<T.BreakGlassNotice[]>(),
    permission: 'users.manage',
    touches: false,
    audited: false,
    summary: 'Other administrators’ passwords reset at the command line without a second administrator (break-glass, R12.4), not yet acknowledged.'
  }),
  'users.acknowledgeBreakGlass': define({
    input: z.strictObject({ resetId: id }),
    output: out<T.BreakGlassNotice[]>(),
    permission: 'users.manage',
    summary: 'Acknowledge a break-glass reset one was told of; returns those still to acknowledge.'
  }),
  'approvals.list': define({
    input: z.strictObject({ status: z.enum(['pending', 'approved', 'rejected', 'superseded']).optional() }),
    output: out<T.Approval[]>(),
    permission: 'users.approve',
    summary: 'Requests waiting for a second administrator (maker-checker).'
  }),
  'approvals.approve': define({
    input: z.strictObject({ approvalId: id }),
    output: out<T.ApprovalDecision>(),
    permission: 'users.approve',
    summary: 'Approve another administrator’s request; the maker cannot approve their own.'
  }),
  'approvals.reject': define({
    input: z.strictObject({ approvalId: id, reason }),
    output: out<T.ApprovalDecision>(),
    permission: 'users.approve',
    summary: 'Reject another administrator’s request, with a reason.'
  }),
  'audit.list': define({
    input: z.strictObject({
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(100),
      actor: z.string().trim().max(64).optional(),
      action: z.string().trim().max(64).optional(),
      outcome: z.enum(['ok', 'error']).optional()
    }),
    output: out<T.AuditPage>(),
    permission: 'audit.read',
    summary: 'Read the audit log, newest first.'
  }),
  'audit.verify': define({
    // The screen names the newest record its list showed, so the check covers what the table shows (R12.1).
    input: z.strictObject({ throughSeq: z.number().int().positive().optional() }),
    output: out<T.AuditVerification>(),
    permission: 'audit.read',
    summary: 'Recompute the audit hash chain (from its first record through throughSeq, or to its end) and name the first record that does not match.'
  }),
  'settings.get': define({
    input: empty,
    output: out<T.SecuritySettings>(),
    permission: 'settings.manage',
    summary: 'Security settings: session limits, password policy, lockout.'
  }),
  'settings.update': define({
    input: settingsInput.partial().refine((s) => Object.keys(s).length > 0, 'must change at least one setting'),
    output: out<T.SecuritySettings>(),
    permission: 'settings.manage',
    summary: 'Change security settings (R12.4, R12.5).'
  }),
  'backups.list': define({
    input: empty,
    output: out<T.BackupRow[]>(),
    permission: 'backups.read',
    summary: 'The database backups in the backups folder beside it, newest first (R12.1).'
  }),
  'backups.storage': define({
    input: empty,
    output: out<T.BackupStorage>(),
    permission: 'backups.read',
    summary: 'Whether the backups’ disk has room for a copy now, with a reserve left free for the live database (R12.1).'
  }),
  'backups.create': define({
    input: empty,
    output: out<T.BackupRow>(),
    permission: 'backups.manage',
    summary: 'Back up the database now, online: the copy is checked page by page, encrypted to the backup recipients’ certificates and hashed before it is kept (R12.1).'
  }),
  'backups.verify': define({
    input: z.strictObject({ name: z.string().trim().min(1).max(64) }),
    output: out<T.BackupCheck>(),
    permission: 'backups.read',
    summary: 'Check a backup again: still there and unchanged since it was made; a plain one made before encryption, also every page sound and sealed with this desk’s evidence key.'
  }),
  'participants.list': define({
    input: empty,
    output: out<T.Participant[]>(),
    permission: 'participants.read',
    scope: { rows: (rows) => rows.map((p) => p.id) },
    summary: 'Participants of the system (participant staff see only their own).'
  }),
  'participants.create': define({
    input: z
      .strictObject({
        name: registryName,
        bic: z.string().trim().toUpperCase().regex(/^[A-Z]{4}KZ[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be a Kazakh BIC: 4 letters, KZ, 2 characters (and an optional branch of 3)'),
        bin: z.string().trim().refine(isValidBin, 'must be a BIN: 12 digits, the registration year and month, a type digit 4–6, an attribute digit 0–3 and a valid check digit'),
        issuer: z.boolean(),
        acquirer: z.boolean()
      })
      .refine(hasParticipationType, PARTICIPATION_TYPE_NEEDED),
    output: out<T.Participant>(),
    permission: 'participants.manage',
    summary: 'Register a participant under contract (R8.1–8.3); the system allocates its code.'
  }),
  'participants.update': define({
    input: z
      .strictObject({ participantId: id, name: registryName, issuer: z.boolean(), acquirer: z.boolean() })
      .refine(hasParticipationType, PARTICIPATION_TYPE_NEEDED),
    output: out<T.Participant>(),
    permission: 'participants.manage',
    scope: { field: 'participantId' },
    summary: 'Correct a participant’s name or change its participation type (R9.2.1, R9.4.13); its code, BIC and BIN, which other records and messages name, stay.'
  }),
  'participants.setStatus': define({
    input: z.strictObject({ participantId: id, status: z.enum(['active', 'suspended', 'terminated']), reason }),
    output: out<T.Participant>(),
    permission: 'participants.manage',
    scope: { field: 'participantId' },
    summary: 'Suspend, resume or terminate service to a participant, with the reason; the participants are notified (R9.1.5, R9.3.2, R13.1, R15.2).'
  }),
  'participants.history': define({
    input: z.strictObject({ participantId: id }),
    output: out<T.ParticipantStatusChange[]>(),
    permission: 'participants.read',
    scope: { field: 'participantId' },
    summary: 'A participant’s changes of status, with who made them, why, and how far their notices went (R9.3.2).'
  }),
  'terminals.list': define({
    input: z.strictObject({ acquirerId: id.optional() }),
    output: out<T.Terminal[]>(),
    permission: 'terminals.read',
    scope: { field: 'acquirerId', rows: (rows) => rows.map((t) => t.acquirerId) },
    summary: 'Terminals of all acquirers, or of one (participant staff see only their own bank’s).'
  }),
  'terminals.create': define({
    input: z.strictObject({
      acquirerId: id,
      kind: z.enum(TERMINAL_KINDS),
      serial: z.string().trim().regex(/^[A-Za-z0-9-]{4,32}$/, 'must be 4–32 latin letters, digits or dashes'),
      address: terminalAddress
    }),
    output: out<T.Terminal>(),
    permission: 'terminals.manage',
    scope: { field: 'acquirerId' },
    summary: 'Register a terminal of an active acquirer; it may submit operations once certified (R8.4).'
  }),
  'terminals.update': define({
    input: z.strictObject({ terminalId: id, kind: z.enum(TERMINAL_KINDS), address: terminalAddress }),
    output: out<T.Terminal>(),
    permission: 'terminals.manage',
    summary: 'Record a terminal’s new address or kind; its acquirer and serial are its identity and stay. A kind change withdraws its certification (R8.4).'
  }),
  'terminals.certify': define({
    input: z.strictObject({ terminalId: id, certificateRef: z.string().trim().min(3, 'must be at least 3 characters').max(100) }),
    output: out<T.Terminal>(),
    permission: 'terminals.manage',
    summary: 'Record that a terminal passed certification in the operator’s software (R8.4).'
  }),
  'terminals.setStatus': define({
    input: z.strictObject({ terminalId: id, status: z.enum(['active', 'blocked']) }),
    output: out<T.Terminal>(),
    permission: 'terminals.manage',
    summary: 'Block a terminal or put it back in service.'
  }),
  'terminals.issueKey': define({
    input: z.strictObject({ terminalId: id }),
    output: out<T.TerminalKey>(),
    permission: 'terminals.manage',
    summary: 'Issue (or replace) a terminal’s intake key for signing its requests (R7.4); shown once.'
  }),
  'clients.list': define({
    input: z.strictObject({ query: z.string().trim().max(64).optional(), limit: z.number().int().min(1).max(500).default(100) }),
    output: out<T.Client[]>(),
    permission: 'clients.read',
    summary: 'Clients by IIN or name (participant staff see only clients with an account at their bank).'
  }),
  'clients.create': define({
    input: z.strictObject({ iin: personIin, name: registryName }),
    output: out<T.Client>(),
    permission: 'clients.manage',
    summary: 'Register a client (an individual) by IIN (R1.1.7).'
  }),
  'clients.update': define({
    input: z.strictObject({ clientId: id, name: registryName }),
    output: out<T.Client>(),
    permission: 'clients.manage',
    summary: 'Correct a client’s name (a marriage, a typo at registration); the IIN is the client’s identity and stays (R1.1.7).'
  }),
  'accounts.list': define({
    input: z.strictObject({
      clientId: id.optional(),
      participantId: id.optional(),
      kind: z.enum(['client', 'settlement', 'cash', 'merchant', 'fx']).optional(),
      query: z.string().trim().max(64).optional()
    }),
    output: out<T.Account[]>(),
    permission: 'clients.read',
    scope: { field: 'participantId', rows: (rows) => rows.map((a) => a.participantId) },
    summary: 'Accounts with their balances, holds and limits (participant staff see their bank’s).'
  }),
  'accounts.open': define({
    input: z.strictObject({
      clientId: id,
      participantId: id,
      currency: currencyCode,
      overdraft: amountText.optional(),
      limitPerOp: amountText.optional(),
      limitDaily: amountText.optional()
    }),
    output: out<T.Account>(),
    permission: 'clients.manage',
    scope: { field: 'participantId' },
    summary: 'Open a client’s account at an issuer; the system allocates its KZ IBAN (R1.1.19).'
  }),
  'accounts.setLimits': define({
    input: z.strictObject({ accountId: id, limitPerOp: amountText.nullable(), limitDaily: amountText.nullable() }),
    output: out<T.Account>(),
    permission: 'clients.manage',
    summary: 'Set or lift an account’s per-operation and daily debit limits.'
  }),
  'accounts.setStatus': define({
    input: z.strictObject({ accountId: id, status: z.enum(['open', 'blocked', 'closed']), reason }),
    output: out<T.Account>(),
    permission: 'clients.manage',
    summary: 'Block, unblock or close an account, with the reason; a closed account stays closed.'
  }),
  'instruments.list': define({
    input: z.strictObject({ clientId: id.optional(), issuerId: id.optional(), query: z.string().trim().max(64).optional() }),
    output: out<T.Instrument[]>(),
    permission: 'clients.read',
    scope: { field: 'issuerId', rows: (rows) => rows.map((i) => i.issuerId) },
    summary: 'Payment instruments with masked numbers (participant staff see their bank’s).'
  }),
  'instruments.issue': define({
    input: z.strictObject({
      kind: z.enum(['card', 'wallet']),
      accountId: id,
      holderName: z.string().trim().regex(/^[A-Z][A-Z .'-]{1,25}$/, 'must be the holder’s name in latin capitals, 2–26 characters'),
      expiry: expiryText.optional()
    }),
    output: out<T.Instrument>(),
    permission: 'clients.manage',
    summary: 'Issue and personalise a card or an e-wallet on an account (R3.2.2); its requisites reach the client as a QR code (R3.2.1).'
  }),
  'instruments.setStatus': define({
    input: z.strictObject({ instrumentId: id, status: z.enum(['active', 'blocked', 'closed']), reason }),
    output: out<T.Instrument>(),
    permission: 'clients.manage',
    summary: 'Block, unblock or close a payment instrument, with the reason.'
  }),
  'instruments.qr': define({
    input: z.strictObject({ instrumentId: id }),
    output: out<T.InstrumentQr>(),
    permission: 'clients.read',
    summary: 'The instrument’s requisites as a QR code (R3.2.1).'
  }),
  'rates.list': define({
    input: z.strictObject({ base: currencyCode.optional(), quote: currencyCode.optional() }),
    output: out<T.FxRate[]>(),
    permission: 'operations.read',
    summary: 'Exchange rates with the moment each takes effect (R7.3.5).'
  }),
  'rates.set': define({
    input: z
      .strictObject({
        base: currencyCode,
        quote: currencyCode,
        rate: z.string().trim().regex(/^\d{1,9}(\.\d{1,6})?$/, 'must be a positive rate with at most 6 decimals').refine((r) => /[1-9]/.test(r), 'must be greater than zero'),
        effectiveFrom: z.number().int().positive()
      })
      .refine((r) => r.base !== r.quote, { path: ['quote'], message: 'must differ from the base currency' }),
    output: out<T.FxRate>(),
    permission: 'rates.manage',
    summary: 'Publish an exchange rate that takes effect at a given moment (not in the past).'
  }),
  'operations.list': define({
    input: operationFilter.safeExtend({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).default(100) }),
    output: out<T.OperationsPage>(),
    permission: 'operations.read',
    scope: { field: 'participantId', rows: (page) => page.rows.map(operationOwners) },
    summary: 'The operations journal, newest first, filtered; keyset pages (participant staff see their bank’s).'
  }),
  'operations.feed': define({
    input: operationFilter.safeExtend({ afterSeq: z.number().int().min(0), limit: z.number().int().min(1).max(500).default(200) }),
    output: out<T.OperationRow[]>(),
    permission: 'operations.read',
    touches: false,
    audited: false,
    scope: { field: 'participantId', rows: (rows) => rows.map(operationOwners) },
    summary: 'Operations that arrived after a given number, for the journal’s live updates (polling: not activity).'
  }),
  'operations.get': define({
    input: z.strictObject({ seq: z.number().int().positive() }),
    output: out<T.OperationDetail>(),
    permission: 'operations.read',
    scope: { rows: (d) => [operationOwners(d.operation)] },
    summary: 'One operation: its checks and result code, postings, confirmations and their delivery, payment document.'
  }),
  'operations.submit': define({
    input: authorizationRequest,
    output: out<T.AuthorizationAnswer>(),
    permission: 'operations.manage',
    summary: 'Submit an operation to the Center by hand (a cash desk, a correction); the same pipeline as the online intake (R7.5).'
  }),
  'operations.complete': define({
    input: z.strictObject({ seq: z.number().int().positive(), amount: amountText.optional(), requestId: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,64}$/) }),
    output: out<T.AuthorizationAnswer>(),
    permission: 'operations.manage',
    summary: 'Complete a two-phase operation for its held amount or less; the hold is released.'
  }),
  'operations.reverse': define({
    input: z.strictObject({ seq: z.number().int().positive(), reason, requestId: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,64}$/) }),
    output: out<T.AuthorizationAnswer>(),
    permission: 'operations.manage',
    summary: 'Reverse an accepted operation by new postings (never by edits); a held one is voided.'
  }),
  'operations.stats': define({
    input: empty,
    output: out<T.CenterStats>(),
    permission: 'operations.read',
    touches: false,
    audited: false,
    summary: 'The open operational day’s counts and volumes, for the overview (polling).'
  }),
  'ledger.verify': define({
    input: empty,
    output: out<T.LedgerVerification>(),
    permission: 'ledger.verify',
    summary: 'Check the ledger: debits equal credits per currency, every balance and hold matches its postings, no account below its minimum.'
  }),
  'opday.overview': define({
    input: empty,
    output: out<T.OpdayOverview>(),
    permission: 'clearing.read',
    touches: false,
    audited: false,
    summary: 'The open operational day: its live figures, queued files and scheduled close, and the day before it (polling).'
  }),
  'opday.list': define({
    input: z.strictObject({ limit: z.number().int().min(1).max(400).default(60) }),
    output: out<T.OperationalDayRow[]>(),
    permission: 'clearing.read',
    summary: 'Operational days, newest first, with their states.'
  }),
  'opday.close': define({
    input: z.strictObject({ reason }),
    output: out<T.OperationalDayRow>(),
    permission: 'clearing.manage',
    summary: 'Close the open operational day ahead of 24:00 with a reason; new operations go to the next day (R3.1.1).'
  }),
  'opday.retry': define({
    input: z.strictObject({ day }),
    output: out<T.OperationalDayRow>(),
    permission: 'clearing.manage',
    summary: 'Try a failed close again.'
  }),
  'clearing.result': define({
    input: z.strictObject({ day }),
    output: out<T.ClearingResult>(),
    permission: 'clearing.read',
    summary: 'A day’s multilateral netting: net positions, the participant × participant matrix, the settlement (participant staff see their own).'
  }),
  'clearing.cellOperations': define({
    input: z.strictObject({ day, payer: party, payee: party, currency: currencyCode.optional(), limit: z.number().int().min(1).max(500).default(100) }),
    output: out<T.OperationRow[]>(),
    permission: 'clearing.read',
    scope: { rows: (rows) => rows.map(operationOwners) },
    summary: 'The operations behind one cell of the clearing matrix, newest first.'
  }),
  'settlement.submit': define({
    input: z.strictObject({ day }),
    output: out<T.Settlement>(),
    permission: 'clearing.manage',
    summary: 'Submit a day’s netting result for approval (maker).'
  }),
  'settlement.approve': define({
    input: z.strictObject({ day }),
    output: out<T.Settlement>(),
    permission: 'clearing.approve',
    summary: 'Approve a submitted netting result (checker: not the officer who submitted it).'
  }),
  'settlement.instruct': define({
    input: z.strictObject({ day }),
    output: out<T.Settlement>(),
    permission: 'clearing.manage',
    summary: 'Send the approved settlement instructions to the settlement bank (R7.8).'
  }),
  'settlement.confirm': define({
    input: z.strictObject({ day, bankReference: z.string().trim().min(3, 'must give the settlement bank’s reference').max(64) }),
    output: out<T.Settlement>(),
    permission: 'clearing.manage',
    summary: 'Record the settlement bank’s confirmation of the instructions.'
  }),
  'settlement.finalize': define({
    input: z.strictObject({ day }),
    output: out<T.Settlement>(),
    permission: 'clearing.manage',
    summary: 'Apply the confirmed settlement: debits from settlement, other accounts (R9.4.5) and insurance deposit (R9.4.7) in that order.'
  }),
  'settlement.funds': define({
    input: empty,
    output: out<T.SettlementFunds[]>(),
    permission: 'clearing.read',
    summary: 'Participants’ settlement models and money at the settlement bank (participant staff see their own).'
  }),
  'settlement.setFunds': define({
    input: z.strictObject({ participantId: id, currency: currencyCode, settlement: amountOrZeroText, current: amountOrZeroText, insurance: amountOrZeroText }),
    output: out<T.SettlementFunds>(),
    permission: 'clearing.manage',
    scope: { field: 'participantId' },
    summary: 'Record the settlement bank’s figures for a participant’s settlement account, other accounts and insurance deposit.'
  }),
  'settlement.setModel': define({
    input: z.strictObject({ participantId: id, model: z.enum(SETTLEMENT_MODELS) }),
    output: out<T.SettlementFunds[]>(),
    permission: 'clearing.manage',
    summary: 'Set a participant’s settlement model by contract: multilateral net (R7.7) or gross (R7.9), from the day after the one running.'
  }),
  'fees.tariffs': define({
    input: empty,
    output: out<T.Tariff[]>(),
    permission: 'clearing.read',
    summary: 'Tariffs per contract (R2.3, R9.4.6); participant staff see the general ones and their own bank’s.'
  }),
  'fees.setTariff': define({
    input: z
      .strictObject({
        participantId: id.nullable(),
        payerRole: z.enum(['issuer', 'acquirer']),
        type: z.enum(OPERATION_TYPES).nullable(),
        channel: z.enum(CHANNELS).nullable(),
        currency: currencyCode,
        fixed: amountOrZeroText,
        percentBp: z.number().int().min(0, 'must not be negative').max(10_000, 'must be at most 100 %'),
        min: amountOrZeroText.nullable(),
        max: amountText.nullable(),
        effectiveFrom: day
      })
      .refine((t) => t.min === null || t.max === null || Number(t.min) <= Number(t.max), { path: ['max'], message: 'must not be less than the minimum' }),
    output: out<T.Tariff>(),
    permission: 'clearing.manage',
    summary: 'Add a tariff that applies from a day: fixed plus a percentage within a minimum and maximum.'
  }),
  'fees.day': define({
    input: z.strictObject({ day }),
    output: out<T.FeeLine[]>(),
    permission: 'clearing.read',
    summary: 'A day’s fees per participant, side, operation type and channel (participant staff see their own).'
  }),
  'reports.clearing': define({
    input: z.strictObject({ day, participantId: id.optional(), format: z.enum(REPORT_FORMATS) }),
    output: out<T.ReportFile>(),
    permission: 'reports.read',
    scope: { field: 'participantId' },
    summary: 'A day’s clearing report, for a participant or for the operator, as PDF or CSV (confidential, R14.1).'
  }),
  'reports.statement': define({
    input: z.strictObject({ day, participantId: id, format: z.enum(REPORT_FORMATS) }),
    output: out<T.ReportFile>(),
    permission: 'reports.read',
    scope: { field: 'participantId' },
    summary: 'A participant’s statement of a day (R9.3.7), as PDF or CSV.'
  }),
  'reports.regulatory': define({
    input: z.strictObject({ from: day, to: day, format: z.enum(REPORT_FORMATS) }).refine((r) => r.from <= r.to, { path: ['to'], message: 'must not be before the start of the period' }),
    output: out<T.ReportFile>(),
    permission: 'reports.regulatory',
    summary: 'The regulatory report of a period (R3.1.3): operations by type, channel and participant, refusals by reason.'
  }),
  'messages.validate': define({
    input: z.strictObject({ path: filePath }),
    output: out<T.MessageValidation>(),
    permission: 'messages.read',
    localFiles: ['path'],
    summary: 'Validate a message file against the official schema of its type and the rules; never fails on a bad file, lists its errors by line.'
  }),
  'messages.import': define({
    input: z.strictObject({ path: filePath, participantCode }),
    output: out<T.ImportResult>(),
    permission: 'messages.manage',
    localFiles: ['path'],
    summary: 'Import a participant’s payment file (pacs.008, MT100, MT102) by path: accepted whole and queued for the day’s close (R4.1), or refused whole.'
  }),
  'messages.upload': define({
    input: z.strictObject({
      fileName: z.string().trim().min(1, 'must name the file').max(200),
      base64: z.string().max(70_000_000, 'the file is larger than 50 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
      participantCode
    }),
    output: out<T.ImportResult>(),
    permission: 'messages.manage',
    summary: 'Import a payment file chosen in the desk (its content).'
  }),
  'messages.export': define({
    input: z.strictObject({ type: z.enum(EXPORT_TYPES), participantCode, day, currency: currencyCode.default('KZT'), out: filePath.optional() }),
    output: out<T.ExportResult>(),
    permission: 'messages.read',
    localFiles: ['out'],
    summary: 'Export a camt.053 statement, camt.054 notifications, a pacs.002 status report or pacs.004 returns of a participant and day, schema-valid.'
  }),
  'messages.list': define({
    input: z.strictObject({ participantCode: participantCode.optional(), direction: z.enum(['in', 'out']).optional(), limit: z.number().int().min(1).max(500).default(100) }),
    output: out<T.MessageFileRow[]>(),
    permission: 'messages.read',
    // The messages screen polls it every few seconds: neither activity (R12.5) nor a record each time.
    touches: false,
    audited: false,
    summary: 'Message files received from and sent to participants, newest first (participant staff see their own).'
  }),
  'messages.get': define({
    input: z.strictObject({ id: z.number().int().positive() }),
    output: out<T.MessageFileDetail>(),
    permission: 'messages.read',
    // Opening a file is recorded (who saw which, R14.3–14.5) and is activity (R12.5); the screen polls messages.status.
    summary: 'A message file with its transactions and their status, and the files related to it.'
  }),
  'messages.status': define({
    input: z.strictObject({ id: z.number().int().positive() }),
    output: out<T.MessageFileState>(),
    permission: 'messages.read',
    // Polled every few seconds while a file waits for its day's close: neither activity (R12.5) nor a record each time.
    touches: false,
    audited: false,
    summary: 'Only the status of a message file: what its screen polls to know when to open it again.'
  }),
  'crypto.tokens': define({
    input: empty,
    output: out<T.TokenPanel>(),
    permission: null,
    touches: false,
    audited: false,
    summary: 'The hardware tokens in this desk’s readers and their certificates: owner, IIN/BIN, validity, key usage (polling).'
  }),
  'crypto.signFile': define({
    input: z.strictObject({ path: filePath, out: filePath, detached: z.boolean().default(true) }),
    output: out<T.SignFileResult>(),
    permission: null,
    localFiles: ['path', 'out'],
    summary: 'Sign a file with the signed-in user’s key (the token, or the demo key file): CMS SignedData, DER, that openssl cms reads; the PIN is asked in its own dialog.'
  }),
  'crypto.verifyFile': define({
    input: z.strictObject({ path: filePath, signature: filePath.optional() }),
    output: out<T.VerificationReportView>(),
    permission: null,
    localFiles: ['path', 'signature'],
    summary: 'Verify a CMS signature (attached, or detached beside its content) against the trust store: signer, chain, time, integrity.'
  }),
  'crypto.encryptFile': define({
    input: z.strictObject({ path: filePath, out: filePath, recipients: z.array(filePath).min(1, 'must name at least one recipient certificate').max(50) }),
    output: out<T.EncryptFileResult>(),
    permission: null,
    localFiles: ['path', 'out', 'recipients'],
    summary: 'Encrypt a file to recipients’ certificates (PEM or DER files): CMS EnvelopedData, AES-256-CBC, RSA-OAEP or ECDH.'
  }),
  'crypto.decryptFile': define({
    input: z.strictObject({ path: filePath, out: filePath }),
    output: out<T.DecryptFileResult>(),
    permission: null,
    localFiles: ['path', 'out'],
    summary: 'Decrypt a CMS EnvelopedData file with the signed-in user’s key; the PIN is asked in its own dialog.'
  }),
  'crypto.certificates': define({
    input: z.strictObject({ userId: id.optional() }),
    output: out<T.BoundCertificate[]>(),
    permission: null,
    audited: false,
    summary: 'The certificates bound to the signed-in user (or, for a security administrator, to any user).'
  }),
  'crypto.bindCertificate': define({
    input: z.strictObject({ certificate: certificateText, userId: id.optional() }),
    output: out<T.BoundCertificate>(),
    permission: null,
    summary: 'Bind a certificate whose key is on a token to oneself, or (security administrator) to a user; its chain must be trusted.'
  }),
  'crypto.importKeyFile': define({
    input: z.strictObject({ fileName, base64: z.string().max(1_400_000, 'the file is larger than 1 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64') }),
    output: out<T.BoundCertificate>(),
    permission: null,
    summary: 'Bind to oneself the certificate of a PKCS#12 key file (.p12, .pfx); its passphrase is asked in the PIN dialog, its chain must be trusted, and it becomes the PIN of the key kept for one’s signatures.'
  }),
  'crypto.unbindCertificate': define({
    input: z.strictObject({ fingerprint, reason }),
    output: out<T.BoundCertificate>(),
    permission: null,
    summary: 'Stop using a certificate for a user’s signatures and decryption (lost or replaced token).'
  }),
  'crypto.generateKey': define({
    input: z.strictObject({
      slot: z.number().int().min(0),
      label: z.string().trim().min(1).max(64),
      algorithm: z.enum(['RSA-2048', 'EC-P256']),
      commonName: z.string().trim().min(2).max(64),
      iin: iinText.optional(),
      bin: iinText.optional(),
      organisation: z.string().trim().min(2).max(128).optional()
    }),
    output: out<T.GeneratedKey>(),
    permission: null,
    summary: 'Generate a key pair on a token (the PIN is asked) and the PKCS#10 certificate request to take to the CA.'
  }),
  'crypto.exportCertificate': define({
    input: z.strictObject({ fingerprint: fingerprint.optional() }),
    output: out<T.OwnCertificate>(),
    permission: null,
    summary: 'One’s own bound certificate as PEM (the one in use, or the one named), to give to whoever encrypts to one — a desk exporting a case.'
  }),
  'trust.list': define({
    input: empty,
    output: out<T.TrustView>(),
    permission: null,
    audited: false,
    summary: 'The CA certificates and revocation lists this desk trusts, and the parties’ encryption certificates.'
  }),
  'trust.addAnchors': define({
    input: z.strictObject({ certificates: certificateText }),
    output: out<T.TrustAnchorView[]>(),
    permission: 'trust.manage',
    summary: 'Trust the operator’s or a participant’s CA certificate(s) (PEM, or base64 DER); only CA certificates are taken.'
  }),
  'trust.removeAnchor': define({
    input: z.strictObject({ fingerprint, reason }),
    output: out<T.TrustAnchorView>(),
    permission: 'trust.manage',
    summary: 'Stop trusting a CA certificate.'
  }),
  'trust.addCrl': define({
    input: z.strictObject({ crl: certificateText }),
    output: out<T.TrustCrlView>(),
    permission: 'trust.manage',
    summary: 'Add a certificate revocation list signed by a trusted CA.'
  }),
  'trust.addPartyCertificate': define({
    input: z.strictObject({ party: documentParty, certificate: certificateText }),
    output: out<T.PartyCertificateView>(),
    permission: 'trust.manage',
    summary: 'Register a party’s encryption certificate, for a party whose staff do not use this desk (the settlement bank).'
  }),
  'trust.removePartyCertificate': define({
    input: z.strictObject({ fingerprint, reason }),
    output: out<T.PartyCertificateView>(),
    permission: 'trust.manage',
    summary: 'Remove a party’s encryption certificate.'
  }),
  'documents.parties': define({
    input: empty,
    output: out<T.ExchangeParty[]>(),
    permission: 'documents.read',
    audited: false,
    summary: 'The parties a document can be sent to, with how many certificates would receive it.'
  }),
  'documents.list': define({
    input: z.strictObject({ box: z.enum(['inbox', 'outbox']), limit: z.number().int().min(1).max(500).default(200) }),
    output: out<T.DocumentRow[]>(),
    permission: 'documents.read',
    audited: false,
    summary: 'The documents received by (inbox) or sent by (outbox) the user’s party, newest first.'
  }),
  'documents.send': define({
    input: z.strictObject({
      title: z.string().trim().min(3, 'must be at least 3 characters').max(200),
      class: z.enum(DOCUMENT_CLASSES).default('confidential'),
      body: z.string().max(200_000),
      attachments: z.array(z.strictObject({ name: fileName, mediaType: z.string().trim().min(3).max(100), base64 })).max(20).default([]),
      recipients: z.array(documentParty).min(1, 'must name at least one recipient party').max(100)
    }),
    output: out<T.DocumentRow>(),
    permission: 'documents.send',
    summary: 'Sign a document with the user’s key (PIN asked) and send it encrypted to the recipient parties’ authorised staff (R14.2).'
  }),
  'documents.open': define({
    input: z.strictObject({ id }),
    output: out<T.OpenedDocument>(),
    permission: 'documents.read',
    summary: 'Open a document of the user’s party: decrypted with the user’s key (PIN asked), its signature verified; the opening is logged (R14.4).'
  }),
  'documents.download': define({
    input: z.strictObject({ id, index: z.number().int().min(0).max(19) }),
    output: out<T.DocumentAttachmentFile>(),
    permission: 'documents.read',
    summary: 'An attachment of a document, decrypted; the download is logged.'
  }),
  'documents.forward': define({
    input: z.strictObject({
      id,
      party: documentParty,
      consent: z.strictObject({ grantedBy: documentParty, reference: z.string().trim().min(1).max(100), grantedOn: day, note: z.string().trim().max(500).optional() })
    }),
    output: out<T.DocumentRow>(),
    permission: 'documents.send',
    summary: 'Forward a document to a third party, only with the written consent of the party whose information it is (R14.3).'
  }),
  'documents.export': define({
    input: z.strictObject({ id, out: filePath.optional() }),
    output: out<T.DocumentExport>(),
    permission: 'documents.send',
    localFiles: ['out'],
    summary: 'The document as a signed, encrypted file (CMS) for exchange outside the desk; logged.'
  }),
  'documents.import': define({
    // The envelope of a document with 20 MB of attachments carries them base64-encoded inside: it is larger.
    input: z.strictObject({ fileName, base64: z.string().max(40_000_000, 'the file is larger than 30 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64') }),
    output: out<T.DocumentRow>(),
    permission: 'documents.send',
    summary: 'Take in a signed, encrypted document file received outside the desk: decrypted with the user’s key, signature verified.'
  }),
  'disputes.list': define({
    input: z.strictObject({
      stage: z.enum(DISPUTE_STAGES).optional(),
      status: z.enum(DISPUTE_STATUSES).optional(),
      flag: z.enum(['overdue', 'due_soon', 'on_time']).optional(),
      participantId: id.optional(),
      limit: z.number().int().min(1).max(1000).default(200)
    }),
    output: out<T.DisputeQueue>(),
    permission: 'disputes.read',
    // The queue screen polls it: not activity (R12.5).
    touches: false,
    audited: false,
    scope: { field: 'participantId', rows: (q) => q.rows.map((r) => [r.applicantId, r.respondentId]) },
    summary: 'The disputes queue ordered by the nearest deadline (R10.1.2), with counts by status and SLA figures; participant staff see their bank’s cases.'
  }),
  'disputes.get': define({
    input: z.strictObject({ id }),
    output: out<T.DisputeCase>(),
    permission: 'disputes.read',
    // The case screen polls it: not activity (R12.5).
    touches: false,
    audited: false,
    summary: 'A case: the operation, the timeline, the evidence, the signed decisions and what the caller may do now.'
  }),
  'disputes.file': define({
    input: z.strictObject({
      operationSeq: z.number().int().positive(),
      reason: z.enum(DISPUTE_REASONS),
      amount: amountText.optional(),
      description: messageText(10, 'must describe the claim in at least 10 characters'),
      evidence: z.array(evidenceInput).max(20).default([])
    }),
    output: out<T.DisputeRow>(),
    permission: 'disputes.file',
    summary: 'File an application to revoke an operation’s instruction (R10.1.1), in full or in part, with evidence.'
  }),
  'disputes.importMessage': define({
    input: z.strictObject({ fileName, base64: z.string().max(14_000_000, 'the file is larger than 10 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'), participantCode }),
    output: out<T.DisputeRow[]>(),
    permission: 'disputes.file',
    summary: 'Take in a participant’s camt.056 revocation request (schema-checked): one case per transaction, or the whole file refused.'
  }),
  'disputes.take': define({
    input: z.strictObject({ id }),
    output: out<T.DisputeRow>(),
    permission: 'disputes.decide',
    summary: 'Take an application into review (the analyst becomes its owner).'
  }),
  'disputes.requestInformation': define({
    input: z.strictObject({ id, from: z.enum(['applicant', 'respondent']), question: messageText(10) }),
    output: out<T.DisputeRow>(),
    permission: 'disputes.decide',
    summary: 'Ask the applicant or the other participant for information by the contract’s answer deadline (R9.4.11).'
  }),
  'disputes.answer': define({
    input: z.strictObject({ id, text: messageText(3), evidence: z.array(evidenceInput).max(20).default([]) }),
    output: out<T.DisputeRow>(),
    permission: 'disputes.file',
    summary: 'Answer the analyst’s request for information, with evidence.'
  }),
  'disputes.addEvidence': define({
    input: z.strictObject({ id, evidence: evidenceInput }),
    output: out<T.EvidenceInfo>(),
    // Readers may call it; the service lets only the case's parties and analysts add (observers are refused).
    permission: 'disputes.read',
    summary: 'Add a piece of evidence to an open case (its parties and the analyst); stored encrypted, with its hash.'
  }),
  'disputes.evidence': define({
    input: z.strictObject({ id, evidenceId: z.number().int().positive() }),
    output: out<T.EvidenceFile>(),
    permission: 'disputes.read',
    summary: 'A piece of evidence, decrypted and checked against its hash.'
  }),
  'disputes.decide': define({
    input: z.strictObject({ id, outcome: z.enum(['accepted', 'partially_accepted', 'rejected']), amount: amountText.optional(), grounds: messageText(10) }),
    output: out<T.DisputeRow>(),
    permission: 'disputes.decide',
    summary: 'Decide a case with a decision signed on the analyst’s token (PIN asked); an accepted revocation reverses the operation in the same transaction and the result goes out as camt.029 (R10.1.3).'
  }),
  'disputes.appeal': define({
    input: z.strictObject({ id, grounds: messageText(10) }),
    output: out<T.DisputeRow>(),
    permission: 'disputes.file',
    summary: 'Appeal a rejection or a partial acceptance within the appeal period.'
  }),
  'disputes.close': define({
    input: z.strictObject({ id }),
    output: out<T.DisputeRow>(),
    permission: 'disputes.file',
    summary: 'Accept the decision: the case closes before its appeal period ends.'
  }),
  'disputes.withdraw': define({
    input: z.strictObject({ id, reason }),
    output: out<T.DisputeRow>(),
    permission: 'disputes.file',
    summary: 'Withdraw one’s own application before it is decided.'
  }),
  'disputes.terms': define({
    input: empty,
    output: out<T.DisputeTermsView[]>(),
    permission: 'disputes.read',
    audited: false,
    summary: 'The contract’s dispute terms: filing, answer, decision and appeal periods, in operational or calendar days (participant staff see the default and their own).'
  }),
  'disputes.setTerms': define({
    input: z.strictObject({
      participantId: id.nullable(),
      unit: z.enum(['operational', 'calendar']),
      filingDays: z.number().int().min(1).max(540),
      answerDays: z.number().int().min(1).max(120),
      decisionDays: z.number().int().min(1).max(180),
      appealDays: z.number().int().min(0).max(120)
    }),
    output: out<T.DisputeTermsView>(),
    permission: 'disputes.decide',
    summary: 'Set the dispute terms of a participant’s contract (or the default); they apply to cases filed afterwards.'
  }),
  'disputes.addFinding': define({
    input: z.strictObject({ id, text: messageText(3, 'must state the finding in at least 3 characters') }),
    output: out<T.DisputeRow>(),
    permission: 'disputes.decide',
    summary: 'Record what the investigation found on the case’s timeline (on the desk, or in an investigation workspace, whence it travels back).'
  }),
  'disputes.exportBundle': define({
    input: z.strictObject({ id, recipientCertificate: certificateText }),
    output: out<T.DisputeBundleFile>(),
    permission: 'disputes.decide',
    summary: 'Take a case offline, or bring a workspace’s work back: one file, signed on the analyst’s key (PIN asked) and encrypted to the recipient’s certificate and one’s own.'
  }),
  'disputes.importBundle': define({
    input: z.strictObject({ fileName, base64 }),
    output: out<T.DisputeBundleImport>(),
    permission: 'disputes.decide',
    summary: 'Open a case bundle with one’s key (PIN asked) and verify every signature: a case sent offline becomes a workspace copy; work brought back is applied to the case unless it changed since.'
  }),
  'documents.accessLog': define({
    input: z.strictObject({ id }),
    output: out<T.DocumentAccessEntry[]>(),
    permission: null,
    audited: false,
    summary: 'Who opened, downloaded, forwarded or exported a document, and who was refused (its parties’ staff, and auditors).'
  })
} satisfies { [N in CallName]: CallSpec<z.ZodType, unknown> }

export type Contract = typeof contract
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>
export type CallOutput<N extends CallName> = Contract[N]['output']
