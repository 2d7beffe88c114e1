/** Every failure the renderer, the CLI or a test can see has one of these codes. */
export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_CALL',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'OUT_OF_SCOPE',
  'SESSION_LOCKED',
  'SESSION_EXPIRED',
  'PASSWORD_CHANGE_REQUIRED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_BLOCKED',
  'PASSWORD_EXPIRED_OTP',
  'PASSWORD_POLICY',
  'NOT_FOUND',
  'CONFLICT',
  'MAKER_CHECKER',
  // A token or key refused (wrong or locked PIN, token removed, cancelled): the reason's rule names which.
  'TOKEN',
  'INTERNAL',
  // A participant's staff, once its service is terminated (R9.1.5, R13.1, R15.2). Last: the CLI's exit codes keep their numbers.
  'PARTICIPANT_TERMINATED'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** A machine-readable reason behind a refusal, so each interface can word it in its own language. */
export interface Reason {
  rule: string
  value?: string | number
  /** A refusal of the core's own rules (`<area>.<name>`): its figures, named as a CodedText's are. */
  params?: Record<string, string | number>
}

/** A business failure: expected, typed, safe to show (never carries a stack to the caller). */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: readonly string[] | undefined
  readonly reasons: readonly Reason[] | undefined

  constructor(code: ErrorCode, message: string, details?: readonly string[], reasons?: readonly Reason[]) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
    this.reasons = reasons
  }
}

export const fail = (code: ErrorCode, message: string, details?: readonly string[]): never => {
  throw new AppError(code, message, details)
}

/**
 * A refusal the user reads on a screen: `rule` (`<area>.<name>`, e.g. `disputes.bundle_imported`) and `params` for the
 * screens to word in the user's language; `message` is the English of the CLI and the audit record.
 */
export const refuse = (code: ErrorCode, rule: string, params: Record<string, string | number>, message: string, details?: readonly string[]): never => {
  throw new AppError(code, message, details, [{ rule, params }])
}
