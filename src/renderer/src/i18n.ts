import { createI18n } from 'vue-i18n'
import en from './locales/en.json'
import kk from './locales/kk.json'
import ru from './locales/ru.json'
import type { Locale } from '@core/api/types'

export const LOCALES: readonly Locale[] = ['kk', 'ru', 'en']
const STORAGE_KEY = 'workstation.locale'

const remembered = (): Locale => {
  const saved = localStorage.getItem(STORAGE_KEY)
  return LOCALES.includes(saved as Locale) ? (saved as Locale) : 'ru'
}

// Messages are precompiled by @intlify/unplugin-vue-i18n: no runtime compiler, so no 'unsafe-eval'.
export const i18n = createI18n({
  legacy: false,
  locale: remembered(),
  fallbackLocale: 'en',
  messages: { en, kk, ru },
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
