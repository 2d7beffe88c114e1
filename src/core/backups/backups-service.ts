import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { BackupCheck, BackupRoom, BackupRow, BackupStorage } from '../api/backups-types'
import type { CallContext } from '../api/context'
import { AppError, fail, refuse } from '../domain/errors'
import type { AuditLog } from '../security/audit-log'
import { almatyStamp, BACKUP_NAME, checkCopy, copyPathOf, evidenceKeyFingerprint, manifestPathOf, problemsOf, readEvidenceKey, readManifest, requireBackupName, type BackupManifest } from './backup-files'
import { encryptBackup } from './backup-envelope'
import { madeHashes, recordMade } from './backups-made'
import { clearPartOf, removeLeftovers, sealedPartOf } from './leftovers'
import type { BackupRecipientCertificate, BackupRecipients } from './backup-recipients'
import { diskFreeOf, storageFor, type DiskFree } from './disk-space'

/** The counter of a backup made in the same second as another (…-2.db): the first has none. */
const counterOf = (name: string): number => Number(/-(\d{1,3})\.db$/.exec(name.slice('workstation-YYYYMMDD-HHMMSS'.length))?.[1] ?? 1)

const toRow = ({ evidenceKey: _kept, seal: _sealed, ...m }: BackupManifest, present: boolean, madeHere: boolean): BackupRow => ({ ...m, present, madeHere })

/** How many of the backups made after days' closes are kept: a month of closed days. Those made by hand are never removed. */
export const CLOSE_BACKUPS_KEPT = 31

/** Who the audit log names for what the desk does itself. */
const SYSTEM = 'system'

type Made = Pick<BackupManifest, 'createdAt' | 'createdBy' | 'trigger' | 'day'>

/**
 * Backups of the database (R12.1: continuity and availability of data, reserve copies). A copy is made online with
 * SQLite's backup API, a few pages at a time between the Center's batches, so authorizations go on; it is then
 * checked page by page and hashed on a worker thread, and only a sound copy is kept: encrypted to the backup
 * recipients' certificates (backup-envelope.ts, backup-recipients.ts), with a manifest beside it. The copy in the
 * clear is made beside the live database, never in the backups folder, and removed once encrypted. The desk makes one
 * after every day's close; an administrator, whenever asked. A restore is made with the desk closed, from the command
 * line (restore.ts), with a recipient's token.
 */
export class BackupsService {
  private running: Promise<BackupRow> | null = null

  constructor(
    private readonly db: Database,
    private readonly dir: string,
    private readonly audit: AuditLog,
    private readonly recipients: BackupRecipients,
    private readonly diskFree: DiskFree = diskFreeOf
  ) {}

  /**
   * Whether a copy can be made at `now`: it fits on the backups' disk with the reserve the live database needs left
   * free, and has recipients to be encrypted to (so the screen warns before a day's close finds none).
   */
  storage(now: number): BackupStorage {
    return { ...this.room(), recipients: this.recipients.of(now).map(({ fingerprint, subject }) => ({ fingerprint, subject })) }
  }

  private room(): BackupRoom {
    const pages = this.db.pragma('page_count', { simple: true }) as number
    const pageSize = this.db.pragma('page_size', { simple: true }) as number
    return storageFor(pages * pageSize, this.diskFree(this.dir))
  }

  /**
   * At the desk's start: removes what backups interrupted by a crash left (leftovers.ts), the copy in the clear beside
   * the database above all, and records it in the audit log. Returns the paths removed.
   */
  removeLeftovers(now: number): string[] {
    const removed = removeLeftovers(this.db.name, this.dir)
    if (removed.length)
      this.audit.append({ at: now, actorId: null, actorLogin: SYSTEM, sessionId: null, action: 'backups.leftoversRemoved', outcome: 'ok', errorCode: null, subject: null, detail: JSON.stringify({ removed }) })
    return removed
  }

  /** Every backup in the folder, newest first; one whose hash this desk did not record is marked, not hidden. */
  list(): BackupRow[] {
    if (!existsSync(this.dir)) return []
    const made = madeHashes(this.db)
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.db.json') && BACKUP_NAME.test(f.slice(0, -'.json'.length)))
      .map((f) => readManifest(this.dir, f.slice(0, -'.json'.length))!)
      .map((m) => toRow(m, existsSync(copyPathOf(this.dir, m)), made.has(m.sha256)))
      .sort((a, b) => b.createdAt - a.createdAt || counterOf(b.name) - counterOf(a.name))
  }

  /** Makes a backup now, at an administrator's request; one at a time. */
  create(ctx: CallContext): Promise<BackupRow> {
    if (this.db.memory) fail('CONFLICT', 'an in-memory database has no file to back up')
    if (this.running) refuse('CONFLICT', 'backups.running', {}, 'a backup is being made: wait for it to finish')
    const made = this.start({ createdAt: ctx.now, createdBy: ctx.requireUser().login, trigger: 'manual', day: null })
    ctx.subject = made.name
    return made.done
  }

