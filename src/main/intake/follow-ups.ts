import { z } from 'zod'
import type { AuthorizationAnswer } from '../../core/api/center-types'
import { amountText } from '../../core/center/request-schema'
import { RESULT_CODES } from '../../core/center/result-codes'
import { rejection } from './framing'
import type { FollowUps } from './server'

// The shapes of POST /v1/complete and /v1/reverse: a terminal's own follow-up to an operation it
// authorized, idempotent by its own requestId like any request.

const requestId = z.string().trim().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1–64 latin letters, digits, dot, dash, colon or underscore')
const operation = z.number().int().positive()
// The intake has already checked that a terminal named here is the one that signed.
const terminal = z.string().optional()

export const completeRequest = z.strictObject({ requestId, operation, amount: amountText.optional(), terminal })
export const reverseRequest = z.strictObject({ requestId, operation, reason: z.string().trim().min(3, 'must give a reason of at least 3 characters').max(200), terminal })

/** A 9030 answer naming the faulty fields, as the Center words its own format refusals. */
export function formatRejection(id: string, error: z.ZodError): AuthorizationAnswer & { details: string[] } {
  return { ...rejection(id, RESULT_CODES.FORMAT_ERROR, 'request.invalid'), details: error.issues.slice(0, 10).map((i) => `${i.path.join('.') || 'request'}: ${i.message}`) }
}

/** A completion or a reversal as the intake takes it: the operation, the terminal's requestId, and what it asks. */
export type FollowUpRequest = { requestId: string; operation: number } & ({ amount?: string | undefined } | { reason: string })

/** A follow-up handed to the Center (answered once committed), or refused before it reaches it. */
export type FollowUpOutcome = { pending: Promise<AuthorizationAnswer> } | { refused: AuthorizationAnswer }

/**
 * Hands a terminal's follow-up to the Center, which completes and reverses a terminal's own operations only:
 * another's is as good as unknown, refused at once (1816, nothing recorded; 404 over HTTP).
 */
export function followUp(followUps: FollowUps, r: FollowUpRequest, source: string): FollowUpOutcome {
  if (followUps.sourceOf(r.operation) !== source) return { refused: rejection(r.requestId, RESULT_CODES.ORIGINAL_NOT_FOUND, 'original.unknown') }
  return { pending: 'reason' in r ? followUps.reverse(r.operation, r.reason, r.requestId, source) : followUps.complete(r.operation, r.amount, r.requestId, source) }
}
