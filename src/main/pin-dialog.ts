// What both desk hosts share about the PIN dialog: what the dialog page is told, how its answer is checked,
// and one request at a time per caller. The PIN itself only passes through: never kept, logged or sent on.
import type { Locale } from '../core/api/types'
import type { PinPrompt, PinRequest } from '../core/crypto/keys/pin-prompt'

/** What the PIN page asks its host for: why the PIN is asked, and the language of the user who asked. */
export interface PinDialogRequest {
  request: PinRequest
  locale: Locale
}

/** The page of the PIN dialog, served beside the renderer's index.html. */
export const PIN_PAGE_PATH = '/pin.html'

/** The longest PIN or passphrase taken (the contract's secrets are at most 256 characters). */
const PIN_MAX = 256

/** A PIN as the dialog may send it: a non-empty string of bounded length, nothing else. */
export const isPinAnswer = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= PIN_MAX

const LOCALES: readonly Locale[] = ['kk', 'ru', 'en']

/** The language of the caller's signed-in user (the session the host keeps), Russian when there is none. */
export function callerLocale(dispatch: (caller: string, name: unknown, input: unknown) => unknown, caller: string): Locale {
  try {
    const r = dispatch(caller, 'session.state', {}) as { ok?: boolean; value?: { status?: string; user?: { locale?: unknown } } } | Promise<unknown>
    if (r instanceof Promise || !r?.ok) return 'ru'
    const locale = r.value?.status !== 'signedOut' ? r.value?.user?.locale : undefined
    return LOCALES.includes(locale as Locale) ? (locale as Locale) : 'ru'
  } catch {
    return 'ru'
  }
}

/** A copy of the request with only the fields the dialog shows (nothing else of the core's objects crosses). */
export function dialogRequest(request: PinRequest, locale: Locale): PinDialogRequest {
  return {
    request: {
      purpose: request.purpose,
      kind: request.kind,
      tokenLabel: String(request.tokenLabel),
      holder: String(request.holder),
      retry: request.retry ? { triesLeft: request.retry.triesLeft } : null
    },
    locale
  }
}

/**
 * One PIN dialog at a time per caller: a second request of the same window waits until the first is answered.
 * Requests of different callers are independent.
 */
export function oneAtATime(prompt: PinPrompt): PinPrompt {
  const queues = new Map<string, Promise<unknown>>()
  return (caller, request) => {
    const previous = queues.get(caller) ?? Promise.resolve()
    const next = previous.then(
      () => prompt(caller, request),
      () => prompt(caller, request)
    )
    queues.set(caller, next)
    const cleanup = (): void => {
      if (queues.get(caller) === next) queues.delete(caller)
    }
    void next.then(cleanup, cleanup)
    return next
  }
}

/** Whether a page is the PIN dialog's: its page may not make the contract's calls (both hosts refuse them). */
export function isPinPageUrl(url: string): boolean {
  try {
    return new URL(url).pathname === PIN_PAGE_PATH
  } catch {
    return false
  }
}
