#!/usr/bin/env node
// Starts one of the hosts on the built app, building it first when the sources are newer than the build.
//   app   the Electron host where the Electron binary is installed, the Chromium host otherwise
//   cli   the command-line host;  bench   the benchmark harness
//   simulate   the terminal simulator;  crash-test   the Center's crash test;  close-crash-test   the day close's;
//   center   the Center as a process
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const [host, ...args] = process.argv.slice(2)

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

function ensureBuilt() {
  const marker = join(root, 'out', 'main', 'index.js')
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'test', 'bench')), statSync(join(root, 'electron.vite.config.ts')).mtimeMs)
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return
  process.stderr.write('[launch] building the app (electron-vite build) …\n')
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

// Not require('electron'): without a binary, electron 45's index.js starts a download (no network here).
// Same rule as test/e2e/support/electron.ts.
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron')
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const pathFile = join(pkg, 'path.txt')
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
  const path = override ? join(override, rel) : existsSync(pathFile) ? join(pkg, 'dist', rel) : undefined
  return path && existsSync(path) ? path : undefined
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' })
  process.exit(r.status ?? 1)
}

ensureBuilt()
if (host === 'cli') run(process.execPath, [join(root, 'out/main/cli.js'), ...args])
else if (host === 'bench') run(process.execPath, [join(root, 'out/main/bench.js'), ...args])
else if (['simulate', 'crash-test', 'close-crash-test', 'center'].includes(host)) run(process.execPath, [join(root, `out/main/${host}.js`), ...args])
else if (host === 'app') {
  const electron = electronBinary()
  if (electron) {
    console.log(`[launch] host: Electron (${electron})`)
    run(electron, [root, ...args])
  } else {
    console.log('[launch] host: Chromium (/usr/bin/chromium via playwright-core): no Electron binary is installed here')
    run(process.execPath, [join(root, 'out/main/chromium.js'), ...args])
  }
} else {
  console.error('usage: node scripts/launch.mjs app|cli|bench|simulate|crash-test|close-crash-test|center [args…]')
  process.exit(2)
}
