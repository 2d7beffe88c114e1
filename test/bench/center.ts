// `npm run bench -- center`: the Center's throughput and latency with every accepted operation durable
// (synchronous=FULL, group commit) before its answer, the journal over a million operations, the intake
// over loopback from a separate process, and raw SQLite inserts on the same disk as the ceiling.
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { bankCodeOf } from '../../src/core/accounts/accounts-repo'
import type { AuthorizationAnswer } from '../../src/core/api/types'
import { createCenter } from '../../src/core/center'
import { startJournalKeys } from '../../src/core/center/journal-keys'
import { startCheckpointer } from '../../src/core/store/checkpointer'
import { systemClock } from '../../src/core/domain/clock'
import { createIdGenerator } from '../../src/core/domain/ids'
import { maskPan } from '../../src/core/domain/pan'
import { generatePan } from '../../src/core/instruments/instruments-service'
import { DEMO_CLIENTS, demoCardPan } from '../../src/core/demo/center-seed'
import type { Workstation } from '../../src/main/workstation'
import { immediate } from '../../src/main/dispatch'
import { measureInProcess, measureIntake } from '../../src/main/simulator/measure'
import { walByTree } from './center-wal'
import { writeSetLimit } from './center-write-set'

const TOTAL = Number(process.env.BENCH_CENTER_OPS ?? 1_000_000)
const CLIENTS = 50_000
// Requests in flight, as from that many terminals waiting for their answers (Little's law bounds the latency).
const IN_FLIGHT = Number(process.env.BENCH_CENTER_IN_FLIGHT ?? 96)
// The second, shorter run: this many operations with this many requests in flight.
const SHORT_WAIT_OPS = 100_000
const SHORT_WAIT_IN_FLIGHT = 16
// Terminals waiting for their answers at the intake, each over its own keep-alive connection.
const INTAKE_TERMINALS = Number(process.env.BENCH_CENTER_INTAKE_TERMINALS ?? 32)
// Operations whose rows are written again for the write-set ceiling (the newest of the run).
const WRITE_SET_OPS = 200_000
// Operations of the main run's traffic whose WAL is taken apart by b-tree: a hundred batches.
const WAL_OPS = 9_600

interface Card {
  pan: string
  iban: string
}

/** 50,000 clients with funded KZT accounts (no daily limit) and cards, spread over the demo's banks. */
function population(ws: Workstation): Card[] {
  const db = ws.db
  const newId = createIdGenerator(systemClock)
  const c = createCenter({ db, clock: systemClock, newId })
  const banks = db.prepare('SELECT id, code FROM participants ORDER BY code').all() as { id: string; code: string }[]
  const now = systemClock.now()
  const cards: Card[] = []
  db.transaction(() => {
    const insertClient = db.prepare('INSERT INTO clients (id, iin, name, created_at) VALUES (?, ?, ?, ?)')
    for (let i = 0; i < CLIENTS; i++) {
      const bank = banks[i % banks.length]!
      const clientId = newId()
      insertClient.run(clientId, `B${String(i).padStart(11, '0')}`, `Bench client ${i}`, now)
      const account = c.accounts.openClientAccount({ id: newId(), participantId: bank.id, bankCode: bankCodeOf(bank.code), clientId, currency: 'KZT', minBalanceMinor: 0, limitPerOpMinor: null, limitDailyMinor: null, now })
      // Numbered on from the demo's cards, so the intake's load generator (fixture.ts) finds and uses all of them.
      const pan = demoCardPan(DEMO_CLIENTS + i)
      c.instruments.insert({ id: newId(), kind: 'card', accountId: account.id, clientId, issuerId: bank.id, panHash: c.panHash(pan), panMasked: maskPan(pan), walletNo: null, expiry: '2030-12', holderName: 'BENCH', qrToken: `bench${i}`, createdAt: now, createdBy: null })
      cards.push({ pan, iban: account.iban })
    }
  })()
  // Funded through the pipeline itself: a cash top-up each at Kaspi's ATM.
  c.center.inTransaction((_now, day) => cards.forEach((card, i) => c.center.pipeline.authorize({ requestId: `fund-${i}`, type: 'top_up', channel: 'terminal', terminal: 'T000001', payee: { iban: card.iban }, amount: '100000000.00', currency: 'KZT' }, 'T000001', now, day)))
  return cards
}

/** A retrieval reference number as terminals send it: fixed width, increasing. */
const rrn = (i: number): string => String(i).padStart(12, '0')

