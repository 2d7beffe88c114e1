import { acknowledgingCounterparties, OutboxRelay, type OutboxTransport } from '../core/center/outbox-relay'
import { startJournalKeys } from '../core/center/journal-keys'
import { systemClock } from '../core/domain/clock'
import { startCheckpointer } from '../core/store/checkpointer'
import { startBackgroundTraffic, type BackgroundTraffic } from './simulator/background'
import type { Workstation } from './workstation'
import { ExchangeWatcher } from './exchange-watcher'

const activeParticipants = (ws: Workstation): string[] => ws.db.prepare(`SELECT code FROM participants WHERE status = 'active' ORDER BY code`).pluck().all() as string[]

export interface CenterServices {
  stop(): Promise<void>
}

/**
 * What runs beside the screens in a desk host: WAL checkpoints and the journal's search keys on worker threads, the outbox relay (to the given counterparties; in the demo
 * they acknowledge at once), the expiry of two-phase holds, the operational days' closes and their backups, and, on request, simulated terminal traffic
 * through the loopback intake so the operations screens are live.
 */
export async function startCenterServices(
  ws: Workstation,
  o: { simulateRate: number; transport?: OutboxTransport; log: (message: string) => void }
): Promise<CenterServices> {
  // WAL checkpoints on the other core, so the Center's batches never wait for one.
  const checkpointer = startCheckpointer(ws.db, { log: o.log })
  const relay = new OutboxRelay({ db: ws.db, clock: systemClock, transport: o.transport ?? acknowledgingCounterparties, log: o.log })
  relay.start(1_000)
  // The journal's search keys, filed by a worker thread of their own.
  const keys = startJournalKeys(ws.db, { log: o.log })
  // The day's clearing figures, added behind the Center so the close at 24:00 has only seconds left to add.
  const accumulating = setInterval(() => {
    try {
      ws.clearingAccumulator.catchUp()
    } catch (e) {
      o.log(`clearing figures: ${String(e)}`)
    }
  }, 1_000)
  // Operational days: the close at 24:00 Asia/Almaty, and any close begun by hand or interrupted, resumed.
  const days = setInterval(() => {
    try {
      for (const d of ws.closer.tick()) {
        o.log(`operational day ${d.day}: ${d.state}${d.failure ? ` (${d.failure.message})` : ''}`)
        // A reserve copy of every day as cleared (R12.1), made while the next day runs.
        if (d.state === 'cleared')
          ws.backups.afterClose(d.day, systemClock.now()).then(
            (b) => o.log(b ? `operational day ${d.day}: backed up as ${b.name}` : `operational day ${d.day}: a backup was being made already`),
            (e: unknown) => o.log(`operational day ${d.day}: the backup failed: ${String(e)}`)
          )
      }
    } catch (e) {
      o.log(`operational day close: ${String(e)}`)
    }
    // Disputes whose awaited answer or appeal period ran out (R10.1.2).
    try {
      const n = ws.disputes.tick()
      if (n) o.log(`${n} dispute deadlines passed`)
    } catch (e) {
      o.log(`dispute deadlines: ${String(e)}`)
    }
  }, 2_000)
  // Participants' inbound folders (R4.1), what waits to be written to their outbound folders, and what they took (R9.1.8).
  const watcher = new ExchangeWatcher(ws.exchange.folders, ws.exchange.imports, () => activeParticipants(ws), o.log)
  const exchanging = setInterval(() => {
    void (async () => {
      await watcher.scan()
      await ws.exchange.outbound.flush()
      const taken = ws.exchange.outbound.noticePickUps()
      if (taken) o.log(`${taken} outbound files taken by participants`)
    })().catch((e: unknown) => o.log(`payment files: ${String(e)}`))
  }, 2_000)
  const expiry = setInterval(() => {
    try {
      const n = ws.center.expireHolds()
      if (n) o.log(`${n} two-phase holds expired`)
    } catch (e) {
      o.log(`hold expiry failed: ${String(e)}`)
    }
  }, 60_000)
  let traffic: BackgroundTraffic | null = null
  if (o.simulateRate > 0)
    try {
      traffic = await startBackgroundTraffic(ws, { rate: o.simulateRate })
      o.log(`simulated terminals send ${o.simulateRate} operations a second through the loopback intake (WORKSTATION_SIMULATE=0 turns them off)`)
    } catch (e) {
      o.log(`no simulated traffic: ${e instanceof Error ? e.message : String(e)}`)
    }
  return {
    async stop() {
      clearInterval(days)
      clearInterval(exchanging)
      clearInterval(accumulating)
      clearInterval(expiry)
      await traffic?.stop()
      await relay.stop()
      await keys.stop()
      await checkpointer.stop()
    }
  }
}
