import { useI18n } from 'vue-i18n'

const ZONE = 'Asia/Almaty'
const TAGS: Record<string, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' }

/** Dates and times in the user's language, always in the operational time zone (Asia/Almaty). */
export function useFormat() {
  const { locale } = useI18n()
  const tag = (): string => TAGS[locale.value] ?? 'ru-RU'
  const dateTime = (ms: number | null | undefined): string =>
    ms == null ? '—' : new Intl.DateTimeFormat(tag(), { timeZone: ZONE, dateStyle: 'short', timeStyle: 'medium' }).format(ms)
  const number = (n: number): string => new Intl.NumberFormat(tag()).format(n)
  return { dateTime, number }
}
