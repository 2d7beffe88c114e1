// `npm run crash-test [-- --short] [--kills N] [--seed N] [--keep]`
// Runs terminal traffic against the Center as a separate process and kills it with SIGKILL at random
// moments, restarting it each time; requests left without an answer are retried with the same id after
// the restart, as a terminal would. Then it lets the outbox drain to the receiver and checks, from the
// two databases: every answered acceptance exists exactly once, the ledger balances, no account is
// below its minimum, every outbox message was delivered and processed exactly once. Exit code 1 on
// any violation. --short is the form `npm test` runs (≥ 20 kills in well under a minute).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import BetterSqlite3 from 'better-sqlite3'
import type { AuthorizationAnswer } from '../../core/api/center-types'
import { numberArg, parseArgs } from '../args'
import { assertNodeVersion } from '../config'
import { builtEntry } from '../entries'
import { IntakeClient, type Sent } from '../simulator/client'
import { loadFixture } from '../simulator/fixture'
import { runTraffic } from '../simulator/run'
import { seededRandom, Traffic, type Planned } from '../simulator/traffic'
import { verify, type AnsweredAcceptance } from './checks'
import { startListening, stopProcess, type Listening } from './processes'

const ACCEPTED = new Set(['accepted', 'held', 'completed'])

interface Plan {
  kills: number
  /** Each round's traffic runs this long (at random within the range) before the kill. */
  minRoundMs: number
  maxRoundMs: number
  rate: number
  concurrency: number
}

const FULL: Plan = { kills: 30, minRoundMs: 300, maxRoundMs: 4000, rate: 400, concurrency: 32 }
const SHORT: Plan = { kills: 20, minRoundMs: 150, maxRoundMs: 900, rate: 300, concurrency: 16 }

/** What the test remembers of the traffic: the first answer to each request, and requests still owed one. */
class Ledgerbook {
  readonly first = new Map<string, { planned: Planned; answer: AuthorizationAnswer }>()
  readonly unanswered = new Map<string, Planned>()
  readonly violations: string[] = []
  sent = 0
  retried = 0
  replayed = 0

  answered(p: Planned, s: Sent): void {
    const key = keyOf(p)
    // The Center did not answer in time or was too busy: the outcome is unknown, ask again later.
    if (s.httpStatus === 503) return void this.unanswered.set(key, p)
    this.unanswered.delete(key)
    if (s.answer.replayed) this.replayed++
    const earlier = this.first.get(key)
    if (!earlier) return void this.first.set(key, { planned: p, answer: s.answer })
    // A request asked again (a retry, or after a crash) must get the same outcome as the first time.
    if (earlier.answer.operation !== s.answer.operation || earlier.answer.status !== s.answer.status)
      this.violations.push(`${key.replace('\n', '/')}: answered ${earlier.answer.status} #${earlier.answer.operation}, then ${s.answer.status} #${s.answer.operation}`)
  }

  failed(p: Planned): void {
    this.unanswered.set(keyOf(p), p)
  }

  /** Every acceptance that was answered: it must exist, once, whatever happened afterwards. */
  *acceptances(): Iterable<AnsweredAcceptance> {
    for (const { planned: p, answer } of this.first.values())
      if (ACCEPTED.has(answer.status))
        yield {
          terminal: p.terminal.terminalCode,
          requestId: p.body.requestId,
          ...(p.path === '/v1/authorize' ? { asked: { amount: p.body.amount, currency: p.body.currency } } : {}),
          answer
        }
  }
}

const keyOf = (p: Planned): string => `${p.terminal.terminalCode}\n${p.body.requestId}`

