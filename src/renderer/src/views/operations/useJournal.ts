import { computed, ref, shallowRef } from 'vue'
import type { OperationRow } from '@core/api/types'
import { api, unwrap } from '../../api/call'
import type { filterQuery } from './filter'

/** A filter as the journal's calls take it. */
export type JournalQuery = ReturnType<typeof filterQuery>

/** Newest first, without duplicates. */
const mergeNewest = (older: OperationRow[], newer: OperationRow[]): OperationRow[] => {
  const known = new Set(older.map((r) => r.seq))
  return [...newer.filter((r) => !known.has(r.seq)).sort((a, b) => b.seq - a.seq), ...older]
}

/**
 * The journal's rows and the filter they were found by: "load older" and the live feed follow that filter, not
 * fields typed since. Live, what arrives joins the rows at once; paused, it waits in `pending` until asked for.
 */
export function useJournal(pageSize: number) {
  const rows = shallowRef<OperationRow[]>([])
  const nextBeforeSeq = ref<number | null>(null)
  const live = ref(true)
  /** Arrived while paused: shown when the user asks (or resumes). */
  const pending = shallowRef<OperationRow[]>([])
  /** Arrived live since the user last looked at the top of the journal. */
  const arrived = ref(0)
  /** The filter of the rows shown. */
  let applied: JournalQuery | null = null
  let searches = 0
  let polling = false

  /** The newest number known to match the filter; the feed asks for what came after it. */
  const watermark = computed(() => Math.max(rows.value[0]?.seq ?? 0, pending.value[0]?.seq ?? 0))

  /**
   * A filter is adopted with its first page, never before: one the call refuses (the refusal is thrown, for the
   * screen to show) leaves the rows, their paging and the feed under the filter they were found by.
   */
  async function search(query: JournalQuery): Promise<void> {
    const mine = ++searches
    const page = await unwrap(api.operations.list({ ...query, limit: pageSize }))
    // A later search was asked meanwhile: its answer is the one to show.
    if (mine !== searches) return
    applied = query
    rows.value = page.rows
    nextBeforeSeq.value = page.nextBeforeSeq
    pending.value = []
    arrived.value = 0
  }

  async function loadOlder(): Promise<void> {
    if (nextBeforeSeq.value === null || !applied) return
    const asked = applied
    const page = await unwrap(api.operations.list({ ...asked, beforeSeq: nextBeforeSeq.value, limit: pageSize }))
    if (asked !== applied) return
    const known = new Set(rows.value.map((r) => r.seq))
    rows.value = [...rows.value, ...page.rows.filter((r) => !known.has(r.seq))]
    nextBeforeSeq.value = page.nextBeforeSeq
  }

  /** One reading of the feed (not audited, not activity); returns the rows it showed at once, for the screen to mark. */
  async function poll(): Promise<OperationRow[]> {
    if (polling || !applied) return []
    polling = true
    const asked = applied
    try {
      const r = await api.operations.feed({ ...asked, afterSeq: watermark.value })
      if (!r.ok || asked !== applied || r.value.length === 0) return []
      if (!live.value) {
        pending.value = mergeNewest(pending.value, r.value)
        return []
      }
      rows.value = mergeNewest(rows.value, r.value)
      arrived.value += r.value.length
      return r.value
    } finally {
      polling = false
    }
  }

  /** Shows what arrived while paused; returns it, for the screen to mark. */
  function showNew(): OperationRow[] {
    const shown = pending.value
    if (shown.length) rows.value = mergeNewest(rows.value, shown)
    pending.value = []
    arrived.value = 0
    return shown
  }

  return { rows, nextBeforeSeq, live, pending, arrived, watermark, search, loadOlder, poll, showNew }
}
