// One test per broken case, each asserting the exact line of the problem.
import { describe, expect, it } from 'vitest'
import { mt100Codec, mt102Codec } from '../../../../../src/core/messages/mt'
import type { PaymentBatch } from '../../../../../src/core/messages/types'
import { exampleBatch, problemsOf } from './arbitraries'

const b = exampleBatch()
const single: PaymentBatch = { ...b, messageId: 'PAY-7781', transactions: [{ ...b.transactions[0]!, txId: 'PAY-7781', instructionId: 'PAY-7781' }] }
const MT100 = mt100Codec.write(single).replaceAll('\r\n', '\n')
const MT102 = mt102Codec.write(b).replaceAll('\r\n', '\n')

/** The 1-based number of the nth line starting with `prefix`. */
function lineOf(text: string, prefix: string, nth = 1): number {
  let seen = 0
  const i = text.split('\n').findIndex((l) => l.startsWith(prefix) && ++seen === nth)
  if (i < 0) throw new Error(`no line ${prefix}`)
  return i + 1
}

/** The text with the nth line starting with `prefix` replaced by `by` (several lines, or none). */
function edit(text: string, prefix: string, by: string[], nth = 1): string {
  const lines = text.split('\n')
  const at = lineOf(text, prefix, nth) - 1
  lines.splice(at, 1, ...by)
  return lines.join('\n')
}

const only = (line: number, message: string): unknown => [{ line, message: expect.stringContaining(message) }]

describe('reading: malformed blocks', () => {
  it('a text not starting with block 1', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('{1:F01CASPKZKA}\n', '')))).toEqual(only(1, 'must begin with the basic header block'))
  })

  it('block 1 not closed on its line', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('{1:F01CASPKZKA}', '{1:F01CASPKZKA')))).toEqual(only(1, 'block {1: is not closed'))
  })

  it('block 2 missing', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('{2:I100NBRKKZKX}\n', '')))).toEqual(only(2, 'application header block {2:'))
  })

  it('block 4 missing', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('{4:\n', '')))).toEqual(only(4, 'the text block {4: must follow'))
  })

  it('a field on the line of {4:', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('{4:\n', '{4::20:PAY-7781\n')))).toEqual(only(4, 'must start on a new line'))
  })

  it('block 4 not closed by -}', () => {
    const text = MT100.replace('-}\n', '')
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, ' 11 от'), 'not closed by a line -}'))
  })

  it('text after the end of the message', () => {
    const text = `${MT100}\n{5:{CHK:ABC}}\n`
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, '{5:'), 'text after the end'))
  })

  it('an empty line and a malformed tag inside block 4', () => {
    const text = edit(MT100, ':57B:', ['', ':5B:HSBKKZKX'])
    expect(problemsOf(() => mt100Codec.read(text))).toEqual([
      { line: 4, message: expect.stringContaining('mandatory field :57B: missing') },
      { line: lineOf(text, ':52B:') + 1, message: expect.stringContaining('empty line') },
      { line: lineOf(text, ':5B:'), message: expect.stringContaining('malformed field tag') }
    ])
  })

  it('an MT102 read as an MT100 says so on block 2', () => {
    expect(problemsOf(() => mt100Codec.read(MT102))).toContainEqual({ line: 2, message: expect.stringContaining('block 2 says MT102; this is not an MT100') })
    expect(problemsOf(() => mt102Codec.read(MT100))).toContainEqual({ line: 2, message: expect.stringContaining('block 2 says MT100; this is not an MT102') })
  })

  it('a bad creation time in block 3', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('2025-11-25T05:30', '2025-11-31T05:30')))).toEqual(only(3, 'block 3 CRT'))
  })
})

