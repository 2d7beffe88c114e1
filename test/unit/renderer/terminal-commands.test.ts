// The terminals' row menu withholds what the core refuses for a terminated acquirer's terminal, saying why in the
// core's own words (R8.4): «Изменить» above all, which the form used to refuse only once opened.
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import type { Participant, Terminal } from '../../../src/core/api/types'

// Loaded by its path: its @core type imports are the web build's, outside the node typecheck of tests.
type Refused = Partial<Record<string, { key: string; params: Record<string, string> }>>
const { commandsFor, refusedCommands } = (await import(resolve(__dirname, '../../../src/renderer/src/views/terminals/commands.ts'))) as {
  commandsFor: (t: Terminal) => string[]
  refusedCommands: (t: Terminal, acquirer: Pick<Participant, 'code' | 'status'> | undefined) => Refused
}

const terminal: Terminal = {
  id: 't9',
  code: 'T000009',
  acquirerId: 'p3',
  acquirerName: 'ForteBank JSC',
  kind: 'atm',
  serial: 'FORTE-ATM-77',
  address: 'Shymkent, Tauke Khan Ave 5',
  status: 'active',
  certifiedAt: null,
  certificateRef: null
}

it('withholds the edit of a terminated acquirer’s terminal with the refusal the form gave', () => {
  const refused = refusedCommands(terminal, { code: 'P003', status: 'terminated' })
  expect(refused.edit).toEqual({ key: 'terminal_acquirer_terminated', params: { acquirer: 'P003', code: 'T000009' } })
  // Nothing of it goes back in service; blocking it stays possible.
  for (const c of ['certify', 'unblock', 'issueKey']) expect(refused[c], c).toEqual({ key: 'participant_terminated', params: { code: 'P003' } })
  expect(refused.block).toBeUndefined()
  expect(commandsFor(terminal)).toEqual(['edit', 'certify', 'block', 'issueKey'])
})

it('withholds nothing for an active or suspended acquirer, or one not known to the screen', () => {
  expect(refusedCommands(terminal, { code: 'P003', status: 'active' })).toEqual({})
  expect(refusedCommands(terminal, { code: 'P003', status: 'suspended' })).toEqual({})
  expect(refusedCommands(terminal, undefined)).toEqual({})
})
