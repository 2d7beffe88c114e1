import { z } from 'zod'
import { contract } from '../../core/api/contract'
import { CALL_NAMES } from '../../core/api/names'
import type { CallResult } from '../../core/api/types'
import { userInfo } from 'node:os'
import { AppError, ERROR_CODES, type ErrorCode } from '../../core/domain/errors'
import { systemClock } from '../../core/domain/clock'
import type { BackupOrigin } from '../../core/api/types'
import { backupsDirOf } from '../../core/backups/backup-files'
import { restoreBackup } from '../../core/backups/restore'
import { breakGlassReset } from '../../core/security/break-glass'
import { recipientKeyOf } from '../../core/backups/recipient-key'
import { PIN_ATTEMPTS } from '../../core/crypto/keys/pin-retries'
import { TokenService } from '../../core/crypto/token-service'
import { assertNodeVersion, databasePath, defaultUserDataDir, demoEnabled } from '../config'
import { openWorkstation } from '../workstation'
import { reportFonts } from '../report-fonts'
import { languageOf, takeLang } from './language'
import { formatDay, formatInstant } from '../../core/reports/format'
import { breakGlassText, restoredText } from './outcomes'
import { cliPinPrompt } from './pin-prompt'
import { ask } from './prompt'
import { wordsIn, type Words } from './words'

/** Exit codes: 0 ok, 2 usage, and 10 + the error's index in ERROR_CODES for a refused call. */
export const exitCodeOf = (code: ErrorCode): number => 10 + ERROR_CODES.indexOf(code)

function help(call?: string): string {
  if (call && Object.hasOwn(contract, call)) {
    const spec = contract[call as keyof typeof contract]
    const schema = JSON.stringify(z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }), null, 2)
    return `${call}: ${spec.summary}\npermission: ${spec.permission ?? 'any signed-in user'}\ninput (JSON Schema):\n${schema}\n`
  }
  const rows = CALL_NAMES.map((n) => `  ${n.padEnd(24)} ${(contract[n].permission ?? '-').padEnd(18)} ${contract[n].summary}`)
  return [
    'usage: npm run cli -- [--lang kk|ru|en] <call> [\'<json input>\']   run one call as the signed-in user',
    '       npm run cli -- --help [<call>]               list the calls, or show one call\'s input schema',
    '       npm run cli -- --restore <backup name> [--fingerprint <SHA-256>]',
    '                                                    put a backup (backups.list) in place of the database,',
    '                                                    with the workstation closed (R12.1); an encrypted one opens',
    '                                                    with a backup recipient\'s token (WORKSTATION_PKCS11_MODULE).',
    '                                                    One this workstation did not make (another\'s, or a new PC)',
    '                                                    needs its fingerprint as the backup register has it',
    '       npm run cli -- --break-glass-reset <login>   give an administrator who lost the password a one-time password,',
    '                                                    printed once here, with the workstation closed and no second',
    '                                                    administrator (R12.4); the other administrators are told at sign-in',
    '',
    '--lang kk|ru|en: the language of the restore\'s and the break-glass reset\'s outcome, of the refusals and of the',
    'PIN prompt; without it, the environment\'s (LC_ALL, LC_MESSAGES, LANG: kk_KZ → kk, ru_RU → ru), else English.',
    '',
    'Signs in as WORKSTATION_USER / WORKSTATION_PASSWORD (asked for when unset), runs the call through the',
    'same dispatcher as the app (permissions, session rules, audit) and prints the result envelope as JSON.',
    'Database: WORKSTATION_DB (default: the app\'s, in the user-data folder).',
    'A token PIN (or the demo key passphrase) is asked on the terminal without echo; when stdin is not a terminal',
    'it is taken from WORKSTATION_PIN (never printed; a wrong one is not retried); on the terminal a wrong one is asked again, three times at most.',
    `Exit codes: 0 ok, 2 usage, otherwise 10 + the error's position: ${ERROR_CODES.map((c) => `${exitCodeOf(c)} ${c}`).join(', ')}.`,
    '',
    `  ${'call'.padEnd(24)} ${'permission'.padEnd(18)} what it does`,
    ...rows,
    ''
  ].join('\n')
}

function parseInput(text: string | undefined): unknown {
  if (text === undefined) return {}
  try {
    return JSON.parse(text)
  } catch (e) {
    process.stderr.write(`the input is not valid JSON: ${(e as Error).message}\n`)
    process.exit(2)
  }
}

/** Why the backup is trusted, told before its key's PIN is asked for (R12.1). */
function toldOrigin(w: Words, name: string, origin: BackupOrigin): void {
  if (origin.kind !== 'made_here') return void process.stderr.write(`${w.t('backups.origin.confirmed', { name })}\n`)
  const by = origin.trigger === 'day_close' ? w.t('backups.origin.byClose', { day: formatDay(origin.day ?? '', w.locale) }) : w.t('backups.origin.byUser', { user: origin.createdBy })
  process.stderr.write(`${w.t('backups.origin.madeHere', { name: origin.name, at: formatInstant(origin.createdAt, w.locale), by })}\n`)
}

