import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuditLog, auditDetail } from '../../../../src/core/security/audit-log'
import { testWorkstation, type TestWorkstation } from '../../../support/workstation'

let ws: TestWorkstation
let log: AuditLog

const entry = (i: number) => ({ at: 1000 + i, actorId: 'U', actorLogin: 'admin', sessionId: 'S', action: 'users.block', outcome: 'ok' as const, errorCode: null, subject: `user${i}`, detail: `{"i":${i}}` })

beforeEach(() => {
  ws = testWorkstation({ demo: false })
  log = new AuditLog(ws.db)
  for (let i = 0; i < 10; i++) log.append(entry(i))
})
afterEach(() => ws.dispose())

/** Tampering from outside the app: another connection to the same file, with the guard triggers dropped. */
function tamper(sql: string): void {
  const other = new BetterSqlite3(ws.dbPath)
  other.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;')
  other.exec(sql)
  other.close()
}

describe('audit log (hash chain)', () => {
  it('verifies an untouched chain and reports its head', () => {
    const v = log.verify()
    expect(v).toMatchObject({ intact: true, records: 11 })
    if (v.intact) expect(v.headHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('refuses updates and deletes from the app’s connection', () => {
    expect(() => ws.db.prepare("UPDATE audit_log SET subject = 'x' WHERE seq = 3").run()).toThrow(/append-only/)
    expect(() => ws.db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/)
  })

  it('names the record whose content was altered', () => {
    tamper("UPDATE audit_log SET subject = 'someone else' WHERE seq = 6")
    expect(log.verify()).toEqual({ intact: false, records: 5, firstBroken: { seq: 6, problem: 'altered', reason: 'content does not match its hash' } })
  })

  it('names a record rewritten with a fresh hash by the one after it (the link breaks)', () => {
    tamper("UPDATE audit_log SET subject = 'x', hash = 'f' || substr(hash, 2) WHERE seq = 4")
    const v = log.verify()
    expect(v.intact).toBe(false)
    if (!v.intact) expect(v.firstBroken.seq).toBe(4)
  })

  it('names a deleted record', () => {
    tamper('DELETE FROM audit_log WHERE seq = 8')
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: { seq: 8, problem: 'missing', reason: 'record 8 is missing (next present is 9)' } })
  })

  it('names a record whose link to the previous one was changed', () => {
    tamper("UPDATE audit_log SET prev_hash = '" + '0'.repeat(64) + "' WHERE seq = 2")
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: { seq: 2, problem: 'unlinked', reason: 'does not link to the previous record' } })
  })

  it('lists newest first with filters and paging', () => {
    const page = log.list({ limit: 3 })
    expect(page.total).toBe(11)
    expect(page.records.map((r) => r.seq)).toEqual([11, 10, 9])
    expect(log.list({ limit: 3, beforeSeq: 9 }).records.map((r) => r.seq)).toEqual([8, 7, 6])
    expect(log.list({ limit: 50, action: 'system.' }).records.map((r) => r.action)).toEqual(['system.bootstrap'])
    expect(log.list({ limit: 50, actor: 'ADMIN' }).total).toBe(10)
    expect(log.list({ limit: 50, outcome: 'error' }).total).toBe(0)
    expect(log.list({ limit: 50, action: '%' }).total).toBe(11)
  })

  it('keeps secrets out of the recorded input', () => {
    const d = auditDetail({ login: 'a', password: 'p', newPassword: 'n', nested: { pin: '1234' } })
    expect(d).toBe('{"login":"a","password":"***","newPassword":"***","nested":{"pin":"***"}}')
    expect(auditDetail({})).toBeNull()
    expect(auditDetail({ text: 'x'.repeat(5000) })!.length).toBeLessThanOrEqual(2001)
  })

  it('records an edit’s old and new values beside its input, masked by the same rules (R12.1)', () => {
    const d = auditDetail(
      { id: 'X', note: 'card 4400 4300 0000 0007 replaced' },
      { before: { note: 'card 4400430000000007 lost', pan: '4400430000000007', password: 'old' }, after: { note: 'card 4400 4300 0000 0007 replaced', pan: '4400430000000015', password: 'new' } }
    )!
    expect(JSON.parse(d)).toEqual({
      id: 'X',
      note: 'card 4400 43•• •••• 0007 replaced',
      before: { note: 'card 4400 43•• •••• 0007 lost', pan: '4400 43•• •••• 0007', password: '***' },
      after: { note: 'card 4400 43•• •••• 0007 replaced', pan: '4400 43•• •••• 0015', password: '***' }
    })
    expect(d).not.toMatch(/4400430000000007|4400 4300 0000 0007|"old"|"new"/)
  })

  it('shows the password policy’s figures, not a PIN or a password that happens to be a number', () => {
    expect(auditDetail({ passwordMinLength: 14, passwordHistory: 5, passwordMaxAgeDays: 90, oneTimePasswordHours: 24 })).toBe(
      '{"passwordMinLength":14,"passwordHistory":5,"passwordMaxAgeDays":90,"oneTimePasswordHours":24}'
    )
    expect(auditDetail({ pin: 1234, password: 99, passwordMinLength: '14' })).toBe('{"pin":"***","password":"***","passwordMinLength":"***"}')
  })

  it('masks a card number written into any text of the call, not only the card field (PCI DSS 3.4)', () => {
    const pan = '4400430000000007'
    const d = auditDetail({ seq: 7, reason: `client reports card ${pan} stolen; also 4400 4300 0000 0007`, requestId: '000000000123', amount: '1234567890123.45' })!
    expect(d).not.toContain(pan)
    expect(d).not.toContain('4400 4300 0000 0007')
    expect(d).toContain('client reports card 4400 43•• •••• 0007 stolen; also 4400 43•• •••• 0007')
    // Digits that are no card number stay as they were: a request id, an amount, a number failing Luhn.
    expect(d).toContain('"requestId":"000000000123"')
    expect(d).toContain('"amount":"1234567890123.45"')
    expect(auditDetail({ reason: 'ref 4400430000000001' })).toBe('{"reason":"ref 4400430000000001"}')
  })

  it('records a confidential document’s text and any file’s content only by size (R14.2, R14.5)', () => {
    const d = auditDetail({ title: 'Акт', body: 'SECRET BODY TEXT', attachments: [{ name: 'a.pdf', base64: 'QUJD' }] })
    expect(d).toBe('{"title":"Акт","body":"[withheld: 16 characters]","attachments":[{"name":"a.pdf","base64":"[withheld: 4 characters]"}]}')
    expect(d).not.toContain('SECRET')
  })
})
