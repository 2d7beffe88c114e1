import { app, BrowserWindow, session } from 'electron'
import { join } from 'node:path'
import { assertNodeVersion, databasePath, demoEnabled, simulateRate } from '../config'
import { startCenterServices, type CenterServices } from '../center-services'
import { openWorkstation, type Workstation } from '../workstation'
import { reportFonts } from '../report-fonts'
import { harden } from './hardening'
import { handleCalls } from './ipc'
import { registerAppScheme, serveRenderer } from './protocol'
import { createMainWindow } from './window'
import { hostEnvironment } from './policy'
import { installPinWindows } from './pin-window'
import { callerLocale } from '../pin-dialog'

assertNodeVersion()

// electron-vite sets this in development only; a packaged app always loads app://workstation/.
const devUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null
const devOrigin = devUrl ? new URL(devUrl).origin : null
// A packaged app never starts on the demo database (published passwords) unless asked to explicitly.
const env = hostEnvironment(app.isPackaged, process.env)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme()
  let workstation: Workstation | null = null
  let services: CenterServices | null = null
  let window: BrowserWindow | null = null

  app.on('second-instance', () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })

  void app.whenReady().then(() => {
    const ses = session.defaultSession
    harden(ses, devOrigin)
    serveRenderer(ses, join(__dirname, '../renderer'))
    workstation = openWorkstation({ dbPath: databasePath(app.getPath('userData'), env), demo: demoEnabled(env), reportFonts: reportFonts() })
    console.log(`Host: Electron ${process.versions.electron}; database: ${workstation.dbPath}`)
    if (workstation.bootstrap)
      console.log(`First administrator: login "${workstation.bootstrap.login}", one-time password ${workstation.bootstrap.oneTimePassword} (shown once)`)
    handleCalls(workstation, devOrigin)
    const opened = workstation
    // The token PIN is asked in its own modal window over the window that made the call.
    workstation.setPinPrompt(installPinWindows({ devUrl, localeOf: (caller) => callerLocale(opened.dispatch, caller) }).prompt)
    void startCenterServices(workstation, { simulateRate: simulateRate(env), log: (m) => console.log(`Center: ${m}`) }).then((s) => (services = s))
    window = createMainWindow(devUrl)
    window.on('closed', () => (window = null))
  })

  app.on('window-all-closed', () => app.quit())
  // The relay and the simulated traffic finish what is in flight before the database closes.
  app.on('will-quit', (event) => {
    if (!services) return workstation?.close()
    event.preventDefault()
    const stopping = services
    services = null
    void stopping.stop().finally(() => {
      workstation?.close()
      app.exit(0)
    })
  })
}
