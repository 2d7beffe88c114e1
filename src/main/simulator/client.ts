import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { Pool } from 'undici'
import type { AuthorizationAnswer } from '../../core/api/center-types'
import { AUTH_HEADERS, signature } from '../intake/auth'

// A terminal's side of the intake: signs a request with the terminal's key and sends it over a
// keep-alive connection. Shared by the simulator, the bench's load generator and the crash test.
// undici's pool, not node:http's Agent: it took half the CPU per request (90 against 170 µs, paired runs
// against a bare server on the 2-core CI machine), and the load generator shares the cores it measures.

/** A terminal's intake key as the simulator holds it. */
export interface TerminalCredentials {
  terminalCode: string
  keyId: string
  secret: Buffer
}

export type IntakePath = '/v1/authorize' | '/v1/complete' | '/v1/reverse'

export interface Sent {
  httpStatus: number
  answer: AuthorizationAnswer
  ms: number
}

export interface IntakeClientOptions {
  url: string
  /** Connections kept open to the intake (requests beyond this wait for a free one). */
  connections?: number
  /** The clock the timestamp comes from: the Center's, in tests that move time. */
  now?: () => number
  /** Give up on an answer after this long (the request may still have been processed: retry the same id). */
  timeoutMs?: number
}

export class IntakeClient {
  private readonly pool: Pool
  private readonly now: () => number
  private readonly timeoutMs: number

  constructor(o: IntakeClientOptions) {
    this.timeoutMs = o.timeoutMs ?? 15_000
    this.pool = new Pool(o.url, { connections: o.connections ?? 16, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs })
    this.now = o.now ?? Date.now
  }

  /** Sends one signed request; rejects only when no HTTP answer came (connection refused, reset, timed out). */
  send(terminal: TerminalCredentials, body: unknown, path: IntakePath = '/v1/authorize'): Promise<Sent> {
    return this.sendRaw(terminal, Buffer.from(JSON.stringify(body)), {}, path)
  }

  /** Sends exact bytes (tests send malformed ones); `headers` override the signed ones. */
  sendRaw(terminal: TerminalCredentials, body: Buffer, headers: Record<string, string> = {}, path: IntakePath = '/v1/authorize'): Promise<Sent> {
    return this.post(body, { ...signedHeaders(terminal, body, this.now(), path), ...headers }, path)
  }

  /** Sends with exactly these headers, nothing signed or added but the length. */
  async post(body: Buffer, headers: Record<string, string>, path: IntakePath = '/v1/authorize'): Promise<Sent> {
    const started = performance.now()
    const res = await this.pool.request({ path, method: 'POST', headers: { 'content-length': String(body.length), ...headers }, body })
    const answer = (await res.body.json()) as AuthorizationAnswer
    return { httpStatus: res.statusCode, answer, ms: performance.now() - started }
  }

  /** Drops the connections at once; requests still waiting for an answer fail. */
  close(): void {
    void this.pool.destroy()
  }
}

/** The authentication headers of a POST to `path`: key id, timestamp, a fresh nonce, and the HMAC over the method, the path, them and the body. */
export function signedHeaders(terminal: TerminalCredentials, body: Buffer, now: number, path: IntakePath = '/v1/authorize'): Record<string, string> {
  const timestamp = String(now)
  const nonce = randomBytes(16).toString('base64url')
  return {
    'content-type': 'application/json',
    [AUTH_HEADERS.keyId]: terminal.keyId,
    [AUTH_HEADERS.timestamp]: timestamp,
    [AUTH_HEADERS.nonce]: nonce,
    [AUTH_HEADERS.signature]: signature(terminal.secret, 'POST', path, timestamp, nonce, body)
  }
}
