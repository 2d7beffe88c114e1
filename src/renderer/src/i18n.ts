import { createI18n } from 'vue-i18n'
import type { Locale } from '@core/api/types'

export const LOCALES: readonly Locale[] = ['kk', 'ru', 'en']

// locales/<lang>.json holds the shell's messages; locales/<area>/<lang>.json each area's, under its own
// top-level key, so areas are translated (and reviewed) separately.
// Message trees as the loader merges them (their shape is checked per language by a unit test).
type Messages = { [key: string]: string | Messages }
const files = import.meta.glob<Messages>('./locales/**/*.json', { eager: true, import: 'default' })
function messagesOf(locale: Locale): Messages {
  const merged: Messages = {}
  for (const [path, messages] of Object.entries(files)) {
    if (!path.endsWith(`/${locale}.json`)) continue
    for (const key of Object.keys(messages))
      if (key in merged) throw new Error(`message key "${key}" is defined twice (${path})`)
    Object.assign(merged, messages)
  }
  return merged
}
const STORAGE_KEY = 'workstation.locale'

const remembered = (): Locale => {
  const saved = localStorage.getItem(STORAGE_KEY)
  return LOCALES.includes(saved as Locale) ? (saved as Locale) : 'ru'
}

// Messages are precompiled by @intlify/unplugin-vue-i18n: no runtime compiler, so no 'unsafe-eval'.
export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: remembered(),
  fallbackLocale: 'en',
  messages: { en: messagesOf('en'), kk: messagesOf('kk'), ru: messagesOf('ru') },
  missingWarn: !import.meta.env.PROD,
  fallbackWarn: false
})

/** Switches the interface language; remembered on this PC for the sign-in screen. */
export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}
document.documentElement.lang = i18n.global.locale.value
