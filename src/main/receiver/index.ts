// The counterparty stand-in as a process: `receiver.js --db <file> [--port N]`. Prints {"port": N} on
// stdout once it listens; runs until killed.
import { numberArg, parseArgs } from '../args'
import { startReceiver } from './receiver'

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['db', 'port'] })
  const dbPath = args.get('db')
  if (!dbPath) throw new Error('usage: receiver.js --db <file> [--port N]')
  const receiver = await startReceiver({ dbPath, port: numberArg(args, 'port', 0, 0, 65535) })
  process.stdout.write(`${JSON.stringify({ port: receiver.port })}\n`)
  const stop = (): void => void receiver.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`receiver: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
