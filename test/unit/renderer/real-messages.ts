// The renderer's messages as the app merges them (locales/<lang>.json and locales/<area>/<lang>.json), for tests
// that word what the core sends with the real kk, ru and en texts.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '../../../src/renderer/src/locales')
const folders = [root, ...readdirSync(root).map((d) => join(root, d)).filter((p) => statSync(p).isDirectory())]

type Messages = { [key: string]: string | Messages }
export const messagesOf = (lang: string): Messages => Object.assign({}, ...folders.map((f) => JSON.parse(readFileSync(join(f, `${lang}.json`), 'utf8')) as Messages)) as Messages

/** A renderer module loaded by its path: its imports (@core types, window) are the web build's, outside the node typecheck of tests. */
export const rendererModule = (path: string): string => resolve(__dirname, '../../../src/renderer/src', path)

/** vue-i18n as the app sets it up, with the real messages, in Russian until a test switches: for a vi.mock of useI18n. */
export function realI18n(actual: typeof import('vue-i18n')) {
  const i18n = actual.createI18n<[Messages], 'kk' | 'ru' | 'en', false>({ legacy: false, locale: 'ru', fallbackLocale: 'en', messages: { en: messagesOf('en'), kk: messagesOf('kk'), ru: messagesOf('ru') }, missingWarn: false, fallbackWarn: false })
  return { ...actual, useI18n: () => i18n.global }
}