  /**
   * The backup of a day just cleared, made by the desk itself and recorded in the audit log; the oldest such backups
   * beyond CLOSE_BACKUPS_KEPT are removed. Resolves null when another backup is being made (it holds the day too).
   */
  async afterClose(day: string, now: number): Promise<BackupRow | null> {
    if (this.db.memory || this.running) return null
    const record = (subject: string | null, e: unknown, detail: object) =>
      this.audit.append({
        at: now,
        actorId: null,
        actorLogin: SYSTEM,
        sessionId: null,
        action: 'backups.afterClose',
        outcome: e === null ? 'ok' : 'error',
        errorCode: e === null ? null : e instanceof AppError ? e.code : 'INTERNAL',
        subject,
        detail: JSON.stringify({ day, ...detail, ...(e === null ? {} : { error: e instanceof Error ? e.message : String(e) }) })
      })
    let made: { name: string; done: Promise<BackupRow> }
    try {
      made = this.start({ createdAt: now, createdBy: SYSTEM, trigger: 'day_close', day })
    } catch (e) {
      // No room on the disk: the day's copy is not made, and the audit log says so for the administrator.
      record(null, e, {})
      throw e
    }
    try {
      const row = await made.done
      record(made.name, null, { removed: this.removeOldCloseBackups() })
      return row
    } catch (e) {
      record(made.name, e, {})
      throw e
    }
  }

  /** Checks a backup again: still there, unchanged since it was made (its hash), every page sound, its evidence key this desk's. */
  async verify(name: string, now: number): Promise<BackupCheck> {
    const manifest = readManifest(this.dir, requireBackupName(name)) ?? refuse('NOT_FOUND', 'backups.no_backup', { name, dir: this.dir }, `no backup named ${name} in ${this.dir}`)
    const problems = await problemsOf(this.dir, manifest, evidenceKeyFingerprint(this.db.name))
    return { name, checkedAt: now, ok: problems.length === 0, problems }
  }

  private start(made: Made): { name: string; done: Promise<BackupRow> } {
    const room = this.room()
    if (!room.enough)
      refuse('CONFLICT', 'backups.no_space', { freeBytes: room.freeBytes, neededBytes: room.neededBytes, reserveBytes: room.reserveBytes }, `the disk has ${room.freeBytes} bytes free; a copy needs ${room.neededBytes} with the reserve the database keeps`)
    // Confidential at rest (R12.1): no recipient, no copy; a plain one in the folder would expose every client.
    const to = this.recipients.of(made.createdAt)
    if (to.length === 0)
      refuse('CONFLICT', 'backups.no_recipient', {}, 'no backup recipient: bind a certificate fit for encryption to an administrator (Tokens) so that backups can be encrypted to it')
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const name = this.freshName(made.createdAt)
    this.running = this.make(name, made, to).finally(() => (this.running = null))
    return { name, done: this.running }
  }

  private async make(name: string, made: Made, to: readonly BackupRecipientCertificate[]): Promise<BackupRow> {
    const part = clearPartOf(this.db.name, name)
    const encryptedTo = to.map(({ fingerprint, subject }) => ({ fingerprint, subject }))
    const sealed = sealedPartOf(copyPathOf(this.dir, { name, encryptedTo }))
    try {
      await this.db.backup(part)
      chmodSync(part, 0o600)
      const copy = await checkCopy(part, true)
      if (copy.problems.length || !copy.contents) throw new AppError('INTERNAL', `the copy failed SQLite's integrity check: ${copy.problems[0] ?? 'no contents'}`)
      const envelope = await encryptBackup({ from: part, to: sealed, recipients: to.map((c) => c.der), databaseSha256: copy.sha256, evidenceKey: readEvidenceKey(this.db.name) })
      // Recorded before it is named: a restore trusts this file by its hash, whoever can write to the folder (R12.1).
      recordMade(this.db, { sha256: envelope.sha256, name, ...made })
      const manifest: BackupManifest = {
        name, ...made, sizeBytes: envelope.sizeBytes, sha256: envelope.sha256, contents: copy.contents, encryptedTo, evidenceKey: evidenceKeyFingerprint(this.db.name), seal: envelope.seal
      }
      // The manifest first: a crash between the two leaves a manifest whose copy is missing, which the list shows.
      writeFileSync(manifestPathOf(this.dir, name), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
      renameSync(sealed, copyPathOf(this.dir, manifest))
      return toRow(manifest, true, true)
    } finally {
      rmSync(part, { force: true })
      rmSync(sealed, { force: true })
    }
  }

  /** Removes the backups made after closes beyond the newest CLOSE_BACKUPS_KEPT; returns their names. */
  private removeOldCloseBackups(): string[] {
    const old = this.list().filter((b) => b.trigger === 'day_close').slice(CLOSE_BACKUPS_KEPT)
    for (const b of old) {
      rmSync(copyPathOf(this.dir, b), { force: true })
      rmSync(manifestPathOf(this.dir, b.name), { force: true })
    }
    return old.map((b) => b.name)
  }

  /** workstation-YYYYMMDD-HHMMSS.db in Almaty time, with a counter if that second already has one. */
  private freshName(now: number): string {
    const stamp = almatyStamp(now)
    for (let n = 1; ; n++) {
      const name = `workstation-${stamp}${n === 1 ? '' : `-${n}`}.db`
      if (!existsSync(manifestPathOf(this.dir, name)) && !existsSync(join(this.dir, name)) && !existsSync(copyPathOf(this.dir, { name, encryptedTo: [] }))) return name
    }
  }
}
