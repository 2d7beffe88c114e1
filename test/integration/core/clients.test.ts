// The client registry (R1.1.7: a client is an individual, known by the IIN) on a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Client } from '../../../src/core/api/types'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('ops', 'operator')
})
afterEach(() => ws.dispose())

describe('registering a client', () => {
  it('takes an individual’s IIN', () => {
    expect(ws.ok<Client>('ops', 'clients.create', { iin: '061211600012', name: 'Aibek Tulegenov' })).toMatchObject({ iin: '061211600012' })
  })

  // 931140001235 is Kaspi Bank's BIN (demo): its check digit is right, but it names a company registered in
  // November 1993, not a person born on the 40th of November.
  it('refuses a BIN in place of the IIN, with the reason on the field, and registers nothing', () => {
    const before = snapshot(ws)
    const r = ws.call('ops', 'clients.create', { iin: '931140001235', name: 'Kaspi Bank JSC' })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', reasons: [{ value: 'iin' }] } })
    expect(snapshot(ws)).toBe(before)
  })
})
