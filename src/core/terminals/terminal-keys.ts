import { randomBytes } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { TerminalKey } from '../api/types'
import { statementCache } from '../store/statements'

/**
 * Per-terminal keys for the online intake (R7.4): a terminal signs each request with HMAC-SHA256 under
 * its key. Issuing a new key replaces the old one at once.
 */
export class TerminalKeysRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  issue(terminalId: string, issuedBy: string | null, now: number): TerminalKey {
    const code = this.sql<[string], string>('SELECT code FROM terminals WHERE id = ?').pluck().get(terminalId)
    if (!code) throw new Error(`no terminal ${terminalId}`)
    const secret = randomBytes(32)
    const keyId = `${code}.${randomBytes(6).toString('hex')}`
    this.sql(
      `INSERT INTO terminal_keys (terminal_id, key_id, secret, issued_at, issued_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (terminal_id) DO UPDATE SET key_id = excluded.key_id, secret = excluded.secret, issued_at = excluded.issued_at, issued_by = excluded.issued_by`
    ).run(terminalId, keyId, secret, now, issuedBy)
    return { terminalCode: code, keyId, secret: secret.toString('base64url'), issuedAt: now }
  }

  findByKeyId(keyId: string): { terminalId: string; terminalCode: string; secret: Buffer } | undefined {
    return this.sql<[string], { terminalId: string; terminalCode: string; secret: Buffer }>(
      'SELECT k.terminal_id AS terminalId, t.code AS terminalCode, k.secret FROM terminal_keys k JOIN terminals t ON t.id = k.terminal_id WHERE k.key_id = ?'
    ).get(keyId)
  }
}
