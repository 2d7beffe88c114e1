// The files crypto.signFile … read and write: inputs read whole (with a size limit, since CMS needs the bytes),
// outputs written beside their place and renamed in, so a failed operation leaves no half-written file.
import { randomBytes } from 'node:crypto'
import { readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs'
import { dirname } from 'node:path'
import { refuse } from '../domain/errors'
import { fileErrorOf } from '../domain/system-errors'

export const MAX_FILE_BYTES = 100 * 1024 * 1024

const statOrNull = (path: string): Stats | null => {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

/** The file's bytes; `what` names it in the refusal (the input field). */
export function readInput(path: string, what: string): Uint8Array {
  const stat = statOrNull(path)
  if (!stat) return refuse('VALIDATION', 'tokens.no_such_file', { path }, `${what}: no such file ${path}`)
  if (!stat.isFile()) refuse('VALIDATION', 'tokens.not_a_file', { path }, `${what}: ${path} is not a file`)
  if (stat.size > MAX_FILE_BYTES) refuse('VALIDATION', 'tokens.file_too_large', { path, limitBytes: MAX_FILE_BYTES }, `${what}: ${path} is larger than 100 MB`)
  try {
    return new Uint8Array(readFileSync(path))
  } catch (e) {
    return refuse('VALIDATION', 'tokens.file_unreadable', { path, fileError: fileErrorOf(e) }, `${what}: ${path} cannot be read (${systemSays(e)})`)
  }
}

/** Checked before any work: `out` is in an existing folder, not a folder itself, and not one of the inputs. */
export function checkOutput(out: string, inputs: readonly string[]): void {
  const folder = statOrNull(dirname(out))
  if (!folder?.isDirectory()) refuse('VALIDATION', 'tokens.out_folder_missing', { folder: dirname(out) }, `out: the folder ${dirname(out)} does not exist`)
  const target = statOrNull(out)
  if (!target) return
  if (target.isDirectory()) refuse('VALIDATION', 'tokens.out_is_folder', { path: out }, `out: ${out} is a folder`)
  for (const input of inputs) {
    const source = statOrNull(input)
    if (source && source.dev === target.dev && source.ino === target.ino) refuse('VALIDATION', 'tokens.out_is_input', { path: out }, 'out: must not be the input file itself')
  }
}

/** Writes `out` whole or not at all. */
export function writeOutput(out: string, bytes: Uint8Array): void {
  const partial = `${out}.${randomBytes(6).toString('hex')}.part`
  try {
    writeFileSync(partial, bytes, { flag: 'wx' })
    renameSync(partial, out)
  } catch (e) {
    removeLeftover(partial)
    refuse('VALIDATION', 'tokens.out_unwritable', { path: out, fileError: fileErrorOf(e) }, `out: ${out} cannot be written (${systemSays(e)})`)
  }
}

/** The system's own code for the CLI's English (ENOSPC), or its sentence when it has none. */
const systemSays = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message

// The part may never have been made (a name too long, a folder gone): its removal failing must not hide why.
function removeLeftover(path: string): void {
  try {
    rmSync(path, { force: true })
  } catch {
    // the write's own error is the one to report
  }
}
