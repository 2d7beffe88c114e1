// The register of the backups this workstation made (R12.1, R6.6.5), in its own database: the backups folder may be
// writable by others (reserve media, a share), the data folder is the desk's alone. A restore trusts a file whose
// SHA-256 is here; any other needs its fingerprint confirmed from the paper backup register (backup-origin.ts).
import { existsSync } from 'node:fs'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import type { BackupMade } from '../api/backups-types'

const INSERT = `INSERT INTO backups_made (sha256, name, created_at, created_by, trigger, day) VALUES (@sha256, @name, @createdAt, @createdBy, @trigger, @day)`

export function recordMade(db: Database, m: BackupMade): void {
  db.prepare(INSERT).run(m)
}

/** The hashes of the backups made here: which files of the folder this desk wrote. */
export const madeHashes = (db: Database): Set<string> => new Set(db.prepare(`SELECT sha256 FROM backups_made`).pluck().all() as string[])

/**
 * The register of a closed database file. None when there is no database (a new machine), or it cannot be read (a
 * database damaged, the reason for the restore, or one older than the register): every file then needs its
 * fingerprint confirmed, which is the safe side.
 */
export function readMade(dbPath: string): BackupMade[] {
  if (!existsSync(dbPath)) return []
  // Not read-only: a read-only connection to a WAL database leaves its -wal and -shm files behind; this one, closing last, removes them.
  const db = new BetterSqlite3(dbPath, { fileMustExist: true, timeout: 0 })
  try {
    return db.prepare(`SELECT sha256, name, created_at AS createdAt, created_by AS createdBy, trigger, day FROM backups_made`).all() as BackupMade[]
  } catch {
    return []
  } finally {
    db.close()
  }
}

/**
 * Carries the register of a database a restore replaced into the restored one: the backups made after the restored
 * one, and the restored one itself, stay this desk's own.
 */
export function carryMade(db: Database, made: readonly BackupMade[]): void {
  const insert = db.prepare(INSERT.replace('INSERT', 'INSERT OR IGNORE'))
  db.transaction(() => {
    for (const m of made) insert.run(m)
  })()
}
