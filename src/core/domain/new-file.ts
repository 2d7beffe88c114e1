// A file the desk writes for the user to take elsewhere (an export): made new, readable by this user only.
import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { fileErrorOf, type FileError } from './system-errors'

/**
 * Writes `bytes` to `path` as a new file (0600): never over a file, even one made since it was checked, and nothing
 * left of a write that failed halfway (a disk full), so a truncated export never passes for one. Null when written,
 * else what the file system answered (EEXIST: something is there already).
 */
export function writeNewFile(path: string, bytes: Uint8Array): FileError | null {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (e) {
    return fileErrorOf(e)
  }
  try {
    writeFileSync(fd, bytes)
    return null
  } catch (e) {
    // The file is the one just made here: what it holds is not the export.
    rmSync(path, { force: true })
    return fileErrorOf(e)
  } finally {
    closeSync(fd)
  }
}
