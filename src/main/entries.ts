import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The path of another built main-process entry (out/main/<name>.js), next to the script this process
 * runs: the crash test and the bench start the Center, the receiver and the simulator as processes.
 */
export function builtEntry(name: string): string {
  const path = join(dirname(process.argv[1] ?? '.'), `${name}.js`)
  if (!existsSync(path)) throw new Error(`${path} is missing: build first (npx electron-vite build)`)
  return path
}
