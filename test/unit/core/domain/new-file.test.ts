// An export's file on the real file system: made new and readable by this user only, never written over a file
// (even one made after the export checked), and what the file system answered when it cannot be made (R12.1, R14.1).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { writeNewFile } from '../../../../src/core/domain/new-file'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'new-file-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const bytes = new TextEncoder().encode('export')

it('writes a new file only this user can read', () => {
  const path = join(dir, 'out.p7m')
  expect(writeNewFile(path, bytes)).toBeNull()
  expect(readFileSync(path, 'utf8')).toBe('export')
  expect(statSync(path).mode & 0o777).toBe(0o600)
})

it('answers EEXIST for a file or folder already there, and leaves it as it was', () => {
  const file = join(dir, 'there.p7m')
  writeFileSync(file, 'kept')
  mkdirSync(join(dir, 'folder'))
  expect(writeNewFile(file, bytes)).toBe('EEXIST')
  expect(writeNewFile(join(dir, 'folder'), bytes)).toBe('EEXIST')
  expect(readFileSync(file, 'utf8')).toBe('kept')
  expect(readdirSync(dir).sort()).toEqual(['folder', 'there.p7m'])
})

it('answers what the file system said when the file cannot be made, and makes nothing', () => {
  writeFileSync(join(dir, 'plain'), 'x')
  expect(writeNewFile(join(dir, 'missing', 'out.p7m'), bytes)).toBe('ENOENT')
  expect(writeNewFile(join(dir, 'plain', 'out.p7m'), bytes)).toBe('ENOTDIR')
  expect(writeNewFile(join(dir, `${'n'.repeat(300)}.p7m`), bytes)).toBe('ENAMETOOLONG')
  expect(readdirSync(dir)).toEqual(['plain'])
})
