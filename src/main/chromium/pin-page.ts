import type { BrowserContext, Page } from 'playwright-core'
import type { Locale } from '../../core/api/types'
import type { PinPrompt, PinRequest } from '../../core/crypto/keys/pin-prompt'
import { dialogRequest, isPinAnswer, oneAtATime, PIN_PAGE_PATH } from '../pin-dialog'

/** The PIN page's own binding: exposed on that page only, never on the browser context. */
const PIN_BINDING = '__pinDialog'

// window.pinDialog over the page's binding: request, submit and cancel, and nothing else.
const BRIDGE_SCRIPT = `Object.defineProperty(window, 'pinDialog', {
  value: Object.freeze({
    request: () => window.${PIN_BINDING}('request'),
    submit: (pin) => { void window.${PIN_BINDING}('submit', String(pin)) },
    cancel: () => { void window.${PIN_BINDING}('cancel') }
  }),
  enumerable: true
})`

export interface PinPagesOptions {
  context: BrowserContext
  /** The renderer's origin in this host. */
  origin: string
  /** The page that made calls as `caller`, while it is open. */
  pageOf(caller: string): Page | null
  /** The language of the caller's user. */
  localeOf(caller: string): Locale
  /** The PIN page's viewport in a headless browser (a headed one opens a window of its own size). */
  viewport?: { width: number; height: number } | null
}

export interface PinPages {
  /** The workstation's PinPrompt: a new page in the same browser, one request at a time per caller. */
  readonly prompt: PinPrompt
  /** Whether a page is one of the PIN pages (the main binding refuses their calls). */
  isPinPage(page: Page): boolean
}

/**
 * The PIN dialog of the Chromium host: a new page (its own window, no opener, so the app's page cannot reach
 * it) at `${origin}/pin.html`, with a binding scoped to that page that gives the request and takes one answer.
 * The answer resolves the prompt and the page closes; closing the page, or the page that asked, is a cancel.
 */
export function createPinPages(o: PinPagesOptions): PinPages {
  const pinPages = new WeakSet<Page>()

  async function ask(caller: string, request: PinRequest): Promise<string | null> {
    const owner = o.pageOf(caller)
    if (!owner || owner.isClosed()) return null
    const dialog = dialogRequest(request, o.localeOf(caller))
    const page = await o.context.newPage()
    pinPages.add(page)
    return new Promise<string | null>((resolve) => {
      let settled = false
      const ownerClosed = (): void => settle(null)
      const settle = (pin: string | null): void => {
        if (settled) return
        settled = true
        owner.off('close', ownerClosed)
        resolve(pin)
        if (!page.isClosed()) void page.close().catch(() => undefined)
      }
      page.on('close', () => settle(null))
      owner.on('close', ownerClosed)
      const fromThisPage = (source: { page: Page; frame: { url(): string } }): boolean => {
        if (source.page !== page || source.frame !== page.mainFrame()) return false
        try {
          const url = new URL(source.frame.url())
          return url.origin === o.origin && url.pathname === PIN_PAGE_PATH
        } catch {
          return false
        }
      }
      const open = async (): Promise<void> => {
        await page.exposeBinding(PIN_BINDING, (source, op: unknown, pin: unknown) => {
          if (settled || !fromThisPage(source)) return null
          if (op === 'request') return dialog
          if (op === 'submit' && isPinAnswer(pin)) settle(pin)
          else if (op === 'cancel') settle(null)
          return null
        })
        await page.addInitScript(BRIDGE_SCRIPT)
        if (o.viewport) await page.setViewportSize(o.viewport)
        await page.goto(`${o.origin}${PIN_PAGE_PATH}`)
      }
      open().catch(() => settle(null))
    })
  }

  return { prompt: oneAtATime(ask), isPinPage: (page) => pinPages.has(page) }
}
