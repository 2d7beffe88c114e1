// Correcting a client's name (a marriage, a typo at registration) on a real SQLite file: the IIN is who the client is
// and stays (R1.1.7); the name keeps the registration's rule (R3.2); every refusal changes nothing; the audit record
// names the client by IIN and keeps the new name, the earlier records the names before.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CallContext } from '../../../src/core/api/context'
import type { Client } from '../../../src/core/api/types'
import { ClientsRepo } from '../../../src/core/clients/clients-repo'
import { ClientsService } from '../../../src/core/clients/clients-service'
import { UsersRepo } from '../../../src/core/security/users-repo'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let client: Client
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('ops', 'operator')
  client = ws.ok<Client>('ops', 'clients.create', { iin: '061211600012', name: 'Aigerim Tulegenova' })
})
afterEach(() => ws.dispose())

const nameOf = (id: string) => ws.db.prepare('SELECT name FROM clients WHERE id = ?').pluck().get(id)

describe('correcting a client’s name', () => {
  it('renames the client, keeps its IIN, and the registry lists it by the new name', () => {
    const updated = ws.ok<Client>('ops', 'clients.update', { clientId: client.id, name: '  Aigerim Sadykova  ' })
    expect(updated).toEqual({ ...client, name: 'Aigerim Sadykova' })
    expect(ws.ok<Client[]>('ops', 'clients.list', { query: '061211600012' })).toEqual([updated])
  })

  it('is audited with the client’s IIN as its subject and the new name; the registration’s record keeps the old one', () => {
    ws.ok('ops', 'clients.update', { clientId: client.id, name: 'Aigerim Sadykova' })
    const records = ws.db.prepare("SELECT action, outcome, actor_login AS actor, subject, detail FROM audit_log WHERE action LIKE 'clients.%' ORDER BY seq").all() as { action: string; subject: string; detail: string }[]
    expect(records.map((r) => [r.action, r.subject])).toEqual([['clients.create', '061211600012'], ['clients.update', '061211600012']])
    expect(records[0]!.detail).toContain('Aigerim Tulegenova')
    expect(records[1]).toMatchObject({ outcome: 'ok', actor: 'operator' })
    expect(records[1]!.detail).toContain('Aigerim Sadykova')
  })

  it('refuses a name holding a control character by the registration’s rule, on the name; nothing changes', () => {
    const before = snapshot(ws)
    for (const name of ['Aigerim\u0007 Sadykova', 'Aigerim\nSadykova', 'Aigerim\u0000'])
      expect(ws.call('ops', 'clients.update', { clientId: client.id, name }), JSON.stringify(name)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', reasons: [{ rule: 'unusable_character', value: 'name' }] }
      })
    expect(ws.call('ops', 'clients.update', { clientId: client.id, name: 'A' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', reasons: [{ value: 'name' }] } })
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses an IIN: it is the client’s identity, not a field to edit; nothing changes', () => {
    const before = snapshot(ws)
    expect(ws.call('ops', 'clients.update', { clientId: client.id, iin: '970512400014', name: 'Aigerim Sadykova' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(snapshot(ws)).toBe(before)
    expect(nameOf(client.id)).toBe('Aigerim Tulegenova')
  })

  it('refuses the name the client already has, saying so; nothing changes', () => {
    const before = snapshot(ws)
    expect(ws.call('ops', 'clients.update', { clientId: client.id, name: ' Aigerim Tulegenova ' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', reasons: [{ rule: 'registry.client_name_unchanged', params: { iin: '061211600012', name: 'Aigerim Tulegenova' } }] }
    })
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses a client that is not registered; nothing changes', () => {
    const before = snapshot(ws)
    expect(ws.call('ops', 'clients.update', { clientId: '0'.repeat(26), name: 'Aigerim Sadykova' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', reasons: [{ rule: 'registry.no_client' }] }
    })
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses a participant’s staff (their roles do not manage clients); nothing changes', () => {
    ws.signIn('kaspi', 'kaspi.operator')
    const before = snapshot(ws)
    expect(ws.call('kaspi', 'clients.update', { clientId: client.id, name: 'Aigerim Sadykova' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(snapshot(ws)).toBe(before)
  })
})

// A participant's staff see only the clients with an account at their bank (clients.list); the edit keeps to the
// same clients should a participant's role ever manage clients. The service, on the same database, as that user.
describe('the edit within a participant’s scope', () => {
  const asStaffOf = (login: string) => {
    const user = new UsersRepo(ws.db).findByLogin(login)!
    const service = new ClientsService(new ClientsRepo(ws.db), () => '0'.repeat(26))
    return (clientId: string, name: string) => service.update(new CallContext(ws.clock.now(), login, null, user), clientId, name)
  }
  const participantId = (code: string) => ws.db.prepare('SELECT id FROM participants WHERE code = ?').pluck().get(code) as string
  const openAt = (code: string) => ws.ok('ops', 'accounts.open', { clientId: client.id, participantId: participantId(code), currency: 'KZT' })

  it('refuses a client with no account at the staff’s bank, as its reads do; nothing changes', () => {
    openAt('P002')
    const before = snapshot(ws)
    expect(() => asStaffOf('kaspi.operator')(client.id, 'Aigerim Sadykova')).toThrow(expect.objectContaining({ code: 'OUT_OF_SCOPE' }) as Error)
    expect(snapshot(ws)).toBe(before)
  })

  it('renames a client with an account at the staff’s bank', () => {
    openAt('P001')
    expect(asStaffOf('kaspi.operator')(client.id, 'Aigerim Sadykova')).toMatchObject({ name: 'Aigerim Sadykova', iin: '061211600012' })
  })
})
