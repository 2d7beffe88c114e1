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

it('takes English grouping before a decimal dot, and never guesses at "1,500" (1 500 or 1,5)', () => {
  const min = (amountMin: string) => filterQuery({ ...emptyFilter(), amountMin }).amountMin
  expect(min('1,500.00')).toBe('1500.00')
  expect(min('1,500,000.5')).toBe('1500000.5')
  expect(min('1500,5')).toBe('1500.5')
  // Ambiguous: passed on as typed, so the call refuses it with the field named instead of filtering on 1.5.
  expect(min('1,500')).toBe('1,500')
})
