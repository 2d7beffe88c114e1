// Figures in the interface's language (R12 screens): Kazakh ones are written as Kazakhstan writes them even
// where the engine's ICU data has no Kazakh (Debian's Chromium formats kk-KZ as the root locale).
import { describe, expect, it } from 'vitest'
import { engineHasKazakh, formatTag } from '../../../src/renderer/src/composables/formatTag'

const money = (tag: string, minor: number) => new Intl.NumberFormat(tag, { style: 'currency', currency: 'KZT', currencyDisplay: 'code' }).format(minor / 100).replace(/\s/g, ' ')
const day = (tag: string) => new Intl.DateTimeFormat(tag, { timeZone: 'Asia/Almaty', day: '2-digit', month: '2-digit', year: 'numeric' }).format(Date.UTC(2026, 11, 5, 12))

describe('the tag figures are formatted with', () => {
  it('is kk-KZ for Kazakh where the engine has Kazakh data, as Node has', () => {
    expect(engineHasKazakh()).toBe(true)
    expect(formatTag('kk')).toBe('kk-KZ')
    expect(money(formatTag('kk'), 250_000)).toBe('2 500,00 KZT')
  })

  it('is ru-KZ for Kazakh where it has none: spaces between thousands, a decimal comma, day.month.year', () => {
    const tag = formatTag('kk', false)
    expect(tag).toBe('ru-KZ')
    expect(money(tag, 250_000)).toBe('2 500,00 KZT')
    expect(day(tag)).toBe('05.12.2026')
  })

  it('is ru-RU and en-GB for Russian and English, and Russian for an unknown language', () => {
    expect(formatTag('ru', false)).toBe('ru-RU')
    expect(formatTag('en', false)).toBe('en-GB')
    expect(formatTag('de')).toBe('ru-RU')
    expect(money(formatTag('en'), 250_000)).toBe('KZT 2,500.00')
  })
})
