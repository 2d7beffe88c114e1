import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, type Page } from '@playwright/test'
import type * as ChromiumEntry from '../../../src/main/chromium/index'
import type { Workstation } from '../../../src/main/workstation'

const root = resolve(__dirname, '..', '..', '..')
// The built host, exactly as `npm start` runs it (migrations and renderer bundled).
const entry = createRequire(__filename)(join(root, 'out/main/chromium.js')) as typeof ChromiumEntry

export const DEMO_PASSWORD = 'Qazaq#Demo2026'

/** A clock the test can move forward; the host's sessions are judged by it. */
export class TestClock {
  private offset = 0
  now = (): number => Date.now() + this.offset
  advance(ms: number): void {
    this.offset += ms
  }
}

export interface RunningHost {
  page: Page
  clock: TestClock
  workstation: Workstation
  close(): Promise<void>
}

/**
 * A fresh demo database and browser profile per test, the Chromium host on the built renderer, with what the
 * product's hosts give it: the PDF reports' fonts, the operational days' close timer and the writing of files
 * to participants and the outbox relay to the demo's counterparties (as center-services runs them). Token readers
 * only when `pkcs11Module` is given.
 */
export interface HostOptions {
  /** The desk's PKCS#11 module; default null: no token driver, and WORKSTATION_PKCS11_MODULE is not read. */
  pkcs11Module?: string
  /** false: an empty database, as a packaged desk's first start (default: the demo's). */
  demo?: boolean
  /** Runs against the database's path before the desk opens it: what the command line does with the desk closed. */
  before?: (dbPath: string) => void
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const dir = mkdtempSync(join(tmpdir(), 'ws-e2e-'))
  const clock = new TestClock()
  const fonts = { regular: readFileSync(join(root, 'build/fonts/DejaVuSans.ttf')), bold: readFileSync(join(root, 'build/fonts/DejaVuSans-Bold.ttf')) }
  options.before?.(join(dir, 'ws.db'))
  const workstation = entry.openWorkstation({ dbPath: join(dir, 'ws.db'), demo: options.demo ?? true, clock, reportFonts: () => fonts, pkcs11Module: options.pkcs11Module ?? null })
  const relay = new entry.OutboxRelay({ db: workstation.db, clock, transport: entry.acknowledgingCounterparties })
  relay.start(1_000)
  const ticking = setInterval(() => {
    try {
      workstation.closer.tick()
    } catch {
      // a failed close is recorded on its day, where the console shows it
    }
    void workstation.exchange.outbound.flush()
  }, 1000)
  const host = await entry.launchChromiumHost({
    workstation,
    rendererDir: join(root, 'out/renderer'),
    userDataDir: join(dir, 'profile'),
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : []
  })
  return {
    page: host.page as unknown as Page,
    clock,
    workstation,
    close: async () => {
      clearInterval(ticking)
      await relay.stop()
      await host.close()
      workstation.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export async function signIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.locator('input[data-test=signin-login]').fill(login)
  await page.locator('input[data-test=signin-password]').fill(password)
  await page.locator('[data-test=signin-submit]').click()
}

/**
 * Switches the interface to `locale` through the language switch and waits until the page speaks it. The switch's
 * list may still be closing from the last choice, when a click on the switch closes it again instead of opening it:
 * the switch is clicked until the choice shows.
 */
export async function chooseLocale(page: Page, locale: 'kk' | 'ru' | 'en'): Promise<void> {
  const choice = page.locator(`[data-test=locale-${locale}]`)
  await expect(async () => {
    if (!(await choice.isVisible())) await page.locator('[data-test=locale-switch]').click()
    await choice.click({ timeout: 2_000 })
  }).toPass({ timeout: 20_000 })
  await expect(page.locator('html')).toHaveAttribute('lang', locale)
}

/**
 * Answers the PIN dialog that the app opens for `page`: a page of its own in the same browser context (not the
 * app's page). Waits for it, types the PIN and presses OK, or presses Cancel when `pin` is null, and waits for
 * the dialog to close. Returns the dialog's page (closed by then).
 */
export async function enterPin(page: Page, pin: string | null): Promise<Page> {
  const context = page.context()
  // The only other pages of the context are PIN dialogs; an answered one is closed before this returns.
  const isDialog = (p: Page): boolean => p !== page && !p.isClosed()
  const dialog = context.pages().find(isDialog) ?? (await context.waitForEvent('page', { predicate: (p) => p !== page }))
  await dialog.locator('[data-test=pin-dialog][data-state=ready]').waitFor()
  const closed = dialog.waitForEvent('close')
  if (pin === null) await dialog.locator('[data-test=pin-cancel]').click()
  else {
    await dialog.locator('[data-test=pin-input]').fill(pin)
    await dialog.locator('[data-test=pin-submit]').click()
  }
  await closed
  return dialog
}

/** Waits for the toasts to fade, so a screenshot shows the screen itself. */
export async function settle(page: Page): Promise<void> {
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 15_000 })
}
