import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The Electron binary if one is installed. Not require('electron'): without a binary, electron's
 * index.js starts a download, and these machines reach no host but the npm registry.
 */
export function electronBinary(): string | undefined {
  const pkg = resolve(__dirname, '..', '..', '..', 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const path = override ? join(override, rel) : existsSync(pathFile) ? join(pkg, 'dist', rel) : undefined
  return path && existsSync(path) ? path : undefined
}
