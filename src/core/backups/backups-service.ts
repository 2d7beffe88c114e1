import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { BackupCheck, BackupRow } from '../api/backups-types'
import type { CallContext } from '../api/context'
import { AppError, fail } from '../domain/errors'
import { almatyStamp, BACKUP_NAME, checkCopy, evidenceKeyFingerprint, manifestPathOf, problemsOf, readManifest, requireBackupName, type BackupManifest } from './backup-files'

/** The counter of a backup made in the same second as another (…-2.db): the first has none. */
const counterOf = (name: string): number => Number(/-(\d{1,3})\.db$/.exec(name.slice('workstation-YYYYMMDD-HHMMSS'.length))?.[1] ?? 1)

const toRow = (m: BackupManifest, present: boolean): BackupRow => ({
  name: m.name,
  createdAt: m.createdAt,
  createdBy: m.createdBy,
  sizeBytes: m.sizeBytes,
  sha256: m.sha256,
  contents: m.contents,
  present
})

/**
 * Backups of the database (R12.1: continuity and availability of data, reserve copies). A copy is made online with
 * SQLite's backup API, a few pages at a time between the Center's batches, so authorizations go on; it is then
 * checked page by page and hashed on a worker thread, and only a sound copy is kept, with a manifest beside it.
 * A restore is made with the desk closed, from the command line (restore.ts).
 */
export class BackupsService {
  private running: Promise<BackupRow> | null = null

  constructor(
    private readonly db: Database,
    private readonly dir: string
  ) {}

  /** Every backup in the folder, newest first. */
  list(): BackupRow[] {
    if (!existsSync(this.dir)) return []
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.db.json') && BACKUP_NAME.test(f.slice(0, -'.json'.length)))
      .map((f) => readManifest(this.dir, f.slice(0, -'.json'.length))!)
      .map((m) => toRow(m, existsSync(join(this.dir, m.name))))
      .sort((a, b) => b.createdAt - a.createdAt || counterOf(b.name) - counterOf(a.name))
  }

  /** Makes a backup now; one at a time. */
  create(ctx: CallContext): Promise<BackupRow> {
    if (this.db.memory) fail('CONFLICT', 'an in-memory database has no file to back up')
    if (this.running) fail('CONFLICT', 'a backup is being made: wait for it to finish')
    const createdBy = ctx.requireUser().login
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const name = this.freshName(ctx.now)
    ctx.subject = name
    this.running = this.make(name, ctx.now, createdBy).finally(() => (this.running = null))
    return this.running
  }

  /** Checks a backup again: still there, unchanged since it was made (its hash), every page sound, its evidence key this desk's. */
  async verify(name: string, now: number): Promise<BackupCheck> {
    const manifest = readManifest(this.dir, requireBackupName(name)) ?? fail('NOT_FOUND', `no backup named ${name}`)
    const problems = await problemsOf(join(this.dir, name), manifest, evidenceKeyFingerprint(this.db.name))
    return { name, checkedAt: now, ok: problems.length === 0, problems }
  }

  private async make(name: string, createdAt: number, createdBy: string): Promise<BackupRow> {
    const part = join(this.dir, `${name}.part`)
    try {
      await this.db.backup(part)
      chmodSync(part, 0o600)
      const copy = await checkCopy(part, true)
      if (copy.problems.length || !copy.contents) throw new AppError('INTERNAL', `the copy failed SQLite's integrity check: ${copy.problems[0] ?? 'no contents'}`)
      const manifest: BackupManifest = { name, createdAt, createdBy, sizeBytes: statSync(part).size, sha256: copy.sha256, contents: copy.contents, evidenceKey: evidenceKeyFingerprint(this.db.name) }
      // The manifest first: a crash between the two leaves a manifest whose copy is missing, which the list shows.
      writeFileSync(manifestPathOf(this.dir, name), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
      renameSync(part, join(this.dir, name))
      return toRow(manifest, true)
    } finally {
      rmSync(part, { force: true })
    }
  }

  /** workstation-YYYYMMDD-HHMMSS.db in Almaty time, with a counter if that second already has one. */
  private freshName(now: number): string {
    const stamp = almatyStamp(now)
    for (let n = 1; ; n++) {
      const name = `workstation-${stamp}${n === 1 ? '' : `-${n}`}.db`
      if (!existsSync(manifestPathOf(this.dir, name)) && !existsSync(join(this.dir, name))) return name
    }
  }
}