/** The mixed traffic: card payments and withdrawals at ATMs, app transfers by account, cash top-ups, and a few unknown cards. */
function request(i: number, cards: Card[], terminals: string[]): { raw: Record<string, unknown>; source: string } {
  const a = cards[(i * 7919) % cards.length]!
  const b = cards[(i * 104_729 + 13) % cards.length]!
  const terminal = terminals[i % terminals.length]!
  const amount = `${100 + (i % 5000)}.00`
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
      return { raw: { requestId: rrn(i), type: 'payment', channel: 'terminal', terminal, payer: { pan: a.pan }, amount, currency: 'KZT' }, source: terminal }
    case 3:
    case 4:
      return { raw: { requestId: rrn(i), type: 'cash_withdrawal', channel: 'terminal', terminal, payer: { pan: a.pan }, amount, currency: 'KZT' }, source: terminal }
    case 5:
    case 6:
    case 7:
      return { raw: { requestId: rrn(i), type: 'transfer', channel: 'app', payer: { iban: a.iban }, payee: { iban: b.iban }, amount, currency: 'KZT' }, source: 'app' }
    case 8:
      return { raw: { requestId: rrn(i), type: 'top_up', channel: 'terminal', terminal, payee: { iban: b.iban }, amount, currency: 'KZT' }, source: terminal }
    default:
      return { raw: { requestId: rrn(i), type: 'payment', channel: 'terminal', terminal, payer: { pan: generatePan() }, amount, currency: 'KZT' }, source: terminal }
  }
}

const percentile = (sorted: Float64Array, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

/** What one timed run gives: its rate, its answer times (sorted), its outcomes and the CPU it took. */
interface Run {
  seconds: number
  latencies: Float64Array
  outcomes: { accepted: number; refused: number; rejected: number }
  cpuUs: number
  threadCpuUs: number
}

/** Sends `total` requests (numbered from `first`) with `inFlight` always waiting for their answers. */
async function drive(ws: Workstation, cards: Card[], terminals: string[], first: number, total: number, inFlight: number): Promise<Run> {
  const latencies = new Float64Array(total)
  const outcomes = { accepted: 0, refused: 0, rejected: 0 }
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++
      const { raw, source } = request(first + i, cards, terminals)
      const t = performance.now()
      const a: AuthorizationAnswer = await ws.center.submit(raw, source)
      latencies[i] = performance.now() - t
      outcomes[a.status === 'accepted' ? 'accepted' : a.status === 'rejected' ? 'rejected' : 'refused']++
    }
  }
  const cpu0 = process.cpuUsage()
  const thread0 = mainThreadCpuUs()
  const started = performance.now()
  await Promise.all(Array.from({ length: inFlight }, worker))
  const seconds = (performance.now() - started) / 1000
  // CPU time of this process per operation: steadier than the rate on a shared disk, and what the Center's work costs.
  const cpu = process.cpuUsage(cpu0)
  const threadCpuUs = mainThreadCpuUs() - thread0
  latencies.sort()
  return { seconds, latencies, outcomes, cpuUs: cpu.user + cpu.system, threadCpuUs }
}

