/** The BCP 47 tag numbers, amounts and dates are formatted with, per language of the interface. */
const TAGS: Record<string, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' }

/**
 * Kazakh figures as Kazakhstan writes them (digits grouped by spaces, a decimal comma, day.month.year), for an
 * engine whose ICU data names Kazakh but has none of it: Debian's Chromium formats kk-KZ as the root locale
 * does ("KZT 2,500.00", "2026-12-05"). Russian as used in Kazakhstan writes figures the same way.
 */
const KAZAKH_FALLBACK = 'ru-KZ'

/** Whether this engine formats Kazakh numbers with Kazakh data (CLDR: a decimal comma). */
export const engineHasKazakh = (): boolean => new Intl.NumberFormat('kk-KZ').format(1.5) === '1,5'

let engineKazakh: boolean | undefined

/** The tag for the interface's language; the engine is asked once whether it has Kazakh data (tests say). */
export function formatTag(locale: string, hasKazakh: boolean = (engineKazakh ??= engineHasKazakh())): string {
  if (locale === 'kk') return hasKazakh ? TAGS.kk! : KAZAKH_FALLBACK
  return TAGS[locale] ?? TAGS.ru!
}
