import type { CallContext } from '../api/context'
import { refuse } from '../domain/errors'

/**
 * The participant code of a participant user's bank, or null for the operator's staff: the clearing and
 * message tables name banks by code, while the session knows the participant's id.
 */
export function scopeCodeOf(ctx: CallContext, codeOf: (participantId: string) => string | undefined): string | null {
  const scope = ctx.participantScope
  return scope ? (codeOf(scope) ?? refuse('NOT_FOUND', 'registry.own_participant_missing', {}, 'your participant is not registered')) : null
}
