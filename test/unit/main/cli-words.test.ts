// The command line's language and words: chosen as POSIX tools choose theirs, taken from the screens' messages.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { languageOf, takeLang } from '../../../src/main/cli/language'
import { wordsIn } from '../../../src/main/cli/words'

describe('the command line’s language', () => {
  it('is --lang, else LC_ALL, LC_MESSAGES or LANG, whichever is set first; English for any other', () => {
    expect(languageOf(undefined, { LANG: 'ru_RU.UTF-8' })).toBe('ru')
    expect(languageOf(undefined, { LANG: 'kk_KZ.UTF-8' })).toBe('kk')
    expect(languageOf(undefined, { LC_MESSAGES: 'kk_KZ', LANG: 'ru_RU.UTF-8' })).toBe('kk')
    expect(languageOf(undefined, { LC_ALL: 'en_US.UTF-8', LC_MESSAGES: 'kk_KZ', LANG: 'ru_RU.UTF-8' })).toBe('en')
    expect(languageOf(undefined, { LC_ALL: '', LANG: 'ru' })).toBe('ru')
    expect(languageOf('kk', { LANG: 'ru_RU.UTF-8' })).toBe('kk')
    expect(languageOf('RU', {})).toBe('ru')
    for (const other of ['de', 'C.UTF-8', 'POSIX', '']) expect(languageOf(other, { LANG: 'ru_RU.UTF-8' })).toBe('en')
    expect(languageOf(undefined, {})).toBe('en')
  })

  it('takes --lang out of the arguments wherever it stands; without a value it is refused', () => {
    expect(takeLang(['--lang', 'kk', '--restore', 'x'])).toEqual({ lang: 'kk', rest: ['--restore', 'x'] })
    expect(takeLang(['--restore', 'x', '--lang=ru'])).toEqual({ lang: 'ru', rest: ['--restore', 'x'] })
    expect(takeLang(['users.list', '{}'])).toEqual({ lang: undefined, rest: ['users.list', '{}'] })
    expect(takeLang(['--restore', 'x', '--lang'])).toBeNull()
    expect(takeLang(['--lang=', '--restore'])).toBeNull()
  })
})

const leaves = (node: unknown): string[] => (typeof node === 'string' ? [node] : Object.values(node as object).flatMap(leaves))

describe('the command line’s words', () => {
  it('fills a refusal’s figures, words a status as the screens do, and titles a token’s reason', () => {
    const ru = wordsIn('ru')
    expect(ru.refusal({ code: 'CONFLICT', message: 'x', reasons: [{ rule: 'users.reset_not_active', params: { login: 'admin2', userStatus: 'blocked' } }] })).toBe('у admin2 статус «Заблокирован»: сначала разблокируйте пользователя')
    expect(wordsIn('kk').refusalLine({ code: 'TOKEN', message: 'x', reasons: [{ rule: 'pin_incorrect', value: 'few' }] })).toBe('TOKEN pin_incorrect: Токенді немесе кілтті пайдалану мүмкін болмады: PIN-код қате, аз әрекет қалды\n')
    // A refusal the core did not word by a rule: the code's title, and a business refusal's own sentence.
    expect(ru.refusalLine({ code: 'INVALID_CREDENTIALS', message: 'invalid login or password' })).toBe('INVALID_CREDENTIALS: Неверный логин или пароль\n')
    expect(ru.refusal({ code: 'NOT_FOUND', message: 'no such thing' })).toBe('Не найдено: no such thing')
  })

  // fill() knows {name} only: vue-i18n's other syntax (linked @:key, plural |, literal {'x'}) would be shown raw.
  it('reads messages with no syntax but {name} placeholders', () => {
    const root = resolve(__dirname, '../../../src/renderer/src/locales')
    for (const lang of ['kk', 'ru', 'en'])
      for (const file of [`${lang}.json`, `backups/${lang}.json`, `pin/${lang}.json`]) {
        for (const message of leaves(JSON.parse(readFileSync(resolve(root, file), 'utf8')))) expect(message.replace(/\{[A-Za-z]\w*\}/g, ''), file).not.toMatch(/@[:.]|[|{}]/)
      }
  })
})
