// A terminated participant stays terminated (R9.1.5, R13.1, R15.2): its code and history remain, service does
// not resume. Nothing of it is put back in service in the registries either; blocking and closing still work.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, Instrument, Participant, Terminal, UserRow } from '../../../src/core/api/types'
import { operatorWorkstation, snapshot, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let bank: Record<string, Participant>
beforeEach(() => void ({ ws, bank } = operatorWorkstation()))
afterEach(() => ws.dispose())

const terminate = (code: string) => ws.ok('ops', 'participants.setStatus', { participantId: bank[code]!.id, status: 'terminated', reason: 'licence revoked' })
const refusedUnchanged = (name: string, input: object, message: string) => {
  const before = snapshot(ws)
  expect(ws.call('ops', name, input)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message } })
  expect(snapshot(ws)).toBe(before)
}

describe('a terminated participant’s registry entries', () => {
  it('keep its blocked accounts blocked', () => {
    const account = ws.ok<Account[]>('ops', 'accounts.list', { participantId: bank.P004!.id, kind: 'client' })[0]!
    ws.ok('ops', 'accounts.setStatus', { accountId: account.id, status: 'blocked', reason: 'court order' })
    terminate('P004')
    refusedUnchanged('accounts.setStatus', { accountId: account.id, status: 'open', reason: 'court order lifted' }, 'P004 is terminated: nothing of it is put back in service')
  })

  it('keep its blocked instruments blocked', () => {
    const instrument = ws.ok<Instrument[]>('ops', 'instruments.list', { issuerId: bank.P004!.id }).find((i) => i.status === 'active')!
    ws.ok('ops', 'instruments.setStatus', { instrumentId: instrument.id, status: 'blocked', reason: 'suspected fraud' })
    terminate('P004')
    refusedUnchanged('instruments.setStatus', { instrumentId: instrument.id, status: 'active', reason: 'fraud ruled out' }, 'P004 is terminated: nothing of it is put back in service')
  })

  it('keep its blocked terminals blocked', () => {
    const terminal = ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: bank.P004!.id })[0]!
    ws.ok('ops', 'terminals.setStatus', { terminalId: terminal.id, status: 'blocked' })
    terminate('P004')
    refusedUnchanged('terminals.setStatus', { terminalId: terminal.id, status: 'active' }, 'P004 is terminated: nothing of it is put back in service')
  })

  it('R15.2, R12.4: keep its staff’s blocked logins blocked', () => {
    ws.signIn('adm', 'admin')
    const staff = ws.ok<UserRow[]>('adm', 'users.list', { participantId: bank.P001!.id }).find((u) => u.login === 'kaspi.operator')!
    ws.ok('adm', 'users.block', { userId: staff.id, reason: 'left the bank' })
    terminate('P001')
    const before = snapshot(ws)
    expect(ws.call('adm', 'users.unblock', { userId: staff.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'P001 is terminated: nothing of it is put back in service' } })
    expect(snapshot(ws)).toBe(before)
  })

  it('may still be blocked and closed', () => {
    const account = ws.ok<Account[]>('ops', 'accounts.list', { participantId: bank.P004!.id, kind: 'client' })[0]!
    const instrument = ws.ok<Instrument[]>('ops', 'instruments.list', { issuerId: bank.P004!.id }).find((i) => i.status === 'active')!
    const terminal = ws.ok<Terminal[]>('ops', 'terminals.list', { acquirerId: bank.P004!.id })[0]!
    terminate('P004')
    expect(ws.ok<Account>('ops', 'accounts.setStatus', { accountId: account.id, status: 'blocked', reason: 'bank terminated' }).status).toBe('blocked')
    expect(ws.ok<Instrument>('ops', 'instruments.setStatus', { instrumentId: instrument.id, status: 'closed', reason: 'bank terminated' }).status).toBe('closed')
    expect(ws.ok<Terminal>('ops', 'terminals.setStatus', { terminalId: terminal.id, status: 'blocked' }).status).toBe('blocked')
  })
})
