// The command-line host: the same dispatcher, permissions and audit as the app.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3'
import { DEMO_PASSWORD } from './support/host'
import { createSoftHsm, softHsmMissing, type SoftHsm } from '../support/softhsm'
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
    // The language comes from the test, not from the machine running it: English unless a test says otherwise.
    env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', WORKSTATION_DB: join(dir, 'ws.db'), WORKSTATION_USER: user, WORKSTATION_PASSWORD: password, ...env }
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
  expect(restored.out).toContain(`Backup ${name} is restored: `)
  expect(restored.out).toContain(`The database it replaced is kept as ${join(dir, 'ws.db')}.replaced-`)
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
  // The password on a line of its own, under the login it is for.
  const [title, password] = r.out.split('\n')
  expect(title).toBe('One-time password for admin2:')
  const done = { oneTimePassword: password!.trim() }
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

// The operator at the machine reads the restore's and the break-glass reset's words in their language: --lang, or else
// the environment's (LC_ALL, LC_MESSAGES, LANG), the texts the screens use (R12.1, R12.4).
test('words the refusals of a restore and a break-glass reset in the operator’s language, with the same exit codes', () => {
  expect(run(['participants.list']).code).toBe(0)
  const db = join(dir, 'ws.db')
  const before = readFileSync(db)
  const ru = run(['--break-glass-reset', 'nobody'], 'nobody', 'nothing', { LANG: 'ru_RU.UTF-8' })
  expect(ru).toMatchObject({ code: exitCodeOf('NOT_FOUND'), out: '', err: 'NOT_FOUND users.no_login: пользователя с логином nobody нет\n' })
  // --lang before the command or after it, over the environment's; LC_ALL over LANG.
  const kk = run(['--lang', 'kk', '--break-glass-reset', 'operator'], 'nobody', 'nothing', { LANG: 'ru_RU.UTF-8' })
  expect(kk.code).toBe(exitCodeOf('FORBIDDEN'))
  expect(kk.err).toContain('FORBIDDEN users.break_glass_not_administrator: operator әкімші емес')
  expect(run(['--break-glass-reset', 'nobody', '--lang=kk'], 'nobody', 'nothing').err).toContain('nobody логині бар пайдаланушы жоқ')
  expect(run(['--break-glass-reset', 'nobody'], 'nobody', 'nothing', { LC_ALL: 'kk_KZ.UTF-8', LANG: 'ru_RU.UTF-8' }).err).toContain('nobody логині бар пайдаланушы жоқ')
  // A restore's refusals: a name that is none, a backup that is not there, the desk open; the figures filled in.
  const notAName = run(['--restore', 'ws.db'], 'nobody', 'nothing', { LANG: 'ru_RU.UTF-8' })
  expect(notAName).toMatchObject({ code: exitCodeOf('VALIDATION'), err: 'VALIDATION backups.not_a_name: «ws.db» — не имя резервной копии (workstation-YYYYMMDD-HHMMSS.db)\n' })
  const missing = run(['--lang', 'kk', '--restore', 'workstation-20200101-000000.db'], 'nobody', 'nothing')
  expect(missing.code).toBe(exitCodeOf('NOT_FOUND'))
  expect(missing.err).toContain(`қалтасында workstation-20200101-000000.db резервтік көшірмесі жоқ`)
  const desk = new BetterSqlite3(db)
  desk.prepare('SELECT count(*) FROM users').get()
  const open = run(['--break-glass-reset', 'admin2'], 'nobody', 'nothing', { LANG: 'ru_RU.UTF-8' })
  desk.close()
  expect(open.code).toBe(exitCodeOf('CONFLICT'))
  expect(open.err).toBe(`CONFLICT database.open_elsewhere: база данных ${db} открыта в другом процессе: сначала закройте рабочее место (и командную строку или Центр, если они с ней работают)\n`)
  expect(readFileSync(db).equals(before)).toBe(true)
})

