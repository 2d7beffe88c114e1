// Backups of the database (R12.1): made online while the Center works, checked page by page, encrypted to the backup
// recipients' certificates and hashed before they are kept, checked again on demand, and restored only with the desk
// closed, from an unchanged copy opened with a recipient's key. Plain copies made before encryption stay restorable.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BackupCheck, BackupRow, BackupStorage } from '../../../src/core/api/types'
import { CLOSE_BACKUPS_KEPT } from '../../../src/core/backups/backups-service'
import { backupsDirOf, evidenceKeyFingerprint } from '../../../src/core/backups/backup-files'
import { DISK_RESERVE_BYTES } from '../../../src/core/backups/disk-space'
import { restoreBackup } from '../../../src/core/backups/restore'
import { recipientKeyOf } from '../../../src/core/backups/recipient-key'
import { TokenService } from '../../../src/core/crypto/token-service'
import { DEMO_PIN } from '../../../src/core/demo/pki-seed'
import { keysPathOf } from '../../../src/core/center/journal-keys'
import { AuditLog } from '../../../src/core/security/audit-log'
import { auditCount, snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let dbPath: string
let dir: string
beforeEach(() => {
  ws = testWorkstation()
  dbPath = join(ws.dir, 'ws.db')
  dir = backupsDirOf(dbPath)
  ws.signIn('admin', 'admin')
})
afterEach(() => ws.dispose())

const count = (db: BetterSqlite3.Database, sql: string): number => db.prepare(sql).pluck().get() as number
const inCopy = <T>(path: string, read: (db: BetterSqlite3.Database) => T): T => {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}
/** Opens an encrypted backup with `openssl cms`, as a security officer could without the desk, with a demo key. */
function opensslOpen(ws: TestWorkstation, path: string, login: string): string {
  const { der, software_key } = ws.db.prepare(`SELECT c.der, c.software_key FROM user_certificates c JOIN users u ON u.id = c.user_id WHERE u.login = ?`).get(login) as { der: Buffer; software_key: Buffer }
  const cert = join(ws.dir, `${login}.cer`)
  const key = join(ws.dir, `${login}.key`)
  writeFileSync(cert, `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`)
  writeFileSync(key, software_key)
  const out = `${path}.opened`
  execFileSync('openssl', ['cms', '-decrypt', '-inform', 'DER', '-in', path, '-recip', cert, '-inkey', key, '-passin', `pass:${DEMO_PIN}`, '-out', out], { stdio: 'pipe' })
  return out
}
/** The demo's way to the key a restore needs: a recipient's demo key bound in the database, its passphrase given. */
const demoKey = (dbPath: string, pins: (string | null)[] = [DEMO_PIN]) => recipientKeyOf({ tokens: new TokenService(null, ws.clock), dbPath, prompt: async () => pins.shift() ?? null, caller: 'test' })
const transfer = (requestId: string) => ({ requestId, type: 'top_up', channel: 'terminal', terminal: 'T000001', payee: { iban: ws.db.prepare(`SELECT iban FROM accounts WHERE kind = 'client' LIMIT 1`).pluck().get() }, amount: '10.00', currency: 'KZT' })

describe('backups.create (R12.1)', () => {
  it('makes a sound copy online while the Center goes on authorizing, and keeps a manifest of what it holds', async () => {
    const making = ws.callAsync<BackupRow>('admin', 'backups.create', {})
    // Authorizations made while the copy is taken: each is committed, and the copy is one consistent moment.
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ws.center.submit(transfer(`during-backup-${i}`), 'T000001')))
    expect(answers.every((a) => a.status === 'accepted')).toBe(true)
    const made = await making
    expect(made.ok).toBe(true)
    if (!made.ok) return
    const b = made.value
    expect(b.name).toMatch(/^workstation-20261123-090000\.db$/) // 09:00 in Almaty at T0
    expect(b.createdBy).toBe('admin')
    expect(b.present).toBe(true)
    const copy = join(dir, `${b.name}.p7m`)
    expect(statSync(copy).size).toBe(b.sizeBytes)
    expect(statSync(copy).mode & 0o777).toBe(0o600)
    // Encrypted to the administrators' certificates; nothing in the clear is left in the folder or beside the database.
    expect(readdirSync(dir).sort()).toEqual([`${b.name}.json`, `${b.name}.p7m`])
    expect(readdirSync(ws.dir).filter((f) => f.includes('.part'))).toEqual([])
    expect(b.encryptedTo!.map((r) => r.subject)).toEqual([expect.stringContaining('CN=Aigerim Nurlanovna'), expect.stringContaining('CN=Daniyar Serikuly')])
    const bytes = readFileSync(copy)
    expect(bytes.includes('SQLite format 3')).toBe(false)
    const iin = ws.db.prepare('SELECT iin FROM clients LIMIT 1').pluck().get() as string
    expect(bytes.includes(iin)).toBe(false)
    expect(readFileSync(join(dir, `${b.name}.json`), 'utf8')).not.toContain(iin)
    // Whoever holds an administrator's key opens it with openssl alone: the copy stands alone (no WAL) and holds what its manifest says.
    inCopy(opensslOpen(ws, copy, 'admin'), (db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete')
      expect(count(db, 'SELECT count(*) FROM operations')).toBe(b.contents.operations)
      expect(count(db, 'SELECT max(seq) FROM audit_log')).toBe(b.contents.auditRecords)
      // Debits equal credits in the copy: no batch was taken in half.
      expect(count(db, `SELECT count(*) FROM postings p LEFT JOIN operations o ON o.seq = p.operation_seq WHERE o.seq IS NULL`)).toBe(0)
    })
    expect(b.contents.operations).toBeGreaterThan(0)
    expect(b.contents.schemaVersion).toBe(count(ws.db, 'SELECT max(version) FROM schema_migrations'))
    const listed = ws.ok<BackupRow[]>('admin', 'backups.list')
    expect(listed).toEqual([b])
    expect(ws.db.prepare(`SELECT outcome, subject FROM audit_log WHERE action = 'backups.create'`).all()).toEqual([{ outcome: 'ok', subject: b.name }])
  })

  it('makes one backup at a time: a second asked while the first is made is refused with CONFLICT', async () => {
    const first = ws.callAsync<BackupRow>('admin', 'backups.create', {})
    const second = await ws.callAsync('admin', 'backups.create', {})
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect((await first).ok).toBe(true)
    // Two in the same second are told apart by a counter.
    const third = await ws.callAsync<BackupRow>('admin', 'backups.create', {})
    expect(third.ok && third.value.name).toBe('workstation-20261123-090000-2.db')
    expect(ws.ok<BackupRow[]>('admin', 'backups.list').map((r) => r.name)).toEqual(['workstation-20261123-090000-2.db', 'workstation-20261123-090000.db'])
  })

  it('is the administrator’s: an operations officer is refused, an auditor may list and check', async () => {
    ws.signIn('officer', 'operator')
    expect(await ws.callAsync('officer', 'backups.create', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(existsSync(dir)).toBe(false)
    ws.signIn('auditor', 'auditor')
    expect(ws.call('auditor', 'backups.list')).toMatchObject({ ok: true, value: [] })
    expect(await ws.callAsync('auditor', 'backups.create', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('room on the disk for a copy (R12.1)', () => {
  const pageBytes = (db: BetterSqlite3.Database): number => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number)

  it('tells the database’s size, the disk’s real free space and whether a copy fits with the reserve kept', () => {
    const room = ws.ok<BackupStorage>('admin', 'backups.storage')
    expect(room.databaseBytes).toBe(pageBytes(ws.db))
    expect(room.reserveBytes).toBe(DISK_RESERVE_BYTES)
    // The copy in the clear and its encryption are on the disk together for a moment.
    expect(room.neededBytes).toBe(2 * room.databaseBytes + DISK_RESERVE_BYTES)
    const fs = statfsSync(ws.dir)
    // The free space moves as other files are written: the figure is the file system's, within a few MB of ours.
    expect(Math.abs(room.freeBytes - fs.bavail * fs.bsize)).toBeLessThan(64 * 1024 * 1024)
    expect(room.enough).toBe(room.freeBytes >= room.neededBytes)
    // Whom a copy made now is encrypted to: the administrators' bound certificates fit for encryption.
    const admins = ws.db
      .prepare(`SELECT c.fingerprint, c.subject FROM user_certificates c JOIN user_roles r ON r.user_id = c.user_id WHERE r.role = 'administrator' AND c.status = 'active'`)
      .all()
    expect(admins.length).toBeGreaterThan(0)
    expect(room.recipients).toEqual(expect.arrayContaining(admins))
    expect(room.recipients).toHaveLength(admins.length)
    ws.signIn('auditor', 'auditor')
    expect(ws.call('auditor', 'backups.storage')).toMatchObject({ ok: true })
  })

  it('refuses a copy that would leave the live database less than its reserve, writing nothing; one byte more and it is made', async () => {
    let free = 0
    const full = testWorkstation({ diskFree: () => free })
    try {
      full.signIn('admin', 'admin')
      const needed = 2 * pageBytes(full.db) + DISK_RESERVE_BYTES
      free = needed - 1
      expect(full.ok<BackupStorage>('admin', 'backups.storage')).toMatchObject({ freeBytes: needed - 1, neededBytes: needed, enough: false })
      const refused = await full.callAsync('admin', 'backups.create', {})
      expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'backups.no_space', params: { freeBytes: needed - 1, neededBytes: needed, reserveBytes: DISK_RESERVE_BYTES } }] } })
      expect(existsSync(backupsDirOf(join(full.dir, 'ws.db')))).toBe(false)
      expect(full.db.prepare(`SELECT outcome, error_code FROM audit_log WHERE action = 'backups.create'`).all()).toEqual([{ outcome: 'error', error_code: 'CONFLICT' }])
      // The desk's own copy after a close is not made either, and the audit log tells the administrator why.
      await expect(full.backups.afterClose('2026-11-22', full.clock.now())).rejects.toMatchObject({ code: 'CONFLICT' })
      const record = full.db.prepare(`SELECT outcome, error_code, subject, detail FROM audit_log WHERE action = 'backups.afterClose'`).get() as { outcome: string; error_code: string; subject: string | null; detail: string }
      expect(record).toMatchObject({ outcome: 'error', error_code: 'CONFLICT', subject: null })
      expect(JSON.parse(record.detail)).toMatchObject({ day: '2026-11-22', error: expect.stringContaining(`${needed - 1} bytes free`) })
      expect(existsSync(backupsDirOf(join(full.dir, 'ws.db')))).toBe(false)
      free = needed
      expect(await full.okAsync<BackupRow>('admin', 'backups.create', {})).toMatchObject({ present: true })
    } finally {
      full.dispose()
    }
  })
})

describe('the backup after a day’s close (R12.1)', () => {
  it('is made by the desk, names the day, and is recorded in the audit log', async () => {
    const b = await ws.backups.afterClose('2026-11-22', ws.clock.now())
    expect(b).toMatchObject({ trigger: 'day_close', day: '2026-11-22', createdBy: 'system', present: true })
    expect(ws.ok<BackupRow[]>('admin', 'backups.list')).toEqual([b])
    expect(ws.db.prepare(`SELECT actor_login, outcome, subject, detail FROM audit_log WHERE action = 'backups.afterClose'`).all()).toEqual([
      { actor_login: 'system', outcome: 'ok', subject: b!.name, detail: JSON.stringify({ day: '2026-11-22', removed: [] }) }
    ])
    expect(await ws.okAsync<BackupCheck>('admin', 'backups.verify', { name: b!.name })).toMatchObject({ ok: true })
  })

  it('keeps a month of them, the newest, and never removes one made by hand', async () => {
    const manual = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    const first = (await ws.backups.afterClose('2026-10-01', ws.clock.now()))!
    // Thirty older close backups, as the folder would hold them after a month (copies of the first, older names).
    const manifest = JSON.parse(readFileSync(join(dir, `${first.name}.json`), 'utf8')) as BackupRow
    for (let i = 1; i <= CLOSE_BACKUPS_KEPT; i++) {
      const name = `workstation-202610${String(i).padStart(2, '0')}-000500.db`
      writeFileSync(join(dir, `${name}.p7m`), readFileSync(join(dir, `${first.name}.p7m`)))
      writeFileSync(join(dir, `${name}.json`), JSON.stringify({ ...manifest, name, createdAt: manifest.createdAt - (40 - i) * 86_400_000, day: `2026-10-${String(i).padStart(2, '0')}` }))
    }
    ws.clock.advance(1_000)
    const newest = (await ws.backups.afterClose('2026-11-23', ws.clock.now()))!
    const left = ws.ok<BackupRow[]>('admin', 'backups.list')
    expect(left.filter((b) => b.trigger === 'day_close')).toHaveLength(CLOSE_BACKUPS_KEPT)
    expect(left.map((b) => b.name)).toContain(manual.name)
    expect(left[0]!.name).toBe(newest.name)
    // The two oldest went, files and manifests (named in the audit record newest first, as the list runs).
    const removed = ['workstation-20261001-000500.db', 'workstation-20261002-000500.db']
    for (const name of removed) expect(existsSync(join(dir, `${name}.p7m`)) || existsSync(join(dir, `${name}.json`))).toBe(false)
    const record = ws.db.prepare(`SELECT detail FROM audit_log WHERE action = 'backups.afterClose' ORDER BY seq DESC LIMIT 1`).pluck().get() as string
    expect(JSON.parse(record)).toEqual({ day: '2026-11-23', removed: [...removed].reverse() })
  })

  it('is not made while another backup is being made, which holds the day too', async () => {
    const manual = ws.okAsync<BackupRow>('admin', 'backups.create', {})
    expect(await ws.backups.afterClose('2026-11-22', ws.clock.now())).toBeNull()
    await manual
    expect(ws.ok<BackupRow[]>('admin', 'backups.list').map((b) => b.trigger)).toEqual(['manual'])
  })
})

/** A plain copy and the manifest backups had before they were encrypted, as an older desk left them in the folder. */
async function plainBackup(name: string): Promise<void> {
  const { mkdirSync } = await import('node:fs')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  await ws.db.backup(path)
  const contents = inCopy(path, (db) => ({
    schemaVersion: count(db, 'SELECT max(version) FROM schema_migrations'), operations: count(db, 'SELECT count(*) FROM operations'),
    lastOperationDay: db.prepare('SELECT max(op_day) FROM operations').pluck().get() as string | null, auditRecords: count(db, 'SELECT max(seq) FROM audit_log')
  }))
  const db = new BetterSqlite3(path)
  db.pragma('journal_mode = DELETE')
  db.close()
  const bytes = readFileSync(path)
  const manifest = { name, createdAt: ws.clock.now() - 86_400_000, createdBy: 'admin', trigger: 'manual', day: null, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), contents, evidenceKey: evidenceKeyFingerprint(dbPath) }
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(manifest))
}

