// Kazakh reports' figures (R12): where the engine has no Kazakh data (Electron's ICU is Chromium's, and Debian's
// Chromium formats kk-KZ as the root locale), they are formatted as ru-KZ. Node has Kazakh data, so the test
// checks the claim the fallback rests on: ru-KZ writes every figure a report prints exactly as kk-KZ does.
import { describe, expect, it } from 'vitest'
import { engineHasKazakh, figuresLocale, intlLocale } from '../../../../src/core/reports/format'

const money = (tag: string, minor: number) => new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100)
const count = (tag: string, n: number) => new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(n)
const day = (tag: string, at: number) => new Intl.DateTimeFormat(tag, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
const instant = (tag: string, at: number) =>
  new Intl.DateTimeFormat(tag, { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at)

describe("a report's figures locale", () => {
  it('is kk-KZ for Kazakh where the engine has Kazakh data (Node), ru-KZ where it has none', () => {
    expect(engineHasKazakh()).toBe(true)
    expect(figuresLocale('kk')).toBe('kk-KZ')
    expect(figuresLocale('kk', false)).toBe('ru-KZ')
    expect(figuresLocale('ru', false)).toBe('ru-RU')
    expect(figuresLocale('en', false)).toBe('en-GB')
    // The document's language stays Kazakh either way.
    expect(intlLocale('kk')).toBe('kk-KZ')
  })

  it('ru-KZ writes amounts, counts, days and instants exactly as kk-KZ does', () => {
    const fallback = figuresLocale('kk', false)
    for (const minor of [0, 5, -125_012_345, 250_000, 99_999_999_999]) expect(money(fallback, minor)).toBe(money('kk-KZ', minor))
    for (const n of [0, 7, 12_345, 1_000_000]) expect(count(fallback, n)).toBe(count('kk-KZ', n))
    for (const at of [Date.UTC(2026, 11, 5), Date.UTC(2026, 0, 1, 18, 59, 59), Date.UTC(2026, 11, 31, 19, 0, 1)]) {
      expect(day(fallback, at)).toBe(day('kk-KZ', at))
      expect(instant(fallback, at)).toBe(instant('kk-KZ', at))
    }
    // And not as the root locale does, which is what an engine without Kazakh data would print.
    expect(money(fallback, 250_000)).not.toBe(money('und', 250_000))
  })
})
