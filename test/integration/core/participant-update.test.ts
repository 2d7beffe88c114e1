// Correcting a participant's name and changing its participation type (R9.2.1, R9.4.13), on a real SQLite file:
// the code, BIC and BIN stay; a role is given up only when nothing still works under it; each refusal is coded and
// changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Participant, ParticipantStatusChange, Terminal } from '../../../src/core/api/types'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let bank: Record<string, Participant>
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('ops', 'operator')
  bank = Object.fromEntries(ws.ok<Participant[]>('ops', 'participants.list').map((p) => [p.code, p]))
})
afterEach(() => ws.dispose())

const edit = (p: Participant, over: object = {}) =>
  ws.call<Participant>('ops', 'participants.update', { participantId: p.id, name: p.name, issuer: p.issuer, acquirer: p.acquirer, ...over })

/** The call is refused with this code and rule (and figures), and nothing in the database changes. */
function refusedUnchanged(run: () => unknown, code: string, reason: object): void {
  const before = snapshot(ws)
  expect(run()).toMatchObject({ ok: false, error: { code, reasons: [reason] } })
  expect(snapshot(ws)).toBe(before)
}

describe('editing a participant', () => {
  it('corrects the name and adds a role; the code, BIC and BIN stay; the audit names the participant', () => {
    const freedom = bank.P005!
    const r = ws.ok<Participant>('ops', 'participants.update', { participantId: freedom.id, name: 'Freedom Finance Bank JSC', issuer: true, acquirer: true })
    expect(r).toEqual({ ...freedom, name: 'Freedom Finance Bank JSC', acquirer: true })
    expect(ws.ok<Participant[]>('ops', 'participants.list').find((p) => p.id === freedom.id)).toEqual(r)
    const audit = ws.db.prepare("SELECT subject, outcome, detail FROM audit_log WHERE action = 'participants.update'").all()
    expect(audit).toEqual([{ subject: 'P005', outcome: 'ok', detail: expect.stringContaining('Freedom Finance Bank JSC') }])
    // Not a change of status: nothing is added to the status history nor noticed to the participants (R9.3.2).
    expect(ws.ok<ParticipantStatusChange[]>('ops', 'participants.history', { participantId: freedom.id })).toEqual([])
  })

  it('fixes a name kept from before that holds a control character', () => {
    ws.db.prepare("UPDATE participants SET name = name || char(7) WHERE code = 'P001'").run()
    const kaspi = ws.ok<Participant[]>('ops', 'participants.list').find((p) => p.code === 'P001')!
    expect(edit(kaspi, { name: 'Kaspi Bank JSC' })).toMatchObject({ ok: true, value: { name: 'Kaspi Bank JSC' } })
  })

  it('lets an acquirer stop acquiring once its terminals are all blocked', () => {
    const kaspi = bank.P001!
    for (const t of ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: kaspi.id })) ws.ok('ops', 'terminals.setStatus', { terminalId: t.id, status: 'blocked' })
    expect(edit(kaspi, { acquirer: false })).toMatchObject({ ok: true, value: { issuer: true, acquirer: false } })
    // Its terminals stay blocked: none is put back in service while it is no acquirer (R8.4).
    const [terminal] = ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: kaspi.id })
    refusedUnchanged(() => ws.call('ops', 'terminals.setStatus', { terminalId: terminal!.id, status: 'active' }), 'CONFLICT', { rule: 'registry.not_acquirer', params: { code: 'P001' } })
    // An acquirer again, and it may be.
    expect(edit({ ...kaspi, acquirer: false }, { acquirer: true })).toMatchObject({ ok: true })
    expect(ws.call('ops', 'terminals.setStatus', { terminalId: terminal!.id, status: 'active' })).toMatchObject({ ok: true, value: { status: 'active' } })
  })

  it('lets an issuer with no client accounts nor instruments become an acquirer only', () => {
    const altyn = ws.ok<Participant>('ops', 'participants.create', { name: 'Altyn Bank JSC', bic: 'ATYNKZKA', bin: '100840001116', issuer: true, acquirer: false })
    expect(edit(altyn, { issuer: false, acquirer: true })).toMatchObject({ ok: true, value: { issuer: false, acquirer: true } })
  })

  it('may be done while the participant is suspended', () => {
    const halyk = ws.ok<Participant>('ops', 'participants.setStatus', { participantId: bank.P002!.id, status: 'suspended', reason: 'AML review' })
    expect(edit(halyk, { name: 'Halyk Bank JSC' })).toMatchObject({ ok: true, value: { name: 'Halyk Bank JSC', status: 'suspended' } })
  })
})

describe('an edit that is refused changes nothing', () => {
  it('a name holding a control character, by the create rule', () => {
    for (const name of ['Kaspi\u0007 Bank', 'Kaspi\nBank', 'Kaspi\u0000Bank'])
      refusedUnchanged(() => edit(bank.P001!, { name }), 'VALIDATION', { rule: 'unusable_character', value: 'name' })
  })

  it('neither issuer nor acquirer', () => {
    refusedUnchanged(() => edit(bank.P001!, { issuer: false, acquirer: false }), 'VALIDATION', { value: 'issuer' })
  })

  it.each(['code', 'bic', 'bin'])('a %s, which other records and messages refer to', (field) => {
    refusedUnchanged(() => edit(bank.P001!, { [field]: 'X' }), 'VALIDATION', {})
  })

  it('dropping the acquirer role while terminals are in service (R8.4)', () => {
    refusedUnchanged(() => edit(bank.P001!, { acquirer: false }), 'CONFLICT', { rule: 'registry.acquirer_terminals_in_service', params: { code: 'P001', terminals: 2 } })
  })

  it('dropping the issuer role while client accounts or instruments are not closed', () => {
    refusedUnchanged(() => edit(bank.P005!, { issuer: false, acquirer: true }), 'CONFLICT', {
      rule: 'registry.issuer_clients_not_closed',
      params: { code: 'P005', accounts: 11, instruments: 10 }
    })
  })

  it('a terminated participant', () => {
    const p = ws.ok<Participant>('ops', 'participants.setStatus', { participantId: bank.P005!.id, status: 'terminated', reason: 'contract ended' })
    refusedUnchanged(() => edit(p, { name: 'Freedom Bank JSC' }), 'CONFLICT', { rule: 'registry.terminated_not_edited', params: { code: 'P005' } })
  })

  it('the same name and type again', () => {
    refusedUnchanged(() => edit(bank.P001!), 'CONFLICT', { rule: 'registry.participant_unchanged', params: { code: 'P001' } })
  })

  it('a participant not registered', () => {
    refusedUnchanged(() => edit({ ...bank.P001!, id: '0'.repeat(26) }, { name: 'Other' }), 'NOT_FOUND', { rule: 'registry.no_participant' })
  })

  it('asked by a participant’s staff, even for its own bank: FORBIDDEN', () => {
    ws.signIn('bank', 'kaspi.operator')
    const before = snapshot(ws)
    const kaspi = bank.P001!
    expect(ws.call('bank', 'participants.update', { participantId: kaspi.id, name: 'Kaspi Bank', issuer: true, acquirer: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(snapshot(ws)).toBe(before)
  })
})