describe('backups.verify (R12.1)', () => {
  let name: string
  beforeEach(async () => {
    name = (await ws.okAsync<BackupRow>('admin', 'backups.create', {})).name
  })

  it('finds a sound, unchanged copy sound', async () => {
    const check = await ws.okAsync<BackupCheck>('admin', 'backups.verify', { name })
    expect(check).toEqual({ name, checkedAt: ws.clock.now(), ok: true, problems: [] })
  })

  it('finds an encrypted copy changed since it was made (its hash) and one that is gone, without opening it', async () => {
    const copy = join(dir, `${name}.p7m`)
    const bytes = readFileSync(copy)
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0x01
    writeFileSync(copy, bytes)
    const changed = await ws.okAsync<BackupCheck>('admin', 'backups.verify', { name })
    expect(changed).toMatchObject({ ok: false, problems: [{ kind: 'hash' }] })
    rmSync(copy)
    expect(await ws.okAsync<BackupCheck>('admin', 'backups.verify', { name })).toMatchObject({ ok: false, problems: [{ kind: 'missing' }] })
    expect(ws.ok<BackupRow[]>('admin', 'backups.list')).toMatchObject([{ name, present: false }])
    expect(ws.pinRequests).toEqual([])
  })

  it('refuses a name that is not a backup’s (a path out of the folder) with VALIDATION, and an unknown one with NOT_FOUND', async () => {
    for (const bad of ['../ws.db', 'ws.db', `${name}.json`, '/etc/passwd'])
      expect(await ws.callAsync('admin', 'backups.verify', { name: bad })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await ws.callAsync('admin', 'backups.verify', { name: 'workstation-20200101-000000.db' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  // «Не найдено: no backup named workstation-…»: the core's English, for a backup whose description left the folder after the list was shown.
  it('refuses a backup no longer in the folder by its rule, naming it, and changes nothing', async () => {
    rmSync(join(dir, `${name}.json`))
    const before = snapshot(ws)
    expect(await ws.callAsync('admin', 'backups.verify', { name })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: `no backup named ${name} in ${dir}`, reasons: [{ rule: 'backups.no_backup', params: { name, dir } }] }
    })
    expect(snapshot(ws)).toBe(before)
  })
})

describe('a backup with no recipient (R12.1)', () => {
  it('is not made: no administrator has a certificate to encrypt it to, and nothing is written', async () => {
    ws.db.prepare(`UPDATE user_certificates SET status = 'unbound'`).run()
    // The screen is told first, so an administrator learns it before a day's close finds no one.
    expect(ws.ok<BackupStorage>('admin', 'backups.storage').recipients).toEqual([])
    expect(await ws.callAsync('admin', 'backups.create', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'backups.no_recipient' }] } })
    await expect(ws.backups.afterClose('2026-11-22', ws.clock.now())).rejects.toMatchObject({ reasons: [{ rule: 'backups.no_recipient' }] })
    expect(existsSync(dir)).toBe(false)
    expect(readdirSync(ws.dir).filter((f) => f.includes('.part'))).toEqual([])
  })
})

