// The examples of FORMAT.md are read as they are written there, and the writer writes them back.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectNationalFormat, mt100Codec, mt102Codec } from '../../../../../src/core/messages/mt'
import type { PaymentBatch } from '../../../../../src/core/messages/types'
import { exampleBatch } from './arbitraries'

const doc = readFileSync(join(__dirname, '../../../../../src/core/messages/mt/FORMAT.md'), 'utf8')
const example = (fence: string): string => {
  const m = new RegExp('```' + fence + '\\n([\\s\\S]*?)```').exec(doc)
  if (!m) throw new Error(`no ${fence} example in FORMAT.md`)
  return m[1]!
}

describe('FORMAT.md examples', () => {
  it('the MT100 example reads to its batch and is what the writer writes', () => {
    const b = exampleBatch()
    const single: PaymentBatch = { ...b, messageId: 'PAY-7781', transactions: [{ ...b.transactions[0]!, txId: 'PAY-7781', instructionId: 'PAY-7781' }] }
    const text = example('mt100')
    expect(detectNationalFormat(text)).toBe('MT100')
    expect(mt100Codec.read(text)).toEqual(single)
    expect(mt100Codec.write(single).replaceAll('\r\n', '\n')).toBe(text)
  })

  it('the MT102 example reads to its batch and is what the writer writes', () => {
    const text = example('mt102')
    expect(detectNationalFormat(text)).toBe('MT102')
    expect(mt102Codec.read(text)).toEqual(exampleBatch())
    expect(mt102Codec.write(exampleBatch()).replaceAll('\r\n', '\n')).toBe(text)
  })
})
