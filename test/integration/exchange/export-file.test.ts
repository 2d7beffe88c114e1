// An export written to a file named by path (the CLI's messages.export with out), on the real file system: a new file
// readable by this user only, never over a file, and a file that cannot be written refused by a code with its figures,
// worded in kk/ru/en, with nothing of it written or recorded (R4, R9.3.7, R12.1, R14.1).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportResult } from '../../../src/core/api/types'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
})
afterEach(() => ws.dispose())

const statement = (out: string) => ws.callAsync<ExportResult>('op', 'messages.export', { type: 'camt.053.001.08', participantCode: 'P001', day: '2026-11-22', out })

describe('a statement exported to a file', () => {
  it('is a new file only this user can read', async () => {
    const out = join(ws.dir, 'statement.xml')
    expect(await statement(out)).toMatchObject({ ok: true, value: { path: out } })
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(readFileSync(out, 'utf8')).toContain('camt.053.001.08')
  })

  it('is refused over an existing file or folder by its rule with the path; the file is left as it was, nothing recorded', async () => {
    const folder = join(ws.dir, 'exports')
    mkdirSync(folder)
    const existing = join(folder, 'statement.xml')
    writeFileSync(existing, 'yesterday’s statement')
    const before = snapshot(ws)
    for (const out of [existing, folder]) expect(await statement(out), out).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'messages.out_exists', params: { path: out } }] } })
    expect(readFileSync(existing, 'utf8')).toBe('yesterday’s statement')
    expect(readdirSync(folder)).toEqual(['statement.xml'])
    expect(snapshot(ws)).toBe(before)
  })

  it('is refused, saying what the file system answered, when the file cannot be made; nothing is written or recorded', async () => {
    const before = snapshot(ws)
    const plain = join(ws.dir, 'plain.txt')
    writeFileSync(plain, 'x')
    for (const [out, fileError] of [[join(ws.dir, 'missing', 'statement.xml'), 'ENOENT'], [join(plain, 'statement.xml'), 'ENOTDIR']] as const)
      expect(await statement(out), out).toMatchObject({ ok: false, error: { code: 'VALIDATION', reasons: [{ rule: 'messages.out_unwritable', params: { path: out, fileError } }] } })
    expect(existsSync(join(ws.dir, 'missing'))).toBe(false)
    expect(snapshot(ws)).toBe(before)
  })
})
