import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import type { AuthorizationAnswer } from '../../core/api/center-types'
import { builtEntry } from '../entries'
import { intakeCenterOf, startWorkstationIntake } from '../intake'
import { followUp } from '../intake/follow-ups'
import type { Workstation } from '../workstation'
import type { Sent } from './client'
import { loadFixture } from './fixture'
import { runTraffic, type Summary } from './run'
import { Traffic, type Planned } from './traffic'

export interface IntakeMeasure {
  intake_per_s: number
  intake_p50_ms: number
  intake_p99_ms: number
  intake_requests: number
  intake_accepted: number
  intake_refused: number
  intake_rejected: number
  intake_errors: number
  intake_concurrency: number
  /** The load generator's CPU per request: it shares the machine's cores with the workstation. */
  intake_generator_cpu_us_per_op: number
}

/**
 * The intake's throughput and latency over the loopback, as a terminal fleet sees it: the intake serves
 * the workstation's Center in this process while the simulator, in a child process, keeps `concurrency`
 * requests in flight over keep-alive connections for `durationS` (and at most `maxRequests`).
 */
export async function measureIntake(o: { workstation: Workstation; durationS?: number; concurrency?: number; maxRequests?: number }): Promise<IntakeMeasure> {
  const durationS = o.durationS ?? 10
  const concurrency = o.concurrency ?? 32
  const intake = await startWorkstationIntake(o.workstation)
  try {
    const args = ['--max', '--json', '--url', intake.url, '--db', o.workstation.dbPath, '--duration', String(durationS), '--concurrency', String(concurrency), '--requests', String(o.maxRequests ?? 1_000_000)]
    const s = await runChild(builtEntry('simulate'), args, (durationS + 30) * 1000)
    return {
      intake_per_s: s.per_s,
      intake_p50_ms: s.p50_ms,
      intake_p99_ms: s.p99_ms,
      intake_requests: s.sent,
      intake_accepted: s.accepted,
      intake_refused: s.refused,
      intake_rejected: s.rejected,
      intake_errors: s.errors,
      intake_concurrency: concurrency,
      intake_generator_cpu_us_per_op: s.cpu_us_per_request
    }
  } finally {
    await intake.close()
  }
}

/** What the load generator prints with --json: its summary and the CPU it spent per request. */
type GeneratorSummary = Summary & { cpu_us_per_request: number }

/** Runs the load generator, killing it if it overruns; its last stdout line is the JSON summary. */
function runChild(script: string, args: string[], limitMs: number): Promise<GeneratorSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const last = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0) return reject(new Error(`the load generator ended with ${signal ?? `exit code ${code}`}`))
      try {
        resolve(JSON.parse(last) as GeneratorSummary)
      } catch {
        reject(new Error(`the load generator printed no summary: ${last}`))
      }
    })
  })
}

export interface InProcessMeasure {
  in_process_per_s: number
  in_process_p50_ms: number
  in_process_p99_ms: number
  /** CPU of this thread (the Center's) per request: beside the intake's, what HTTP and signatures add. */
  in_process_thread_cpu_us_per_op: number
}

/**
 * The intake's traffic without the intake: the same mix of requests, `concurrency` in flight, handed to the
 * workstation's Center in this thread as the intake hands them (a terminal completes and reverses only its own).
 * `threadCpuUs` reads this thread's CPU time.
 */
export async function measureInProcess(o: { workstation: Workstation; durationS?: number; concurrency?: number; threadCpuUs: () => number }): Promise<InProcessMeasure> {
  const center = intakeCenterOf(o.workstation)
  const followUps = center.followUps!
  const answer = (p: Planned): Promise<AuthorizationAnswer> | AuthorizationAnswer => {
    const source = p.terminal.terminalCode
    if (p.path === '/v1/authorize') return center.submit({ ...p.body, terminal: source }, source)
    const outcome = followUp(followUps, p.body, source)
    return 'refused' in outcome ? outcome.refused : outcome.pending
  }
  const client = {
    async send(terminal: Planned['terminal'], body: Planned['body'], path: Planned['path']): Promise<Sent> {
      const started = performance.now()
      const a = await answer({ terminal, body, path } as Planned)
      return { httpStatus: 200, answer: a, ms: performance.now() - started }
    }
  }
  const traffic = new Traffic(loadFixture(o.workstation.dbPath), `inproc${Date.now().toString(36)}`, 1)
  const thread0 = o.threadCpuUs()
  const s = await runTraffic({ client, traffic, durationS: o.durationS ?? 10, concurrency: o.concurrency ?? 32 })
  return {
    in_process_per_s: s.per_s,
    in_process_p50_ms: s.p50_ms,
    in_process_p99_ms: s.p99_ms,
    in_process_thread_cpu_us_per_op: Number(((o.threadCpuUs() - thread0) / Math.max(1, s.sent)).toFixed(1))
  }
}
