import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Calls `refresh` on mount and then every `ms` while the page is visible (a hidden window does not poll;
 * it refreshes at once when shown again). Stops when the component goes away.
 */
export function usePolling(refresh: () => Promise<unknown>, ms: number): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const schedule = (): void => {
    clearTimeout(timer)
    if (!stopped) timer = setTimeout(tick, ms)
  }
  const tick = (): void => {
    if (document.hidden) return schedule()
    void refresh().finally(schedule)
  }
  const shown = (): void => {
    if (!document.hidden) tick()
  }
  onMounted(() => {
    document.addEventListener('visibilitychange', shown)
    tick()
  })
  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(timer)
    document.removeEventListener('visibilitychange', shown)
  })
}