/**
 * A restore needs no sign-in: whoever can run this against the data folder can copy its files anyway. It is refused
 * while any process has the database open, and the restored database's audit log names the operating system's user.
 */
async function restore(w: Words, name: string | undefined, options: string[]): Promise<number> {
  const [flag, fingerprint, ...more] = options
  if (!name || (flag !== undefined && (flag !== '--fingerprint' || fingerprint === undefined)) || more.length) {
    process.stderr.write('usage: npm run cli -- --restore <backup name> [--fingerprint <SHA-256>]   (the names are in backups.list)\n')
    return 2
  }
  const dbPath = databasePath(defaultUserDataDir())
  // An encrypted backup opens with a backup recipient's token in a reader of this machine (its PIN asked here).
  const tokens = new TokenService(process.env.WORKSTATION_PKCS11_MODULE ?? null, systemClock)
  const key = recipientKeyOf({ tokens, dbPath, prompt: cliPinPrompt(w), caller: `cli:${process.pid}` })
  // A wrong PIN typed at the terminal is asked again; a script's (WORKSTATION_PIN) is tried once, so it cannot lock the token.
  const pinAttempts = process.stdin.isTTY ? PIN_ATTEMPTS : 1
  try {
    return printed(restoredText(w, await restoreBackup({ dbPath, dir: backupsDirOf(dbPath), name, clock: systemClock, actor: osActor(), key, pinAttempts, fingerprint, told: (origin) => toldOrigin(w, name, origin) })))
  } catch (e) {
    return refused(w, e)
  } finally {
    tokens.close()
  }
}

/**
 * Break-glass (R12.4): an administrator's one-time password without a second administrator, under restore's terms (no
 * sign-in, the database closed, the OS user recorded). Printed once: it is kept nowhere but as its hash.
 */
function breakGlass(w: Words, login: string | undefined): number {
  if (!login) {
    process.stderr.write('usage: npm run cli -- --break-glass-reset <login>   (an active administrator\'s login)\n')
    return 2
  }
  try {
    return printed(breakGlassText(w, breakGlassReset({ dbPath: databasePath(defaultUserDataDir()), login, clock: systemClock, actor: osActor() })))
  } catch (e) {
    return refused(w, e)
  }
}

/** Who acts where no one signs in: the operating system's user, as the audit log names them. */
const osActor = (): string => `os:${userInfo().username}`

function printed(text: string): number {
  process.stdout.write(text)
  return 0
}

/** A refusal of an action that needs no sign-in: its code, rule and words on stderr, and the code's exit status. */
function refused(w: Words, e: unknown): number {
  if (!(e instanceof AppError)) throw e
  process.stderr.write(w.refusalLine(e))
  return exitCodeOf(e.code)
}

async function main(argv: string[]): Promise<number> {
  assertNodeVersion()
  const args = takeLang(argv)
  if (!args) {
    process.stderr.write('--lang needs a language: kk, ru or en\n')
    return 2
  }
  const w = wordsIn(languageOf(args.lang, process.env))
  const [call, rawInput, ...rest] = args.rest
  if (!call || call === '--help' || call === '-h') {
    process.stdout.write(help(rawInput))
    return call ? 0 : 2
  }
  if (call === '--restore') return restore(w, rawInput, rest)
  if (rest.length) {
    process.stderr.write('too many arguments: quote the JSON input as one argument\n')
    return 2
  }
  if (call === '--break-glass-reset') return breakGlass(w, rawInput)
  const input = parseInput(rawInput)
  const login = process.env.WORKSTATION_USER || (await ask('Login: '))
  const password = process.env.WORKSTATION_PASSWORD || (await ask('Password: ', true))
  const workstation = openWorkstation({ dbPath: databasePath(defaultUserDataDir()), demo: demoEnabled(), reportFonts: reportFonts(), pinPrompt: cliPinPrompt(w) })
  const caller = `cli:${process.pid}`
  try {
    const print = (r: CallResult<unknown>): number => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`)
      if (r.ok) return 0
      process.stderr.write(w.refusalLine(r.error))
      return exitCodeOf(r.error.code)
    }
    const signIn = await workstation.dispatch(caller, 'session.signIn', { login, password })
    if (!signIn.ok || call === 'session.signIn') return print(signIn)
    const result = await workstation.dispatch(caller, call, input)
    if (call !== 'session.signOut') workstation.dispatch(caller, 'session.signOut', {})
    return print(result)
  } finally {
    workstation.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  }
)
