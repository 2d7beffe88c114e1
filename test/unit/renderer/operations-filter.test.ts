// The journal's amount filter takes an amount as staff type it in Kazakhstan (digits grouped by spaces, a
// decimal comma), as every other amount field does (typedAmount): the call takes "1500000.50".
import { resolve } from 'node:path'
import { expect, it } from 'vitest'

// Loaded by its path: its @core type imports are the web build's, outside the node typecheck of tests.
type Filter = Record<'amountMin' | 'amountMax', string>
const { emptyFilter, filterQuery } = (await import(resolve(__dirname, '../../../src/renderer/src/views/operations/filter.ts'))) as {
  emptyFilter: () => Filter
  filterQuery: (f: Filter) => Partial<Record<'amountMin' | 'amountMax', string>>
}

it('sends a typed amount with grouped digits and a decimal comma as the calls take it', () => {
  const q = filterQuery({ ...emptyFilter(), amountMin: ' 1 500 000,50 ', amountMax: '2\u00a0000' })
  expect(q.amountMin).toBe('1500000.50')
  expect(q.amountMax).toBe('2000')
})

it('leaves blank amounts out', () => {
  const q = filterQuery({ ...emptyFilter(), amountMin: '  ', amountMax: '' })
  expect(q.amountMin).toBeUndefined()
  expect(q.amountMax).toBeUndefined()
})
