import { systemClock, type Clock } from '../../core/domain/clock'
import { operationalDayOf } from '../../core/opday/calendar'
import { startWorkstationIntake } from '../intake'
import type { Workstation } from '../workstation'
import { IntakeClient } from './client'
import { loadFixture } from './fixture'
import { runTraffic, type Summary } from './run'
import { Traffic } from './traffic'

export interface BackgroundTraffic {
  /** Stops sending, waits for the answers in flight, closes the intake; resolves with the run's summary. */
  stop(): Promise<Summary>
}

/**
 * Demo traffic for a workstation on the demo database, so the operations screens are live: an intake on
 * the loopback in front of the workstation's Center, and the simulator sending to it at `rate` per
 * second over real signed HTTP, until stopped.
 */
export async function startBackgroundTraffic(ws: Workstation, o: { rate: number; clock?: Clock }): Promise<BackgroundTraffic> {
  const clock = o.clock ?? systemClock
  const intake = await startWorkstationIntake(ws, { clock })
  const client = new IntakeClient({ url: intake.url, connections: 4, now: () => clock.now() })
  const month = operationalDayOf(clock.now()).slice(0, 7)
  const traffic = new Traffic(loadFixture(ws.dbPath), `bg${clock.now().toString(36)}`, clock.now() % 1e9, month)
  const stopping = new AbortController()
  const run = runTraffic({ client, traffic, rate: o.rate, durationS: 365 * 24 * 3600, concurrency: 4, signal: stopping.signal })
  return {
    async stop() {
      stopping.abort()
      const summary = await run
      client.close()
      await intake.close()
      return summary
    }
  }
}
