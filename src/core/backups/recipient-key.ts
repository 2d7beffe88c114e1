// The key a restore opens an encrypted backup with (R12.1): a recipient's, on a token in a reader of this machine,
// its PIN asked for the one decryption; in the demo database (no tokens), a recipient's demo key bound in the
// database being replaced, its passphrase asked the same way. A new machine has only the token.
import { existsSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import type { BackupRecipient } from '../api/backups-types'
import type { PinPrompt, PinRequest } from '../crypto/keys/pin-prompt'
import { TokenSigner } from '../crypto/pkcs11/token-signer'
import type { Signer } from '../crypto/signer'
import { FileSigner } from '../crypto/software/file-signer'
import type { TokenService } from '../crypto/token-service'
import { commonNameIn } from '../crypto/trust/identity'

/** A signer over the key of one of `recipients`, or null when none of their keys is at hand; `retry` after a wrong PIN. */
export type RecipientKey = (recipients: readonly BackupRecipient[], retry?: PinRequest['retry']) => Promise<Signer | null>

function demoKeyIn(dbPath: string, fingerprint: string): { der: Uint8Array; key: Uint8Array } | null {
  if (!existsSync(dbPath)) return null
  // Not read-only: a read-only connection to a WAL database leaves its -wal and -shm files behind; this one, closing last, removes them.
  const db = new BetterSqlite3(dbPath, { fileMustExist: true, timeout: 0 })
  try {
    const row = db.prepare(`SELECT der, software_key FROM user_certificates WHERE fingerprint = ? AND software_key IS NOT NULL`).get(fingerprint) as { der: Buffer; software_key: Buffer } | undefined
    return row ? { der: new Uint8Array(row.der), key: new Uint8Array(row.software_key) } : null
  } catch {
    // A database without certificates (never migrated that far): no demo key in it.
    return null
  } finally {
    db.close()
  }
}

/** `caller` names the PIN's asker to `prompt` (the command line's own name). */
export function recipientKeyOf(o: { tokens: TokenService; dbPath: string; prompt: PinPrompt; caller: string }): RecipientKey {
  return async (recipients, retry = null) => {
    for (const r of recipients) {
      const found = await o.tokens.findCertificate(r.fingerprint)
      const holder = commonNameIn(r.subject) ?? r.subject
      if (found)
        return new TokenSigner({
          module: found.module, slot: found.slot, certificate: found.certificate,
          askPin: () => o.prompt(o.caller, { purpose: 'decrypt', kind: 'token_pin', tokenLabel: found.tokenLabel, holder, retry })
        })
    }
    for (const r of recipients) {
      const demo = demoKeyIn(o.dbPath, r.fingerprint)
      const holder = commonNameIn(r.subject) ?? r.subject
      if (demo)
        return new FileSigner({
          key: demo.key, certificate: demo.der, id: r.fingerprint, label: holder,
          askPassphrase: () => o.prompt(o.caller, { purpose: 'decrypt', kind: 'key_passphrase', tokenLabel: 'demo key', holder, retry })
        })
    }
    return null
  }
}
