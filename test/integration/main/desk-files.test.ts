// Files on this machine are named by path only from the command line: the desk's windows send content. A window
// (a participant's staff at the Chromium host's DevTools, or script that got into the renderer) must not have the
// core read any file the app can read, or write one anywhere, as the app's OS user.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { contract, LOCAL_FILE } from '../../../src/core/api/contract'
import type { CallResult } from '../../../src/core/api/types'
import { auditCount, snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
})
afterEach(() => ws.dispose())

const day = '2026-11-22'
/** Every call that names a file on this machine, with an input that does. */
const naming = (): [string, string, object][] => {
  const db = join(ws.dir, 'ws.db')
  const out = join(ws.dir, 'stolen.bin')
  const pem = join(ws.dir, 'cert.pem')
  writeFileSync(pem, 'not a certificate')
  return [
    ['kaspi.operator', 'messages.validate', { path: db }],
    ['kaspi.operator', 'messages.import', { path: db, participantCode: 'P001' }],
    ['operator', 'messages.export', { type: 'camt.053.001.08', participantCode: 'P001', day, out }],
    ['halyk.viewer', 'crypto.signFile', { path: db, out, detached: false }],
    ['halyk.viewer', 'crypto.verifyFile', { path: db, signature: pem }],
    ['halyk.viewer', 'crypto.encryptFile', { path: db, out, recipients: [pem] }],
    ['halyk.viewer', 'crypto.decryptFile', { path: db, out }],
    ['operator', 'documents.export', { id: '01JBZZZZZZZZZZZZZZZZZZZZZZ', out }]
  ]
}

describe('a window naming a file on this machine (R14.3, R12.1)', () => {
  it('is refused with FORBIDDEN before anything is read or written, and the refusal is recorded', async () => {
    for (const [login, name, input] of naming()) {
      ws.signIn(login, login)
      const before = snapshot(ws)
      const audited = auditCount(ws)
      const r = (await ws.dispatch(login, name, input, 'desk')) as CallResult<unknown>
      expect(r, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect(snapshot(ws)).toBe(before)
      expect(auditCount(ws), name).toBe(audited + 1)
      expect(existsSync(join(ws.dir, 'stolen.bin')), name).toBe(false)
    }
  })

  it('names every such input field in the contract', () => {
    const declared = Object.entries(contract).flatMap(([name, spec]) => ((spec as { localFiles?: readonly string[] }).localFiles ?? []).map((f) => `${name}.${f}`))
    // The fields whose schema is a local file path (alone or as a list of them): none may be left undeclared.
    type Schema = { description?: string; items?: Schema; properties?: Record<string, Schema>; anyOf?: Schema[] }
    const isPath = (s: Schema | undefined): boolean => !!s && (s.description === LOCAL_FILE || isPath(s.items) || (s.anyOf ?? []).some(isPath))
    const paths = Object.entries(contract).flatMap(([name, spec]) => {
      const schema = z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }) as Schema
      return Object.entries(schema.properties ?? {}).filter(([, s]) => isPath(s)).map(([field]) => `${name}.${field}`)
    })
    expect(declared.sort()).toEqual(paths.sort())
    expect(declared.sort()).toEqual([
      'crypto.decryptFile.out', 'crypto.decryptFile.path', 'crypto.encryptFile.out', 'crypto.encryptFile.path', 'crypto.encryptFile.recipients',
      'crypto.signFile.out', 'crypto.signFile.path', 'crypto.verifyFile.path', 'crypto.verifyFile.signature', 'documents.export.out',
      'messages.export.out', 'messages.import.path', 'messages.validate.path'
    ])
  })

  it('still makes the same calls with content from the desk, and the path calls from the command line', async () => {
    ws.signIn('op', 'operator')
    const exported = (await ws.dispatch('op', 'messages.export', { type: 'camt.053.001.08', participantCode: 'P001', day }, 'desk')) as CallResult<unknown>
    expect(exported.ok || (!exported.ok && exported.error.code !== 'FORBIDDEN')).toBe(true)
    const file = join(ws.dir, 'note.xml')
    writeFileSync(file, '<note/>')
    expect(await ws.callAsync('op', 'messages.validate', { path: file })).toMatchObject({ ok: true })
    expect(readFileSync(file, 'utf8')).toBe('<note/>')
  })
})
