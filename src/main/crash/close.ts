// `npm run close-crash-test` (and `npm test`): kills the process in the middle of an operational day's close,
// at every step of it in turn (SIGKILL, so nothing is flushed or rolled back politely), restarts it each
// time, and checks that the close that finally completes gives exactly what an uninterrupted close gives:
// the same day range, net positions, matrix, fees, figures and settlement instruction ids, and that no
// instruction was sent to the settlement bank twice (none is sent before the officers approve). Exit code 1
// on any difference.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { ManualClock } from '../../core/domain/clock'
import type { CloseStep } from '../../core/opday/day-closer'
import { parseArgs } from '../args'
import { assertNodeVersion } from '../config'
import { openWorkstation } from '../workstation'

const TEST_COST = { N: 1024, r: 8, p: 1 }
/** 09:00 Asia/Almaty on the traffic day; the close runs just after its midnight. */
const DAY_START = Date.UTC(2026, 10, 23, 4, 0, 0)
const CLOSE_AT = Date.UTC(2026, 10, 23, 19, 0, 5)
const TRAFFIC_DAY = '2026-11-23'
const KILL_STEPS: readonly CloseStep[] = ['begun', 'queue', 'closed', 'computed', 'written']
const COMPARED = ['clearing_positions', 'clearing_matrix', 'day_fees', 'day_stats', 'day_refusals', 'settlement_instructions', 'settlements']

/** A child: opens the database at the close's moment (opening runs the close), dying at one step if told. */
function child(dbPath: string, kill: string | undefined): void {
  const ws = openWorkstation({
    dbPath,
    demo: false,
    clock: new ManualClock(CLOSE_AT),
    cost: TEST_COST,
    onCloseStep: (step, day) => {
      if (step === kill && day === TRAFFIC_DAY) process.kill(process.pid, 'SIGKILL')
    }
  })
  ws.close()
}

/** The base: the demo, then a day of traffic between every pair of banks, with reversals; the day not yet closed. */
function makeBase(dbPath: string, operations: number): void {
  const clock = new ManualClock(DAY_START)
  const ws = openWorkstation({ dbPath, demo: true, clock, cost: TEST_COST })
  const ibans = ws.db.prepare(`SELECT iban FROM accounts WHERE kind = 'client' AND currency = 'KZT' ORDER BY iban`).pluck().all() as string[]
  let n = 0
  while (n < operations) {
    clock.advance(1_000)
    ws.center.inTransaction((now, day) => {
      for (let i = 0; i < 500 && n < operations; i++, n++) {
        const a = ibans[(n * 7) % ibans.length]!
        const b = ibans[(n * 13 + 5) % ibans.length]!
        if (a === b) continue
        const answer = ws.center.pipeline.authorize(
          { requestId: `close-crash-${n}`, type: 'transfer', channel: 'app', payer: { iban: a }, payee: { iban: b }, amount: `${1 + ((n * 7919) % 5000)}.00`, currency: 'KZT' },
          'app', now, day
        )
        if (n % 97 === 0 && answer.status === 'accepted') ws.center.reverse(answer.operation!, 'test', `close-crash-rev-${n}`, 'app')
      }
    })
  }
  ws.close()
}

function rows(dbPath: string): Record<string, unknown> {
  const db = new BetterSqlite3(dbPath, { readonly: true })
  try {
    const out: Record<string, unknown> = {
      day: db.prepare('SELECT day, state, first_seq, last_seq, operations, close_kind FROM operational_days WHERE day = ?').get(TRAFFIC_DAY),
      settlementMessages: db.prepare(`SELECT count(*) FROM outbox WHERE kind = 'settlement'`).pluck().get()
    }
    for (const t of COMPARED) out[t] = db.prepare(`SELECT * FROM ${t} WHERE day = ?`).all(TRAFFIC_DAY).map((r) => JSON.stringify(r)).sort()
    return out
  } finally {
    db.close()
  }
}

function main(): number {
  assertNodeVersion()
  const args = parseArgs(process.argv.slice(2), { values: ['child', 'kill', 'operations'], flags: ['keep'] })
  if (args.has('child')) {
    child(args.get('child')!, args.get('kill'))
    return 0
  }
  const dir = mkdtempSync(join(tmpdir(), 'close-crash-'))
  try {
    const base = join(dir, 'base.db')
    makeBase(base, Number(args.get('operations') ?? 20_000))
    const calm = join(dir, 'calm.db')
    const crashed = join(dir, 'crashed.db')
    copyFileSync(base, calm)
    copyFileSync(base, crashed)
    const run = (db: string, kill?: string) =>
      spawnSync(process.execPath, [process.argv[1]!, '--child', db, ...(kill ? ['--kill', kill] : [])], { stdio: ['ignore', 'inherit', 'inherit'] })
    const problems: string[] = []
    const uninterrupted = run(calm)
    if (uninterrupted.status !== 0) problems.push(`the uninterrupted close exited with ${uninterrupted.status}`)
    for (const step of KILL_STEPS) {
      const r = run(crashed, step)
      if (r.signal !== 'SIGKILL') problems.push(`the close was to die at "${step}" but ended with ${r.signal ?? `exit ${r.status}`}`)
      const state = (rows(crashed).day as { state: string } | undefined)?.state
      console.log(`killed at ${step}: the day is ${state}`)
    }
    const last = run(crashed)
    if (last.status !== 0) problems.push(`the resumed close exited with ${last.status}`)
    const expected = rows(calm)
    const actual = rows(crashed)
    if ((expected.day as { state: string }).state !== 'cleared') problems.push(`the uninterrupted close left the day ${JSON.stringify(expected.day)}`)
    for (const key of Object.keys(expected))
      if (JSON.stringify(expected[key]) !== JSON.stringify(actual[key])) problems.push(`${key} differs after the crashes:\n  expected ${JSON.stringify(expected[key]).slice(0, 400)}\n  actual   ${JSON.stringify(actual[key]).slice(0, 400)}`)
    if (expected.settlementMessages !== 0) problems.push('an instruction was sent before approval')
    const summary = { operations: (expected.day as { operations: number }).operations, kills: KILL_STEPS.length, positions: (expected.clearing_positions as unknown[]).length, instructions: (expected.settlement_instructions as unknown[]).length }
    console.log(JSON.stringify({ closeCrashTest: problems.length ? 'failed' : 'passed', ...summary }))
    for (const p of problems) console.error(p)
    return problems.length ? 1 : 0
  } finally {
    if (!args.has('keep')) rmSync(dir, { recursive: true, force: true })
  }
}

process.exitCode = main()
