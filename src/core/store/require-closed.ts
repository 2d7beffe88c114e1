import { existsSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { refuse } from '../domain/errors'

/**
 * Refuses when any process has the database open (the desk, the CLI, a Center): an exclusive lock cannot be had then.
 * For what the command line does to the data folder without signing in (a restore, a break-glass reset).
 */
export function requireClosed(dbPath: string): void {
  if (!existsSync(dbPath)) return
  const db = new BetterSqlite3(dbPath, { fileMustExist: true, timeout: 0 })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE')
    db.exec('COMMIT')
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') refuse('CONFLICT', 'database.open_elsewhere', { path: dbPath }, `the database ${dbPath} is open in another process: close the workstation (and any command line or Center using it) first`)
    throw e
  } finally {
    db.close()
  }
}
