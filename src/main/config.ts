import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** The name Electron uses for the user-data folder, so every host opens the same database by default. */
export const PRODUCT_NAME = 'Payment System Workstation'

/** Electron's userData on Linux ($XDG_CONFIG_HOME or ~/.config, then the product name). */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), PRODUCT_NAME)
}

/** WORKSTATION_DB overrides the database path in every host; otherwise it lives in the user-data folder. */
export function databasePath(userDataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.WORKSTATION_DB ? resolve(env.WORKSTATION_DB) : join(userDataDir, 'workstation.db')
}

/** Demo data is seeded into a new database unless WORKSTATION_DEMO=0. */
export const demoEnabled = (env: NodeJS.ProcessEnv = process.env): boolean => env.WORKSTATION_DEMO !== '0'

/** Refuses to run on a Node older than 22.12 (better-sqlite3 13 crashes on Node 20). */
export function assertNodeVersion(version: string = process.versions.node): void {
  const [major, minor] = version.split('.').map(Number) as [number, number]
  if (major < 22 || (major === 22 && minor < 12))
    throw new Error(`Node ${version} is too old: the workstation needs Node 22.12 or newer. Run it through "npm start" / "npm test", which bring Node 22, or install Node 22.`)
}

/** Simulated terminal operations per second in a desk host: WORKSTATION_SIMULATE, else 2 on the demo database and none otherwise. */
export function simulateRate(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WORKSTATION_SIMULATE
  if (raw === undefined || raw === '') return demoEnabled(env) ? 2 : 0
  const rate = Number(raw)
  if (!Number.isFinite(rate) || rate < 0 || rate > 1000) throw new Error(`WORKSTATION_SIMULATE must be a number of operations a second from 0 to 1000, not ${JSON.stringify(raw)}`)
  return rate
}
