// The command-line host: the same dispatcher, permissions and audit as the app.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3'
import { DEMO_PASSWORD } from './support/host'
import { ERROR_CODES, type ErrorCode } from '../../src/core/domain/errors'

const cli = resolve(__dirname, '..', '..', 'out/main/cli.js')
let dir: string
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-cli-'))
})
test.afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** The CLI's exit status for a refused call (its --help lists them). */
const exitCodeOf = (code: ErrorCode): number => 10 + ERROR_CODES.indexOf(code)

function run(args: string[], user = 'admin', password = DEMO_PASSWORD, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, WORKSTATION_DB: join(dir, 'ws.db'), WORKSTATION_USER: user, WORKSTATION_PASSWORD: password, ...env }
  })
  return { code: r.status, out: r.stdout, err: r.stderr, json: r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : undefined }
}

test('lists the calls with --help', () => {
  const r = run(['--help'])
  expect(r.code).toBe(0)
  expect(r.out).toContain('users.create')
  expect(r.out).toContain('audit.verify')
  const one = run(['--help', 'users.create'])
  expect(one.out).toContain('"login"')
})

test('runs a call as the signed-in user and prints the result as JSON', () => {
  const r = run(['participants.list'])
  expect(r.code).toBe(0)
  expect(r.json.ok).toBe(true)
  expect(r.json.value.map((p: { bic: string }) => p.bic)).toContain('CASPKZKA')
})

test('refuses a role without the permission with a non-zero exit and the error code', () => {
  const r = run(['users.list', '{}'], 'operator')
  expect(r.json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(r.code).not.toBe(0)
  expect(r.err).toContain('FORBIDDEN')
})

test('refuses bad input, bad JSON and a wrong password', () => {
  expect(run(['users.block', '{"userId":"nope"}']).json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  const badJson = run(['users.list', '{not json'])
  expect(badJson.code).toBe(2)
  expect(badJson.err).toContain('not valid JSON')
  const wrong = run(['participants.list'], 'admin', 'wrong')
  expect(wrong.json).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } })
})

test('writes its calls to the same audit log the app verifies', () => {
  run(['settings.update', '{"inactivityMinutes":20}'])
  const audit = run(['audit.list', '{"action":"settings.update"}'], 'auditor')
  expect(audit.json.value.records[0]).toMatchObject({ actorLogin: 'admin', action: 'settings.update', outcome: 'ok' })
  expect(run(['audit.verify'], 'auditor').json).toMatchObject({ ok: true, value: { intact: true } })
})

test('backs up the database and restores it with the workstation closed (R12.1)', () => {
  const made = run(['backups.create'])
  expect(made.json).toMatchObject({ ok: true, value: { createdBy: 'admin', present: true } })
  const name: string = made.json.value.name
  run(['settings.update', '{"inactivityMinutes":20}'])
  expect(run(['settings.get']).json.value.inactivityMinutes).toBe(20)
  // A fingerprint that is not the file's (another line of the backup register) is refused before the PIN, nothing changed.
  const mismatch = run(['--restore', name, '--fingerprint', '0'.repeat(64)], 'admin', DEMO_PASSWORD, { WORKSTATION_PIN: '1234' })
  expect(mismatch.code).toBe(exitCodeOf('CONFLICT'))
  expect(mismatch.err).toContain('CONFLICT backups.fingerprint_mismatch')
  expect(run(['--restore', name, '--fingerprint']).code).toBe(2)
  expect(run(['settings.get']).json.value.inactivityMinutes).toBe(20)
  // Encrypted to the administrators' demo keys: the restore opens it with one, its passphrase given as a script gives a PIN.
  const restored = run(['--restore', name], 'admin', DEMO_PASSWORD, { WORKSTATION_PIN: '1234' })
  expect(restored.code).toBe(0)
  // Made by this workstation, as its register of backups says: told before the PIN is asked.
  expect(restored.err).toContain(`${name} was made by this workstation on`)
  expect(JSON.parse(restored.out)).toMatchObject({ name, origin: { kind: 'made_here', createdBy: 'admin' }, replacedKeptAs: expect.stringContaining('ws.db.replaced-') })
  // The setting changed after the backup is gone with the restore; the restore is the last audit record, the chain intact.
  expect(run(['settings.get']).json.value.inactivityMinutes).not.toBe(20)
  const audit = run(['audit.list', '{"action":"backup.restore"}'], 'auditor')
  expect(audit.json.value.records[0]).toMatchObject({ action: 'backup.restore', subject: name, actorLogin: expect.stringMatching(/^os:/) })
  expect(run(['audit.verify'], 'auditor').json).toMatchObject({ ok: true, value: { intact: true } })
  const unknown = run(['--restore', 'workstation-20200101-000000.db'])
  expect(unknown.code).not.toBe(0)
  expect(unknown.err).toContain('NOT_FOUND')
  expect(run(['--restore']).code).toBe(2)
})

