import type { CallResult, ErrorCode, Reason } from '@core/api/types'

/** A refused call, as the views see it: the code picks the translated message, details are listed. */
export class CallFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly string[],
    readonly reasons: readonly Reason[]
  ) {
    super(message)
  }
}

/** Unwraps a call's envelope: the value, or a CallFailure. */
export async function unwrap<T>(pending: Promise<CallResult<T>>): Promise<T> {
  const r = await pending
  if (r.ok) return r.value
  throw new CallFailure(r.error.code, r.error.message, r.error.details ?? [], r.error.reasons ?? [])
}

export const api = window.api