describe('what a backup or a restore interrupted by a crash left (R12.1)', () => {
  /** A process number no process has now: a process that has ended. */
  const endedPid = (): number => spawnSync('true').pid!

  it('is removed when the desk starts — the copy in the clear beside the database above all — and recorded; a running process’s parts are kept', () => {
    const ended = endedPid()
    mkdirSync(dir, { recursive: true })
    const clear = `.workstation-20261101-000000.db.${ended}.part`
    const sealed = `workstation-20261101-000000.db.p7m.${ended}.part`
    const unnamed = 'workstation-20261001-000000.db.part'
    // Another desk's backup under way (this test's process is running).
    const running = `.workstation-20261101-000001.db.${process.pid}.part`
    for (const f of [join(ws.dir, clear), join(ws.dir, running), join(dir, sealed), join(dir, unnamed)]) writeFileSync(f, 'SQLite format 3\0 every client')
    ws.close()
    const next = testWorkstation({ copyOf: { dir: ws.dir, now: ws.clock.now() } })
    try {
      const backups = backupsDirOf(join(next.dir, 'ws.db'))
      expect(existsSync(join(next.dir, clear))).toBe(false)
      expect(existsSync(join(backups, sealed))).toBe(false)
      expect(existsSync(join(backups, unnamed))).toBe(false)
      expect(existsSync(join(next.dir, running))).toBe(true)
      const record = next.db.prepare(`SELECT actor_login, detail FROM audit_log WHERE action = 'backups.leftoversRemoved'`).get() as { actor_login: string; detail: string }
      expect(record.actor_login).toBe('system')
      expect(JSON.parse(record.detail).removed.sort()).toEqual([join(next.dir, clear), join(backups, sealed), join(backups, unnamed)].sort())
      // Nothing left: nothing removed, nothing recorded.
      expect(next.backups.removeLeftovers(next.clock.now())).toEqual([])
      expect(count(next.db, `SELECT count(*) FROM audit_log WHERE action = 'backups.leftoversRemoved'`)).toBe(1)
    } finally {
      next.dispose()
    }
  })

  it('does not stop the next restore: the interrupted one’s copy and key are removed first', async () => {
    const { name, contents } = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    ws.close()
    writeFileSync(`${dbPath}.restoring`, 'SQLite format 3\0 half a database in the clear')
    writeFileSync(`${dbPath}.evidence-key.restoring`, Buffer.alloc(32, 9))
    const restored = await restoreBackup({ dbPath, dir, name, clock: ws.clock, actor: 'os:backup-officer', key: demoKey(dbPath) })
    expect(restored.contents).toEqual(contents)
    expect(readdirSync(ws.dir).filter((f) => f.endsWith('.restoring'))).toEqual([])
    inCopy(dbPath, (db) => expect(count(db, 'SELECT count(*) FROM operations')).toBe(contents.operations))
  })
})

