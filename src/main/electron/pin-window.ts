import { app, BrowserWindow, ipcMain, webContents, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { join } from 'node:path'
import type { Locale } from '../../core/api/types'
import type { PinPrompt, PinRequest } from '../../core/crypto/keys/pin-prompt'
import { dialogRequest, isPinAnswer, oneAtATime, PIN_PAGE_PATH, type PinDialogRequest } from '../pin-dialog'
import { PIN_CHANNELS } from './pin-channel'
import { APP_ORIGIN, isTrustedSender, windowPreferences } from './policy'

/** One open PIN window and the prompt it answers. */
interface Pending {
  readonly window: BrowserWindow
  readonly contents: WebContents
  readonly dialog: PinDialogRequest
  settle(pin: string | null): void
}

export interface PinWindowsOptions {
  /** electron-vite's dev server URL in development; null in a packaged app (app://workstation/). */
  devUrl: string | null
  /** The language of the caller's user (from the session the workstation keeps for it). */
  localeOf(caller: string): Locale
  /** The PIN window's preload; out/preload/pin.js beside the main window's. */
  preload?: string
}

export interface PinWindows {
  /** The workstation's PinPrompt: a modal window over the caller's window, one request at a time per caller. */
  readonly prompt: PinPrompt
  /** Whether these contents are a PIN window's (the call channel refuses them). */
  isPinWindow(contents: WebContents): boolean
}

const SIZE = { width: 440, height: 380 }

/** The window of a caller key of the call channel (`wc:<webContents id>`, see ipc.ts), if it is still open. */
export function windowOfCaller(caller: string): BrowserWindow | null {
  const m = /^wc:(\d+)$/.exec(caller)
  if (!m) return null
  const contents = webContents.fromId(Number(m[1]))
  if (!contents || contents.isDestroyed()) return null
  const window = BrowserWindow.fromWebContents(contents)
  return window && !window.isDestroyed() ? window : null
}

/**
 * The PIN dialog of the Electron host (R14, Fortify's "disposable windows" without their Node access): a small
 * modal window parented to the window that made the call, sandboxed and isolated like the main window, with
 * its own preload that exposes only window.pinDialog. Its three IPC channels answer only the top frame of a PIN
 * window this module opened, on the app's pin page; the PIN is handed to the core once and the window closes.
 * Closing the window, or its parent, answers "cancelled".
 */
export function installPinWindows(o: PinWindowsOptions): PinWindows {
  const devOrigin = o.devUrl ? new URL(o.devUrl).origin : null
  const pageUrl = new URL(PIN_PAGE_PATH, o.devUrl ?? `${APP_ORIGIN}/`).toString()
  const preload = o.preload ?? join(__dirname, '../preload/pin.js')
  /** Open PIN windows by their webContents id. */
  const open = new Map<number, Pending>()
  const pinContents = new WeakSet<WebContents>()

  /** The request a message belongs to, or null when the sender is not an open PIN window's top frame on its page. */
  function pendingOf(event: IpcMainEvent | IpcMainInvokeEvent): Pending | null {
    const pending = open.get(event.sender.id)
    if (!pending || pending.contents !== event.sender) return null
    const frame = event.senderFrame
    if (!frame || !isTrustedSender(frame.url, frame.parent === null, devOrigin)) return null
    if (new URL(frame.url).pathname !== PIN_PAGE_PATH) return null
    return pending
  }

  ipcMain.handle(PIN_CHANNELS.request, (event) => pendingOf(event)?.dialog ?? null)
  ipcMain.on(PIN_CHANNELS.submit, (event, pin: unknown) => {
    const pending = pendingOf(event)
    if (pending && isPinAnswer(pin)) pending.settle(pin)
  })
  ipcMain.on(PIN_CHANNELS.cancel, (event) => pendingOf(event)?.settle(null))

  function ask(caller: string, request: PinRequest): Promise<string | null> {
    const parent = windowOfCaller(caller)
    if (!parent) return Promise.resolve(null)
    const dialog = dialogRequest(request, o.localeOf(caller))
    return new Promise((resolve) => {
      const window = new BrowserWindow({
        parent,
        modal: true,
        show: false,
        ...SIZE,
        useContentSize: true,
        resizable: false,
        minimizable: false,
        maximizable: false,
        fullscreenable: false,
        skipTaskbar: true,
        autoHideMenuBar: true,
        title: '',
        webPreferences: windowPreferences(preload, app.isPackaged)
      })
      const contents = window.webContents
      const id = contents.id
      let settled = false
      const settle = (pin: string | null): void => {
        if (settled) return
        settled = true
        open.delete(id)
        resolve(pin)
        if (!window.isDestroyed()) window.destroy()
      }
      open.set(id, { window, contents, dialog, settle })
      pinContents.add(contents)
      window.setContentProtection(true)
      window.setMenu(null)
      // The dialog never leaves its page (the session's hardening already keeps every window in the app).
      contents.on('will-navigate', (event) => event.preventDefault())
      window.once('ready-to-show', () => window.show())
      window.on('closed', () => settle(null))
      window.loadURL(pageUrl).catch(() => settle(null))
    })
  }

  return { prompt: oneAtATime(ask), isPinWindow: (contents) => pinContents.has(contents) }
}
