// `npm run simulate -- --rate N --duration S [--db file] [--url http://127.0.0.1:PORT]`
// Drives mixed terminal traffic through the Center's online intake and prints a one-line summary.
// Without --url it opens the database itself (the app's unless --db / WORKSTATION_DB) and serves the
// intake in this process; with --url it drives a Center running elsewhere, learning the terminals' keys
// from --db. --max sends as fast as --concurrency requests in flight allow (the bench's load generator);
// --json prints the summary as JSON.
import { numberArg, parseArgs } from '../args'
import { assertNodeVersion, databasePath, defaultUserDataDir, demoEnabled } from '../config'
import { startWorkstationIntake } from '../intake'
import { openWorkstation } from '../workstation'
import { IntakeClient } from './client'
import { loadFixture } from './fixture'
import { formatSummary, runTraffic } from './run'
import { Traffic } from './traffic'

const USAGE = 'usage: npm run simulate -- --rate N --duration S [--db file] [--url URL] [--max] [--concurrency C] [--requests N] [--seed N] [--json]'

async function main(): Promise<void> {
  assertNodeVersion()
  const args = parseArgs(process.argv.slice(2), { values: ['rate', 'duration', 'db', 'url', 'concurrency', 'requests', 'seed'], flags: ['max', 'json', 'help'] })
  if (args.has('help')) return void process.stdout.write(`${USAGE}\n`)
  const max = args.has('max')
  const rate = numberArg(args, 'rate', 50, 1, 100_000)
  const durationS = numberArg(args, 'duration', 10, 0.1, 24 * 3600)
  const concurrency = numberArg(args, 'concurrency', max ? 32 : 64, 1, 1024)
  const maxRequests = args.has('requests') ? numberArg(args, 'requests', 0, 1, 1e9) : undefined
  const dbPath = args.get('db') ?? databasePath(defaultUserDataDir())

  // In-process mode: the Center and its intake live here for the length of the run.
  const ws = args.has('url') ? undefined : openWorkstation({ dbPath, demo: demoEnabled() })
  const intake = ws ? await startWorkstationIntake(ws) : undefined
  const url = args.get('url') ?? intake!.url
  const client = new IntakeClient({ url, connections: concurrency })
  const runId = `sim${Date.now().toString(36)}p${process.pid}`
  const traffic = new Traffic(loadFixture(dbPath), runId, numberArg(args, 'seed', Date.now() % 1e9, 0, 2 ** 32))
  try {
    const cpu0 = process.cpuUsage()
    const summary = await runTraffic({ client, traffic, durationS, concurrency, ...(max ? {} : { rate }), ...(maxRequests ? { maxRequests } : {}) })
    // What this process spent per request (with --url, the load generator's own cost, which shares the machine).
    const cpu = process.cpuUsage(cpu0)
    const cpuUsPerRequest = Number(((cpu.user + cpu.system) / Math.max(1, summary.sent)).toFixed(1))
    process.stdout.write(args.has('json') ? `${JSON.stringify({ ...summary, cpu_us_per_request: cpuUsPerRequest })}\n` : `${formatSummary(summary)}\n`)
  } finally {
    client.close()
    await intake?.close()
    ws?.close()
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`simulate: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`)
  process.exit(1)
})