describe('plain backups made before backups were encrypted (R12.1)', () => {
  const legacy = 'workstation-20261101-000500.db'
  const actor = 'os:backup-officer'

  it('are listed as unencrypted, checked page by page, and restored without a key, their fingerprint confirmed, when this desk’s evidence key sealed them', async () => {
    await plainBackup(legacy)
    // Made before the desk kept a register of its backups: not known as its own.
    expect(ws.ok<BackupRow[]>('admin', 'backups.list')).toMatchObject([{ name: legacy, encryptedTo: null, present: true, madeHere: false }])
    expect(await ws.okAsync<BackupCheck>('admin', 'backups.verify', { name: legacy })).toMatchObject({ ok: true })
    const copy = join(dir, legacy)
    const original = readFileSync(copy)
    const changed = Buffer.from(original)
    changed[changed.length - 100] = changed[changed.length - 100]! ^ 0x01
    writeFileSync(copy, changed)
    const check = await ws.okAsync<BackupCheck>('admin', 'backups.verify', { name: legacy })
    expect(check.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['integrity', 'hash']))
    writeFileSync(copy, original)
    ws.close()
    const evidenceKeyBefore = readFileSync(`${dbPath}.evidence-key`)
    await expect(restoreBackup({ dbPath, dir, name: legacy, clock: ws.clock, actor })).rejects.toMatchObject({ reasons: [{ rule: 'backups.unknown_origin' }] })
    const fingerprint = createHash('sha256').update(original).digest('hex')
    const restored = await restoreBackup({ dbPath, dir, name: legacy, clock: ws.clock, actor, fingerprint })
    expect(restored).toMatchObject({ name: legacy, origin: { kind: 'fingerprint_confirmed' } })
    expect(readFileSync(`${dbPath}.evidence-key`).equals(evidenceKeyBefore)).toBe(true)
    // Sealed with another evidence key: refused, as before.
    writeFileSync(`${dbPath}.evidence-key`, Buffer.alloc(32, 7))
    await expect(restoreBackup({ dbPath, dir, name: legacy, clock: ws.clock, actor, fingerprint })).rejects.toMatchObject({ code: 'CONFLICT', details: ['evidence_key'], reasons: [{ rule: 'backups.not_restorable', params: { problems: 'evidence_key' } }] })
  })
})

