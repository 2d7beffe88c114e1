// The Electron host's security decisions as plain functions (no electron import), so they are unit-tested.

export const APP_SCHEME = 'app'
export const APP_HOST = 'workstation'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_URL = `${APP_ORIGIN}/`

/** The origin of a URL, or null when it does not parse. Compared exactly, never with startsWith. */
function originOf(url: string): string | null {
  try {
    const u = new URL(url)
    // Non-special schemes (app:) report origin "null"; rebuild it from protocol and host.
    return u.origin !== 'null' ? u.origin : u.host ? `${u.protocol}//${u.host}` : null
  } catch {
    return null
  }
}

const trusted = (url: string, devOrigin: string | null): boolean => {
  const o = originOf(url)
  if (o === null) return false
  if (o === APP_ORIGIN) {
    const u = new URL(url)
    return u.username === '' && u.password === '' && u.port === ''
  }
  return devOrigin !== null && o === devOrigin
}

/** Only the app's own top frame may call the core. */
export const isTrustedSender = (url: string, isMainFrame: boolean, devOrigin: string | null = null): boolean => isMainFrame && trusted(url, devOrigin)

/** The window never navigates away from the app (links, drops, redirects). */
export const isAllowedNavigation = (url: string, devOrigin: string | null = null): boolean => trusted(url, devOrigin)

/** Requests the renderer may make: its own files, inline data images, and devtools in development. */
export function isAllowedRequest(url: string, devOrigin: string | null = null): boolean {
  if (trusted(url, devOrigin)) return true
  if (url.startsWith('data:image/') || url.startsWith('data:font/')) return true
  // Vite's dev server pushes updates over a websocket on the same host.
  if (devOrigin && originOf(url.replace(/^ws:/, 'http:')) === devOrigin) return true
  return devOrigin !== null && url.startsWith('devtools://')
}

/**
 * Permission requests from web content (Signal keeps a literal table like this). A back-office
 * workstation needs none of them: all are refused, and the refusal is logged.
 */
export const PERMISSIONS: Readonly<Record<string, boolean>> = {
  'clipboard-read': false,
  'clipboard-sanitized-write': false,
  'display-capture': false,
  fullscreen: false,
  geolocation: false,
  hid: false,
  idleDetection: false,
  media: false,
  mediaKeySystem: false,
  midi: false,
  midiSysex: false,
  notifications: false,
  openExternal: false,
  pointerLock: false,
  serial: false,
  usb: false,
  'window-management': false
}

export const isPermissionGranted = (permission: string): boolean => PERMISSIONS[permission] === true

/**
 * The environment the Electron host reads its settings from. The demo database's users share a published password
 * (administrators among them) and trust a CA whose key ships with the code: a packaged app, the product on a bank's
 * desk, starts empty (one administrator with a one-time password) and simulates no terminals unless WORKSTATION_DEMO=1
 * asks for the demo explicitly. Unpackaged (npm start) keeps the demo by default, WORKSTATION_DEMO=0 turning it off.
 */
export function hostEnvironment(packaged: boolean, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!packaged) return env
  return { ...env, WORKSTATION_DEMO: env.WORKSTATION_DEMO === '1' ? '1' : '0' }
}

/** The web preferences of every window: isolated, sandboxed, no Node, devtools only when unpackaged. */
export function windowPreferences(preload: string, packaged: boolean) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: !packaged
  } as const
}
