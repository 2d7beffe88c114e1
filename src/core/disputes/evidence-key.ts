// Where the desk's evidence key lives: a file beside the database, readable by its owner only, made on first use.
// A database copied without its key file keeps the evidence sealed.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

/** The key's file beside the database (a backup carries the key and a restore puts it back here). */
export const evidenceKeyPathOf = (dbPath: string): string => `${dbPath}.evidence-key`

export function evidenceKey(dbPath: string): Uint8Array {
  if (dbPath === ':memory:') return new Uint8Array(randomBytes(32))
  const path = evidenceKeyPathOf(dbPath)
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600, flag: 'wx' })
  const key = readFileSync(path)
  if (key.length !== 32) throw new Error(`the evidence key ${path} is damaged (${key.length} bytes, expected 32)`)
  return new Uint8Array(key)
}
