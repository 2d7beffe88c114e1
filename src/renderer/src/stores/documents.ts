import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { DocumentRow, ExchangeParty } from '@core/api/documents-types'
import { api, unwrap } from '../api/call'

export type DocumentBox = 'inbox' | 'outbox'

const LIMIT = 200
/** A document looked up by id (the view's header) is searched in this many of the newest of each box. */
const LOOKUP_LIMIT = 500

/**
 * Confidential documents of the user's party (R14.2): the parties a document can go to (with their names,
 * read once per session), and the inbox and outbox as the screens last loaded them.
 */
export const useDocumentsStore = defineStore('documents', () => {
  const parties = shallowRef<ExchangeParty[]>([])
  const partiesLoaded = ref(false)
  const inbox = shallowRef<DocumentRow[]>([])
  const outbox = shallowRef<DocumentRow[]>([])

  async function loadParties(force = false): Promise<void> {
    if (partiesLoaded.value && !force) return
    parties.value = await unwrap(api.documents.parties({}))
    partiesLoaded.value = true
  }

  async function loadBox(box: DocumentBox): Promise<DocumentRow[]> {
    const rows = await unwrap(api.documents.list({ box, limit: LIMIT }))
    if (box === 'inbox') inbox.value = rows
    else outbox.value = rows
    return rows
  }

  /** A document of the user's party by id, from either box; null when the party neither sent nor received it. */
  async function find(id: string): Promise<{ row: DocumentRow; box: DocumentBox } | null> {
    const [i, o] = await Promise.all([
      unwrap(api.documents.list({ box: 'inbox', limit: LOOKUP_LIMIT })),
      unwrap(api.documents.list({ box: 'outbox', limit: LOOKUP_LIMIT }))
    ])
    const received = i.find((r) => r.id === id)
    if (received) return { row: received, box: 'inbox' }
    const sent = o.find((r) => r.id === id)
    return sent ? { row: sent, box: 'outbox' } : null
  }

  function $reset(): void {
    parties.value = []
    partiesLoaded.value = false
    inbox.value = []
    outbox.value = []
  }

  return { parties, partiesLoaded, inbox, outbox, loadParties, loadBox, find, $reset }
})
