// An encrypted backup restored on a new machine with a backup recipient's token (R12.1, R6.6.5): a real SoftHSM2
// token and real SQLite files on disk, no mocks. The old machine is gone: only its backups folder, the token and the
// backup register (the fingerprint) are left, and the evidence key comes back from inside the backup.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackupRow } from '../../../src/core/api/types'
import { backupsDirOf } from '../../../src/core/backups/backup-files'
import { recipientKeyOf } from '../../../src/core/backups/recipient-key'
import { restoreBackup } from '../../../src/core/backups/restore'
import type { PinRequest } from '../../../src/core/crypto/keys/pin-prompt'
import { TokenService } from '../../../src/core/crypto/token-service'
import { createSoftHsm, softHsmMissing, type SoftHsm } from '../../support/softhsm'
import { T0, testWorkstation, type TestWorkstation } from '../../support/workstation'

const missing = softHsmMissing()
const skip = missing !== null && !process.env.CI
if (skip) console.log(`backup token tests skipped: ${missing}`)

describe.skipIf(skip)('a backup encrypted to a token, restored on a new machine (R12.1)', () => {
  let hsm: SoftHsm
  let ws: TestWorkstation
  let backup: BackupRow
  let evidenceKey: Buffer
  let machine: string
  beforeAll(async () => {
    hsm = createSoftHsm()
    ws = testWorkstation({ pkcs11Module: hsm.module })
    // The token's certificate was issued just now, by the machine's clock: the desk's must not be behind it.
    ws.clock.advance(Math.max(0, Date.now() - T0))
    ws.signIn('admin', 'admin')
    ws.ok('admin', 'trust.addAnchors', { certificates: readFileSync(hsm.caPem, 'utf8') })
    // The recovery token's certificate is the administrators' only one: the backup is encrypted to it alone.
    ws.db.prepare(`UPDATE user_certificates SET status = 'unbound'`).run()
    ws.ok('admin', 'crypto.bindCertificate', { certificate: readFileSync(hsm.tokens[0]!.rsaCert).toString('base64') })
    backup = await ws.okAsync<BackupRow>('admin', 'backups.create', {})
    evidenceKey = readFileSync(join(ws.dir, 'ws.db.evidence-key'))
    // The new machine: the backups folder copied from reserve media, nothing else.
    machine = mkdtempSync(join(tmpdir(), 'ws-new-machine-'))
    cpSync(backupsDirOf(join(ws.dir, 'ws.db')), backupsDirOf(join(machine, 'ws.db')), { recursive: true })
  }, 60_000)
  afterAll(() => {
    ws?.dispose()
    if (machine) rmSync(machine, { recursive: true, force: true })
    hsm?.cleanup()
  })

  const dbPath = () => join(machine, 'ws.db')
  const restore = (tokens: TokenService, pin: string, fingerprint: string | null = backup.sha256) =>
    restoreBackup({ dbPath: dbPath(), dir: backupsDirOf(dbPath()), name: backup.name, clock: ws.clock, actor: 'os:officer', key: recipientKeyOf({ tokens, dbPath: dbPath(), prompt: async () => pin, caller: 'test' }), fingerprint: fingerprint ?? undefined })

  it('is encrypted to the token’s certificate', () => {
    expect(backup.encryptedTo).toEqual([{ fingerprint: expect.any(String), subject: 'CN=operator RSA' }])
  })

  it('refuses without the fingerprint from the register, without the token in a reader, and with a wrong PIN, and leaves the new machine as it was', async () => {
    const before = readdirSync(machine).sort()
    // No database, so no register of the backups made here: the operator confirms the file from the paper one.
    await expect(restore(new TokenService(hsm.module, ws.clock), hsm.pin, null)).rejects.toMatchObject({ code: 'CONFLICT', reasons: [{ rule: 'backups.unknown_origin' }] })
    expect(readdirSync(machine).sort()).toEqual(before)
    await expect(restore(new TokenService(null, ws.clock), hsm.pin)).rejects.toMatchObject({ code: 'CONFLICT', reasons: [{ rule: 'backups.no_recipient_key', params: { recipients: 'CN=operator RSA' } }] })
    expect(readdirSync(machine).sort()).toEqual(before)
    const tokens = new TokenService(hsm.module, ws.clock)
    try {
      await expect(restore(tokens, '0000')).rejects.toMatchObject({ code: 'TOKEN', reasons: [{ rule: 'pin_incorrect' }] })
      // At a terminal, three PINs: the second and third asked as a retry, with what the token tells of the tries left.
      const asked: PinRequest[] = []
      const key = recipientKeyOf({ tokens, dbPath: dbPath(), prompt: async (_caller, request) => (asked.push(request), '0000'), caller: 'test' })
      await expect(restoreBackup({ dbPath: dbPath(), dir: backupsDirOf(dbPath()), name: backup.name, clock: ws.clock, actor: 'os:officer', key, pinAttempts: 3, fingerprint: backup.sha256 })).rejects.toMatchObject({ code: 'TOKEN', reasons: [{ rule: 'pin_incorrect', value: 'few' }] })
      expect(asked.map((r) => r.retry)).toEqual([null, { triesLeft: 'few' }, { triesLeft: 'few' }])
      expect(asked[0]).toMatchObject({ purpose: 'decrypt', kind: 'token_pin', tokenLabel: 'operator', holder: 'operator RSA' })
    } finally {
      tokens.close()
    }
    expect(readdirSync(machine).sort()).toEqual(before)
  })

  it('restores with the token and its PIN, asked again after a wrong one: the database and the evidence key it was made with, put in place together', async () => {
    const tokens = new TokenService(hsm.module, ws.clock)
    try {
      const pins = ['0000', hsm.pin]
      const key = recipientKeyOf({ tokens, dbPath: dbPath(), prompt: async () => pins.shift() ?? null, caller: 'test' })
      const restored = await restoreBackup({ dbPath: dbPath(), dir: backupsDirOf(dbPath()), name: backup.name, clock: ws.clock, actor: 'os:officer', key, pinAttempts: 3, fingerprint: backup.sha256 })
      expect(pins).toEqual([])
      expect(restored).toMatchObject({ name: backup.name, origin: { kind: 'fingerprint_confirmed' }, replacedKeptAs: null, contents: backup.contents })
    } finally {
      tokens.close()
    }
    expect(readFileSync(`${dbPath()}.evidence-key`).equals(evidenceKey)).toBe(true)
    expect(readdirSync(machine).sort()).toEqual(['backups', 'ws.db', 'ws.db.evidence-key'])
    const db = new BetterSqlite3(dbPath(), { readonly: true })
    try {
      expect(db.prepare('SELECT count(*) FROM operations').pluck().get()).toBe(backup.contents.operations)
      expect(db.prepare(`SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1`).pluck().get()).toBe('backup.restore')
    } finally {
      db.close()
    }
    expect(existsSync(`${dbPath()}.restoring`)).toBe(false)
  })
})
