// An operation's detail says, next to its payment document, when the operation was later reversed or partly given
// back, with the later operation and its document (R7.5.6): the document itself stays as it was formed.
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import type { OperationDetail, OperationRow } from '../../../src/core/api/types'

// Loaded by its path: its @core type imports are the web build's, outside the node typecheck of tests.
type Undoing = { kind: 'reversed' | 'returned'; seq: number; documentNo: string | null; amountMinor: number; currency: string; at: number }
const { undoneBy } = (await import(resolve(__dirname, '../../../src/renderer/src/views/operations/undone.ts'))) as {
  undoneBy: (d: Pick<OperationDetail, 'operation' | 'related'>) => Undoing[]
}

const row = (o: Partial<OperationRow>): OperationRow =>
  ({ seq: 1, status: 'accepted', reason: 'purchase', originalSeq: null, reversedBy: null, documentNo: null, amountMinor: 250_000, currency: 'KZT', receivedAt: 1_000, ...o }) as OperationRow

it('names the reversal of a reversed operation, with its document', () => {
  const reversal = row({ seq: 7, reason: 'reversal', originalSeq: 3, documentNo: '20261208-0000000007', receivedAt: 5_000 })
  const original = row({ seq: 3, status: 'reversed', reversedBy: 7, documentNo: '20261208-0000000003' })
  expect(undoneBy({ operation: original, related: [reversal] })).toEqual([
    { kind: 'reversed', seq: 7, documentNo: '20261208-0000000007', amountMinor: 250_000, currency: 'KZT', at: 5_000 }
  ])
})

it('names each partial return of the operation that was accepted, oldest first', () => {
  const original = row({ seq: 3, documentNo: '20261208-0000000003' })
  const later = row({ seq: 9, reason: 'return', originalSeq: 3, amountMinor: 20_000, documentNo: 'D9', receivedAt: 9_000 })
  const earlier = row({ seq: 8, reason: 'return', originalSeq: 3, amountMinor: 10_000, documentNo: 'D8', receivedAt: 8_000 })
  const refused = row({ seq: 10, status: 'refused', reason: 'return', originalSeq: 3, amountMinor: 999_000 })
  expect(undoneBy({ operation: original, related: [later, refused, earlier] }).map((u) => [u.kind, u.seq, u.amountMinor])).toEqual([
    ['returned', 8, 10_000],
    ['returned', 9, 20_000]
  ])
})

it('says nothing for an operation standing as it was, nor for the reversal itself (its original is no undoing)', () => {
  expect(undoneBy({ operation: row({ seq: 3 }), related: [] })).toEqual([])
  const original = row({ seq: 3, status: 'reversed', reversedBy: 7 })
  expect(undoneBy({ operation: row({ seq: 7, reason: 'reversal', originalSeq: 3 }), related: [original] })).toEqual([])
})
