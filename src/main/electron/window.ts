import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { PRODUCT_NAME } from '../config'
import { APP_URL, windowPreferences } from './policy'

/** The one window factory: shown when ready, hardened preferences, screen capture blocked. */
export function createMainWindow(devUrl: string | null): BrowserWindow {
  const window = new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    autoHideMenuBar: true,
    webPreferences: windowPreferences(join(__dirname, '../preload/index.js'), app.isPackaged)
  })
  // Bank data on screen: keep it out of screen recordings and screenshots by other programs.
  window.setContentProtection(true)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(devUrl ?? APP_URL)
  return window
}