test('falls back to English for a language it does not speak', () => {
  expect(run(['participants.list']).code).toBe(0)
  for (const env of [{ LANG: 'de_DE.UTF-8' }, { LC_ALL: 'fr_FR.UTF-8', LANG: 'ru_RU.UTF-8' }] as Record<string, string>[]) {
    const r = run(['--break-glass-reset', 'nobody'], 'nobody', 'nothing', env)
    expect(r).toMatchObject({ code: exitCodeOf('NOT_FOUND'), err: 'NOT_FOUND users.no_login: there is no user with the login nobody\n' })
  }
  const unknown = run(['--lang', 'de', '--break-glass-reset', 'nobody'], 'nobody', 'nothing', { LANG: 'ru_RU.UTF-8' })
  expect(unknown.err).toBe('NOT_FOUND users.no_login: there is no user with the login nobody\n')
  // --lang without a language is a usage error, before anything is read.
  expect(run(['--break-glass-reset', 'nobody', '--lang']).code).toBe(2)
  expect(run(['--help']).out).toContain('--lang kk|ru|en')
})

test('words a break-glass reset’s one-time password and a restore’s outcome in the operator’s language', () => {
  expect(run(['participants.list']).code).toBe(0)
  const reset = run(['--break-glass-reset', 'admin2'], 'nobody', 'nothing', { LANG: 'ru_RU.UTF-8' })
  expect(reset.code).toBe(0)
  const lines = reset.out.split('\n')
  expect(lines[0]).toBe('Одноразовый пароль для admin2:')
  const otp = lines[1]!.trim()
  expect(run(['session.signIn'], 'admin2', otp).json).toMatchObject({ ok: true, value: { status: 'mustChangePassword' } })
  expect(lines[2]).toMatch(/^Действует до \d\d\.\d\d\.\d{4}, \d\d:\d\d:\d\d \(время Алматы\)$/)
  expect(lines[3]).toContain('Передайте пароль пользователю по защищённому каналу.')

  const made = run(['backups.create'])
  const name: string = made.json.value.name
  const restored = run(['--lang', 'kk', '--restore', name], 'nobody', 'nothing', { WORKSTATION_PIN: '1234' })
  expect(restored.code).toBe(0)
  expect(restored.out).toMatch(new RegExp(`^${name} резервтік көшірмесі қалпына келтірілді: операциялар: \\d+, соңғы күн .+, аудит жазбалары: \\d+\\n`))
  expect(restored.out).toContain(`Ауыстырылған дерекқор ${join(dir, 'ws.db')}.replaced-`)
})

