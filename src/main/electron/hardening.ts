import { app, type Session } from 'electron'
import { isAllowedNavigation, isAllowedRequest, isPermissionGranted } from './policy'

/**
 * The Electron security checklist in one place: every web contents may neither navigate away nor open
 * windows or webviews; the session grants no permission and lets no request leave the app.
 */
export function harden(session: Session, devOrigin: string | null): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, devOrigin)) {
        event.preventDefault()
        console.warn(`[security] navigation refused: ${url.slice(0, 200)}`)
      }
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, devOrigin)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      console.warn(`[security] new window refused: ${url.slice(0, 200)}`)
      return { action: 'deny' }
    })
  })

  // Reset first so nothing granted earlier survives (Signal's installPermissionsHandler).
  session.setPermissionRequestHandler(null)
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    const granted = isPermissionGranted(permission)
    if (!granted) console.warn(`[security] permission refused: ${permission}`)
    callback(granted)
  })
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission))
  session.setDevicePermissionHandler(() => false)
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, devOrigin)
    if (!allowed) console.warn(`[security] request refused: ${details.url.slice(0, 200)}`)
    callback({ cancel: !allowed })
  })
}
