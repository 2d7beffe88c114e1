// Payment instruments issued and personalised at the desk (R3.2.2), on a real SQLite file with the demo data.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, Client, Instrument, Participant } from '../../../src/core/api/types'
import { operatorWorkstation, snapshot, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let bank: Record<string, Participant>
beforeEach(() => void ({ ws, bank } = operatorWorkstation()))
afterEach(() => ws.dispose())

const openAccountAt = (code: string): Account => ws.ok<Account[]>('ops', 'accounts.list', { participantId: bank[code]!.id, kind: 'client' }).find((a) => a.status === 'open')!

describe('issuing an e-wallet (R3.2.2)', () => {
  it('gives it a wallet number no other instrument has, also next to the demo’s wallets', () => {
    const account = openAccountAt('P002')
    const taken = new Set(ws.ok<Instrument[]>('ops', 'instruments.list', {}).map((i) => i.walletNo).filter(Boolean))
    expect(taken.size).toBeGreaterThan(0)
    const first = ws.call<Instrument>('ops', 'instruments.issue', { kind: 'wallet', accountId: account.id, holderName: 'WALLET HOLDER' })
    expect(first).toMatchObject({ ok: true, value: { kind: 'wallet', walletNo: expect.stringMatching(/^W\d{10}$/), status: 'active' } })
    const second = ws.ok<Instrument>('ops', 'instruments.issue', { kind: 'wallet', accountId: account.id, holderName: 'WALLET HOLDER' })
    const numbers = [first.ok ? first.value.walletNo : null, second.walletNo]
    for (const n of numbers) expect(taken.has(n)).toBe(false)
    expect(new Set(numbers).size).toBe(2)
  })

  it('skips a number a database seeded by an earlier version gave out outside the sequence', () => {
    const next = ws.db.prepare("SELECT next FROM code_sequences WHERE name = 'wallet'").pluck().get() as number
    const squatted = `W${String(next).padStart(10, '0')}`
    ws.db.prepare("UPDATE instruments SET wallet_no = ? WHERE id = (SELECT id FROM instruments WHERE kind = 'wallet' LIMIT 1)").run(squatted)
    const issued = ws.ok<Instrument>('ops', 'instruments.issue', { kind: 'wallet', accountId: openAccountAt('P001').id, holderName: 'WALLET HOLDER' })
    expect(issued.walletNo).toBe(`W${String(next + 1).padStart(10, '0')}`)
  })
})

describe('an issuer no longer served (R9.1.5, R13.1, R15.2)', () => {
  it.each(['suspended', 'terminated'])('issues no new instrument at a %s participant, and changes nothing', (status) => {
    const account = openAccountAt('P004')
    ws.ok('ops', 'participants.setStatus', { participantId: bank.P004!.id, status, reason: 'licence revoked' })
    const before = snapshot(ws)
    for (const input of [
      { kind: 'card', accountId: account.id, holderName: 'CARD HOLDER', expiry: '2030-12' },
      { kind: 'wallet', accountId: account.id, holderName: 'WALLET HOLDER' }
    ])
      expect(ws.call('ops', 'instruments.issue', input)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: `P004 is ${status}: no new instruments` } })
    expect(snapshot(ws)).toBe(before)
  })
})

describe('an instrument on a closed account', () => {
  it('is not put back in service: a closed account stays closed, and changes nothing', () => {
    const client = ws.ok<Client>('ops', 'clients.create', { iin: '061211600012', name: 'Aibek Tulegenov' })
    const account = ws.ok<Account>('ops', 'accounts.open', { clientId: client.id, participantId: bank.P001!.id, currency: 'KZT' })
    const card = ws.ok<Instrument>('ops', 'instruments.issue', { kind: 'card', accountId: account.id, holderName: 'AIBEK TULEGENOV', expiry: '2030-12' })
    ws.ok('ops', 'instruments.setStatus', { instrumentId: card.id, status: 'blocked', reason: 'reported lost' })
    ws.ok('ops', 'accounts.setStatus', { accountId: account.id, status: 'closed', reason: 'the client left the bank' })
    const before = snapshot(ws)
    expect(ws.call('ops', 'instruments.setStatus', { instrumentId: card.id, status: 'active', reason: 'found again' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: `account ${account.iban} is closed: its instruments cannot be put back in service` }
    })
    expect(snapshot(ws)).toBe(before)
    // Closing it for good is still possible.
    expect(ws.ok<Instrument>('ops', 'instruments.setStatus', { instrumentId: card.id, status: 'closed', reason: 'account closed' }).status).toBe('closed')
  })
})
