import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demoEnabled, simulateRate } from '../../../../src/main/config'
import { APP_URL, hostEnvironment, isAllowedNavigation, isAllowedRequest, isPermissionGranted, isTrustedSender, PERMISSIONS, windowPreferences } from '../../../../src/main/electron/policy'

describe('Electron host policy', () => {
  it('trusts only the app origin’s top frame', () => {
    expect(isTrustedSender(APP_URL, true)).toBe(true)
    expect(isTrustedSender('app://workstation/#/users', true)).toBe(true)
    expect(isTrustedSender(APP_URL, false)).toBe(false)
  })

  it.each([
    'app://workstation.evil/',
    'app://workstation@evil/',
    'app://user:pass@workstation/',
    'app://workstation:8080/',
    'app://evil/workstation/',
    'https://workstation/',
    'https://app.workstation/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'not a url'
  ])('refuses %s as a sender and as a navigation target', (url) => {
    expect(isTrustedSender(url, true)).toBe(false)
    expect(isAllowedNavigation(url)).toBe(false)
  })

  it('accepts the dev server only when one is configured, by exact origin', () => {
    expect(isAllowedNavigation('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isAllowedNavigation('http://localhost:5173/')).toBe(false)
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173.evil.com/', 'http://localhost:5173')).toBe(false)
  })

  it('lets requests reach only the app, inline images and fonts', () => {
    expect(isAllowedRequest('app://workstation/assets/index.js')).toBe(true)
    expect(isAllowedRequest('data:image/svg+xml;base64,AAAA')).toBe(true)
    expect(isAllowedRequest('https://example.com/')).toBe(false)
    expect(isAllowedRequest('file:///etc/passwd')).toBe(false)
    expect(isAllowedRequest('data:text/html,x')).toBe(false)
    expect(isAllowedRequest('devtools://devtools/bundled/x')).toBe(false)
    expect(isAllowedRequest('ws://localhost:5173/', 'http://localhost:5173')).toBe(true)
  })

  it('grants no permission at all', () => {
    expect(Object.values(PERMISSIONS).every((v) => v === false)).toBe(true)
    for (const p of [...Object.keys(PERMISSIONS), 'some-future-permission', '__proto__', 'constructor']) expect(isPermissionGranted(p)).toBe(false)
  })

  it('isolates and sandboxes every window, devtools only unpackaged', () => {
    const packaged = windowPreferences('/p.js', true)
    expect(packaged).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, devTools: false })
    expect(windowPreferences('/p.js', false).devTools).toBe(true)
  })

  // The demo database's users share one published password (administrators among them) and its CA's key is in the
  // repository: a bank's desk must never start on it by default (R12.4), nor run simulated terminals into its ledger.
  it('R12.4: a packaged app seeds no demo users and simulates no traffic unless WORKSTATION_DEMO=1 asks for them', () => {
    expect(demoEnabled(hostEnvironment(true, {}))).toBe(false)
    expect(simulateRate(hostEnvironment(true, {}))).toBe(0)
    expect(demoEnabled(hostEnvironment(true, { WORKSTATION_DEMO: 'yes' }))).toBe(false)
    expect(demoEnabled(hostEnvironment(true, { WORKSTATION_DEMO: '1' }))).toBe(true)
    expect(simulateRate(hostEnvironment(true, { WORKSTATION_DEMO: '1' }))).toBe(2)
    expect(simulateRate(hostEnvironment(true, { WORKSTATION_SIMULATE: '5' }))).toBe(5)
    expect(hostEnvironment(true, { WORKSTATION_DB: '/data/ws.db' }).WORKSTATION_DB).toBe('/data/ws.db')
    // Development (npm start) keeps the demo by default.
    expect(demoEnabled(hostEnvironment(false, {}))).toBe(true)
    expect(demoEnabled(hostEnvironment(false, { WORKSTATION_DEMO: '0' }))).toBe(false)
  })

  it('R12.4: the Electron host reads its settings through that environment', () => {
    const source = readFileSync(join(__dirname, '../../../../src/main/electron/index.ts'), 'utf8')
    expect(source).toMatch(/hostEnvironment\(app\.isPackaged, process\.env\)/)
    expect(source).not.toMatch(/demoEnabled\(\)|simulateRate\(\)/)
  })
})
