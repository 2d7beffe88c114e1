#!/usr/bin/env node
// Runs a command under Node 22.12+. Where the machine's Node is older, Node 22 is brought from the npm
// registry (package node@22) into .tools/ once, and the command runs with it first on PATH
// (better-sqlite3 13 crashes on Node 20; see ../shared/design/STACK-NOTES.md).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const MIN = [22, 12]
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const tools = join(root, '.tools')

const isRecent = (version) => {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number)
  return major > MIN[0] || (major === MIN[0] && minor >= MIN[1])
}

function bundledNodeHome() {
  const base = join(tools, 'node_modules', 'node', 'node_modules')
  if (!existsSync(base)) return undefined
  const dir = readdirSync(base).find((d) => d.startsWith('node-') && existsSync(join(base, d, 'bin', 'node')))
  return dir ? join(base, dir) : undefined
}

function ensureNode22() {
  let home = bundledNodeHome()
  if (!home) {
    console.error(`[node22] Node ${process.version} is older than ${MIN.join('.')}; installing node@22 into .tools/ …`)
    const r = spawnSync('npm', ['install', '--prefix', tools, '--no-save', '--no-audit', '--no-fund', 'node@22'], {
      // npm's report goes to stderr: callers may capture this script's stdout.
      stdio: ['ignore', 2, 2]
    })
    home = bundledNodeHome()
    if (r.status !== 0 || !home) {
      console.error('[node22] could not install Node 22 from the npm registry; install Node 22.12+ and retry.')
      process.exit(1)
    }
  }
  return home
}

const [cmd, ...args] = process.argv.slice(2)
if (!cmd) {
  console.error('usage: node scripts/node22.mjs <command> [args…]')
  process.exit(2)
}
const env = { ...process.env }
if (!isRecent(process.version)) {
  const home = ensureNode22()
  env.PATH = `${join(home, 'bin')}:${env.PATH ?? ''}`
  env.npm_config_nodedir = home
}
const r = spawnSync(cmd, args, { stdio: 'inherit', env })
if (r.error) {
  console.error(`[node22] cannot run ${cmd}: ${r.error.message}`)
  process.exit(127)
}
process.exit(r.status ?? 1)
