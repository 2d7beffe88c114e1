import { describe, expect, it } from 'vitest'
import { APP_URL, isAllowedNavigation, isAllowedRequest, isPermissionGranted, isTrustedSender, PERMISSIONS, windowPreferences } from '../../../../src/main/electron/policy'

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
})
