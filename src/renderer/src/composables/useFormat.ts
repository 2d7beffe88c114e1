import { useI18n } from 'vue-i18n'
import { formatTag } from './formatTag'

const ZONE = 'Asia/Almaty'

/** Dates and times in the user's language, always in the operational time zone (Asia/Almaty). */
export function useFormat() {
  const { locale } = useI18n()
  const tag = (): string => formatTag(locale.value)
  const dateTime = (ms: number | null | undefined): string =>
    ms == null ? '—' : new Intl.DateTimeFormat(tag(), { timeZone: ZONE, dateStyle: 'short', timeStyle: 'medium' }).format(ms)
  const time = (ms: number): string => new Intl.DateTimeFormat(tag(), { timeZone: ZONE, timeStyle: 'medium' }).format(ms)
  const number = (n: number): string => new Intl.NumberFormat(tag()).format(n)
  /** An amount held as minor units (every currency the system handles has 2 decimals), in the user's locale. */
  const money = (minor: number | null | undefined, currency: string): string =>
    minor == null ? '—' : new Intl.NumberFormat(tag(), { style: 'currency', currency, currencyDisplay: 'code' }).format(minor / 100)
  return { dateTime, time, number, money }
}