// A desk of two administrators, one of whom lost the password: the other cannot both make and check the reset (R12.4).
test('break-glass: gives an administrator a one-time password with the desk closed, audited under the OS user (R12.4)', () => {
  expect(run(['participants.list']).code).toBe(0)
  // No sign-in: whoever runs it against the data folder could copy the files anyway.
  const r = run(['--break-glass-reset', 'admin2'], 'nobody', 'nothing')
  expect(r.code).toBe(0)
  const done = JSON.parse(r.out) as { login: string; oneTimePassword: string; expiresAt: number }
  expect(done).toMatchObject({ login: 'admin2', supersededApprovalId: null })
  expect(run(['session.signIn'], 'admin2').json).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } })
  expect(run(['session.signIn'], 'admin2', done.oneTimePassword).json).toMatchObject({ ok: true, value: { status: 'mustChangePassword' } })
  const audit = run(['audit.list', '{"action":"users.breakGlassReset"}'], 'auditor')
  expect(audit.json.value.records).toMatchObject([{ action: 'users.breakGlassReset', subject: 'admin2', actorLogin: expect.stringMatching(/^os:./) }])
  expect(audit.out).not.toContain(done.oneTimePassword)
  expect(run(['audit.verify'], 'auditor').json).toMatchObject({ ok: true, value: { intact: true } })
})

test('break-glass: refuses an unknown login, a user who is not an administrator, an open desk and a missing database, changing nothing', () => {
  expect(run(['participants.list']).code).toBe(0)
  const db = join(dir, 'ws.db')
  const refused = (args: string[], env: Record<string, string> = {}) => {
    const before = readFileSync(db)
    const r = run(['--break-glass-reset', ...args], 'nobody', 'nothing', env)
    expect(r.out).toBe('')
    expect(readFileSync(db).equals(before)).toBe(true)
    return r
  }
  const unknown = refused(['nobody'])
  expect(unknown.code).toBe(exitCodeOf('NOT_FOUND'))
  expect(unknown.err).toBe('NOT_FOUND users.no_login: there is no user with the login nobody\n')
  const staff = refused(['operator'])
  expect(staff.code).toBe(exitCodeOf('FORBIDDEN'))
  expect(staff.err).toContain('FORBIDDEN users.break_glass_not_administrator: operator is not an administrator')
  const elsewhere = refused(['admin2'], { WORKSTATION_DB: join(dir, 'elsewhere.db') })
  expect(elsewhere.code).toBe(exitCodeOf('NOT_FOUND'))
  expect(elsewhere.err).toContain('there is no database at')
  expect(existsSync(join(dir, 'elsewhere.db'))).toBe(false)
  // The desk (any process) has the database open, and has read it. The file is read only after it closes: closing any
  // descriptor of the file would drop this process's locks on it (POSIX), and the desk's with them.
  const before = readFileSync(db)
  const desk = new BetterSqlite3(db)
  desk.prepare('SELECT count(*) FROM users').get()
  const open = run(['--break-glass-reset', 'admin2'], 'nobody', 'nothing')
  desk.close()
  expect(open.out).toBe('')
  expect(open.code).toBe(exitCodeOf('CONFLICT'))
  expect(open.err).toContain('is open in another process')
  expect(readFileSync(db).equals(before)).toBe(true)
  expect(run(['--break-glass-reset']).code).toBe(2)
  expect(run(['session.signIn'], 'admin2').json).toMatchObject({ ok: true })
})
