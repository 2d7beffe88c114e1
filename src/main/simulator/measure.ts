import { spawn } from 'node:child_process'
import { builtEntry } from '../entries'
import { startWorkstationIntake } from '../intake'
import type { Workstation } from '../workstation'
import type { Summary } from './run'

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
      intake_concurrency: concurrency
    }
  } finally {
    await intake.close()
  }
}

/** Runs the load generator, killing it if it overruns; its last stdout line is the JSON summary. */
function runChild(script: string, args: string[], limitMs: number): Promise<Summary> {
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
        resolve(JSON.parse(last) as Summary)
      } catch {
        reject(new Error(`the load generator printed no summary: ${last}`))
      }
    })
  })
}