async function main(): Promise<number> {
  assertNodeVersion()
  const args = parseArgs(process.argv.slice(2), { values: ['kills', 'seed'], flags: ['short', 'keep'] })
  const plan = { ...(args.has('short') ? SHORT : FULL) }
  plan.kills = numberArg(args, 'kills', plan.kills, 1, 10_000)
  const seed = numberArg(args, 'seed', Date.now() % 1e9, 0, 2 ** 32)
  const random = seededRandom(seed)
  const dir = mkdtempSync(join(tmpdir(), 'crash-test-'))
  const centerDb = join(dir, 'center.db')
  const receiverDb = join(dir, 'receiver.db')
  const started = performance.now()
  console.log(`[crash-test] seed ${seed}, ${plan.kills} kills, rounds of ${plan.minRoundMs}–${plan.maxRoundMs} ms at ${plan.rate}/s; files in ${dir}`)

  const receiver = await startListening(builtEntry('receiver'), ['--db', receiverDb], { name: 'the receiver' })
  const startCenter = (): Promise<Listening> =>
    startListening(builtEntry('center'), ['--db', centerDb, '--receiver', receiver.url, '--relay-ms', '20'], { name: 'the Center', env: { WORKSTATION_DEMO: '1' } })
  const book = new Ledgerbook()
  let center = await startCenter()
  const traffic = new Traffic(loadFixture(centerDb), `crash${seed}`, seed)
  // Retries of unanswered requests go first, as a terminal retries before its next customer.
  const source = {
    observe: (p: Planned, answer: AuthorizationAnswer) => traffic.observe(p, answer),
    next(): Planned {
      const owed = book.unanswered.values().next()
      if (owed.done) return traffic.next()
      book.unanswered.delete(keyOf(owed.value))
      book.retried++
      return owed.value
    }
  }

  try {
    for (let kill = 1; kill <= plan.kills; kill++) {
      const client = new IntakeClient({ url: center.url, connections: plan.concurrency, timeoutMs: 5_000 })
      const stop = new AbortController()
      const run = runTraffic({ client, traffic: source, durationS: 3600, rate: plan.rate, concurrency: plan.concurrency, signal: stop.signal, onAnswer: (p, s) => book.answered(p, s), onError: (p) => book.failed(p) })
      await sleep(plan.minRoundMs + random() * (plan.maxRoundMs - plan.minRoundMs))
      // No new requests from here; those in flight are cut off by the kill.
      stop.abort()
      await stopProcess(center.child, 'SIGKILL')
      const s = await run
      client.close()
      book.sent += s.sent
      process.stdout.write(`[crash-test] kill ${kill}/${plan.kills}: ${s.sent} sent, ${s.accepted} accepted, ${s.errors} cut off by the kill\n`)
      center = await startCenter()
    }
    await settle(center, book, plan)
    // Generous: a delivery that timed out under load backs off before it is tried again.
    await waitForDrain(centerDb, 120_000)
  } finally {
    await stopProcess(center.child, 'SIGTERM')
    await stopProcess(receiver.child, 'SIGTERM')
  }

  const verdict = verify(centerDb, receiverDb, book.acceptances())
  const violations = [...book.violations, ...verdict.violations]
  if (book.unanswered.size) violations.push(`${book.unanswered.size} requests never got an answer`)
  const f = verdict.figures
  console.log(
    `[crash-test] ${plan.kills} SIGKILLs in ${Math.round((performance.now() - started) / 100) / 10} s; ${book.sent} requests (${book.retried} retried after a kill, ${book.replayed} answered from the first outcome); ` +
      `${f.acceptancesChecked} answered acceptances checked; ${f.operations} operations, ${f.postings} postings, ${f.outbox} outbox messages (${f.redelivered} delivered more than once)`
  )
  if (violations.length) {
    console.error(`[crash-test] FAILED: ${violations.length} violations (files kept in ${dir})\n  ${violations.slice(0, 50).join('\n  ')}`)
    return 1
  }
  console.log('[crash-test] passed: answered acceptances exist once, ledger balances, no account below its minimum, every outbox message delivered and processed once')
  if (!args.has('keep')) rmSync(dir, { recursive: true, force: true })
  return 0
}

/** After the last restart: ask again for every request still owed an answer, until none is left. */
async function settle(center: Listening, book: Ledgerbook, plan: Plan): Promise<void> {
  const client = new IntakeClient({ url: center.url, connections: plan.concurrency, timeoutMs: 10_000 })
  try {
    for (let attempt = 0; attempt < 5 && book.unanswered.size; attempt++) {
      const owed = [...book.unanswered.values()]
      await Promise.all(
        owed.map((p) =>
          client.send(p.terminal, p.body, p.path).then(
            (s) => book.answered(p, s),
            () => undefined
          )
        )
      )
      book.retried += owed.length
    }
  } finally {
    client.close()
  }
}

/** Waits until the relay has delivered everything in the outbox. */
async function waitForDrain(dbPath: string, limitMs: number): Promise<void> {
  const db = new BetterSqlite3(dbPath, { readonly: true })
  try {
    const pending = db.prepare('SELECT count(*) FROM outbox WHERE delivered_at IS NULL').pluck()
    const deadline = performance.now() + limitMs
    while ((pending.get() as number) > 0) {
      if (performance.now() > deadline) throw new Error(`the outbox did not drain within ${limitMs} ms`)
      await sleep(50)
    }
  } finally {
    db.close()
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[crash-test] could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    process.exit(2)
  }
)
