// Where a restored backup comes from (R12.1, R6.6.5). A backup's envelope is encrypted to public certificates and
// sealed with its own content key, so whoever can write to the backups folder can make a whole one: a forged database
// encrypted to the same administrators, with a manifest and seal that match. The desk remembers the SHA-256 of every
// file it made; any other is restored only when the operator confirms its fingerprint from the backup register.
// Real SQLite files on disk and real envelopes, the substitute made with the backup recipients' certificates.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BackupOrigin, BackupRow } from '../../../src/core/api/types'
import { encryptBackup } from '../../../src/core/backups/backup-envelope'
import { backupsDirOf, type BackupManifest } from '../../../src/core/backups/backup-files'
import { recipientKeyOf, type RecipientKey } from '../../../src/core/backups/recipient-key'
import { restoreBackup, type RestoreOptions } from '../../../src/core/backups/restore'
import { TokenService } from '../../../src/core/crypto/token-service'
import { DEMO_PIN } from '../../../src/core/demo/pki-seed'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'

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

const actor = 'os:backup-officer'
const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')
const manifestOf = (name: string): BackupManifest => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as BackupManifest
const demoKey: RecipientKey = (recipients) => recipientKeyOf({ tokens: new TokenService(null, ws.clock), dbPath, prompt: async () => DEMO_PIN, caller: 'test' })(recipients)
const noKey: RecipientKey = () => Promise.reject(new Error('no key may be asked for'))
const restore = (name: string, o: Partial<RestoreOptions> = {}) => restoreBackup({ dbPath, dir, name, clock: ws.clock, actor, key: demoKey, ...o })
const tables = (path: string): string[] => {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[]
  } finally {
    db.close()
  }
}

/**
 * What someone who can write to the backups folder, but not to the data folder, can make: a copy of a database with
 * a table of their own, encrypted to the backup recipients' certificates (public), with a manifest and seal that
 * match, named `name`. Made while the desk is open; returns the envelope's SHA-256.
 */
async function substitute(like: BackupRow, name: string): Promise<string> {
  const forged = join(ws.dir, `forged-${name}`)
  await ws.db.backup(forged)
  const db = new BetterSqlite3(forged)
  db.pragma('journal_mode = DELETE')
  db.exec(`CREATE TABLE forged (note TEXT); INSERT INTO forged VALUES ('not made by this desk')`)
  db.close()
  const recipients = like.encryptedTo!.map((r) => ws.db.prepare(`SELECT der FROM user_certificates WHERE fingerprint = ?`).pluck().get(r.fingerprint) as Buffer)
  const envelope = `${forged}.p7m`
  const sealed = await encryptBackup({ from: forged, to: envelope, recipients: recipients.map((d) => new Uint8Array(d)), databaseSha256: sha256Of(forged), evidenceKey: null })
  renameSync(envelope, join(dir, `${name}.p7m`))
  const manifest: BackupManifest = { ...manifestOf(like.name), name, createdAt: like.createdAt - 12 * 3_600_000, sizeBytes: sealed.sizeBytes, sha256: sealed.sha256, seal: sealed.seal, evidenceKey: null }
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(manifest))
  return sealed.sha256
}

/** The data folder as it is: its files and the database's and evidence key's bytes. */
function snapshot(): () => void {
  const files = readdirSync(ws.dir).sort()
  const db = readFileSync(dbPath)
  const key = readFileSync(`${dbPath}.evidence-key`)
  return () => {
    expect(readdirSync(ws.dir).sort()).toEqual(files)
    expect(readFileSync(dbPath).equals(db)).toBe(true)
    expect(readFileSync(`${dbPath}.evidence-key`).equals(key)).toBe(true)
  }
}

const FORGED = 'workstation-20261122-210000.db'

