import type { statementCache } from './statements'

/**
 * Takes the next number of a named sequence (code_sequences) inside the caller's transaction. Numbers are
 * never handed out twice, even when the record that used one is later ended.
 */
export function nextInSequence(sql: ReturnType<typeof statementCache>, name: string): number {
  const n = sql<[string]>('UPDATE code_sequences SET next = next + 1 WHERE name = ? RETURNING next - 1').pluck().get(name)
  if (typeof n !== 'number') throw new Error(`no sequence ${name}`)
  return n
}
