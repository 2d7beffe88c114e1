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
  'INTERNAL'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** A business failure: expected, typed, safe to show (never carries a stack to the caller). */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: readonly string[] | undefined

  constructor(code: ErrorCode, message: string, details?: readonly string[]) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
}

export const fail = (code: ErrorCode, message: string, details?: readonly string[]): never => {
  throw new AppError(code, message, details)
}