export async function benchCenter(ws: Workstation): Promise<Record<string, number | string>> {
  const cards = population(ws)
  const terminals = ws.db.prepare(`SELECT code FROM terminals WHERE certified_at IS NOT NULL AND kind = 'atm' ORDER BY code`).pluck().all() as string[]
  // As in the product: WAL checkpoints and the journal's search keys on worker threads, behind the Center.
  const checkpointer = startCheckpointer(ws.db)
  const keys = startJournalKeys(ws.db)
  const batches = batchesOf(ws)
  const run = await drive(ws, cards, terminals, 0, TOTAL, IN_FLIGHT)
  const runBatches = batches('center')
  // The journal is measured with every key filed, as it is seconds after the peak.
  await keys.settled(ws.db.prepare('SELECT max(seq) FROM operations').pluck().get() as number, 600_000)

  // A filtered page of 100 of the journal, as an officer asks for it (day + bank + type; a terminal; an IIN; a masked card).
  const officer = 'bench-officer'
  const signIn = immediate(ws.dispatch(officer, 'session.signIn', { login: 'operator', password: 'Qazaq#Demo2026' }))
  if (!signIn.ok) throw new Error('sign-in failed')
  const kaspi = (ws.db.prepare(`SELECT id FROM participants WHERE code = 'P002'`).pluck().get() as string)
  const day = ws.db.prepare('SELECT max(op_day) FROM operations').pluck().get() as string
  const pan = maskPan(cards[500]!.pan)
  const filters: Record<string, unknown>[] = [
    { day, participantId: kaspi, type: 'cash_withdrawal', limit: 100 },
    { terminal: terminals[1], status: 'accepted', limit: 100 },
    { pan, limit: 100 },
    { type: 'transfer', amountMin: '4000', limit: 100 }
  ]
  const pageMs = filters.map((f) => {
    const runs: number[] = []
    for (let r = 0; r < 20; r++) {
      const t = performance.now()
      const page = immediate(ws.dispatch(officer, 'operations.list', f))
      runs.push(performance.now() - t)
      if (!page.ok) throw new Error(`journal page failed: ${page.error.message}`)
    }
    return runs.sort((x, y) => x - y)[10]!
  })

  // The check sums every posting on a worker thread; the longest the Center's thread could not run meanwhile says it is free.
  const loop = monitorEventLoopDelay({ resolution: 1 })
  loop.enable()
  const verifyStart = performance.now()
  const ledger = await ws.dispatch(officer, 'ledger.verify', {})
  const verifyMs = performance.now() - verifyStart
  loop.disable()
  if (!ledger.ok || !(ledger.value as { balanced: boolean }).balanced) throw new Error('the ledger does not balance after the run')

  // The same traffic with few requests waiting (after the journal, which is measured over the first run's
  // operations): smaller batches, so shorter answer times at a lower rate. Shows what the answer-time target
  // costs in rate on this machine, since group commit trades one for the other.
  const shortBatches = batchesOf(ws)
  const short = await drive(ws, cards, terminals, TOTAL, Math.min(TOTAL, SHORT_WAIT_OPS), SHORT_WAIT_IN_FLIGHT)
  const shortFigures = shortBatches('short_wait')
  // BENCH_CENTER_INTAKE=0 leaves out the loopback part (when measuring the core alone).
  // The intake runs with the workers behind it, as in the product (center-services.ts).
  // The intake's traffic handed to the Center in this thread, then over the loopback: what HTTP and signatures add.
  const withIntake = process.env.BENCH_CENTER_INTAKE !== '0'
  const inProcessBatches = batchesOf(ws)
  const inProcess = withIntake ? { ...(await measureInProcess({ workstation: ws, durationS: 10, concurrency: INTAKE_TERMINALS, threadCpuUs: mainThreadCpuUs })), ...inProcessBatches('in_process') } : {}
  const intakeBatches = batchesOf(ws)
  const intake = withIntake ? { ...(await intakeWithCpu(ws)), ...intakeBatches('intake') } : {}
  await keys.stop()
  await checkpointer.stop()
  // Where the WAL comes from: the main run's traffic again, numbered on after the short run's, with no checkpoint meanwhile.
  const walOps = Math.min(TOTAL, WAL_OPS)
  const wal = await walByTree(ws.db, async () => {
    const before = ws.center.totals.batches
    await drive(ws, cards, terminals, TOTAL + Math.min(TOTAL, SHORT_WAIT_OPS), walOps, IN_FLIGHT)
    return { operations: walOps, batches: ws.center.totals.batches - before }
  })
  // The ceilings, last, with nothing else running: the Center's own rows written again without the Center, then raw small rows.
  const writeSet = writeSetLimit(ws.db, Math.min(TOTAL, WRITE_SET_OPS), IN_FLIGHT)
  const sqlite = sqliteLimit(ws)
  return {
    operations: TOTAL,
    in_flight: IN_FLIGHT,
    authorize_per_s: Math.round(TOTAL / run.seconds),
    authorize_p50_ms: Number(percentile(run.latencies, 0.5).toFixed(2)),
    authorize_p99_ms: Number(percentile(run.latencies, 0.99).toFixed(2)),
    authorize_cpu_us_per_op: Number((run.cpuUs / TOTAL).toFixed(1)),
    // The Center's own thread alone (the bench's requests included, the workers not): the figure to compare changes by.
    center_thread_cpu_us_per_op: Number((run.threadCpuUs / TOTAL).toFixed(1)),
    // The most this machine could authorize at that CPU cost, were every core busy all the time: above the target
    // only if the cost allows it, however the work is spread over threads.
    authorize_cpu_bound_per_s: cpuBound(run.cpuUs / TOTAL),
    ...runBatches,
    accepted: run.outcomes.accepted,
    refused: run.outcomes.refused,
    rejected: run.outcomes.rejected,
    short_wait_in_flight: SHORT_WAIT_IN_FLIGHT,
    short_wait_per_s: Math.round(short.latencies.length / short.seconds),
    short_wait_p50_ms: Number(percentile(short.latencies, 0.5).toFixed(2)),
    short_wait_p99_ms: Number(percentile(short.latencies, 0.99).toFixed(2)),
    ...shortFigures,
    journal_page_ms: Number(Math.max(...pageMs).toFixed(2)),
    journal_page_ms_by_filter: pageMs.map((m) => m.toFixed(2)).join('/'),
    // Merges of closed buckets of search keys during the run (one per 1,048,576 operations), and the longest.
    journal_keys_merges: keys.merges().count,
    journal_keys_merge_ms: Math.round(keys.merges().longestMs),
    ledger_verify_ms: Math.round(verifyMs),
    ledger_verify_center_blocked_ms: Number((loop.max / 1e6).toFixed(1)),
    ...wal,
    sqlite_limit_rows_per_s: sqlite,
    ...writeSet,
    ...inProcess,
    ...intake
  }
}

