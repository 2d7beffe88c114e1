import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DisputeQueue, DisputeRow, DisputeStageView, DisputeStatusView } from '@core/api/disputes-types'
import type { Participant } from '@core/api/types'
import { api, unwrap } from '../api/call'

export type DeadlineFlag = NonNullable<DisputeRow['flag']>

/** The queue's filter as the screen holds it: an empty value means "any". */
export interface DisputesFilter {
  stage: DisputeStageView | ''
  status: DisputeStatusView | ''
  flag: DeadlineFlag | ''
  participantId: string
}

const LIMIT = 500

export const emptyDisputesFilter = (): DisputesFilter => ({ stage: '', status: '', flag: '', participantId: '' })

/**
 * The disputes queue (R10.1.2) as the screen last loaded it: rows by the nearest deadline, counts by status and
 * the SLA figures, with the filter kept while the user opens a case and comes back; and the participants the
 * user may see (operator staff: all; participant staff: their own), read once, to name the parties.
 */
export const useDisputesStore = defineStore('disputes', () => {
  const filter = ref<DisputesFilter>(emptyDisputesFilter())
  const queue = shallowRef<DisputeQueue | null>(null)
  const loadedAt = ref(0)
  const rows = computed(() => queue.value?.rows ?? [])
  const participants = shallowRef<Participant[]>([])
  const participantsLoaded = ref(false)
  /** Whose queue this is: a new user (after a sign-out) starts from an empty filter. */
  const owner = ref('')

  function forUser(userId: string): void {
    if (owner.value === userId) return
    $reset()
    owner.value = userId
  }

  async function loadParticipants(): Promise<void> {
    if (participantsLoaded.value) return
    participants.value = await unwrap(api.participants.list({}))
    participantsLoaded.value = true
  }

  /** Loads the queue for the current filter; an answer for a filter changed meanwhile is dropped. */
  async function load(): Promise<void> {
    const f = { ...filter.value }
    const next = await unwrap(
      api.disputes.list({
        ...(f.stage ? { stage: f.stage } : {}),
        ...(f.status ? { status: f.status } : {}),
        ...(f.flag ? { flag: f.flag } : {}),
        ...(f.participantId ? { participantId: f.participantId } : {}),
        limit: LIMIT
      })
    )
    if (JSON.stringify(f) !== JSON.stringify(filter.value)) return
    queue.value = next
    loadedAt.value = Date.now()
  }

  function $reset(): void {
    filter.value = emptyDisputesFilter()
    queue.value = null
    loadedAt.value = 0
    participants.value = []
    participantsLoaded.value = false
    owner.value = ''
  }

  return { filter, queue, loadedAt, rows, participants, participantsLoaded, owner, forUser, loadParticipants, load, $reset }
})
