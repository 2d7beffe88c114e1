import { randomInt } from 'node:crypto'
import { verifyPassword } from './password-hash'

export interface PasswordPolicy {
  minLength: number
  /** How many previous passwords may not be reused. */
  history: number
}

const CLASSES: ReadonlyArray<[RegExp, string]> = [
  [/\p{Ll}/u, 'a lower-case letter'],
  [/\p{Lu}/u, 'an upper-case letter'],
  [/\p{Nd}/u, 'a digit'],
  [/[^\p{L}\p{Nd}]/u, 'a symbol']
]

/**
 * The reasons a new password is refused; empty when it is acceptable. `previous` holds the current
 * hash and the history, newest first; only the last `policy.history` of them count.
 */
export function passwordViolations(password: string, login: string, policy: PasswordPolicy, previous: readonly string[]): string[] {
  const problems: string[] = []
  if ([...password].length < policy.minLength) problems.push(`must be at least ${policy.minLength} characters long`)
  if ([...password].length > 128) problems.push('must be at most 128 characters long')
  const missing = CLASSES.filter(([re]) => !re.test(password)).map(([, name]) => name)
  if (missing.length) problems.push(`must contain ${missing.join(', ')}`)
  if (login && password.toLowerCase().includes(login.toLowerCase())) problems.push('must not contain the login')
  if (/^\s|\s$/.test(password)) problems.push('must not begin or end with a space')
  // Reuse is checked last and only for otherwise acceptable passwords: each check costs a scrypt run.
  if (problems.length === 0 && previous.slice(0, Math.max(1, policy.history)).some((h) => verifyPassword(password, h)))
    problems.push(`must differ from the last ${Math.max(1, policy.history)} passwords`)
  return problems
}

// No look-alike characters (0/O, 1/l/I): the one-time password is read out or copied by hand.
const OTP_SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#%+=?@']

/** A one-time password of 16 characters with every class present, from a CSPRNG. */
export function generateOneTimePassword(pick: (max: number) => number = randomInt): string {
  const chars = OTP_SETS.map((set) => set[pick(set.length)]!)
  const all = OTP_SETS.join('')
  while (chars.length < 16) chars.push(all[pick(all.length)]!)
  for (let i = chars.length - 1; i > 0; i--) {
    const j = pick(i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}
