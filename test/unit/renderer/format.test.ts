// useFormat is the one place the screens turn the core's values into text in the user's language: calendar
// days (an operational day), amounts, counts and moments, in kk, ru and en, in the operational zone.
import { expect, it, vi } from 'vitest'

// The words (units of a size) are the shell's real messages.
vi.mock('vue-i18n', async (importOriginal) => {
  const actual = await importOriginal<typeof import('vue-i18n')>()
  const { readFileSync } = await import('node:fs')
  const { resolve } = await import('node:path')
  const load = (lang: string) => JSON.parse(readFileSync(resolve(__dirname, `../../../src/renderer/src/locales/${lang}.json`), 'utf8')) as Record<string, never>
  const i18n = actual.createI18n({ legacy: false, locale: 'ru', messages: { en: load('en'), kk: load('kk'), ru: load('ru') }, missingWarn: false, fallbackWarn: false })
  return { ...actual, useI18n: () => i18n.global }
})
import { useI18n } from 'vue-i18n'
import { useFormat } from '../../../src/renderer/src/composables/useFormat'

const inLocale = (locale: string) => {
  ;(useI18n().locale as { value: string }).value = locale
  return useFormat()
}
/** Intl's spaces (no-break, narrow no-break) as plain ones, for readable expectations. */
const plain = (s: string): string => s.replace(/\s/g, ' ')

it('writes an operational day as the user reads a date: 25.11.2026 in kk and ru, 25/11/2026 in en', () => {
  expect(inLocale('ru').day('2026-11-25')).toBe('25.11.2026')
  expect(inLocale('kk').day('2026-11-25')).toBe('25.11.2026')
  expect(inLocale('en').day('2026-11-25')).toBe('25/11/2026')
})

it('asks for a day in a date field as the user writes one, in their letters: КК.АА.ЖЖЖЖ, ДД.ММ.ГГГГ, DD/MM/YYYY', () => {
  expect(inLocale('kk').datePlaceholder()).toBe('КК.АА.ЖЖЖЖ')
  expect(inLocale('ru').datePlaceholder()).toBe('ДД.ММ.ГГГГ')
  expect(inLocale('en').datePlaceholder()).toBe('DD/MM/YYYY')
  // The field reads a typed day by the same pattern, in the picker's tokens.
  expect(inLocale('ru').datePattern()).toBe('DD.MM.YYYY')
  expect(inLocale('en').datePattern()).toBe('DD/MM/YYYY')
})

it('asks for a moment or a month in a picker as the picker reads it, in the user\'s letters', () => {
  // The rate's effective moment: the day as the screens write days, then hours and minutes.
  expect(inLocale('kk').fieldPlaceholder(`${inLocale('kk').datePattern()} HH:mm`)).toBe('КК.АА.ЖЖЖЖ СС:ММ')
  expect(inLocale('ru').fieldPlaceholder(`${inLocale('ru').datePattern()} HH:mm`)).toBe('ДД.ММ.ГГГГ чч:мм')
  expect(inLocale('en').fieldPlaceholder(`${inLocale('en').datePattern()} HH:mm`)).toBe('DD/MM/YYYY hh:mm')
  // A card's expiry month, as the card itself writes it.
  expect(inLocale('kk').fieldPlaceholder('MM/YYYY')).toBe('АА/ЖЖЖЖ')
  expect(inLocale('ru').fieldPlaceholder('MM/YYYY')).toBe('ММ/ГГГГ')
  expect(inLocale('en').fieldPlaceholder('MM/YYYY')).toBe('MM/YYYY')
})

it('keeps the day a calendar day whatever the zone: the 1st of January stays the 1st', () => {
  expect(inLocale('ru').day('2027-01-01')).toBe('01.01.2027')
  expect(inLocale('ru').day('2026-12-31')).toBe('31.12.2026')
})

it('writes a dash for no day, and leaves text that is not a day as it is', () => {
  expect(inLocale('ru').day(null)).toBe('—')
  expect(inLocale('ru').day('')).toBe('—')
  expect(inLocale('ru').day('soon')).toBe('soon')
})

it('writes a moment in Asia/Almaty whatever the machine’s zone', () => {
  // 2026-11-25 19:04:05 UTC is 26.11.2026 00:04:05 in Almaty (UTC+5).
  expect(plain(inLocale('ru').dateTime(Date.UTC(2026, 10, 25, 19, 4, 5)))).toBe('26.11.2026, 00:04:05')
})

it('writes a moment’s year whole in every language: an engine’s short Kazakh style wrote 26.11.26', () => {
  const at = Date.UTC(2026, 10, 25, 19, 4, 5)
  expect(plain(inLocale('kk').dateTime(at))).toBe('26.11.2026, 00:04:05')
  expect(plain(inLocale('en').dateTime(at))).toBe('26/11/2026, 00:04:05')
})

it('writes a percentage as the locale does: 0,15 % in Russian, 0,15% in Kazakh, 0.15% in English', () => {
  expect(plain(inLocale('ru').percent(0.0015))).toBe('0,15 %')
  expect(plain(inLocale('kk').percent(0.0015))).toBe('0,15%')
  expect(plain(inLocale('en').percent(0.0015))).toBe('0.15%')
  expect(plain(inLocale('en').percent(0.1))).toBe('10%')
})

it('writes minor units as an amount with two decimals, grouped as the locale groups, or not for a field to edit', () => {
  expect(plain(inLocale('ru').amount(150_050))).toBe('1 500,50')
  expect(plain(inLocale('en').amount(150_050))).toBe('1,500.50')
  expect(plain(inLocale('ru').amount(-15_000))).toBe('-150,00')
  // A field's value is read back by typedAmount in every language: no grouping, the locale's decimal sign.
  expect(inLocale('ru').amount(150_050, false)).toBe('1500,50')
  expect(inLocale('en').amount(150_050, false)).toBe('1500.50')
})

it('writes a size in the user\'s language: units worded, a decimal comma in kk and ru', () => {
  expect(plain(inLocale('ru').size(46_490))).toBe('45,4 КБ')
  expect(plain(inLocale('kk').size(46_490))).toBe('45,4 КБ')
  expect(plain(inLocale('en').size(46_490))).toBe('45.4 KB')
  expect(plain(inLocale('ru').size(1000))).toBe('1 000 Б')
  // A disk's free space: gigabytes, not tens of thousands of megabytes.
  expect(plain(inLocale('ru').size(80_902_000_000))).toBe('75,3 ГБ')
})

it('writes decimal text (a rate) in the user\'s locale with every digit it has', () => {
  expect(plain(inLocale('ru').decimal('512.345678'))).toBe('512,345678')
  expect(plain(inLocale('en').decimal('512.345678'))).toBe('512.345678')
  expect(plain(inLocale('ru').decimal('0.002100'))).toBe('0,002100')
  expect(plain(inLocale('ru').decimal('1234.5'))).toBe('1 234,5')
  expect(plain(inLocale('kk').decimal('512'))).toBe('512')
})

it('gives date pickers the pattern day() writes: DD.MM.YYYY in kk and ru, DD/MM/YYYY in en', () => {
  expect(inLocale('ru').datePattern()).toBe('DD.MM.YYYY')
  expect(inLocale('kk').datePattern()).toBe('DD.MM.YYYY')
  expect(inLocale('en').datePattern()).toBe('DD/MM/YYYY')
})
