// The disputes screens word sizes of evidence and bundles in the user's language, figures included: a decimal
// comma in Kazakh and Russian, as the documents screens write them.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, expect, it, vi } from 'vitest'

// The store behind the texts reads window.api when loaded; the texts take their words from the real messages.
vi.hoisted(() => void Object.assign(globalThis, { window: { api: {} } }))
vi.mock('vue-i18n', async (importOriginal) => {
  const actual = await importOriginal<typeof import('vue-i18n')>()
  const root = resolve(__dirname, '../../../src/renderer/src/locales')
  const folders = [root, ...readdirSync(root).map((d) => join(root, d)).filter((p) => statSync(p).isDirectory())]
  const load = (lang: string) => Object.assign({}, ...folders.map((f) => JSON.parse(readFileSync(join(f, `${lang}.json`), 'utf8')) as object))
  const i18n = actual.createI18n({ legacy: false, locale: 'ru', fallbackLocale: 'en', messages: { en: load('en'), kk: load('kk'), ru: load('ru') }, missingWarn: false, fallbackWarn: false })
  return { ...actual, useI18n: () => i18n.global }
})
import { useI18n } from 'vue-i18n'

// Loaded by its path: its imports (@core types, window) are the web build's, outside the node typecheck of tests.
const MODULE = resolve(__dirname, '../../../src/renderer/src/views/disputes/useDisputeText.ts')
const { useDisputeText } = (await import(MODULE)) as { useDisputeText: () => { size: (bytes: number) => string } }

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
