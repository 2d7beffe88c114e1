import BetterSqlite3, { type Database } from 'better-sqlite3'
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Opens the one writer connection. WAL lets readers proceed during writes; synchronous=FULL because an
 * acknowledged change must survive a power cut (ARCHITECTURE.md decision 4).
 */
export function openDatabase(path: string): Database {
  const onDisk = path !== ':memory:'
  const isNew = onDisk && !existsSync(path)
  if (onDisk) mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const db = new BetterSqlite3(path)
  // Password hashes and the audit log live here: readable by the desk's user only. SQLite gives the
  // -wal and -shm files the same mode as the database file.
  if (isNew) chmodSync(path, 0o600)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // 64 MiB of page cache: the Center's indexes stay in memory under load (the default 2 MiB thrashes).
  db.pragma('cache_size = -65536')
  return db
}
