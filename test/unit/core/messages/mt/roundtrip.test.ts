import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectNationalFormat, mt100Codec, mt102Codec } from '../../../../../src/core/messages/mt'
import type { PaymentBatch } from '../../../../../src/core/messages/types'
import { arbMt100Batch, arbMt102Batch, exampleBatch } from './arbitraries'

const lineLengths = (text: string): number[] => text.split(/\r?\n/).map((l) => [...l].length)

describe('MT100 round trip', () => {
  it('write → read gives back the same batch (property)', () => {
    fc.assert(
      fc.property(arbMt100Batch, (batch) => {
        const text = mt100Codec.write(batch)
        expect(mt100Codec.read(text)).toEqual(batch)
        expect(Math.max(...lineLengths(text))).toBeLessThanOrEqual(65)
        expect(detectNationalFormat(text)).toBe('MT100')
      }),
      { numRuns: 300 }
    )
  })

  it('reads LF as well as CRLF, with a byte-order mark, and a header on one line', () => {
    const b = exampleBatch()
    const batch: PaymentBatch = { ...b, messageId: 'X1', transactions: [{ ...b.transactions[0]!, txId: 'X1', instructionId: 'X1' }] }
    const text = mt100Codec.write(batch)
    expect(text).toContain('\r\n')
    expect(mt100Codec.read(`\uFEFF${text.replaceAll('\r\n', '\n')}`)).toEqual(batch)
    const oneLine = text.replace(/\}\r\n\{/g, '}{')
    expect(oneLine.split('\r\n')[0]).toMatch(/^\{1:F01CASPKZKA\}\{2:I100NBRKKZKX\}\{3:\{CRT:[^}]+\}\}\{4:$/)
    expect(mt100Codec.read(oneLine)).toEqual(batch)
  })

  it('without block 3, createdAt is midnight of the value date in Almaty (UTC+5); an offset in CRT is taken', () => {
    const b = exampleBatch()
    const batch: PaymentBatch = { ...b, messageId: 'X1', transactions: [{ ...b.transactions[0]!, txId: 'X1', instructionId: 'X1' }] }
    const text = mt100Codec.write(batch)
    expect(mt100Codec.read(text.replace(/\{3:[^\n]*\n/, '')).createdAt).toBe(Date.UTC(2025, 10, 24, 19, 0, 0))
    expect(mt100Codec.read(text.replace('2025-11-25T05:30:00.123Z', '2025-11-25T10:30:00.123+05:00')).createdAt).toBe(batch.createdAt)
  })
})

describe('MT102 round trip', () => {
  it('write → read gives back the same batch (property; one payer for all, or one per transaction)', () => {
    fc.assert(
      fc.property(arbMt102Batch(), (batch) => {
        const text = mt102Codec.write(batch)
        expect(mt102Codec.read(text)).toEqual(batch)
        expect(Math.max(...lineLengths(text))).toBeLessThanOrEqual(65)
        expect(detectNationalFormat(text)).toBe('MT102')
      }),
      { numRuns: 150 }
    )
  })

  it('puts a common payer in the header, and each payer in its transaction otherwise', () => {
    const b = exampleBatch()
    const common = mt102Codec.write(b).split('\r\n')
    expect(common.filter((l) => l.startsWith(':50:'))).toHaveLength(1)
    expect(common.indexOf(':52B:CASPKZKA')).toBeLessThan(common.findIndex((l) => l.startsWith(':21:')))
    const other = { ...b, transactions: [b.transactions[0]!, { ...b.transactions[1]!, debtor: { ...b.transactions[1]!.debtor, sector: '6' } }] }
    const separate = mt102Codec.write(other)
    expect(separate.split('\r\n').filter((l) => l.startsWith(':50:'))).toHaveLength(2)
    expect(mt102Codec.read(separate)).toEqual(other)
  })

  it('carries 10,000 transactions, with a total of exact minor units', () => {
    const b = exampleBatch()
    const tx = b.transactions[1]!
    const batch: PaymentBatch = {
      ...b,
      transactions: Array.from({ length: 10_000 }, (_, i) => ({ ...tx, txId: `T${i}`, instructionId: `T${i}`, amountMinor: 999_999_999_999 + i }))
    }
    const text = mt102Codec.write(batch)
    // 10,000 × 999,999,999,999 + (0 + … + 9,999) minor units: beyond a double's exact integers, so summed as BigInt
    const total = 10_000n * 999_999_999_999n + 49_995_000n
    expect(total > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true)
    expect(text.split('\r\n')).toContain(`:32A:251125KZT${total / 100n},${String(total % 100n).padStart(2, '0')}`)
    expect(mt102Codec.read(text)).toEqual(batch)
  })
})

describe('detectNationalFormat', () => {
  it('tells MT100 from MT102 by block 2, and anything else is null', () => {
    expect(detectNationalFormat('{1:F01CASPKZKA}{2:I100NBRKKZKX}{4:\n-}')).toBe('MT100')
    expect(detectNationalFormat('\uFEFF\r\n{1:F01CASPKZKA}\r\n{2:I102NBRKKZKX}\r\n{4:\r\n-}')).toBe('MT102')
    expect(detectNationalFormat('{1:F01CASPKZKA}{2:I103NBRKKZKX}{4:\n-}')).toBeNull()
    expect(detectNationalFormat('<?xml version="1.0"?><Document/>')).toBeNull()
    expect(detectNationalFormat('')).toBeNull()
  })
})
