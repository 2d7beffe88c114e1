// Locale formatting of report cells: money from minor units, counts, days and instants in Asia/Almaty.
import { CURRENCIES, isCurrency, toDecimal } from '../domain/money'
import type { ReportLocale } from './document'

export const OPERATIONAL_TIME_ZONE = 'Asia/Almaty'

const INTL_LOCALES: Record<ReportLocale, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' }
/** The document's language (a PDF's /Lang). */
export const intlLocale = (locale: ReportLocale): string => INTL_LOCALES[locale]

/** Whether this engine formats Kazakh with Kazakh data (CLDR: a decimal comma); Node's ICU has it. */
export const engineHasKazakh = (): boolean => new Intl.NumberFormat('kk-KZ').format(1.5) === '1,5'
let engineKazakh: boolean | undefined

/**
 * The tag a report's figures are formatted with. An engine whose ICU names Kazakh but has no data for it
 * formats kk-KZ as the root locale ("2,500.00", "2026-12-05"), as Debian's Chromium does, and Electron's
 * ICU is Chromium's: there, Kazakh figures take ru-KZ's, which Kazakhstan writes the same way (digits grouped
 * by spaces, a decimal comma, day.month.year). The screens make the same choice (renderer's formatTag).
 */
export function figuresLocale(locale: ReportLocale, hasKazakh: boolean = (engineKazakh ??= engineHasKazakh())): string {
  return locale === 'kk' && !hasKazakh ? 'ru-KZ' : INTL_LOCALES[locale]
}

/** Minor units as exact decimal text; a currency the system does not know is taken with 2 decimals rather than refused. */
function decimalOf(minor: number, currency: string): { text: string; exponent: number } {
  if (isCurrency(currency)) return { text: toDecimal({ minor, currency }), exponent: CURRENCIES[currency] }
  return { text: toDecimal({ minor, currency: 'KZT' }), exponent: 2 }
}

const moneyFormats = new Map<string, Intl.NumberFormat>()

/** "-1 234 567,50" (ru, kk) or "-1,234,567.50" (en): the digits as a string so no float ever rounds them. */
export function formatMoney(minor: number, currency: string, locale: ReportLocale): string {
  const { text, exponent } = decimalOf(minor, currency)
  const key = `${locale}:${exponent}`
  let f = moneyFormats.get(key)
  if (!f) {
    f = new Intl.NumberFormat(figuresLocale(locale), { minimumFractionDigits: exponent, maximumFractionDigits: exponent })
    moneyFormats.set(key, f)
  }
  return f.format(text as Intl.StringNumericLiteral)
}

export function formatCount(n: number, locale: ReportLocale): string {
  return new Intl.NumberFormat(figuresLocale(locale), { maximumFractionDigits: 0 }).format(n)
}

/** A calendar day ('2026-11-25') as the locale writes it; taken as a date, not an instant, so no zone can shift it. */
export function formatDay(day: string, locale: ReportLocale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return day
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return new Intl.DateTimeFormat(figuresLocale(locale), { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** An instant in the operational time zone, to the second. */
export function formatInstant(at: number, locale: ReportLocale): string {
  return new Intl.DateTimeFormat(figuresLocale(locale), {
    timeZone: OPERATIONAL_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23'
  }).format(at)
}
