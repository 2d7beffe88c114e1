import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BackupContents, BackupProblem, BackupRow } from '../api/backups-types'
import { refuse } from '../domain/errors'
import { evidenceKeyPathOf } from '../disputes/evidence-key'
import { ALMATY_OFFSET_MS } from '../opday/calendar'
import { runSqliteTask } from '../store/sqlite-worker'
import checkWorker from './backup-check-worker.cjs?raw'

/** A backup's file name: the moment it was made, in Almaty time, and a counter when two fall in one second. */
export const BACKUP_NAME = /^workstation-\d{8}-\d{6}(?:-\d{1,3})?\.db$/

/** A moment as YYYYMMDD-HHMMSS in Almaty time: how backups and the databases a restore replaced are named. */
export const almatyStamp = (now: number): string => new Date(now + ALMATY_OFFSET_MS).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')

/** The manifest kept beside each copy (`<name>.json`): what the copy was when it was made. */
export interface BackupManifest extends Omit<BackupRow, 'present' | 'madeHere'> {
  /** A fingerprint of the evidence key the copy's dispute evidence is sealed with (null: the desk had none). */
  evidenceKey: string | null
  /** An encrypted backup's seal (backup-envelope.ts): the database's hash and evidence key under the content key. */
  seal?: string
}

/** The backups folder of a database: beside it, so it is as protected as the database itself. */
export const backupsDirOf = (dbPath: string): string => join(dbPath, '..', 'backups')

export const manifestPathOf = (dir: string, name: string): string => join(dir, `${name}.json`)

/** The backup's file: `<name>.p7m` (a CMS envelope) when encrypted, the plain SQLite copy `<name>` of older backups. */
export const copyPathOf = (dir: string, m: Pick<BackupManifest, 'name' | 'encryptedTo'>): string => join(dir, m.encryptedTo ? `${m.name}.p7m` : m.name)

/** Refuses a name that is not a backup's (a path, another file of the folder) before any file is touched. */
export function requireBackupName(name: string): string {
  if (!BACKUP_NAME.test(name)) refuse('VALIDATION', 'backups.not_a_name', { name }, `"${name}" is not a backup's name (workstation-YYYYMMDD-HHMMSS.db)`)
  return name
}

export function readManifest(dir: string, name: string): BackupManifest | null {
  const path = manifestPathOf(dir, name)
  if (!existsSync(path)) return null
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest
  // Manifests written before backups were encrypted say nothing of it: their copies are plain.
  return { ...manifest, encryptedTo: manifest.encryptedTo ?? null }
}

/** The desk's evidence key (disputes/evidence-key.ts), null when it has none yet. */
export function readEvidenceKey(dbPath: string): Uint8Array | null {
  const path = evidenceKeyPathOf(dbPath)
  return existsSync(path) ? new Uint8Array(readFileSync(path)) : null
}

/** The evidence key's fingerprint (its SHA-256, shortened): says which key a copy needs without telling it. */
export function evidenceKeyFingerprint(dbPath: string): string | null {
  const key = readEvidenceKey(dbPath)
  return key ? createHash('sha256').update(key).digest('hex').slice(0, 32) : null
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

/**
 * What stands between a backup and a restore, found without opening an encrypted one: it is gone, or it changed since
 * it was made; a plain copy may also be damaged, or sealed with an evidence key that is not this desk's (an encrypted
 * one carries its own). An encrypted backup's pages are checked when a restore has opened it.
 */
export async function problemsOf(dir: string, manifest: BackupManifest, evidenceKey: string | null): Promise<BackupProblem[]> {
  const path = copyPathOf(dir, manifest)
  if (!existsSync(path)) return [{ kind: 'missing' }]
  const copy = await runSqliteTask<CopyCheck>(checkWorker, { path, hashOnly: manifest.encryptedTo !== null })
  const problems: BackupProblem[] = copy.problems.slice(0, 5).map((detail) => ({ kind: 'integrity', detail }))
  if (copy.sha256 !== manifest.sha256) problems.push({ kind: 'hash', expected: manifest.sha256, actual: copy.sha256 })
  if (manifest.encryptedTo === null && manifest.evidenceKey !== null && manifest.evidenceKey !== evidenceKey) problems.push({ kind: 'evidence_key' })
  return problems
}
