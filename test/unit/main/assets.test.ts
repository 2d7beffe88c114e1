import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveAsset } from '../../../src/main/assets'

let root: string
let outside: string
beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'ws-assets-'))
  root = join(base, 'renderer')
  outside = join(base, 'secret.txt')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<html></html>')
  writeFileSync(join(root, 'assets', 'app.js'), '1')
  writeFileSync(outside, 'secret')
})
afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }))

describe('serving the renderer', () => {
  it('serves files under the root and the index for routes', () => {
    expect(resolveAsset(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'))
    expect(resolveAsset(root, '/')).toBe(join(root, 'index.html'))
    expect(resolveAsset(root, '/users')).toBe(join(root, 'index.html'))
  })

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/%00', '/%E0%A4%A'])(
    'refuses %s',
    (path) => {
      expect(resolveAsset(root, path)).toBeNull()
    }
  )

  it('answers a missing asset with nothing rather than the index', () => {
    expect(resolveAsset(root, '/assets/missing.js')).toBeNull()
  })

  it('types what it serves and sends a CSP without unsafe-eval', () => {
    expect(contentTypeOf('a.js')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeOf('a.unknown')).toBe('application/octet-stream')
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
  })
})
