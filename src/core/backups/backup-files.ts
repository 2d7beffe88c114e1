import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BackupContents, BackupProblem, BackupRow } from '../api/backups-types'
import { fail } from '../domain/errors'
import { ALMATY_OFFSET_MS } from '../opday/calendar'
import { runSqliteTask } from '../store/sqlite-worker'
import checkWorker from './backup-check-worker.cjs?raw'

/** A backup's file name: the moment it was made, in Almaty time, and a counter when two fall in one second. */
export const BACKUP_NAME = /^workstation-\d{8}-\d{6}(?:-\d{1,3})?\.db$/

/** A moment as YYYYMMDD-HHMMSS in Almaty time: how backups and the databases a restore replaced are named. */
export const almatyStamp = (now: number): string => new Date(now + ALMATY_OFFSET_MS).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')

/** The manifest kept beside each copy (`<name>.json`): what the copy was when it was made. */
export interface BackupManifest extends Omit<BackupRow, 'present'> {
  /** A fingerprint of the evidence key the copy's dispute evidence is sealed with (null: the desk had none). */
  evidenceKey: string | null
}

/** The backups folder of a database: beside it, so it is as protected as the database itself. */
export const backupsDirOf = (dbPath: string): string => join(dbPath, '..', 'backups')

export const manifestPathOf = (dir: string, name: string): string => join(dir, `${name}.json`)

/** Refuses a name that is not a backup's (a path, another file of the folder) before any file is touched. */
export function requireBackupName(name: string): string {
  if (!BACKUP_NAME.test(name)) fail('VALIDATION', `"${name}" is not a backup's name (workstation-YYYYMMDD-HHMMSS.db)`)
  return name
}

export function readManifest(dir: string, name: string): BackupManifest | null {
  const path = manifestPathOf(dir, name)
  if (!existsSync(path)) return null
  return JSON.parse(readFileSync(path, 'utf8')) as BackupManifest
}

/** The evidence key's fingerprint (its SHA-256, shortened): says which key a copy needs without telling it. */
export function evidenceKeyFingerprint(dbPath: string): string | null {
  const path = `${dbPath}.evidence-key`
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 32) : null
}

export interface CopyCheck {
  /** SQLite's integrity check: what it found wrong, nothing when the copy is sound. */
  problems: string[]
  contents: BackupContents | null
  sha256: string
}

/**
 * Checks a copy on a worker thread: every page (integrity_check), what it holds, and its hash. `seal` first makes
 * a fresh copy stand alone (journal_mode=DELETE), as a backup must before it is hashed.
 */
export const checkCopy = (path: string, seal = false): Promise<CopyCheck> => runSqliteTask<CopyCheck>(checkWorker, { path, seal })

/** What stands between a copy and a restore: it is gone, it changed since it was made, it is damaged, or its evidence key is not this desk's. */
export async function problemsOf(path: string, manifest: BackupManifest, evidenceKey: string | null): Promise<BackupProblem[]> {
  if (!existsSync(path)) return [{ kind: 'missing' }]
  const copy = await checkCopy(path)
  const problems: BackupProblem[] = copy.problems.slice(0, 5).map((detail) => ({ kind: 'integrity', detail }))
  if (copy.sha256 !== manifest.sha256) problems.push({ kind: 'hash', expected: manifest.sha256, actual: copy.sha256 })
  if (manifest.evidenceKey !== null && manifest.evidenceKey !== evidenceKey) problems.push({ kind: 'evidence_key' })
  return problems
}