describe('restoreBackup (R12.1)', () => {
  const actor = 'os:backup-officer'

  it('refuses while the desk has the database open, and changes nothing', async () => {
    const { name } = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    const before = readdirSync(ws.dir).sort()
    await expect(restoreBackup({ dbPath, dir, name, clock: ws.clock, actor, key: demoKey(dbPath) })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/open in another process/) })
    expect(readdirSync(ws.dir).sort()).toEqual(before)
  })

  it('opens the copy with a recipient’s key, puts it and its evidence key in place, keeps what they replaced, and records the restore', async () => {
    const { name, contents, createdAt } = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    const evidenceKey = readFileSync(`${dbPath}.evidence-key`)
    // Work done after the backup: in the replaced database, not in the restored one.
    await ws.center.submit(transfer('after-backup'), 'T000001')
    const operationsThen = count(ws.db, 'SELECT count(*) FROM operations')
    expect(operationsThen).toBe(contents.operations + 1)
    ws.close()
    writeFileSync(keysPathOf(dbPath), 'keys filed from the replaced database')
    // The desk's evidence key file is not the one the backup was made with: the backup carries its own.
    writeFileSync(`${dbPath}.evidence-key`, Buffer.alloc(32, 7))
    ws.clock.advance(3_600_000)

    const restored = await restoreBackup({ dbPath, dir, name, clock: ws.clock, actor, key: demoKey(dbPath) })
    const origin = { kind: 'made_here', name, createdAt, createdBy: 'admin', trigger: 'manual', day: null }
    expect(restored).toEqual({ name, restoredAt: ws.clock.now(), origin, replacedKeptAs: `${dbPath}.replaced-20261123-100000`, contents })
    inCopy(dbPath, (db) => {
      expect(count(db, 'SELECT count(*) FROM operations')).toBe(contents.operations)
      const audit = new AuditLog(db)
      expect(audit.verify()).toMatchObject({ intact: true })
      expect(db.prepare('SELECT action, actor_login, subject, detail FROM audit_log ORDER BY seq DESC LIMIT 1').get()).toMatchObject({ action: 'backup.restore', actor_login: actor, subject: name, detail: expect.stringContaining('"encrypted":true') })
    })
    inCopy(restored.replacedKeptAs!, (db) => expect(count(db, 'SELECT count(*) FROM operations')).toBe(operationsThen))
    expect(readFileSync(`${dbPath}.evidence-key`).equals(evidenceKey)).toBe(true)
    expect(readFileSync(`${dbPath}.evidence-key.replaced-20261123-100000`).equals(Buffer.alloc(32, 7))).toBe(true)
    // The journal's search keys were filed from the replaced database's operations: set aside to be filed again.
    expect(existsSync(keysPathOf(dbPath))).toBe(false)
    expect(readFileSync(`${keysPathOf(dbPath)}.replaced-20261123-100000`, 'utf8')).toBe('keys filed from the replaced database')
    expect(readdirSync(ws.dir).filter((f) => f.endsWith('.restoring'))).toEqual([])
  })

  it('refuses a changed envelope before asking for a key, a changed one whose manifest was rewritten, a changed seal, a wrong passphrase and no key, touching nothing', async () => {
    const { name } = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    ws.close()
    const copy = join(dir, `${name}.p7m`)
    const manifestPath = join(dir, `${name}.json`)
    const original = readFileSync(copy)
    const manifest = readFileSync(manifestPath, 'utf8')
    const before = readdirSync(ws.dir).sort()
    const dbBytes = readFileSync(dbPath)
    const keyBytes = readFileSync(`${dbPath}.evidence-key`)
    const unchanged = () => {
      expect(readdirSync(ws.dir).sort()).toEqual(before)
      expect(readFileSync(dbPath).equals(dbBytes)).toBe(true)
      expect(readFileSync(`${dbPath}.evidence-key`).equals(keyBytes)).toBe(true)
    }
    const asked: (string | null)[] = []
    const restore = (pins: (string | null)[] = [DEMO_PIN]) => restoreBackup({ dbPath, dir, name, clock: ws.clock, actor, key: demoKey(dbPath, (asked.push(...pins), pins)) })

    const changed = Buffer.from(original)
    changed[changed.length - 5000] = changed[changed.length - 5000]! ^ 0x01
    writeFileSync(copy, changed)
    await expect(restoreBackup({ dbPath, dir, name, clock: ws.clock, actor, key: () => Promise.reject(new Error('no key may be asked for')) })).rejects.toMatchObject({
      code: 'CONFLICT', details: ['hash'], reasons: [{ rule: 'backups.not_restorable', params: { name, problems: 'hash' } }]
    })
    unchanged()
    // Whoever changed the file rewrote its hash too: not the file this desk made, refused before a key is asked for…
    const changedSha = createHash('sha256').update(changed).digest('hex')
    writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(manifest), sha256: changedSha }))
    await expect(restoreBackup({ dbPath, dir, name, clock: ws.clock, actor, key: () => Promise.reject(new Error('no key may be asked for')) })).rejects.toMatchObject({
      code: 'CONFLICT', reasons: [{ rule: 'backups.replaced', params: { name } }]
    })
    unchanged()
    // …and, its fingerprint confirmed all the same, the envelope opens but the database inside does not match its seal.
    await expect(restoreBackup({ dbPath, dir, name, clock: ws.clock, actor, key: demoKey(dbPath), fingerprint: changedSha })).rejects.toMatchObject({ code: 'CONFLICT', reasons: [{ rule: 'backups.tampered', params: { name } }] })
    unchanged()
    writeFileSync(copy, original)
    const sealed = JSON.parse(manifest) as { seal: string }
    const seal = Buffer.from(sealed.seal, 'base64')
    seal[20] = seal[20]! ^ 0x01
    writeFileSync(manifestPath, JSON.stringify({ ...sealed, seal: seal.toString('base64') }))
    await expect(restore()).rejects.toMatchObject({ code: 'CONFLICT', reasons: [{ rule: 'backups.tampered' }] })
    unchanged()
    writeFileSync(manifestPath, manifest)
    await expect(restore(['not the passphrase'])).rejects.toMatchObject({ code: 'TOKEN', reasons: [{ rule: 'pin_incorrect' }] })
    unchanged()
    await expect(restoreBackup({ dbPath, dir, name, clock: ws.clock, actor })).rejects.toMatchObject({
      code: 'CONFLICT', reasons: [{ rule: 'backups.no_recipient_key', params: { recipients: expect.stringContaining('CN=Aigerim Nurlanovna') } }]
    })
    unchanged()
    await expect(restoreBackup({ dbPath, dir, name: '../ws.db', clock: ws.clock, actor })).rejects.toMatchObject({ code: 'VALIDATION' })
    // And the untouched backup restores.
    expect((await restore()).name).toBe(name)
  })
})

it('counts the backup calls in the audit log like any other call', async () => {
  const before = auditCount(ws)
  await ws.okAsync('admin', 'backups.create', {})
  ws.ok('admin', 'backups.list')
  expect(auditCount(ws)).toBe(before + 2)
})
