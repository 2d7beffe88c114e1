import { computed, shallowRef } from 'vue'
import type { ClearingResult, Settlement } from '@core/api/types'
import { api, unwrap } from '../../api/call'
import { useAction } from '../../composables/useAction'

/** A day's clearing result, as the clearing and settlement screens load it; party names for the tables. */
export function useClearingResult() {
  const result = shallowRef<ClearingResult | null>(null)
  const { busy, run } = useAction({ toast: true })
  const load = (day: string) => run(async () => (result.value = await unwrap(api.clearing.result({ day }))))
  const names = computed<Record<string, string>>(() => Object.fromEntries((result.value?.positions ?? []).map((p) => [p.party, p.name])))
  /** After a settlement step: the step's answer at once, then the day's new state from the backend. */
  async function settlementChanged(s: Settlement): Promise<void> {
    if (result.value) result.value = { ...result.value, settlement: s }
    await load(s.day)
  }
  return { result, busy, load, names, settlementChanged }
}

/** The latest day that has a clearing result (cleared or settled), or null. */
export async function latestClearedDay(): Promise<string | null> {
  const days = await unwrap(api.opday.list({ limit: 30 }))
  return days.find((d) => d.state === 'cleared' || d.state === 'settled')?.day ?? null
}
