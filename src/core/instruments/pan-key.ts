import { createHmac } from 'node:crypto'
import type { Database } from 'better-sqlite3'

/**
 * The keyed hash by which the Center finds a card without storing its number (PCI DSS 3.4: a PAN is kept
 * only as a keyed hash and a masked form). The key is created with the database.
 */
export function panHasher(db: Database): (pan: string) => string {
  const key = db.prepare(`SELECT value FROM center_secrets WHERE name = 'pan_hash_key'`).pluck().get() as Buffer | undefined
  if (!key) throw new Error('the database has no PAN hash key')
  return (pan) => createHmac('sha256', key).update(pan).digest('base64url')
}
