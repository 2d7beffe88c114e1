// A payment file named by path (the CLI's messages.validate and messages.import): a path that is not a readable file
// within the size limit is refused by a code with its figures, worded in kk/ru/en, not the system's English, and the
// import records nothing of it (R4.1, R4.2, R12).
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MessageValidation } from '../../../src/core/api/types'
import { MAX_FILE_BYTES } from '../../../src/core/exchange/import-service'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
})
afterEach(() => ws.dispose())

/** Each path the desk cannot take as a file, and the problem it is refused with. */
function badPaths(): [string, string, { code: string; params: Record<string, string | number> }][] {
  const folder = join(ws.dir, 'a-folder.xml')
  mkdirSync(folder)
  const huge = join(ws.dir, 'huge.xml')
  writeFileSync(huge, '')
  // Sparse: its size is over the limit without writing 50 MB, and it is never read.
  truncateSync(huge, MAX_FILE_BYTES + 1)
  const plain = join(ws.dir, 'plain.xml')
  writeFileSync(plain, '<x/>')
  const missing = join(ws.dir, 'missing.xml')
  return [
    ['a missing file', missing, { code: 'file_unreadable', params: { path: missing, fileError: 'ENOENT' } }],
    ['a path through a file', join(plain, 'inner.xml'), { code: 'file_unreadable', params: { path: join(plain, 'inner.xml'), fileError: 'ENOTDIR' } }],
    ['a folder', folder, { code: 'not_a_file', params: { path: folder } }],
    ['a file over the limit', huge, { code: 'too_large', params: { bytes: MAX_FILE_BYTES + 1, limitBytes: MAX_FILE_BYTES } }]
  ]
}

describe('a payment file named by path', () => {
  it('is not valid when it cannot be taken as a file, each problem coded with its figures', async () => {
    for (const [what, path, { code, params }] of badPaths()) {
      const r = await ws.callAsync<MessageValidation>('op', 'messages.validate', { path })
      expect(r, what).toEqual({ ok: true, value: { valid: false, messageType: null, errors: [{ line: 0, message: expect.any(String), code, params }] } })
    }
  })

  it('is not valid when it is not UTF-8 text, coded', async () => {
    const path = join(ws.dir, 'latin1.xml')
    writeFileSync(path, Buffer.from([0x3c, 0x78, 0xe9, 0x2f, 0x3e]))
    const r = await ws.callAsync<MessageValidation>('op', 'messages.validate', { path })
    expect(r).toEqual({ ok: true, value: { valid: false, messageType: null, errors: [{ line: 0, message: 'the file is not UTF-8 text', code: 'not_utf8', params: {} }] } })
  })

  it('is refused for import by its rule with its figures, and nothing is recorded', async () => {
    const before = snapshot(ws)
    for (const [what, path, { code, params }] of badPaths()) {
      const r = await ws.callAsync('op', 'messages.import', { path, participantCode: 'P001' })
      const rule = `messages.${code === 'too_large' ? 'file_too_large' : code}`
      expect(r, what).toMatchObject({ ok: false, error: { code: 'VALIDATION', reasons: [{ rule, params }] } })
    }
    expect(snapshot(ws)).toEqual(before)
  })
})
