import { randomInt } from 'node:crypto'
import { verifyPassword } from './password-hash'

export interface PasswordPolicy {
  minLength: number
  /** How many previous passwords may not be reused. */
  history: number
}

/** One broken rule of the policy, with the figure the rule needs to be explained. */
export type PolicyViolation =
  | { rule: 'minLength'; value: number }
  | { rule: 'maxLength'; value: number }
  | { rule: 'classes'; value: string }
  | { rule: 'containsLogin' }
  | { rule: 'edgeSpace' }
  | { rule: 'reused'; value: number }

const MAX_LENGTH = 128
const CLASSES: ReadonlyArray<[RegExp, string]> = [
  [/\p{Ll}/u, 'lower'],
  [/\p{Lu}/u, 'upper'],
  [/\p{Nd}/u, 'digit'],
  [/[^\p{L}\p{Nd}]/u, 'symbol']
]
const CLASS_NAMES: Record<string, string> = { lower: 'a lower-case letter', upper: 'an upper-case letter', digit: 'a digit', symbol: 'a symbol' }

/**
 * The rules a new password breaks; empty when it is acceptable. `previous` holds the current hash and
 * the history, newest first; only the last `policy.history` of them count.
 */
export function passwordViolations(password: string, login: string, policy: PasswordPolicy, previous: readonly string[]): PolicyViolation[] {
  const problems: PolicyViolation[] = []
  const length = [...password].length
  if (length < policy.minLength) problems.push({ rule: 'minLength', value: policy.minLength })
  if (length > MAX_LENGTH) problems.push({ rule: 'maxLength', value: MAX_LENGTH })
  const missing = CLASSES.filter(([re]) => !re.test(password)).map(([, name]) => name)
  if (missing.length) problems.push({ rule: 'classes', value: missing.join(',') })
  if (login && password.toLowerCase().includes(login.toLowerCase())) problems.push({ rule: 'containsLogin' })
  if (/^\s|\s$/.test(password)) problems.push({ rule: 'edgeSpace' })
  // Reuse is checked last and only for otherwise acceptable passwords: each check costs a scrypt run.
  const reuse = Math.max(1, policy.history)
  if (problems.length === 0 && previous.slice(0, reuse).some((h) => verifyPassword(password, h))) problems.push({ rule: 'reused', value: reuse })
  return problems
}

/** The English wording of a violation (CLI, audit log); the renderer translates the rule instead. */
export function describeViolation(v: PolicyViolation): string {
  switch (v.rule) {
    case 'minLength':
      return `must be at least ${v.value} characters long`
    case 'maxLength':
      return `must be at most ${v.value} characters long`
    case 'classes':
      return `must contain ${v.value.split(',').map((c) => CLASS_NAMES[c]).join(', ')}`
    case 'containsLogin':
      return 'must not contain the login'
    case 'edgeSpace':
      return 'must not begin or end with a space'
    case 'reused':
      return `must differ from the last ${v.value} passwords`
  }
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
