// The disputes screens word sizes of evidence and bundles in the user's language, figures included: a decimal
// comma in Kazakh and Russian, as the documents screens write them.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

// The store behind the texts reads window.api when loaded; the texts take their words from the real messages.
vi.hoisted(() => void Object.assign(globalThis, { window: { api: {} } }))
vi.mock('vue-i18n', async (importOriginal) => (await import('./real-messages')).realI18n(await importOriginal()))
import { useI18n } from 'vue-i18n'
import type { CodedText, Reason } from '../../../src/core/api/types'
import { rendererModule } from './real-messages'

interface DisputeText {
  size: (bytes: number) => string
  applied: (a: CodedText) => string
  bundleRefusal: (e: unknown) => string
}
type Failure = { code: string; detail: string }
type Report = { failures: Failure[]; signers: { failures: Failure[] }[] }
const { useDisputeText, reportOwnFailures } = (await import(rendererModule('views/disputes/useDisputeText.ts'))) as { useDisputeText: () => DisputeText; reportOwnFailures: (r: Report) => Failure[] }
const { CallFailure } = (await import(rendererModule('api/call.ts'))) as { CallFailure: new (code: string, message: string, details: readonly string[], reasons: readonly Reason[]) => Error }

const inLocale = (locale: string): DisputeText => {
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

// A bundle's import said what it did, and why it was refused, in the core's English to kk and ru analysts.
describe('an imported bundle’s summary', () => {
  it('words what the import did in kk, ru and en, with the decision’s outcome, amount and signer by name', () => {
    const decision: CodedText = { code: 'decision', params: { outcome: 'accepted', amountMinor: 150_000, currency: 'KZT', signer: 'C=KZ, O=Operator, CN=Gulnara Iskakova' }, message: 'decision accepted 150000 KZT signed by C=KZ, O=Operator, CN=Gulnara Iskakova' }
    expect(plain(inLocale('ru').applied(decision))).toBe('решение «Удовлетворён» на 1 500,00 KZT, подписал Gulnara Iskakova')
    expect(plain(inLocale('kk').applied(decision))).toBe('«Қанағаттандырылды» шешімі, сомасы 1 500,00 KZT, қол қойған Gulnara Iskakova')
    expect(plain(inLocale('en').applied(decision))).toBe('decision “Accepted” for KZT 1,500.00, signed by Gulnara Iskakova')
    expect(inLocale('kk').applied({ code: 'findings', params: { count: 1200 }, message: '1200 finding(s)' }).replace(/\s/g, ' ')).toBe('тұжырымдар: 1 200')
    expect(inLocale('ru').applied({ code: 'copied', params: { number: 'DSP-2026-000001', version: 3 }, message: '' })).toBe('дело DSP-2026-000001 (версия основного АРМ 3) скопировано в эту рабочую область')
  })
})

describe('a refused bundle', () => {
  it('words every failed signature check, a repeated signed attribute among them', () => {
    const e = new CallFailure('VALIDATION', 'DSP-1-v2.p7m: the signature is not valid (duplicate_attribute)', ['duplicate_attribute: message-digest appears twice'], [])
    expect(inLocale('ru').bundleRefusal(e)).toBe('Пакет отклонён: подписанный атрибут (тип содержимого, хэш, время подписания или сертификат) указан более одного раза')
    expect(inLocale('kk').bundleRefusal(e)).toBe(`${useI18n().t('disputes.bundle.refused')}: қол қойылған атрибут (мазмұн түрі, хэш, қол қою уақыты немесе сертификат) бірнеше рет көрсетілген`)
  })

  it('words the rule it was refused by, with its figures, not the core’s English', () => {
    const imported = new CallFailure('CONFLICT', 'DSP-1-v2.p7m was imported already (case DSP-1); a bundle is imported once', [], [{ rule: 'disputes.bundle_imported', params: { file: 'DSP-1-v2.p7m', number: 'DSP-1' } }])
    expect(inLocale('ru').bundleRefusal(imported)).toBe('Пакет отклонён: DSP-1-v2.p7m уже загружен (дело DSP-1); пакет загружается один раз')
    expect(inLocale('kk').bundleRefusal(imported)).toContain('DSP-1-v2.p7m бұрын импортталған (DSP-1 ісі)')
    const other = new CallFailure('CONFLICT', 'this file was not encrypted to your certificate', [], [{ rule: 'tokens.not_a_recipient', params: {} }])
    expect(inLocale('ru').bundleRefusal(other)).toBe('Пакет отклонён: файл зашифрован не на ваш сертификат')
  })
})

// A failed decision listed its signer's failures under the signer and again beneath the decision, whose list holds
// every signer's failures besides the message's own (R10.1).
describe('a decision’s failed signature check', () => {
  const changed = { code: 'content_changed', detail: 'the content does not match the signed message digest' }
  const untrusted = { code: 'untrusted_chain', detail: 'CN=Sub: no trusted issuer found for "CN=Root"' }

  it('lists beneath the decision only what no signer lists', () => {
    expect(reportOwnFailures({ failures: [changed, untrusted], signers: [{ failures: [changed, untrusted] }] })).toEqual([])
    const none = { code: 'no_signers', detail: 'the SignedData has no SignerInfo' }
    expect(reportOwnFailures({ failures: [none], signers: [] })).toEqual([none])
    // A second signer's check of the same code but its own certificate is still its own, under that signer.
    const other = { code: 'untrusted_chain', detail: 'CN=Other: no trusted issuer found for "CN=Root"' }
    expect(reportOwnFailures({ failures: [changed, untrusted, other], signers: [{ failures: [changed, untrusted] }, { failures: [changed, other] }] })).toEqual([])
  })
})
