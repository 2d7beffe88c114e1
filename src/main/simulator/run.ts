import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AuthorizationAnswer } from '../../core/api/center-types'
import type { IntakeClient, Sent } from './client'
import type { Planned } from './traffic'

// Drives planned traffic through the intake: at a steady rate, or as fast as N requests in flight
// allow ("max" mode, for the bench), for a bounded time and count.

/** Where requests come from: a Traffic mix, or one that puts retries first (the crash test). */
export interface TrafficSource {
  next(): Planned
  /** Learns from each answer (which operations can be completed or reversed). */
  observe?(planned: Planned, answer: AuthorizationAnswer): void
}

export interface RunOptions {
  /** The intake over HTTP, or anything that answers a planned request the same way (the bench's in-process run). */
  client: Pick<IntakeClient, 'send'>
  traffic: TrafficSource
  durationS: number
  /** Requests per second; omitted: as fast as the answers come. */
  rate?: number
  /** Requests in flight at most. */
  concurrency: number
  maxRequests?: number
  /** Each answer and each failure to get one, as they happen (the crash test keeps them). */
  onAnswer?(planned: Planned, sent: Sent): void
  onError?(planned: Planned, error: Error): void
  /** Stops early (the Center went away, the host is closing). */
  signal?: AbortSignal
}

export interface Summary {
  sent: number
  accepted: number
  refused: number
  /** 9xxx answers: malformed, unauthenticated, duplicates with other content, timeouts. */
  rejected: number
  replayed: number
  /** No answer at all (connection refused or reset, timed out). */
  errors: number
  per_s: number
  p50_ms: number
  p99_ms: number
  elapsed_s: number
}

const ACCEPTED = new Set(['accepted', 'held', 'completed'])
const LATENCY_SAMPLES = 200_000

export async function runTraffic(o: RunOptions): Promise<Summary> {
  const started = performance.now()
  const end = started + o.durationS * 1000
  const latencies: number[] = []
  const s = { sent: 0, accepted: 0, refused: 0, rejected: 0, replayed: 0, errors: 0 }
  let issued = 0
  let answers = 0
  // A uniform sample of the latencies (reservoir), so a run of any length keeps bounded memory.
  const record = (ms: number): void => {
    answers++
    if (latencies.length < LATENCY_SAMPLES) latencies.push(ms)
    else {
      const slot = Math.floor(Math.random() * answers)
      if (slot < LATENCY_SAMPLES) latencies[slot] = ms
    }
  }

  // Rate mode: the k-th request is due at start + k/rate; a worker waits for its slot.
  const permit = async (): Promise<boolean> => {
    if (o.signal?.aborted || (o.maxRequests !== undefined && issued >= o.maxRequests)) return false
    const k = issued++
    if (o.rate) {
      const due = started + (k * 1000) / o.rate
      if (due >= end) return false
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
    }
    return performance.now() < end && !o.signal?.aborted
  }

  const worker = async (): Promise<void> => {
    while (await permit()) {
      const planned = o.traffic.next()
      s.sent++
      try {
        const sent = await o.client.send(planned.terminal, planned.body, planned.path)
        record(sent.ms)
        o.traffic.observe?.(planned, sent.answer)
        if (sent.answer.replayed) s.replayed++
        if (ACCEPTED.has(sent.answer.status)) s.accepted++
        else if (sent.answer.status === 'rejected') s.rejected++
        else s.refused++
        o.onAnswer?.(planned, sent)
      } catch (e) {
        s.errors++
        o.onError?.(planned, e instanceof Error ? e : new Error(String(e)))
      }
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, worker))

  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    ...s,
    per_s: Math.round(answers / elapsed),
    p50_ms: round(percentile(latencies, 0.5)),
    p99_ms: round(percentile(latencies, 0.99)),
    elapsed_s: round(elapsed)
  }
}

/** The p-th quantile of sorted values (nearest rank); 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}

const round = (v: number): number => Math.round(v * 100) / 100

export function formatSummary(s: Summary): string {
  return `sent ${s.sent}, accepted ${s.accepted}, refused ${s.refused}, rejected ${s.rejected}, replayed ${s.replayed}, errors ${s.errors}; ${s.per_s}/s; latency p50 ${s.p50_ms} ms, p99 ${s.p99_ms} ms over ${s.elapsed_s} s`
}