describe('a backup this workstation did not make (R12.1, R6.6.5)', () => {
  let own: BackupRow
  let forgedSha: string
  beforeEach(async () => {
    own = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    forgedSha = await substitute(own, FORGED)
  })

  it('is listed with its fingerprint and marked as not made here; the desk’s own is not', () => {
    const rows = ws.ok<BackupRow[]>('admin', 'backups.list')
    // Listed newest first: the substitute claims to be older.
    expect(rows.map((r) => [r.name, r.sha256, r.madeHere])).toEqual([
      [own.name, sha256Of(join(dir, `${own.name}.p7m`)), true],
      [FORGED, forgedSha, false]
    ])
  })

  it('is refused without its fingerprint, before any key is asked for, and nothing is changed', async () => {
    ws.close()
    const unchanged = snapshot()
    const told: BackupOrigin[] = []
    await expect(restore(FORGED, { key: noKey, told: (o) => told.push(o) })).rejects.toMatchObject({
      code: 'CONFLICT', reasons: [{ rule: 'backups.unknown_origin', params: { name: FORGED } }]
    })
    expect(told).toEqual([])
    unchanged()
    expect(tables(dbPath)).not.toContain('forged')
  })

  it('put in place of one this workstation made, under its name, is refused as replaced, and nothing is changed', async () => {
    const replacedSha = await substitute(own, own.name)
    expect(replacedSha).not.toBe(own.sha256)
    ws.close()
    const unchanged = snapshot()
    await expect(restore(own.name, { key: noKey })).rejects.toMatchObject({ code: 'CONFLICT', reasons: [{ rule: 'backups.replaced', params: { name: own.name } }] })
    unchanged()
    // The fingerprint the register holds for that backup is the desk's file's, not this one's.
    await expect(restore(own.name, { key: noKey, fingerprint: own.sha256 })).rejects.toMatchObject({ reasons: [{ rule: 'backups.fingerprint_mismatch' }] })
    unchanged()
  })

  it('is refused with a fingerprint that is not its file’s, or is not a fingerprint, before any key is asked for, and nothing is changed', async () => {
    ws.close()
    const unchanged = snapshot()
    // The register's line of another backup.
    await expect(restore(FORGED, { key: noKey, fingerprint: own.sha256 })).rejects.toMatchObject({
      code: 'CONFLICT', reasons: [{ rule: 'backups.fingerprint_mismatch', params: { name: FORGED, given: own.sha256.replace(/(.{4})(?=.)/g, '$1 ') } }]
    })
    unchanged()
    for (const bad of [forgedSha.slice(0, 63), `${forgedSha}0`, forgedSha.replace(/^./, 'g'), ''])
      await expect(restore(FORGED, { key: noKey, fingerprint: bad })).rejects.toMatchObject({ code: 'VALIDATION', reasons: [{ rule: 'backups.fingerprint_malformed', params: { given: bad } }] })
    unchanged()
  })

  it('is restored when the operator confirms its fingerprint from the register, as read aloud in groups, in any case', async () => {
    ws.close()
    const told: BackupOrigin[] = []
    const typed = forgedSha.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ')
    const restored = await restore(FORGED, { fingerprint: typed, told: (o) => told.push(o) })
    expect(told).toEqual([{ kind: 'fingerprint_confirmed' }])
    expect(restored).toMatchObject({ name: FORGED, origin: { kind: 'fingerprint_confirmed' } })
    expect(tables(dbPath)).toContain('forged')
    const db = new BetterSqlite3(dbPath, { readonly: true })
    try {
      const record = db.prepare(`SELECT detail FROM audit_log WHERE action = 'backup.restore'`).pluck().get() as string
      expect(JSON.parse(record)).toMatchObject({ origin: 'fingerprint_confirmed' })
    } finally {
      db.close()
    }
  })

  it('is refused when the file is replaced after its fingerprint was checked, while the key is asked for, and nothing is changed', async () => {
    const swapped = join(dir, 'swapped.p7m')
    writeFileSync(swapped, readFileSync(join(dir, `${FORGED}.p7m`)))
    // The desk's own file and hash in the manifest, but the forged envelope's seal: what a swap needs to open.
    writeFileSync(join(dir, `${own.name}.json`), JSON.stringify({ ...manifestOf(own.name), seal: manifestOf(FORGED).seal, evidenceKey: null }))
    ws.close()
    const unchanged = snapshot()
    // Checked as the desk's own, then swapped for the forged envelope (same recipients) before it is decrypted.
    const swapping: RecipientKey = async (recipients) => {
      renameSync(swapped, join(dir, `${own.name}.p7m`))
      return demoKey(recipients)
    }
    await expect(restore(own.name, { key: swapping })).rejects.toMatchObject({ code: 'CONFLICT', reasons: [{ rule: 'backups.tampered', params: { name: own.name } }] })
    unchanged()
    expect(readdirSync(ws.dir).filter((f) => f.endsWith('.restoring'))).toEqual([])
  })
})

describe('a backup this workstation made (R12.1)', () => {
  it('is restored as before, said to be made here, by whom and when, before the key is asked for', async () => {
    const made = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    ws.close()
    const said: string[] = []
    const key: RecipientKey = (recipients) => (said.push('key asked'), demoKey(recipients))
    const restored = await restore(made.name, { key, told: (o) => said.push(JSON.stringify(o)) })
    const origin = { kind: 'made_here', name: made.name, createdAt: made.createdAt, createdBy: 'admin', trigger: 'manual', day: null }
    expect(said).toEqual([JSON.stringify(origin), 'key asked'])
    expect(restored).toMatchObject({ name: made.name, origin, contents: made.contents })
  })

  it('made after a day’s close, is said to be the desk’s own, and the register goes on to the restored database', async () => {
    const first = (await ws.backups.afterClose('2026-11-22', ws.clock.now()))!
    ws.clock.advance(60_000)
    const second = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    ws.close()
    // The first backup holds no record of itself nor of the second: the replaced database's register is carried on.
    expect((await restore(first.name)).origin).toEqual({ kind: 'made_here', name: first.name, createdAt: first.createdAt, createdBy: 'system', trigger: 'day_close', day: '2026-11-22' })
    expect((await restore(second.name)).origin).toMatchObject({ kind: 'made_here', createdBy: 'admin' })
    expect((await restore(first.name)).origin).toMatchObject({ kind: 'made_here', createdBy: 'system' })
  })

  it('is refused with a wrong fingerprint too: the operator’s register and the folder disagree', async () => {
    const made = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    ws.close()
    const unchanged = snapshot()
    await expect(restore(made.name, { key: noKey, fingerprint: '0'.repeat(64) })).rejects.toMatchObject({ reasons: [{ rule: 'backups.fingerprint_mismatch' }] })
    unchanged()
    expect((await restore(made.name, { fingerprint: made.sha256 })).origin).toMatchObject({ kind: 'made_here' })
  })

  it('stays recorded: the register cannot be changed or emptied', async () => {
    await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    expect(() => ws.db.prepare(`DELETE FROM backups_made`).run()).toThrow(/append-only/)
    expect(() => ws.db.prepare(`UPDATE backups_made SET sha256 = ?`).run('0'.repeat(64))).toThrow(/append-only/)
  })
})
