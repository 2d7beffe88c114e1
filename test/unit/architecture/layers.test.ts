// The layering rules of ARCHITECTURE.md, checked on the import statements of every source file.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..', '..')

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|vue)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
}

/** Every import specifier with whether it is type-only. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(join(root, file), 'utf8')
  const found: { spec: string; typeOnly: boolean }[] = []
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) found.push({ spec: m[3]!, typeOnly: Boolean(m[2]) })
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push({ spec: m[1]!, typeOnly: false })
  for (const m of text.matchAll(/(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false })
  return found
}

describe('layers', () => {
  it('finds the sources it checks', () => {
    expect(sources('src/core').length).toBeGreaterThan(15)
  })

  it('src/core imports neither electron, vue, playwright nor the hosts', () => {
    const bad = sources('src/core').flatMap((f) =>
      imports(f)
        .filter(({ spec }) => /^(electron|vue|pinia|vue-router|vue-i18n|element-plus|playwright|playwright-core)(\/|$)/.test(spec) || /\/(main|renderer|preload)\//.test(spec))
        .map(({ spec }) => `${f}: ${spec}`)
    )
    expect(bad).toEqual([])
  })

  it('src/core reads time only through the injected clock', () => {
    const bad = sources('src/core').filter((f) => !f.endsWith('domain/clock.ts') && /Date\.now\(\)|new Date\(\)/.test(readFileSync(join(root, f), 'utf8')))
    expect(bad).toEqual([])
  })

  it('the renderer reaches the core only through window.api (type imports of the contract are allowed)', () => {
    const bad = sources('src/renderer').flatMap((f) =>
      imports(f)
        .filter(({ spec, typeOnly }) => /(^|\/|@)(core|main|preload)\//.test(spec) && !typeOnly)
        .concat(imports(f).filter(({ spec }) => /^(electron|better-sqlite3|pkcs11js|node:)/.test(spec)))
        .map(({ spec }) => `${f}: ${spec}`)
    )
    expect(bad).toEqual([])
  })

  it('the preload needs only the call names, the api builder and the channel', () => {
    const specs = imports('src/preload/index.ts').map((i) => i.spec).sort()
    expect(specs).toEqual(['../core/api/client', '../core/api/names', '../main/electron/channel', 'electron'])
  })
})
