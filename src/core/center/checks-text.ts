import type { OperationCheck } from '../api/types'

/**
 * How an operation's checks are stored: their names in order, separated by spaces, a failed one followed by
 * `!` and its reason ("terminal acquirer payer!instrument.blocked"). As JSON objects they took about 270
 * bytes of each operation's 650, written at the Center's peak rate; this is a quarter of that. Checks whose
 * name or reason would not survive it (a space, a `!`) are stored as JSON, as every row written before was.
 */
export function checksText(checks: readonly OperationCheck[]): string {
  const plain = checks.every((c) => c.check !== '' && !UNSAFE.test(c.check) && !UNSAFE.test(c.reason ?? '') && (c.ok ? c.reason === undefined : c.reason !== undefined))
  return plain ? checks.map((c) => (c.ok ? c.check : `${c.check}!${c.reason}`)).join(' ') : JSON.stringify(checks)
}
const UNSAFE = /[\s!\[]/

export function checksOf(text: string): OperationCheck[] {
  if (text.startsWith('[')) return JSON.parse(text) as OperationCheck[]
  if (text === '') return []
  return text.split(' ').map((token) => {
    const at = token.indexOf('!')
    return at < 0 ? { check: token, ok: true } : { check: token.slice(0, at), ok: false, reason: token.slice(at + 1) }
  })
}
