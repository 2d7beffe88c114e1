import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Locale, Permission, SessionState } from '@core/api/types'
import { api, unwrap } from '../api/call'
import { applyLocale } from '../i18n'

const HEARTBEAT_MS = 20_000

/**
 * The session as the main process sees it. The dispatcher decides locks and expiry (R12.5); this store
 * polls the state, reports user activity, and the screens follow `status`.
 */
export const useSessionStore = defineStore('session', () => {
  const state = ref<SessionState>({ status: 'signedOut', reason: 'none' })
  /** Difference between the main process's clock and this page's, so countdowns match the dispatcher. */
  const skewMs = ref(0)
  const lastHeartbeat = ref(0)
  let timer: ReturnType<typeof setTimeout> | undefined

  const user = computed(() => (state.value.status === 'signedOut' ? null : state.value.user))
  const can = (p: Permission): boolean => user.value?.permissions.includes(p) ?? false

  function accept(next: SessionState): void {
    const wasSignedOut = state.value.status === 'signedOut'
    state.value = next
    if (next.status !== 'signedOut') {
      skewMs.value = next.now - Date.now()
      if (wasSignedOut) applyLocale(next.user.locale)
    }
    schedule()
  }

  /** Poll often enough to notice a lock within a second or two of the deadline. */
  function schedule(): void {
    clearTimeout(timer)
    const s = state.value
    const untilLock = s.status === 'active' ? s.lockAt - (Date.now() + skewMs.value) : 5000
    timer = setTimeout(() => void refresh(), Math.min(5000, Math.max(500, untilLock / 4)))
  }

  async function refresh(): Promise<void> {
    try {
      accept(await unwrap(api.session.state({})))
    } catch {
      schedule()
    }
  }

  /** Keyboard and pointer activity keeps the session alive, at most one call per 20 s. */
  async function activity(): Promise<void> {
    if (state.value.status !== 'active' || Date.now() - lastHeartbeat.value < HEARTBEAT_MS) return
    lastHeartbeat.value = Date.now()
    const r = await api.session.heartbeat({})
    if (r.ok) accept(r.value)
    else await refresh()
  }

  const signIn = async (login: string, password: string) => accept(await unwrap(api.session.signIn({ login, password })))
  const changePassword = async (currentPassword: string, newPassword: string) =>
    accept(await unwrap(api.session.changePassword({ currentPassword, newPassword })))
  const unlock = async (password: string) => accept(await unwrap(api.session.unlock({ password })))
  const signOut = async () => accept(await unwrap(api.session.signOut({})))

  async function setLocale(locale: Locale): Promise<void> {
    applyLocale(locale)
    if (state.value.status === 'active') accept(await unwrap(api.session.setLocale({ locale })))
  }

  return { state, skewMs, lastHeartbeat, user, can, refresh, activity, signIn, changePassword, unlock, signOut, setLocale }
})
