import { shallowRef } from 'vue'
import type { Participant } from '@core/api/types'
import { api, unwrap } from '../../api/call'

/**
 * The participants a screen offers (operator staff see all of them, participant staff only their own, as
 * the dispatcher filters), with the code → id lookup the calls that name a participant by id need.
 */
export function useParticipants() {
  const participants = shallowRef<Participant[]>([])
  const load = async (): Promise<void> => {
    participants.value = await unwrap(api.participants.list({}))
  }
  const idOf = (code: string): string | undefined => participants.value.find((p) => p.code === code)?.id
  return { participants, load, idOf }
}
