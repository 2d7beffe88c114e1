import { copyFileSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { BackupOrigin, BackupRestore } from '../api/backups-types'
import { keysPathOf } from '../center/journal-keys'
import type { Clock } from '../domain/clock'
import { refuse } from '../domain/errors'
import { CmsDecryptError } from '../crypto/cms'
import type { PinRequest } from '../crypto/keys/pin-prompt'
import { withPinRetries } from '../crypto/keys/pin-retries'
import { tokenRefusal } from '../crypto/keys/user-keys'
import { TokenError } from '../crypto/signer'
import { parseCertificate } from '../crypto/trust/certificate'
import { evidenceKeyPathOf } from '../disputes/evidence-key'
import { AuditLog } from '../security/audit-log'
import { openDatabase } from '../store/database'
import { requireClosed } from '../store/require-closed'
import { migrate } from '../store/migrate'
import { MIGRATIONS } from '../store/migrations'
import { almatyStamp, checkCopy, copyPathOf, evidenceKeyFingerprint, problemsOf, readManifest, requireBackupName, type BackupManifest } from './backup-files'
import { BackupEnvelopeError, decryptBackup } from './backup-envelope'
import { originOf } from './backup-origin'
import { carryMade, readMade } from './backups-made'
import type { RecipientKey } from './recipient-key'

export interface RestoreOptions {
  dbPath: string
  dir: string
  name: string
  clock: Clock
  /** Who restores, as the audit record names them: the operating system's user at the command line. */
  actor: string
  /** The key that opens an encrypted backup: one of its recipients', on a token in a reader (recipient-key.ts). */
  key?: RecipientKey
  /** The backup's SHA-256 as the operator read it in the backup register: needed for one this desk did not make. */
  fingerprint?: string
  /** Told why the backup is trusted before any key is asked for, so the operator knows it before typing a PIN. */
  told?: (origin: BackupOrigin) => void
  /** How many PINs may be typed before a wrong one refuses the restore: a person at a terminal gets PIN_ATTEMPTS, a script 1 (the default). */
  pinAttempts?: number
}

/**
 * Opens the backup into `incoming` beside the database and checks it there: an encrypted one with a recipient's key,
 * against its seal; a plain one copied. Returns the evidence key an encrypted backup carries. Refuses, with a code the
 * screens and the command line word, a key that is not in a reader or not a recipient's, a wrong PIN, an envelope or
 * seal changed since it was made, and a database that is not sound.
 */
async function open(o: RestoreOptions, manifest: BackupManifest, incoming: string): Promise<Uint8Array | null> {
  const source = copyPathOf(o.dir, manifest)
  const tampered = (why: string): never => refuse('CONFLICT', 'backups.tampered', { name: manifest.name }, `${manifest.name} was changed since it was made and is not restored: ${why}`)
  let evidenceKey: Uint8Array | null = null
  if (manifest.encryptedTo === null) copyFileSync(source, incoming)
  else {
    const recipients = manifest.encryptedTo.map((r) => r.subject).join('; ')
    const encryptedTo = manifest.encryptedTo
    // A wrong PIN fails at the content key, before anything is written: the decryption starts over with the PIN asked again.
    const decrypt = async (retry: PinRequest['retry']): Promise<{ evidenceKey: Uint8Array | null }> => {
      const signer = (await o.key?.(encryptedTo, retry)) ?? refuse('CONFLICT', 'backups.no_recipient_key', { recipients }, `no token in a reader holds the key of a recipient of ${manifest.name} (${recipients})`)
      try {
        return await decryptBackup({ from: source, to: incoming, signer, seal: manifest.seal ?? '', sha256: manifest.sha256 })
      } catch (e) {
        if (e instanceof CmsDecryptError && e.code === 'not_a_recipient')
          refuse('CONFLICT', 'backups.not_a_recipient', { subject: parseCertificate(signer.certificate.der).subject, recipients }, `${manifest.name} is not encrypted to the key used (${e.message}); its recipients: ${recipients}`)
        if (e instanceof CmsDecryptError || e instanceof BackupEnvelopeError) tampered(e.message)
        throw e
      }
    }
    try {
      ;({ evidenceKey } = await withPinRetries(o.pinAttempts ?? 1, decrypt))
    } catch (e) {
      throw e instanceof TokenError ? tokenRefusal(e) : e
    }
  }
  const copy = await checkCopy(incoming)
  // A plain copy is the file itself: the one copied must be the one whose fingerprint was checked.
  if (manifest.encryptedTo === null && copy.sha256 !== manifest.sha256) tampered('the file changed while it was restored')
  if (copy.problems.length)
    refuse('CONFLICT', 'backups.not_restorable', { name: manifest.name, problems: 'integrity' }, `the backup ${manifest.name} cannot be restored: integrity (${copy.problems[0]})`, ['integrity'])
  return evidenceKey
}

/**
 * Puts a backup in place of the database (R12.1), with the desk closed. The backup must be there and unchanged since
 * it was made, and one this desk made or whose fingerprint the operator confirmed (checked before any key is asked
 * for), open with a recipient's key and match its seal, and be sound; a plain one, made before backups were encrypted,
 * must be sealed with this desk's evidence key. Otherwise nothing is touched. The database it replaces is kept beside
 * it (renamed, never deleted), the journal's search keys are set aside to be filed again from the copy's operations,
 * the evidence key an encrypted backup carries is put in place with the database (the one it replaces kept beside it
 * too), and the copy's audit log records the restore: what was done between the backup and the restore is not in it,
 * but the register of the backups made here is carried into it.
 */
export async function restoreBackup(o: RestoreOptions): Promise<BackupRestore> {
  const name = requireBackupName(o.name)
  const manifest = readManifest(o.dir, name) ?? refuse('NOT_FOUND', 'backups.no_backup', { name, dir: o.dir }, `no backup named ${name} in ${o.dir}`)
  const problems = (await problemsOf(o.dir, manifest, evidenceKeyFingerprint(o.dbPath))).map((p) => p.kind)
  if (problems.length) refuse('CONFLICT', 'backups.not_restorable', { name, problems: problems.join(', ') }, `the backup ${name} cannot be restored: ${problems.join(', ')}`, problems)
  requireClosed(o.dbPath)
  // The file's hash is its manifest's (problemsOf): it is the one this desk made, or the one the register names.
  const made = readMade(o.dbPath)
  const origin = originOf({ name, sha256: manifest.sha256, made, fingerprint: o.fingerprint })
  o.told?.(origin)

  const now = o.clock.now()
  const stamp = almatyStamp(now)
  const keptAs = existsSync(o.dbPath) ? `${o.dbPath}.replaced-${stamp}` : null
  const incoming = `${o.dbPath}.restoring`
  const keyPath = evidenceKeyPathOf(o.dbPath)
  const incomingKey = `${keyPath}.restoring`
  // A restore interrupted before (a crash, a killed process) left its copy in the clear and its key: the desk is
  // closed, so nothing is making them now, and they would stop this one.
  for (const left of [incoming, incomingKey]) rmSync(left, { force: true })
  // The database with its WAL and shared memory, the search keys filed from its operations, and the evidence key the
  // backup replaces: all set aside together, and put back together if the copy cannot be put in place.
  const moved: [string, string][] = []
  let keyPlaced = false
  try {
    const evidenceKey = await open(o, manifest, incoming)
    if (evidenceKey) writeFileSync(incomingKey, evidenceKey, { mode: 0o600, flag: 'wx' })
    for (const path of [o.dbPath, keysPathOf(o.dbPath), ...(evidenceKey ? [keyPath] : [])])
      for (const suffix of path === keyPath ? [''] : ['', '-wal', '-shm'])
        if (existsSync(path + suffix)) {
          renameSync(path + suffix, `${path}.replaced-${stamp}${suffix}`)
          moved.push([path + suffix, `${path}.replaced-${stamp}${suffix}`])
        }
    // The key before the database: a desk that finds the database finds its key, never a fresh one made in its place.
    if (evidenceKey) {
      renameSync(incomingKey, keyPath)
      keyPlaced = true
    }
    renameSync(incoming, o.dbPath)
  } catch (e) {
    // Refused, or not put in place (a full disk): the database and its key are put back as they were.
    rmSync(incoming, { force: true })
    rmSync(incomingKey, { force: true })
    if (keyPlaced) rmSync(keyPath, { force: true })
    for (const [from, to] of moved.reverse()) renameSync(to, from)
    throw e
  }

  const db = openDatabase(o.dbPath)
  try {
    migrate(db, MIGRATIONS, now)
    carryMade(db, made)
    new AuditLog(db).append({
      at: now,
      actorId: null,
      actorLogin: o.actor,
      sessionId: null,
      action: 'backup.restore',
      outcome: 'ok',
      errorCode: null,
      subject: name,
      detail: JSON.stringify({ backupCreatedAt: manifest.createdAt, backupCreatedBy: manifest.createdBy, replacedKeptAs: keptAs, encrypted: manifest.encryptedTo !== null, origin: origin.kind })
    })
  } finally {
    db.close()
  }
  return { name, restoredAt: now, origin, replacedKeptAs: keptAs, contents: manifest.contents }
}
