// What the core sends as a code with parameters reaches the screen in the user's language: kk, ru and en from the
// real messages, the figures as the locale writes them, and a row kept before codes in its own words.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.hoisted(() => void Object.assign(globalThis, { window: { api: {} } }))
vi.mock('vue-i18n', async (importOriginal) => (await import('./real-messages')).realI18n(await importOriginal()))
import { useI18n } from 'vue-i18n'
import type { CodedText } from '../../../src/core/api/types'
import { rendererModule } from './real-messages'

type Worder = (c: CodedText | null) => string
const { useOperationText } = (await import(rendererModule('views/operations/useOperationText.ts'))) as { useOperationText: () => { deliveryFailure: Worder } }
const { useClearingText } = (await import(rendererModule('views/clearing/useClearingText.ts'))) as { useClearingText: () => { closeFailure: Worder } }

const LANGS = ['kk', 'ru', 'en'] as const
const inLocale = <T>(locale: string, make: () => T): T => {
  ;(useI18n().locale as { value: string }).value = locale
  return make()
}
const each = (word: (lang: string) => string): Record<string, string> => Object.fromEntries(LANGS.map((l) => [l, word(l)]))

beforeEach(() => setActivePinia(createPinia()))

describe('the last error of an outbox delivery (the operation’s page, a participant’s status history)', () => {
  const failure = (c: CodedText | null) => each((l) => inLocale(l, useOperationText).deliveryFailure(c))

  it('words the receiver’s refusal with its HTTP status', () => {
    expect(failure({ code: 'receiver_status', params: { status: 503 }, message: 'the receiver answered 503' })).toEqual({
      kk: 'Алушы жеткізуден бас тартты (HTTP 503)',
      ru: 'Получатель отклонил доставку (HTTP 503)',
      en: 'The receiver refused the delivery (HTTP 503)'
    })
  })

  it('words no answer and an unreachable receiver', () => {
    expect(failure({ code: 'no_answer', params: { ms: 5000 }, message: 'the receiver did not answer within 5000 ms' }).ru).toBe('Получатель не ответил вовремя')
    expect(failure({ code: 'unreachable', params: { reason: 'ECONNREFUSED' }, message: 'connect ECONNREFUSED' }).kk).toBe('Алушыға қосылу мүмкін емес (ECONNREFUSED)')
  })

  it('keeps an error it cannot name, or one kept before codes, in its own words; none is a dash', () => {
    expect(failure({ code: 'failed', params: {}, message: 'socket hang up' }).ru).toBe('Доставка не удалась: socket hang up')
    expect(failure({ code: 'text', params: {}, message: 'the receiver answered 502' }).kk).toBe('the receiver answered 502')
    expect(failure(null).en).toBe('—')
  })
})

describe('why a day’s close stopped (the day console, the days’ history)', () => {
  const failure = (c: CodedText | null) => each((l) => inLocale(l, useClearingText).closeFailure(c))
  const plain = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([l, s]) => [l, s.replace(/\s/g, ' ')]))

  it('words positions off balance with the currency and the amount, written as the locale writes money', () => {
    expect(plain(failure({ code: 'unbalanced', params: { currency: 'KZT', sumMinor: 150_000 }, message: 'net positions do not sum to zero: KZT 150000' }))).toEqual({
      kk: 'Нетто-позициялардың қосындысы нөлге тең емес: айырма 1 500,00 KZT',
      ru: 'Нетто-позиции не сходятся к нулю: расхождение 1 500,00 KZT',
      en: 'The net positions do not sum to zero: they are off by KZT 1,500.00'
    })
  })

  it('words operations not yet recorded, and frames an unexpected failure in the user’s language', () => {
    expect(failure({ code: 'operations_pending', params: { seq: 1204 }, message: 'operations up to 1204 are not all committed' }).kk).toBe('№ 1204 дейінгі операциялардың бәрі әлі жазылмаған')
    expect(failure({ code: 'failed', params: {}, message: 'the disk is full' }).ru).toBe('Закрытие остановлено непредвиденной ошибкой: the disk is full')
    expect(failure({ code: 'text', params: {}, message: 'net positions do not sum to zero: KZT 1' }).en).toBe('net positions do not sum to zero: KZT 1')
  })
})
