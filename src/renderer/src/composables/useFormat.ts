import { useI18n } from 'vue-i18n'
import { formatTag } from './formatTag'

const ZONE = 'Asia/Almaty'
/** The picker's (dayjs) tokens, each named by its part in common.dateParts. */
const PART_OF_TOKEN: Record<string, string> = { YYYY: 'year', MM: 'month', DD: 'day', HH: 'hour', mm: 'minute' }
const MOMENT: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }

/**
 * The one place the screens turn the core's figures into text in the user's language (kk, ru, en): moments,
 * always in the operational time zone (Asia/Almaty), calendar days, counts, decimals, amounts, money, sizes and
 * percentages. A screen that writes a figure itself is caught by test/unit/renderer/raw-values.test.ts.
 */
export function useFormat() {
  const { t, locale } = useI18n()
  const tag = (): string => formatTag(locale.value)
  // Each part named: the short date style of an engine with Kazakh data writes a two-digit year (26.11.26).
  const dateTime = (ms: number | null | undefined): string =>
    ms == null ? '—' : new Intl.DateTimeFormat(tag(), { timeZone: ZONE, ...MOMENT }).format(ms)
  const time = (ms: number): string => new Intl.DateTimeFormat(tag(), { timeZone: ZONE, timeStyle: 'medium' }).format(ms)
  /**
   * A calendar day the core sends as YYYY-MM-DD (an operational day, a tariff's first day) as the user reads a
   * date (25.11.2026); the day is a date, not a moment, so no zone applies. Text that is no such day stays as it is.
   */
  const day = (d: string | null | undefined): string => {
    if (!d) return '—'
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d)
    if (!m) return d
    return new Intl.DateTimeFormat(tag(), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  }
  /** A date as day() writes it, in the locale's order and separators, each of its parts named by `name`. */
  const dateShape = (name: (part: 'day' | 'month' | 'year') => string): string =>
    new Intl.DateTimeFormat(tag(), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' })
      .formatToParts(Date.UTC(2026, 10, 25))
      .map((p) => (p.type === 'day' || p.type === 'month' || p.type === 'year' ? name(p.type) : p.value))
      .join('')
  /**
   * How a date picker shows the day it holds, as day() writes it (DD.MM.YYYY; DD/MM/YYYY in English), in the
   * picker's (dayjs) tokens: a day typed as the screens write days is read as that day.
   */
  const datePattern = (): string => dateShape((part) => ({ day: 'DD', month: 'MM', year: 'YYYY' })[part])
  /** What an empty date field asks for, the same pattern in the user's letters: КК.АА.ЖЖЖЖ, ДД.ММ.ГГГГ, DD/MM/YYYY. */
  const datePlaceholder = (): string => dateShape((part) => t(`common.dateParts.${part}`))
  /**
   * What an empty picker of another pattern (dayjs tokens) asks for, in the same letters: a moment
   * (`${datePattern()} HH:mm`) as «ДД.ММ.ГГГГ чч:мм», a month (MM/YYYY) as «ММ/ГГГГ» (kk «АА/ЖЖЖЖ»).
   */
  const fieldPlaceholder = (pattern: string): string =>
    pattern.replace(/YYYY|MM|DD|HH|mm/g, (token) => t(`common.dateParts.${PART_OF_TOKEN[token]}`))
  const number = (n: number): string => new Intl.NumberFormat(tag()).format(n)
  /** Decimal text the core sends (a rate, 512.345678) in the user's locale, every digit it has kept: 512,345678. */
  const decimal = (text: string): string => {
    const m = /^-?\d+(?:\.(\d+))?$/.exec(text)
    if (!m) return text
    const digits = m[1]?.length ?? 0
    return new Intl.NumberFormat(tag(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(text))
  }
  /**
   * Minor units as a plain amount with two decimals, without the currency, for a table whose heading names it
   * (1 500,50). Ungrouped (`grouped` false) for the value of a field to edit, which typedAmount reads back in
   * every language (1500,50; 1500.50).
   */
  const amount = (minor: number, grouped = true): string =>
    new Intl.NumberFormat(tag(), { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: grouped }).format(minor / 100)
  /** A size in bytes, KB, MB or GB, with at most one decimal, in the user's language (10 МБ, 1,5 КБ, 1 000 Б). */
  const size = (bytes: number): string => {
    const tenth = (n: number): string => number(Math.round(n * 10) / 10)
    if (bytes < 1024) return t('common.size.bytes', { n: number(bytes) })
    if (bytes < 1024 * 1024) return t('common.size.kb', { n: tenth(bytes / 1024) })
    if (bytes < 1024 ** 3) return t('common.size.mb', { n: tenth(bytes / 1024 / 1024) })
    return t('common.size.gb', { n: tenth(bytes / 1024 ** 3) })
  }
  /** A share (0.0015) as a percentage, the sign where the locale puts it: 0,15 % (ru), 0,15% (kk), 0.15% (en). */
  const percent = (fraction: number): string => new Intl.NumberFormat(tag(), { style: 'percent', maximumFractionDigits: 2 }).format(fraction)
  /** An amount held as minor units (every currency the system handles has 2 decimals), in the user's locale. */
  const money = (minor: number | null | undefined, currency: string): string =>
    minor == null ? '—' : new Intl.NumberFormat(tag(), { style: 'currency', currency, currencyDisplay: 'code' }).format(minor / 100)
  return { dateTime, time, day, datePattern, datePlaceholder, fieldPlaceholder, number, decimal, percent, amount, money, size }
}
