// The operations journal's rows and the filter they were found by (R7.5), against a workstation on a real SQLite
// file, its operations made through the Center's pipeline: a filter the call refuses is never adopted, so the rows
// on screen, "load older" and the live feed go on under the filter they belong to.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Account, AuthorizationAnswer, CallResult, OperationRow } from '../../../src/core/api/types'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'
import { rendererModule } from '../../unit/renderer/real-messages'

// The journal calls window.api as the preload gives it: here, the workstation's dispatcher.
const operations: Record<string, (input: unknown) => Promise<CallResult<unknown>>> = {}
Object.assign(globalThis, { window: { api: { operations } } })

type Filter = Record<'day' | 'type' | 'status' | 'participantId' | 'terminal' | 'iin' | 'pan' | 'amountMin' | 'amountMax' | 'currency', string>
type Query = Record<string, string | undefined>
interface Journal {
  rows: { value: OperationRow[] }
  nextBeforeSeq: { value: number | null }
  search: (q: Query) => Promise<void>
  loadOlder: () => Promise<void>
  poll: () => Promise<OperationRow[]>
}
const { emptyFilter, filterQuery } = (await import(rendererModule('views/operations/filter.ts'))) as { emptyFilter: () => Filter; filterQuery: (f: Filter) => Query }
const { useJournal } = (await import(rendererModule('views/operations/useJournal.ts'))) as { useJournal: (pageSize: number) => Journal }

let ws: TestWorkstation
let payer: Account
let payee: Account
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
  for (const name of ['list', 'feed']) operations[name] = (input) => Promise.resolve(ws.call('op', `operations.${name}`, input))
  const kzt = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).filter((a) => a.status === 'open' && a.currency === 'KZT')
  payer = kzt.find((a) => a.availableMinor >= 1_000_000 && a.limitPerOpMinor === null)!
  payee = kzt.find((a) => a.participantId !== payer.participantId)!
})
afterEach(() => ws.dispose())

const query = (f: Partial<Filter>) => filterQuery({ ...emptyFilter(), ...f })
const made = (requestId: string, type: 'transfer' | 'payment') =>
  ws.ok<AuthorizationAnswer>('op', 'operations.submit', { requestId, type, channel: 'app', payer: { iban: payer.iban }, payee: { iban: payee.iban }, amount: '25.00', currency: 'KZT' })
const types = (rows: OperationRow[]) => [...new Set(rows.map((r) => r.type))]

it('keeps a refused filter out: the rows, their older pages and the live feed stay those of the filter before', async () => {
  const journal = useJournal(5)
  await journal.search(query({ type: 'transfer' }))
  const shown = journal.rows.value
  const next = journal.nextBeforeSeq.value
  expect(shown).toHaveLength(5)
  expect(types(shown)).toEqual(['transfer'])
  expect(next).not.toBeNull()

  // An amount that is none, and a range upside down: each refused with its reason, nothing on screen changed.
  for (const refused of [query({ type: 'transfer', amountMin: 'abc' }), query({ type: 'transfer', amountMin: '500', amountMax: '100' })]) {
    await expect(journal.search(refused)).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(journal.rows.value).toBe(shown)
    expect(journal.nextBeforeSeq.value).toBe(next)
  }

  // "Load older" goes on under the filter of the rows shown.
  await journal.loadOlder()
  expect(journal.rows.value.length).toBeGreaterThan(5)
  expect(journal.rows.value.slice(0, 5)).toEqual(shown)
  expect(types(journal.rows.value)).toEqual(['transfer'])

  // So does the live feed: a new transfer arrives at the top, a payment does not.
  const payment = made('journal-payment', 'payment')
  const transfer = made('journal-transfer', 'transfer')
  expect([payment.status, transfer.status]).toEqual(['accepted', 'accepted'])
  expect((await journal.poll()).map((r) => r.seq)).toEqual([transfer.operation])
  expect(journal.rows.value[0]!.seq).toBe(transfer.operation)
})

it('adopts a filter the call takes, with its first page, and follows it from then on', async () => {
  const journal = useJournal(5)
  await journal.search(query({ type: 'transfer' }))
  await journal.search(query({ type: 'payment' }))
  expect(types(journal.rows.value)).toEqual(['payment'])
  made('journal-transfer-2', 'transfer')
  const payment = made('journal-payment-2', 'payment')
  expect((await journal.poll()).map((r) => r.seq)).toEqual([payment.operation])
  await journal.loadOlder()
  expect(types(journal.rows.value)).toEqual(['payment'])
})
