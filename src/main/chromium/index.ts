import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCenterServices } from '../center-services'
import { assertNodeVersion, databasePath, defaultUserDataDir, demoEnabled, simulateRate } from '../config'
import { openWorkstation } from '../workstation'
import { reportFonts } from '../report-fonts'
import { launchChromiumHost } from './host'

export { launchChromiumHost, ORIGIN } from './host'
export { openWorkstation } from '../workstation'
export { acknowledgingCounterparties, OutboxRelay } from '../../core/center/outbox-relay'

/** `node out/main/chromium.js [--headless]`: the workstation in a Chromium window, for machines without Electron. */
async function main(): Promise<void> {
  assertNodeVersion()
  const headless = process.argv.includes('--headless')
  if (!headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error('No display: run on a desktop, or under a virtual display: xvfb-run -a npm start')
    process.exit(1)
  }
  const workstation = openWorkstation({ dbPath: databasePath(defaultUserDataDir()), demo: demoEnabled(), reportFonts: reportFonts() })
  console.log(`Database: ${workstation.dbPath}`)
  if (workstation.bootstrap)
    console.log(`First administrator: login "${workstation.bootstrap.login}", one-time password ${workstation.bootstrap.oneTimePassword} (shown once)`)
  const services = await startCenterServices(workstation, { simulateRate: simulateRate(), log: (m) => console.log(`Center: ${m}`) })
  // A throw-away browser profile: nothing of the session outlives the window.
  const profile = mkdtempSync(join(tmpdir(), 'workstation-chromium-'))
  const host = await launchChromiumHost({
    workstation,
    rendererDir: join(__dirname, '../renderer'),
    userDataDir: profile,
    headless,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : []
  })
  const shutdown = async (): Promise<void> => {
    await host.close().catch(() => undefined)
    await services.stop()
    workstation.close()
    rmSync(profile, { recursive: true, force: true })
    process.exit(0)
  }
  host.context.on('close', () => void shutdown())
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
  console.log('Workstation is running in Chromium; close the window (or press Ctrl+C) to quit.')
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
