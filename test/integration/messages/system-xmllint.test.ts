import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { codecOf } from '../../../src/core/messages'
import { MESSAGE_TYPES } from '../../../src/core/messages/types'
import { ARBITRARIES, SAMPLE_BATCH } from '../../unit/core/messages/arbitraries'
import { SCHEMA_DIR } from '../../unit/core/messages/schema-dir'

const dir = mkdtempSync(join(tmpdir(), 'iso20022-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the system's libxml2 (Debian libxml2-utils), independent of the in-process WASM build. */
function systemXmllint(type: string, files: string[]): { ok: boolean; output: string } {
  try {
    const out = execFileSync('/usr/bin/xmllint', ['--noout', '--nonet', '--schema', join(SCHEMA_DIR, `${type}.xsd`), ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    return { ok: true, output: out }
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string }
    return { ok: false, output: `${err.stderr ?? ''}${err.stdout ?? ''}` }
  }
}

describe.each(MESSAGE_TYPES)('%s writer against the system xmllint', (type) => {
  it('writes documents the official schema accepts (30 generated ones)', () => {
    const files = fc.sample(ARBITRARIES[type] as fc.Arbitrary<unknown>, { numRuns: 30, seed: 7 }).map((data, i) => {
      const f = join(dir, `${type}-${i}.xml`)
      writeFileSync(f, codecOf(type).write(data as never), 'utf8')
      return f
    })
    const r = systemXmllint(type, files)
    expect(r.output).not.toMatch(/fails to validate|error/)
    expect(r.ok).toBe(true)
  })
})

describe('the system xmllint agrees with our refusals', () => {
  it('rejects a document missing a mandatory element, so the check is not vacuous', () => {
    const f = join(dir, 'broken.xml')
    writeFileSync(f, codecOf('pacs.008.001.08').write(SAMPLE_BATCH).replace(/\n\s*<ChrgBr>SLEV<\/ChrgBr>/, ''), 'utf8')
    const r = systemXmllint('pacs.008.001.08', [f])
    expect(r.ok).toBe(false)
    expect(r.output).toMatch(/Element '\{urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\}Dbtr': This element is not expected/)
  })
})
