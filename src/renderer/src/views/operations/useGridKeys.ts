import { computed, nextTick, ref, type Ref } from 'vue'
import type { TableV2Instance } from 'element-plus'
import type { OperationRow } from '@core/api/types'
import { focusIsUnclaimed } from '../../composables/pageFocus'

/** Rows PageUp and PageDown move by: about what the grid shows on a 1366×768 screen. */
const PAGE_ROWS = 10
/** The operation last opened from the journal: coming back, its row takes the focus again (the page is new by then). */
let opened: number | null = null

/**
 * The journal's grid by keyboard: one Tab stop, the row last moved to (the first until then); ↑ ↓ PageUp PageDown
 * Home End move between the rows, scrolling the grid to them, and Enter opens one. The grid draws only the rows in
 * view, so the stop is kept as an operation's number and the row is focused once drawn. Back from an operation,
 * the focus returns to its row.
 */
export function useGridKeys(o: { rows: Ref<OperationRow[]>; grid: Ref<HTMLElement | undefined>; table: Ref<TableV2Instance | undefined>; open: (row: OperationRow) => void }) {
  const cursor = ref<number | null>(null)
  const stop = computed(() => (o.rows.value.some((r) => r.seq === cursor.value) ? cursor.value : (o.rows.value[0]?.seq ?? null)))

  const rowElement = (seq: number): HTMLElement | null => o.grid.value?.querySelector<HTMLElement>(`[data-test=operation-row][data-seq="${seq}"]`) ?? null

  /** Scrolls to the row of `seq`, makes it the stop and focuses it when the grid has drawn it. */
  async function focusRow(seq: number): Promise<void> {
    const index = o.rows.value.findIndex((r) => r.seq === seq)
    if (index < 0) return
    cursor.value = seq
    o.table.value?.scrollToRow(index)
    for (let frame = 0; frame < 10 && !rowElement(seq); frame++) await new Promise(requestAnimationFrame)
    await nextTick()
    rowElement(seq)?.focus()
  }

  function openRow(row: OperationRow): void {
    opened = row.seq
    o.open(row)
  }

  /** After the first page is shown: back from an operation, its row takes the focus, unless the user moved it. */
  function returnToOpened(): void {
    const seq = opened
    opened = null
    if (seq !== null && focusIsUnclaimed()) void focusRow(seq)
  }

  function onKeydown(e: KeyboardEvent): void {
    const seq = Number((e.target as HTMLElement).closest<HTMLElement>('[data-test=operation-row]')?.dataset.seq)
    const at = o.rows.value.findIndex((r) => r.seq === seq)
    if (at < 0) return
    const last = o.rows.value.length - 1
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + PAGE_ROWS, PageUp: at - PAGE_ROWS, Home: 0, End: last }[e.key]
    if (e.key === 'Enter') openRow(o.rows.value[at]!)
    else if (to === undefined) return
    else void focusRow(o.rows.value[Math.min(last, Math.max(0, to))]!.seq)
    e.preventDefault()
  }

  return { stop, onKeydown, openRow, returnToOpened }
}
