// What a backup in progress writes before it is kept (R12.1): the copy in the clear beside the live database, and its
// envelope in the backups folder. A crash (or a killed process) leaves them behind, and the clear one is every
// client's data outside the backups' encryption, so each part is named by the process making it, and the parts of a
// process no longer running are removed when the desk starts.
import { readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { BACKUP_NAME } from './backup-files'

// A backup's name, as BACKUP_NAME matches it whole.
const NAME = BACKUP_NAME.source.slice(1, -1)
/** `.<name>.<pid>.part` beside the database; `<name>.p7m.<pid>.part` in the folder. */
const CLEAR_PART = new RegExp(String.raw`^\.${NAME}\.(\d+)\.part$`)
const SEALED_PART = new RegExp(String.raw`^${NAME}\.p7m\.(\d+)\.part$`)
/** Before parts were named by their process: `<name>.part` in the folder, a copy in the clear no desk makes now. */
const UNNAMED_PART = new RegExp(String.raw`^${NAME}\.part$`)

/** The copy in the clear of backup `name`, made by this process beside the database. */
export const clearPartOf = (dbPath: string, name: string): string => join(dirname(dbPath), `.${name}.${process.pid}.part`)

/** The envelope of a backup being written by this process, before it takes its name. */
export const sealedPartOf = (copyPath: string): string => `${copyPath}.${process.pid}.part`

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: a process of another user has that number; it is running.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const filesIn = (dir: string): string[] => {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

/** Removes the parts that no running process is making; returns their paths. */
export function removeLeftovers(dbPath: string, backupsDir: string): string[] {
  const found: string[] = []
  const byProcess = (dir: string, pattern: RegExp) => {
    for (const f of filesIn(dir)) {
      const pid = pattern.exec(f)?.[1]
      if (pid !== undefined && !running(Number(pid))) found.push(join(dir, f))
    }
  }
  byProcess(dirname(dbPath), CLEAR_PART)
  byProcess(backupsDir, SEALED_PART)
  for (const f of filesIn(backupsDir)) if (UNNAMED_PART.test(f)) found.push(join(backupsDir, f))
  for (const path of found) rmSync(path, { force: true })
  return found
}
