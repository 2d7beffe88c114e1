// The Center as a process of its own: `center.js [--db file] [--port N] [--receiver URL]`.
// Opens the database (seeding the demo into a new one unless WORKSTATION_DEMO=0), starts the online
// intake on the loopback and, with --receiver, the outbox relay delivering there. Prints
// {"port": N, "url": "…"} on stdout once it listens; runs until killed (SIGTERM/SIGINT stop it cleanly,
// SIGKILL is what the crash test uses).
import { startJournalKeys } from '../../core/center/journal-keys'
import { startCheckpointer } from '../../core/store/checkpointer'
import { OutboxRelay } from '../../core/center/outbox-relay'
import { systemClock } from '../../core/domain/clock'
import { numberArg, parseArgs } from '../args'
import { assertNodeVersion, databasePath, defaultUserDataDir, demoEnabled } from '../config'
import { startWorkstationIntake } from '../intake'
import { openWorkstation } from '../workstation'
import { httpTransport } from './http-transport'

async function main(): Promise<void> {
  assertNodeVersion()
  const args = parseArgs(process.argv.slice(2), { values: ['db', 'port', 'host', 'receiver', 'relay-ms'], flags: ['allow-remote'] })
  const dbPath = args.get('db') ?? databasePath(defaultUserDataDir())
  const log = (message: string, error?: unknown): void => void process.stderr.write(`center: ${message}${error ? `: ${String(error)}` : ''}\n`)
  const ws = openWorkstation({ dbPath, demo: demoEnabled(), log })
  const intake = await startWorkstationIntake(ws, {
    port: numberArg(args, 'port', 0, 0, 65535),
    ...(args.has('host') ? { host: args.get('host')! } : {}),
    allowRemote: args.has('allow-remote')
  })
  const receiver = args.get('receiver')
  const transport = receiver ? httpTransport(receiver) : undefined
  const relay = transport ? new OutboxRelay({ db: ws.db, clock: systemClock, transport, log }) : undefined
  relay?.start(numberArg(args, 'relay-ms', 50, 1, 60_000))
  const checkpointer = startCheckpointer(ws.db, { log })
  // The journal's search keys, filed behind the Center by a worker thread (see journal-keys.ts).
  const keys = startJournalKeys(ws.db, { log })
  process.stdout.write(`${JSON.stringify({ port: intake.port, url: intake.url })}\n`)

  const stop = async (): Promise<void> => {
    await intake.close()
    await relay?.stop()
    await keys.stop()
    await checkpointer.stop()
    transport?.close()
    ws.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
}

main().catch((e: unknown) => {
  process.stderr.write(`center: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exit(1)
})
