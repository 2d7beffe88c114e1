import { describe, expect, it } from 'vitest'
import { mt100Codec, mt102Codec } from '../../../../../src/core/messages/mt'
import { wrap } from '../../../../../src/core/messages/mt/writer'
import type { PaymentBatch } from '../../../../../src/core/messages/types'
import { exampleBatch, problemsOf } from './arbitraries'

const b = exampleBatch()
const single: PaymentBatch = { ...b, messageId: 'PAY-7781', transactions: [{ ...b.transactions[0]!, txId: 'PAY-7781', instructionId: 'PAY-7781' }] }

describe('writing refuses what the format cannot carry', () => {
  it('an MT100 of other than one transfer', () => {
    expect(problemsOf(() => mt100Codec.write(b))).toEqual([{ line: 0, message: expect.stringContaining('exactly one transfer; this batch has 2') }])
    expect(problemsOf(() => mt100Codec.write({ ...single, transactions: [] }))).toEqual([{ line: 0, message: expect.stringContaining('this batch has 0') }])
  })

  it('an MT100 whose messageId is not its txId, or whose instructionId is not its txId', () => {
    expect(problemsOf(() => mt100Codec.write({ ...single, messageId: 'OTHER' }))).toEqual([{ line: 0, message: expect.stringContaining('must equal the transfer') }])
    const tx = { ...single.transactions[0]!, instructionId: 'I-1' }
    expect(problemsOf(() => mt100Codec.write({ ...single, transactions: [tx] }))).toEqual([{ line: 0, message: expect.stringContaining('instructionId "I-1" must equal txId') }])
  })

  it('an MT102 of no or more than 10,000 transfers', () => {
    expect(problemsOf(() => mt102Codec.write({ ...b, transactions: [] }))).toEqual([{ line: 0, message: expect.stringContaining('1 to 10000 transfers; this batch has 0') }])
    const many = Array.from({ length: 10_001 }, (_, i) => ({ ...b.transactions[1]!, txId: `T${i}`, instructionId: `T${i}` }))
    expect(problemsOf(() => mt102Codec.write({ ...b, transactions: many }))).toEqual([{ line: 0, message: expect.stringContaining('this batch has 10001') }])
  })

  it('an MT102 of mixed currencies, repeated references, invalid values', () => {
    const [t1, t2] = b.transactions as [PaymentBatch['transactions'][0], PaymentBatch['transactions'][0]]
    const bad: PaymentBatch = {
      ...b,
      instructedBic: 'NBRK',
      transactions: [
        { ...t1, amountMinor: 10.5 },
        { ...t2, currency: 'USD', txId: t1.txId, instructionId: t1.txId, purposeCode: '31', debtor: { ...t2.debtor, iban: 'KZ00722S000012345678', idn: '940140000386', residency: '3' as never, sector: '0' } }
      ]
    }
    expect(problemsOf(() => mt102Codec.write(bad)).map((p) => p.message)).toEqual([
      expect.stringContaining('instructedBic (block 2): BIC "NBRK"'),
      expect.stringContaining('transaction 1: amount 10.5 must be a positive whole number'),
      expect.stringContaining('transaction 2: purposeCode: KNP "31"'),
      expect.stringContaining('transaction 2: payer: IIK "KZ00722S000012345678"'),
      expect.stringContaining('transaction 2: payer: IIN/BIN 940140000386 has a wrong check digit'),
      expect.stringContaining('transaction 2: payer: IRS "3"'),
      expect.stringContaining('transaction 2: payer: SECO "0"'),
      expect.stringContaining('transaction 2: currency USD differs'),
      expect.stringContaining(`transaction 2: txId ${t1.txId} repeats transaction 1`)
    ])
  })

  it('texts with line breaks, blanks at the ends, or too long', () => {
    const tx = single.transactions[0]!
    const with_ = (remittance: string, name = tx.creditor.name): PaymentBatch => ({ ...single, transactions: [{ ...tx, remittance, creditor: { ...tx.creditor, name } }] })
    expect(problemsOf(() => mt100Codec.write(with_('a\nb')))[0]!.message).toContain('control character')
    expect(problemsOf(() => mt100Codec.write(with_(' a')))[0]!.message).toContain('begins or ends with a blank')
    expect(problemsOf(() => mt100Codec.write(with_('a', 'Я'.repeat(141))))[0]!.message).toContain('longer than 140')
    expect(problemsOf(() => mt100Codec.write(with_('/'.repeat(200))))[0]!.message).toContain('cannot be split into lines')
  })
})

describe('wrapping to 65 characters', () => {
  it('breaks before a blank, so no line ends with one, and joins back exactly', () => {
    const text = 'Оплата по договору поставки № 15/2025 от 01.10.2025 за строительные материалы, в т.ч. НДС 12%'
    const lines = wrap('/ASSIGN/', text)!
    expect(lines.every((l) => [...l].length <= 65 && !/\s$/.test(l))).toBe(true)
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true)
    expect(lines.join('')).toBe(`/ASSIGN/${text}`)
  })

  it('splits a long word where the next line does not start with / : or -', () => {
    const text = `${'Ә'.repeat(56)}/:-${'Қ'.repeat(70)}`
    const lines = wrap('/ASSIGN/', text)!
    expect(lines.map((l) => [...l].length)).toEqual([63, 65, 9])
    expect(lines.slice(1).every((l) => !/^[/:-]/.test(l))).toBe(true)
    expect(lines.join('')).toBe(`/ASSIGN/${text}`)
  })

  it('counts characters, not bytes: 57 Cyrillic letters fit the first line of /ASSIGN/', () => {
    expect(wrap('/ASSIGN/', 'Ж'.repeat(57))).toEqual([`/ASSIGN/${'Ж'.repeat(57)}`])
    expect(wrap('/ASSIGN/', 'Ж'.repeat(58))).toHaveLength(2)
  })
})