/**
 * The group commit's batches from now until the returned function is called, as figures named by `prefix`: their
 * average size, the time deciding each request, and the time committing each batch (the outbox and the accounts
 * written, the WAL and its fsync). Measured here, committing 16 requests took 0.9–1.5 ms and 96 took 2.2–3.8 ms, so the
 * batch size says much of the rate.
 */
function batchesOf(ws: Workstation): (prefix: string) => Record<string, number> {
  const before = { ...ws.center.totals }
  return (prefix) => {
    const t = ws.center.totals
    const batches = Math.max(1, t.batches - before.batches)
    const requests = Math.max(1, t.requests - before.requests)
    return {
      [`${prefix}_batch_avg`]: Number((requests / batches).toFixed(1)),
      [`${prefix}_decide_us_per_op`]: Number((((t.decideMs - before.decideMs) * 1000) / requests).toFixed(1)),
      [`${prefix}_commit_ms_per_batch`]: Number(((t.commitMs - before.commitMs) / batches).toFixed(3))
    }
  }
}

/** The intake over loopback, with the CPU this process (the load generator is another) and its main thread took per request. */
async function intakeWithCpu(ws: Workstation): Promise<Record<string, number>> {
  const cpu0 = process.cpuUsage()
  const thread0 = mainThreadCpuUs()
  const m = await measureIntake({ workstation: ws, durationS: 10, concurrency: INTAKE_TERMINALS })
  const cpu = process.cpuUsage(cpu0)
  const perRequest = (us: number) => Number((us / Math.max(1, m.intake_requests)).toFixed(1))
  const cpuUs = perRequest(cpu.user + cpu.system)
  return {
    ...m,
    intake_cpu_us_per_op: cpuUs,
    intake_center_thread_cpu_us_per_op: perRequest(mainThreadCpuUs() - thread0),
    // The workstation and the load generator share the cores: the most they could do together at their cost.
    intake_cpu_bound_per_s: cpuBound(cpuUs + m.intake_generator_cpu_us_per_op)
  }
}

/** Requests a second all of this machine's cores could serve at `cpuUsPerOp` of CPU each. */
const cpuBound = (cpuUsPerOp: number): number => Math.round((availableParallelism() * 1e6) / Math.max(1, cpuUsPerOp))

/** CPU time of this process's main thread (the Center's), from Linux's per-thread accounting, in µs. */
function mainThreadCpuUs(): number {
  // Fields 14 and 15 (user, system) in clock ticks, after the parenthesised command name.
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_S
}
// USER_HZ, the unit of /proc's times: 100 on Linux on every architecture Node runs on.
const CLOCK_TICKS_PER_S = 100

/** The ceiling on this disk: small rows inserted in batches of 10,000, one commit (and fsync) each. */
function sqliteLimit(ws: Workstation): number {
  ws.db.exec('CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL) STRICT')
  const insert = ws.db.prepare('INSERT INTO bench_rows (a, b) VALUES (?, ?)')
  const n = 1_000_000
  const t = performance.now()
  for (let start = 0; start < n; start += 10_000) ws.db.transaction(() => {
    for (let i = start; i < start + 10_000; i++) insert.run(i, 'x')
  })()
  return Math.round(n / ((performance.now() - t) / 1000))
}
