import { readFileSync } from 'node:fs'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { buildApi } from '../../core/api/client'
import { CALL_NAMES } from '../../core/api/names'
import { contentTypeOf, resolveAsset, SECURITY_HEADERS } from '../assets'
import type { Workstation } from '../workstation'
import { callerLocale } from '../pin-dialog'
import { createPinPages } from './pin-page'

/** The renderer's origin in this host. Requests are answered in-process; nothing listens on a port. */
export const ORIGIN = 'https://workstation.local'
const BINDING = '__workstationCall'

// Chromium's own background traffic is refused by the closed network; keep it from trying.
const CHROMIUM_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--disable-quic',
  '--disable-features=Translate,MediaRouter,OptimizationHints'
]

export interface ChromiumHostOptions {
  workstation: Workstation
  rendererDir: string
  userDataDir: string
  headless: boolean
  executablePath?: string
  /** Extra Chromium switches (--no-sandbox when running as root). */
  args?: string[]
}

export interface ChromiumHost {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/**
 * Runs the renderer in the system's Chromium with the same dispatcher as the Electron host. The call
 * transport is a Playwright binding (no network port, so no other local process can reach the core);
 * every request is served from the built renderer with the CSP header, and anything else is refused.
 */
export async function launchChromiumHost(o: ChromiumHostOptions): Promise<ChromiumHost> {
  const context = await chromium.launchPersistentContext(o.userDataDir, {
    executablePath: o.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: o.headless,
    args: [...CHROMIUM_FLAGS, ...(o.args ?? []), ...(o.headless ? [] : [`--app=${ORIGIN}/`])],
    viewport: o.headless ? { width: 1366, height: 800 } : null,
    permissions: [],
    acceptDownloads: false,
    serviceWorkers: 'block'
  })
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (url.origin !== ORIGIN) return route.abort('blockedbyclient')
    const file = resolveAsset(o.rendererDir, url.pathname)
    if (!file) return route.fulfill({ status: 404, headers: { ...SECURITY_HEADERS }, body: 'not found' })
    return route.fulfill({ status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file) }, body: readFileSync(file) })
  })

  const callers = new WeakMap<Page, string>()
  const pages = new Map<string, Page>()
  let next = 0
  const callerOf = (page: Page): string => {
    let key = callers.get(page)
    if (!key) {
      key = `page:${++next}`
      callers.set(page, key)
      pages.set(key, page)
      const caller = key
      page.on('close', () => {
        pages.delete(caller)
        o.workstation.release(caller)
      })
    }
    return key
  }
  // The token PIN is asked in a page of its own; its answer goes to the core, never to the page that called.
  const pin = createPinPages({
    context,
    origin: ORIGIN,
    pageOf: (caller) => pages.get(caller) ?? null,
    localeOf: (caller) => callerLocale(o.workstation.dispatch, caller),
    viewport: o.headless ? { width: 440, height: 380 } : null
  })
  o.workstation.setPinPrompt(pin.prompt)
  await context.exposeBinding(BINDING, ({ page, frame }, name: unknown, input: unknown) => {
    // Only the top frame of our own origin may call, and never the PIN page; the caller's identity comes from the page, not the call.
    if (frame !== page.mainFrame() || new URL(frame.url()).origin !== ORIGIN || pin.isPinPage(page))
      return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted caller' } }
    return o.workstation.dispatch(callerOf(page), name, input, 'desk')
  })
  await context.addInitScript(
    `Object.defineProperty(window, 'api', { value: (${buildApi.toString()})(${JSON.stringify(CALL_NAMES)}, (n, i) => window.${BINDING}(n, i)), enumerable: true })`
  )

  const page = context.pages()[0] ?? (await context.newPage())
  await page.goto(`${ORIGIN}/`)
  return {
    context,
    page,
    close: async () => {
      await context.close()
    }
  }
}