test('the JSON call mode keeps its envelope on stdout, its refusal worded on stderr in the operator’s language', () => {
  const r = run(['users.list', '{}'], 'operator', DEMO_PASSWORD, { LANG: 'ru_RU.UTF-8' })
  expect(r.json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(r.code).toBe(exitCodeOf('FORBIDDEN'))
  expect(r.err).toBe('FORBIDDEN: Ваши роли не позволяют это действие\n')
})

/**
 * The CLI on a terminal of its own (util-linux `script` gives it a pseudo-terminal, so stdin is a TTY): each answer is
 * typed once its question is on the screen. Resolves with everything the terminal showed and the exit status.
 */
function onTerminal(args: string[], answers: { after: string; type: string }[], env: Record<string, string>): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, cli, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
  const child = spawn('script', ['-qefc', command, '/dev/null'], { env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', WORKSTATION_DB: join(dir, 'ws.db'), ...env } })
  let screen = ''
  let asked = 0
  const typed = (chunk: Buffer) => {
    screen += chunk.toString('utf8')
    const next = answers[0]
    if (next && screen.split(next.after).length - 1 > asked) {
      asked++
      answers.shift()
      child.stdin.write(`${next.type}\r`)
    }
  }
  child.stdout.on('data', typed)
  child.stderr.on('data', typed)
  return new Promise((done) => child.on('close', (code) => done({ code, screen })))
}

// A wrong token PIN typed at the terminal is asked again, up to three times, saying what the token tells of the tries
// left; a script's WORKSTATION_PIN is tried once, so that a script cannot lock the token (R12.1).
test.describe('a restore with a backup recipient’s SoftHSM token', () => {
  let hsm: SoftHsm | undefined
  test.beforeAll(() => {
    const missing = softHsmMissing()
    test.skip(missing !== null && !process.env.CI, `SoftHSM cannot run here: ${missing}`)
    hsm = createSoftHsm()
  })
  test.afterAll(() => hsm?.cleanup())

  test('asks a wrong PIN again on the terminal, three times at most; a script’s is not retried', async () => {
    test.setTimeout(300_000)
    const token = { WORKSTATION_PKCS11_MODULE: hsm!.module }
    expect(run(['participants.list']).code).toBe(0)
    expect(run(['trust.addAnchors', JSON.stringify({ certificates: readFileSync(hsm!.caPem, 'utf8') })], 'admin', DEMO_PASSWORD, token).json).toMatchObject({ ok: true })
    expect(run(['crypto.bindCertificate', JSON.stringify({ certificate: readFileSync(hsm!.tokens[0]!.rsaCert).toString('base64') })], 'admin', DEMO_PASSWORD, token).json).toMatchObject({ ok: true })
    const made = run(['backups.create'], 'admin', DEMO_PASSWORD, token)
    expect(made.json.value.encryptedTo).toContainEqual({ fingerprint: expect.any(String), subject: 'CN=operator RSA' })
    const name: string = made.json.value.name
    const db = join(dir, 'ws.db')

    // Three wrong PINs: refused as a wrong PIN, with the same exit code as before, the database as it was.
    const before = readFileSync(db)
    const question = 'PIN-код (пустая строка — отмена): '
    const again = 'Неверный PIN-код. Введите его ещё раз. До блокировки PIN-кода осталось мало попыток.'
    const wrong = await onTerminal(['--restore', name], [{ after: question, type: '987654' }, { after: question, type: '987654' }, { after: question, type: '987654' }], { ...token, LANG: 'ru_RU.UTF-8' })
    expect(wrong.code).toBe(exitCodeOf('TOKEN'))
    expect(wrong.screen.split(question)).toHaveLength(4)
    expect(wrong.screen.split(again)).toHaveLength(3)
    expect(wrong.screen).toContain('Токен: operator · Владелец сертификата: operator RSA')
    expect(wrong.screen).toContain('TOKEN pin_incorrect: Не удалось воспользоваться токеном или ключом: неверный PIN-код, осталось мало попыток')
    expect(wrong.screen).not.toContain('987654')
    expect(readFileSync(db).equals(before)).toBe(true)

    // A script's wrong PIN: refused at once, never asked again.
    const scripted = run(['--restore', name], 'nobody', 'nothing', { ...token, WORKSTATION_PIN: '987654' })
    expect(scripted.code).toBe(exitCodeOf('TOKEN'))
    // Told first, before the PIN is tried, that this workstation made the backup (its register of backups).
    expect(scripted.err).toMatch(new RegExp(`^${name} was made by this workstation on .+, by admin\\.\nTOKEN pin_incorrect: `))
    expect(readFileSync(db).equals(before)).toBe(true)

    // A wrong PIN, then the right one: restored.
    const right = await onTerminal(['--lang', 'kk', '--restore', name], [{ after: 'PIN-код (бос жол — болдырмау): ', type: '987654' }, { after: 'PIN-код (бос жол — болдырмау): ', type: hsm!.pin }], token)
    expect(right.screen).toContain('PIN-код қате. Қайта енгізіңіз. PIN-код бұғатталғанға дейін аз әрекет қалды.')
    expect(right.code).toBe(0)
    expect(right.screen).toContain(`${name} резервтік көшірмесі қалпына келтірілді`)
  })
})
