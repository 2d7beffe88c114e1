// The participant registry on a real SQLite file (R8.3 codes, R9.1.5 / R13.1 / R15.2 status changes).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Participant } from '../../../src/core/api/types'
import { openDatabase } from '../../../src/core/store/database'
import { migrate } from '../../../src/core/store/migrate'
import { MIGRATIONS } from '../../../src/core/store/migrations'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('ops', 'operator')
})
afterEach(() => ws.dispose())

const altyn = { name: 'Altyn Bank JSC', bic: 'ATYNKZKA', bin: '100840001116', issuer: true, acquirer: false }
const create = (over: object = {}) => ws.call<Participant>('ops', 'participants.create', { ...altyn, ...over })

describe('participant registry', () => {
  it('allocates the next code and records the participation type', () => {
    const r = ws.ok<Participant>('ops', 'participants.create', { ...altyn, bic: 'atynkzka' })
    expect(r).toMatchObject({ code: 'P006', bic: 'ATYNKZKA', status: 'active', issuer: true, acquirer: false, statusReason: null })
  })

  it('never gives a code out twice, even after termination', () => {
    const first = ws.ok<Participant>('ops', 'participants.create', altyn)
    ws.ok('ops', 'participants.setStatus', { participantId: first.id, status: 'terminated', reason: 'contract ended' })
    const second = ws.ok<Participant>('ops', 'participants.create', { name: 'Nurbank JSC', bic: 'NURSKZKX', bin: '940140000385', issuer: true, acquirer: true })
    expect(second.code).toBe('P007')
  })

  it.each([
    [{ bin: '100840001117' }, 'bin'],
    [{ bic: 'ATYNRUKA' }, 'bic'],
    [{ issuer: false, acquirer: false }, 'issuer'],
    [{ name: ' ' }, 'name']
  ])('refuses %j with a reason on the field, and registers nothing', (over, field) => {
    const before = ws.ok<Participant[]>('ops', 'participants.list').length
    const r = create(over)
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    if (!r.ok) expect(r.error.reasons!.map((x) => x.value)).toContain(field)
    expect(ws.ok<Participant[]>('ops', 'participants.list')).toHaveLength(before)
  })

  it('refuses an individual’s IIN as a BIN, though its check digit is right, and registers nothing', () => {
    const before = ws.ok<Participant[]>('ops', 'participants.list').length
    const r = create({ bin: '061211600012' })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', reasons: [{ value: 'bin' }] } })
    expect(ws.ok<Participant[]>('ops', 'participants.list')).toHaveLength(before)
  })

  it('refuses a BIC or BIN already registered', () => {
    expect(create({ bic: 'CASPKZKA' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(create({ bin: '931140001235' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  // A BIC's first 8 characters name the bank: CASPKZKAXXX is its head office and CASPKZKA001 a branch, not other banks.
  it.each(['caspkzkaxxx', 'CASPKZKA001'])('refuses %s, a spelling of a BIC already registered, and registers nothing', (bic) => {
    const kaspi = ws.ok<Participant[]>('ops', 'participants.list').find((p) => p.code === 'P001')!
    const before = snapshot(ws)
    expect(create({ bic })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: `participant P001 already has BIC ${kaspi.bic} / BIN ${kaspi.bin}` } })
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses the 8-character BIC of a bank registered with XXX', () => {

    const altynHead = ws.ok<Participant>('ops', 'participants.create', { ...altyn, bic: 'ATYNKZKAXXX' })
    const before = snapshot(ws)
    expect(create({ bic: 'ATYNKZKA', bin: '940140000385' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: `participant ${altynHead.code} already has BIC ATYNKZKAXXX / BIN ${altyn.bin}` }
    })
    expect(snapshot(ws)).toBe(before)
  })

  // The code's number is the 3-digit bank code of the participant's IBANs (P001 → KZ..001...): P1001 would share
  // Kaspi's bank code, and its settlement account the very IBAN of P001's.
  it('gives out no code past P999, whose IBAN bank code would be another participant’s, and registers nothing', () => {
    ws.db.prepare("UPDATE code_sequences SET next = 1000 WHERE name = 'participant'").run() // as after 994 more registrations
    const before = snapshot(ws)
    expect(create()).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'the participant codes P001–P999 are all given out: the 3-digit bank code of the IBANs has no room for another' } })
    expect(snapshot(ws)).toBe(before)
  })

  it('suspends and resumes with a reason; termination is final', () => {
    const p = ws.ok<Participant>('ops', 'participants.create', altyn)
    const set = (status: string) => ws.call<Participant>('ops', 'participants.setStatus', { participantId: p.id, status, reason: 'risk review' })
    expect(set('suspended')).toMatchObject({ ok: true, value: { status: 'suspended', statusReason: 'risk review' } })
    expect(set('suspended')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(set('active')).toMatchObject({ ok: true, value: { status: 'active' } })
    expect(set('terminated')).toMatchObject({ ok: true, value: { status: 'terminated' } })
    expect(set('active')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(() => ws.db.prepare("UPDATE participants SET status = 'active' WHERE id = ?").run(p.id)).toThrow(/cannot be reinstated/)
  })

  it('records who changed a participant’s status and why', () => {
    const p = ws.ok<Participant>('ops', 'participants.create', altyn)
    ws.ok('ops', 'participants.setStatus', { participantId: p.id, status: 'suspended', reason: 'AML review' })
    const row = ws.db.prepare("SELECT actor_login, subject, detail FROM audit_log WHERE action = 'participants.setStatus'").get()
    expect(row).toMatchObject({ actor_login: 'operator', subject: 'P006' })
    expect((row as { detail: string }).detail).toContain('AML review')
  })
})

describe('migrating a database that already has participants', () => {
  it('starts the code sequence after the highest code in use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-mig-'))
    try {
      const db = openDatabase(join(dir, 'old.db'))
      migrate(db, MIGRATIONS.filter((m) => m.version === 1), 1)
      const add = db.prepare("INSERT INTO participants (id, code, name, bic, bin, status, created_at) VALUES (?, ?, ?, ?, ?, 'active', 1)")
      add.run('A', 'P001', 'One', 'AAAAKZKA', '931140001235')
      add.run('B', 'P017', 'Two', 'BBBBKZKA', '920140004562')
      migrate(db, MIGRATIONS, 2)
      expect(db.prepare("SELECT next FROM code_sequences WHERE name = 'participant'").pluck().get()).toBe(18)
      expect(db.prepare('SELECT is_issuer, is_acquirer FROM participants WHERE id = ?').get('B')).toEqual({ is_issuer: 1, is_acquirer: 1 })
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
