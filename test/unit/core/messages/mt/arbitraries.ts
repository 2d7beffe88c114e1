// Generators and fixtures for the national-format tests: valid IIKs, BICs and IIN/BINs with computed check digits,
// Cyrillic and Kazakh names, amounts in minor units; batches that follow the MT mapping rules of FORMAT.md.
import fc from 'fast-check'
import { ibanCheckDigits } from '../../../../../src/core/domain/iban'
import { iinCheckDigit } from '../../../../../src/core/domain/identifiers'
import type { CreditTransfer, MessageParty, PaymentBatch } from '../../../../../src/core/messages/types'

export const iik = (bban: string): string => `KZ${ibanCheckDigits('KZ', bban)}${bban}`

/** An IIN/BIN with its check digit, or null when the 11 digits cannot be completed. */
export function withCheckDigit(first11: string): string | null {
  const c = iinCheckDigit(first11)
  return c === null ? null : `${first11}${c}`
}

const DIGITS = '0123456789'
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const chars = (set: string, n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...set), minLength: n, maxLength: n })

export const arbIik = fc.tuple(chars(DIGITS, 3), chars(ALNUM, 13)).map(([bank, account]) => iik(`${bank}${account}`))

export const arbIdn = chars(DIGITS, 11)
  .map(withCheckDigit)
  .filter((v): v is string => v !== null)

const BANKS = ['CASPKZKA', 'HSBKKZKX', 'IRTYKZKA', 'KCJBKZKX', 'TSESKZKA', 'EURIKZKA', 'NBRKKZKX', 'KSNVKZKA']
export const arbBic = fc.oneof(
  fc.constantFrom(...BANKS),
  fc.tuple(chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4), chars(ALNUM, 2), fc.option(chars(ALNUM, 3), { nil: '' })).map(([b, l, br]) => `${b}KZ${l}${br}`)
)

/** Letters first so that the generator's bias is to letters; then blanks and the characters that stress the wrapping. */
const TEXT_CHARS = [
  ...'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  ...'ӘәҒғҚқҢңӨөҰұҮүҺһІі',
  ...'ABCXYZabcxyz0123456789',
  ' ', ' ', ' ', ' ', '«', '»', '"', "'", '.', ',', '№', '-', '/', ':', '(', ')', '%', '{', '}'
]
export const arbText = (max: number): fc.Arbitrary<string> =>
  fc
    .string({ unit: fc.constantFrom(...TEXT_CHARS), minLength: 1, maxLength: max })
    .map((s) => s.trim())
    .filter((s) => s.length > 0)

export const arbReference = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9\-.?()+,']|\/[A-Za-z0-9]){0,16}$/)

export const arbParty: fc.Arbitrary<MessageParty> = fc.record({
  name: arbText(140),
  iban: arbIik,
  bic: arbBic,
  idn: fc.option(arbIdn, { nil: null }),
  residency: fc.option(fc.constantFrom('1' as const, '2' as const), { nil: null }),
  sector: fc.option(fc.constantFrom(...'123456789'), { nil: null })
})

const DAY0 = Date.UTC(2000, 0, 1)
export const arbDay = fc.integer({ min: 0, max: 36_524 }).map((d) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10))
export const arbInstant = fc.integer({ min: DAY0, max: Date.UTC(2099, 11, 31, 23, 59, 59, 999) })
export const arbCurrency = fc.constantFrom('KZT', 'USD', 'EUR', 'RUB', 'CNY')

/** A transfer with the given reference (txId = instructionId, FORMAT.md). */
export const arbTransfer = (ref: string, currency: string, maxMinor = Number.MAX_SAFE_INTEGER): fc.Arbitrary<CreditTransfer> =>
  fc.record({
    instructionId: fc.constant(ref),
    endToEndId: arbReference,
    txId: fc.constant(ref),
    amountMinor: fc.oneof(fc.integer({ min: 1, max: 100_000_00 }), fc.integer({ min: 1, max: maxMinor })),
    currency: fc.constant(currency),
    debtor: arbParty,
    creditor: arbParty,
    purposeCode: chars(DIGITS, 3),
    remittance: fc.option(arbText(420), { nil: null })
  })

const arbHeader = fc.record({ createdAt: arbInstant, settlementDate: arbDay, instructingBic: arbBic, instructedBic: arbBic })

/** A single-transfer batch as MT100 carries it: messageId = txId = instructionId. */
export const arbMt100Batch: fc.Arbitrary<PaymentBatch> = fc
  .tuple(arbReference, arbCurrency)
  .chain(([ref, currency]) => fc.tuple(arbHeader, arbTransfer(ref, currency)).map(([h, tx]) => ({ messageId: ref, ...h, transactions: [tx] })))

/** A bulk batch as MT102 carries it: one currency, distinct references; sometimes one payer for all. */
export const arbMt102Batch = (maxTransactions = 25): fc.Arbitrary<PaymentBatch> =>
  fc
    .tuple(arbReference, arbCurrency, fc.uniqueArray(arbReference, { minLength: 1, maxLength: maxTransactions }), fc.boolean(), arbParty)
    .chain(([messageId, currency, refs, onePayer, payer]) =>
      fc.tuple(arbHeader, fc.tuple(...refs.map((r) => arbTransfer(r, currency, 10 ** 13)))).map(([h, txs]) => ({
        messageId,
        ...h,
        transactions: onePayer ? txs.map((tx) => ({ ...tx, debtor: payer })) : txs
      }))
    )

/** A fixed example: a salary payment by a company (Kaspi) to two employees at Halyk and Kaspi. */
export const COMPANY: MessageParty = {
  name: 'ТОО «Алматы Құрылыс Сервис»',
  iban: iik('722S000012345678'),
  bic: 'CASPKZKA',
  idn: '940140000385',
  residency: '1',
  sector: '7'
}

export function exampleBatch(): PaymentBatch {
  return {
    messageId: 'SAL2511-001',
    createdAt: Date.UTC(2025, 10, 25, 5, 30, 0, 123),
    settlementDate: '2025-11-25',
    instructingBic: 'CASPKZKA',
    instructedBic: 'NBRKKZKX',
    transactions: [
      {
        instructionId: 'SAL2511-001-1',
        endToEndId: '000451',
        txId: 'SAL2511-001-1',
        amountMinor: 35_000_000,
        currency: 'KZT',
        debtor: COMPANY,
        creditor: { name: 'Әбілқайыров Нұрсұлтан Ерланұлы', iban: iik('601A000000000001'), bic: 'HSBKKZKX', idn: '061211600012', residency: '1', sector: '9' },
        purposeCode: '311',
        remittance: 'Заработная плата за ноябрь 2025 года согласно ведомости № 11 от 24.11.2025, без НДС'
      },
      {
        instructionId: 'SAL2511-001-2',
        endToEndId: '000452',
        txId: 'SAL2511-001-2',
        amountMinor: 28_750_050,
        currency: 'KZT',
        debtor: COMPANY,
        creditor: { name: 'Иванова Мария Петровна', iban: iik('722C000000000002'), bic: 'CASPKZKA', idn: null, residency: '1', sector: '9' },
        purposeCode: '311',
        remittance: null
      }
    ]
  }
}

/** The problems of a read (or write) that must fail, by line and English (their kinds are the import's tests'). */
export function problemsOf(run: () => unknown): { line: number; message: string }[] {
  try {
    run()
  } catch (e) {
    if (e && typeof e === 'object' && 'problems' in e) return (e as { problems: { line: number; message: string }[] }).problems.map(({ line, message }) => ({ line, message }))
    throw e
  }
  throw new Error('expected a MessageError, but it succeeded')
}
