// A registry's names (clients', participants') are free text that reaches the messages sent to participants
// (a statement's account owner, R9.3.7) and the documents and reports: a control character, which XML cannot carry,
// is refused at the call by its rule, nothing registered; a name kept before that rule fails its export by a code
// naming the participant, not as an internal error (R3.2, R7.5). On a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportResult } from '../../../src/core/api/types'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
})
afterEach(() => ws.dispose())

const UNUSABLE = ['Aibek\u0007 Tulegenov', 'Aibek\u0000Tulegenov', 'Aibek\nTulegenov', 'Aibek\u001bTulegenov', 'Aibek\u007fTulegenov', 'Aibek \uFFFE']
const refusedName = { ok: false, error: { code: 'VALIDATION', reasons: [{ rule: 'unusable_character', value: 'name' }] } }

describe('a name holding a character that cannot be used', () => {
  it('is refused for a client by its rule on the name; nothing is registered', () => {
    const before = snapshot(ws)
    for (const name of UNUSABLE) expect(ws.call('op', 'clients.create', { iin: '061211600012', name }), JSON.stringify(name)).toMatchObject(refusedName)
    expect(snapshot(ws)).toBe(before)
  })

  it('is refused for a participant by its rule on the name; nothing is registered', () => {
    const before = snapshot(ws)
    for (const name of UNUSABLE) expect(ws.call('op', 'participants.create', { name, bic: 'ABCDKZKA', bin: '931140001235', issuer: true, acquirer: false }), JSON.stringify(name)).toMatchObject(refusedName)
    expect(snapshot(ws)).toBe(before)
  })

  it('is taken when the name is ordinary text, Kazakh letters and punctuation included', () => {
    expect(ws.ok('op', 'clients.create', { iin: '061211600012', name: 'Әлихан Бөкейханов-Ұлы «Т.»' })).toMatchObject({ name: 'Әлихан Бөкейханов-Ұлы «Т.»' })
  })
})

describe('a statement of a participant', () => {
  const statement = () => ws.callAsync<ExportResult>('op', 'messages.export', { type: 'camt.053.001.08', participantCode: 'P001', day: '2026-11-22' })

  it('is exported with its ordinary name as the account owner', async () => {
    const r = await statement()
    expect(r).toMatchObject({ ok: true })
    const name = ws.db.prepare("SELECT name FROM participants WHERE code = 'P001'").pluck().get() as string
    if (r.ok) expect(Buffer.from(r.value.base64!, 'base64').toString('utf8')).toContain(`<Nm>${name}</Nm>`)
  })

  // A name registered before the rule: the export says whose name it is, not «internal error»; nothing is recorded.
  it('is refused, naming the participant, when a name kept from before holds such a character', async () => {
    ws.db.prepare("UPDATE participants SET name = name || char(7) WHERE code = 'P001'").run()
    const before = snapshot(ws)
    for (const type of ['camt.053.001.08', 'camt.054.001.08'])
      expect(await ws.callAsync('op', 'messages.export', { type, participantCode: 'P001', day: '2026-11-22' }), type).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', reasons: [{ rule: 'messages.name_unusable', params: { party: 'P001' } }] }
      })
    expect(snapshot(ws)).toBe(before)
  })
})
