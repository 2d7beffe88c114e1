// The disputes screens word sizes of evidence and bundles in the user's language, figures included: a decimal
// comma in Kazakh and Russian, as the documents screens write them.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, expect, it, vi } from 'vitest'

// The store behind the texts reads window.api when loaded; the texts take their words from the real messages.
vi.hoisted(() => void Object.assign(globalThis, { window: { api: {} } }))
vi.mock('vue-i18n', async (importOriginal) => (await import('./real-messages')).realI18n(await importOriginal()))
import { useI18n } from 'vue-i18n'
import { rendererModule } from './real-messages'

const { useDisputeText } = (await import(rendererModule('views/disputes/useDisputeText.ts'))) as { useDisputeText: () => { size: (bytes: number) => string } }

const inLocale = (locale: string) => {
  ;(useI18n().locale as { value: string }).value = locale
  return useDisputeText()
}
const plain = (s: string): string => s.replace(/\s/g, ' ')

beforeEach(() => setActivePinia(createPinia()))

it('writes a size with a decimal comma in Russian and Kazakh, a point in English', () => {
  expect(plain(inLocale('ru').size(1536))).toBe('1,5 КБ')
  expect(plain(inLocale('kk').size(1536))).toBe('1,5 КБ')
  expect(plain(inLocale('en').size(1536))).toBe('1.5 KB')
  expect(plain(inLocale('ru').size(5 * 1024 * 1024 + 300_000))).toBe('5,3 МБ')
})

it('groups the digits of a byte count as the locale does, and drops a needless ",0"', () => {
  expect(plain(inLocale('ru').size(1000))).toBe('1 000 Б')
  expect(plain(inLocale('en').size(1000))).toBe('1,000 B')
  expect(plain(inLocale('ru').size(10 * 1024 * 1024))).toBe('10 МБ')
})
