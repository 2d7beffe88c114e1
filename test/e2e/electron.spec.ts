// The product host: runs where an Electron binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD machines skip it).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron, expect, test, type ElectronApplication } from '@playwright/test'
import { electronBinary } from './support/electron'
import { DEMO_PASSWORD, signIn } from './support/host'

const binary = electronBinary()
const SKIP_REASON = 'no Electron binary on this machine (its download is not reachable); the Chromium-host suite covers the UI'
if (!binary) console.log(`[electron suite] skipped: ${SKIP_REASON}`)

test.describe('Electron host', () => {
  test.skip(!binary, SKIP_REASON)
  let app: ElectronApplication
  let dir: string

  test.beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ws-electron-'))
    app = await _electron.launch({
      executablePath: binary!,
      args: [resolve(__dirname, '..', '..'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, WORKSTATION_DB: join(dir, 'ws.db') }
    })
  })
  test.afterEach(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('serves the renderer from app://, isolated from Node, and signs in', async () => {
    const page = await app.firstWindow()
    expect(page.url()).toMatch(/^app:\/\/workstation\//)
    const isolation = await page.evaluate(() => ({
      api: typeof window.api,
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      opened: window.open('https://example.com') === null
    }))
    expect(isolation).toEqual({ api: 'object', require: 'undefined', process: 'undefined', opened: true })
    await signIn(page, 'admin', DEMO_PASSWORD)
    await expect(page.locator('[data-test=app-shell]')).toBeVisible()
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)
    expect(windows).toBe(1)
  })
})
