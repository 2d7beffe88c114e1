// Checks on the built app that matter where no Electron binary can run it here.
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'

const out = resolve(__dirname, '..', '..', 'out')

test('the sandboxed preload requires nothing but electron (a sandbox cannot load other modules)', () => {
  const preload = readFileSync(resolve(out, 'preload/index.js'), 'utf8')
  const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
  expect(required).toEqual(['electron'])
  expect(preload).toContain('exposeInMainWorld')
})

test('the renderer bundle carries no runtime template or message compiler (the CSP forbids eval)', () => {
  const html = readFileSync(resolve(out, 'renderer/index.html'), 'utf8')
  expect(html).not.toMatch(/<script>(?!<\/script>)/)
  const assets = resolve(out, 'renderer/assets')
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'))
  expect(scripts.length).toBeGreaterThan(3)
  const evaluating = scripts.filter((f) => /new Function\(|\beval\(/.test(readFileSync(resolve(assets, f), 'utf8')))
  expect(evaluating).toEqual([])
})
