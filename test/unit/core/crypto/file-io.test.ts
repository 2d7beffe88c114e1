// The files the crypto operations read and write (crypto.signFile … , a document's export): a file the system cannot
// read or write is refused with what happened to it as one of FILE_ERRORS, for the screens to word (R12, R14).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { readInput, writeOutput } from '../../../../src/core/crypto/file-io'
import { AppError } from '../../../../src/core/domain/errors'

let dir: string
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'file-io-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const refusal = (run: () => unknown): AppError => {
  try {
    run()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

it('names the system’s error of an output it cannot write, and leaves no part of it behind', () => {
  const out = join(dir, `${'a'.repeat(250)}.p7m`) // its temporary name beside it is longer than a name may be
  const e = refusal(() => writeOutput(out, new Uint8Array([1, 2, 3])))
  expect(e).toMatchObject({ code: 'VALIDATION', reasons: [{ rule: 'tokens.out_unwritable', params: { path: out, fileError: 'ENAMETOOLONG' } }] })
  expect(e.message).toContain('ENAMETOOLONG') // the CLI's English keeps the system's own code
  expect(readdirSync(dir)).toEqual([])
})

it('names the system’s error of an input it cannot read', () => {
  const e = refusal(() => readInput('/proc/self/mem', 'in'))
  expect(e).toMatchObject({ code: 'VALIDATION', reasons: [{ rule: 'tokens.file_unreadable', params: { path: '/proc/self/mem', fileError: 'EIO' } }] })
})