describe('reading: fields', () => {
  it('an unknown field', () => {
    const text = edit(MT100, ':70:', [':72:/ACC/INFO', MT100.split('\n')[lineOf(MT100, ':70:') - 1]!])
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, ':72:'), 'unknown field :72:'))
  })

  it('a field in the wrong part (an MT102 transaction field in the header)', () => {
    const text = edit(MT102, ':52B:', [':52B:CASPKZKA', ':57B:HSBKKZKX'])
    expect(problemsOf(() => mt102Codec.read(text))).toEqual(only(lineOf(text, ':57B:'), 'MT102 header: unknown field :57B:'))
  })

  it('a repeated field', () => {
    const text = edit(MT100, ':57B:', [':57B:HSBKKZKX', ':57B:HSBKKZKX'])
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, ':57B:', 2), `field :57B: repeated (first on line ${lineOf(text, ':57B:')})`))
  })

  it('a missing mandatory field of an MT100, on the line of {4:', () => {
    expect(problemsOf(() => mt100Codec.read(edit(MT100, ':52B:', [])))).toEqual(only(4, 'mandatory field :52B: missing'))
  })

  it('a missing mandatory field of an MT102 transaction, on the line of its :21:', () => {
    const text = edit(MT102, ':70:', [], 2).replace('/DATE/251125\n/KNP/311\n-}', '-}')
    expect(problemsOf(() => mt102Codec.read(text))).toEqual(only(lineOf(text, ':21:', 2), 'MT102 transaction 2: mandatory field :70: missing'))
  })

  it('a missing MT102 header field, on the line of {4:', () => {
    expect(problemsOf(() => mt102Codec.read(edit(MT102, ':20:', [])))).toEqual(only(4, 'MT102 header: mandatory field :20: missing'))
  })

  it('an MT102 payer neither in the header nor in a transaction', () => {
    const text = MT102.replace(/:50:[\s\S]*?:52B:CASPKZKA\n/, '')
    expect(problemsOf(() => mt102Codec.read(text))).toEqual([
      { line: lineOf(text, ':21:', 1), message: expect.stringContaining('transaction 1: mandatory field :50: missing') },
      { line: lineOf(text, ':21:', 1), message: expect.stringContaining('transaction 1: mandatory field :52B: missing') },
      { line: lineOf(text, ':21:', 2), message: expect.stringContaining('transaction 2: mandatory field :50: missing') },
      { line: lineOf(text, ':21:', 2), message: expect.stringContaining('transaction 2: mandatory field :52B: missing') }
    ])
  })

  it('an MT102 payer bank both in the header and in a transaction', () => {
    const text = edit(MT102, ':57B:', [':52B:CASPKZKA', ':57B:CASPKZKA'], 2)
    expect(problemsOf(() => mt102Codec.read(text))).toEqual(only(lineOf(text, ':52B:', 2), `:52B: is already given for all transactions in the header (line ${lineOf(text, ':52B:')})`))
  })

  it('a subfield missing (/NAME/ of the payee), on the line of its field', () => {
    const text = edit(MT100, '/NAME/Әбіл', [])
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, ':59:'), 'payee /NAME/ missing in :59:'))
  })

  it('an unknown subfield', () => {
    const text = edit(MT100, '/IRS/1', ['/CHIEF/Иванов И.И.', '/IRS/1'])
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, '/CHIEF/'), 'unknown subfield /CHIEF/ in :50:'))
  })

  it('a line belonging to no subfield (a :59: in the SWIFT layout)', () => {
    const text = edit(MT100, '/NAME/Әбіл', ['Әбілқайыров Нұрсұлтан'])
    expect(problemsOf(() => mt100Codec.read(text))).toEqual([
      { line: lineOf(text, ':59:'), message: expect.stringContaining('payee /NAME/ missing') },
      { line: lineOf(text, 'Әбілқайыров'), message: expect.stringContaining('belongs to no subfield') }
    ])
  })

  it('a reference that is not valid', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace(':20:PAY-7781', ':20:/PAY 7781')))).toEqual(only(lineOf(MT100, ':20:'), 'MT100: field 20: reference "/PAY 7781" is not valid'))
  })
})

describe('reading: amounts and dates', () => {
  it('an amount with more decimals than the currency allows', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('KZT350000,00', 'KZT350000,001')))).toEqual(only(lineOf(MT100, ':32A:'), 'has 3 decimals; KZT allows 2'))
  })

  it('a non-numeric amount', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('KZT350000,00', 'KZT35O000,00')))).toEqual(only(lineOf(MT100, ':32A:'), 'amount "35O000,00" is not a number'))
  })

  it('an amount with a decimal point instead of a comma', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('KZT350000,00', 'KZT350000.00')))).toEqual(only(lineOf(MT100, ':32A:'), 'decimal comma'))
  })

  it('a non-numeric MT102 transaction amount (no misleading total problem)', () => {
    expect(problemsOf(() => mt102Codec.read(MT102.replace(':32B:KZT287500,50', ':32B:KZT2875OO,50')))).toEqual(only(lineOf(MT102, ':32B:', 2), 'MT102 transaction 2: field 32B: amount "2875OO,50" is not a number'))
  })

  it('a zero amount', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('KZT350000,00', 'KZT0,00')))).toEqual(only(lineOf(MT100, ':32A:'), 'amount must be positive'))
  })

  it('an unknown currency', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('KZT350000,00', 'XXX350000,00')))).toEqual(only(lineOf(MT100, ':32A:'), 'currency "XXX" is not handled'))
  })

  it('a value date that is not a date', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace(':32A:251125', ':32A:251131')))).toEqual(only(lineOf(MT100, ':32A:'), 'value date YYMMDD'))
  })

  it('a document date that is not a date', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('/DATE/251125', '/DATE/25-11-25')))).toEqual(only(lineOf(MT100, '/DATE/'), '/DATE/ "25-11-25" is not a date'))
  })
})

