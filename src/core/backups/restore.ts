import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { BackupRestore } from '../api/backups-types'
import { keysPathOf } from '../center/journal-keys'
import type { Clock } from '../domain/clock'
import { AppError, fail } from '../domain/errors'
import { AuditLog } from '../security/audit-log'
import { openDatabase } from '../store/database'
import { migrate } from '../store/migrate'
import { MIGRATIONS } from '../store/migrations'
import { almatyStamp, evidenceKeyFingerprint, problemsOf, readManifest, requireBackupName } from './backup-files'

export interface RestoreOptions {
  dbPath: string
  dir: string
  name: string
  clock: Clock
  /** Who restores, as the audit record names them: the operating system's user at the command line. */
  actor: string
}

/** Refuses when any process has the database open (the desk, the CLI, a Center): an exclusive lock cannot be had then. */
function requireClosed(dbPath: string): void {
  if (!existsSync(dbPath)) return
  const db = new BetterSqlite3(dbPath, { fileMustExist: true, timeout: 0 })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE')
    db.exec('COMMIT')
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') fail('CONFLICT', `the database ${dbPath} is open in another process: close the workstation (and any command line or Center using it) first`)
    throw e
  } finally {
    db.close()
  }
}

/**
 * Puts a backup in place of the database (R12.1), with the desk closed. The copy must be sound, unchanged since it
 * was made and sealed with this desk's evidence key, or nothing is touched. The database it replaces is kept beside
 * it (renamed, never deleted), the journal's search keys are set aside to be filed again from the copy's operations,
 * and the copy's audit log records the restore: what was done between the backup and the restore is not in it.
 */
export async function restoreBackup(o: RestoreOptions): Promise<BackupRestore> {
  const name = requireBackupName(o.name)
  const manifest = readManifest(o.dir, name) ?? fail('NOT_FOUND', `no backup named ${name} in ${o.dir}`)
  const source = join(o.dir, name)
  const problems = await problemsOf(source, manifest, evidenceKeyFingerprint(o.dbPath))
  if (problems.length) throw new AppError('CONFLICT', `the backup ${name} cannot be restored: ${problems.map((p) => p.kind).join(', ')}`, problems.map((p) => p.kind))
  requireClosed(o.dbPath)

  const now = o.clock.now()
  const stamp = almatyStamp(now)
  const keptAs = existsSync(o.dbPath) ? `${o.dbPath}.replaced-${stamp}` : null
  // The database with its WAL and shared memory, and the search keys filed from its operations: all set aside together.
  const moved: [string, string][] = []
  try {
    for (const path of [o.dbPath, keysPathOf(o.dbPath)])
      for (const suffix of ['', '-wal', '-shm'])
        if (existsSync(path + suffix)) {
          renameSync(path + suffix, `${path}.replaced-${stamp}${suffix}`)
          moved.push([path + suffix, `${path}.replaced-${stamp}${suffix}`])
        }
    const incoming = `${o.dbPath}.restoring`
    copyFileSync(source, incoming)
    renameSync(incoming, o.dbPath)
  } catch (e) {
    // A copy that could not be put in place (a full disk): the database is put back as it was.
    rmSync(`${o.dbPath}.restoring`, { force: true })
    for (const [from, to] of moved.reverse()) renameSync(to, from)
    throw e
  }

  const db = openDatabase(o.dbPath)
  try {
    migrate(db, MIGRATIONS, now)
    new AuditLog(db).append({
      at: now,
      actorId: null,
      actorLogin: o.actor,
      sessionId: null,
      action: 'backup.restore',
      outcome: 'ok',
      errorCode: null,
      subject: name,
      detail: JSON.stringify({ backupCreatedAt: manifest.createdAt, backupCreatedBy: manifest.createdBy, replacedKeptAs: keptAs })
    })
  } finally {
    db.close()
  }
  return { name, restoredAt: now, replacedKeptAs: keptAs, contents: manifest.contents }
}