describe('reading: identifiers and codes', () => {
  it('an invalid payer IIK (MOD-97)', () => {
    const text = MT100.replace(':50:/D/KZ18722S000012345678', ':50:/D/KZ18722S000012345679')
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, ':50:'), 'MT100: payer: IIK "KZ18722S000012345679" is not a valid KZ IBAN'))
  })

  it('an invalid payee IIK (MOD-97)', () => {
    const text = MT100.replace(':59:KZ31601A000000000001', ':59:KZ32601A000000000001')
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, ':59:'), 'payee: IIK "KZ32601A000000000001" is not a valid KZ IBAN'))
  })

  it(':50: without /D/', () => {
    const text = MT100.replace(':50:/D/', ':50:')
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, ':50:'), ':50: must start with /D/'))
  })

  it('an invalid BIC of the payee bank', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace(':57B:HSBKKZKX', ':57B:HSBK1ZKX')))).toEqual(only(lineOf(MT100, ':57B:'), `payee's bank (field 57B): BIC "HSBK1ZKX" is not valid`))
  })

  it('an invalid BIC of the sender in block 1', () => {
    expect(problemsOf(() => mt100Codec.read(MT100.replace('F01CASPKZKA', 'F01CASPKZ')))).toEqual(only(1, 'block 1 sender: BIC "CASPKZ" is not valid'))
  })

  it('an IIN with a wrong check digit', () => {
    const text = MT100.replace('/IDN/061211600012', '/IDN/061211600013')
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, '/IDN/061211600013'), 'IIN/BIN 061211600013 has a wrong check digit'))
  })

  it('an IIN/BIN that is not 12 digits', () => {
    const text = MT100.replace('/IDN/940140000385', '/IDN/94014000038')
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, '/IDN/94014000038'), 'must be 12 digits'))
  })

  it.each(['31', '3110', '31A'])('a KNP that is not 3 digits: %s', (knp) => {
    const text = MT100.replace('/KNP/311', `/KNP/${knp}`)
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, '/KNP/'), 'must be 3 digits'))
  })

  it('a KNP missing', () => {
    const text = edit(MT100, '/KNP/', [])
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, ':70:'), '/KNP/ (EKNP purpose code) missing'))
  })

  it.each(['0', '3', '12'])('an IRS that is not 1 or 2: %s', (irs) => {
    const text = edit(MT100, '/IRS/', [`/IRS/${irs}`], 2)
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, '/IRS/', 2), 'payee: IRS'))
  })

  it.each(['0', '10', 'A'])('a SECO that is not one digit 1–9: %s', (seco) => {
    const text = edit(MT100, '/SECO/', [`/SECO/${seco}`])
    expect(problemsOf(() => mt100Codec.read(text))).toEqual(only(lineOf(text, '/SECO/'), 'must be one digit 1–9'))
  })
})

describe('reading: MT102 file rules', () => {
  it('a total that does not match the transactions, on the :32A: line', () => {
    expect(problemsOf(() => mt102Codec.read(MT102.replace('KZT637500,50', 'KZT637500,00')))).toEqual(
      only(lineOf(MT102, ':32A:'), 'the total 637500,00 differs from the sum of the transactions 637500,50')
    )
  })

  it('a transaction amount changed so the sum no longer matches', () => {
    expect(mt102Codec.read(MT102.replace(':32B:KZT287500,50', ':32B:KZT287500,5'))).toEqual(b) // the same amount
    expect(problemsOf(() => mt102Codec.read(MT102.replace(':32B:KZT287500,50', ':32B:KZT287500,51')))).toEqual(only(lineOf(MT102, ':32A:'), 'differs from the sum'))
  })

  it('a duplicate transaction reference, on the second :21:', () => {
    const text = MT102.replace(':21:SAL2511-001-2', ':21:SAL2511-001-1')
    expect(problemsOf(() => mt102Codec.read(text))).toEqual(only(lineOf(text, ':21:', 2), `reference SAL2511-001-1 repeats the transaction on line ${lineOf(text, ':21:', 1)}`))
  })

  it('a transaction in another currency than the header', () => {
    expect(problemsOf(() => mt102Codec.read(MT102.replace(':32B:KZT287500,50', ':32B:USD287500,50')))).toEqual(only(lineOf(MT102, ':32B:', 2), 'currency USD differs from the header'))
  })

  it('no transaction at all', () => {
    const text = MT102.slice(0, MT102.indexOf(':21:')) + '-}\n'
    expect(problemsOf(() => mt102Codec.read(text))).toEqual(only(4, 'at least one transaction'))
  })

  it('more than 10,000 transactions, on the 10,001st :21:', () => {
    const tx = b.transactions[1]!
    const big: PaymentBatch = { ...b, transactions: Array.from({ length: 10_000 }, (_, i) => ({ ...tx, txId: `T${i}`, instructionId: `T${i}` })) }
    const text = mt102Codec.write(big).replaceAll('\r\n', '\n')
    const extra = text.slice(text.indexOf(':21:T9999'), text.lastIndexOf('-}')).replace(':21:T9999', ':21:T10000')
    const over = text.slice(0, text.lastIndexOf('-}')) + extra + '-}\n'
    expect(problemsOf(() => mt102Codec.read(over))).toEqual([
      { line: lineOf(MT102, ':32A:'), message: expect.stringContaining('differs from the sum') },
      { line: lineOf(over, ':21:T10000'), message: expect.stringContaining('at most 10000 transactions') }
    ])
  })
})
