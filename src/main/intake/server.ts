import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { AuthorizationAnswer } from '../../core/api/center-types'
import { RESULT_CODES } from '../../core/center/result-codes'
import { Authenticator, type AuthFailure, type KeyLookup, type NonceJournal } from './auth'
import { isJsonContentType, MAX_BODY_BYTES, readBody, rejection, requestIdOf, sendAnswer } from './framing'
import { completeRequest, followUp, formatRejection, reverseRequest } from './follow-ups'

// The Center's online intake (R7.4): terminals and channels send authorization requests over HTTP to
// POST /v1/authorize, and complete or reverse their own operations at /v1/complete and /v1/reverse.
// Every request is authenticated by its terminal's key, bounded in size and time, and answered with
// the Center's AuthorizationAnswer once the operation is durable.

/** What the intake needs of the Center: one authorization, resolved once it is committed. */
export interface IntakeCenter {
  submit(raw: unknown, source: string): Promise<AuthorizationAnswer>
  /** POST /v1/complete and /v1/reverse, when given. */
  followUps?: FollowUps
}

/** Completion of a two-phase operation and reversal, each resolved once committed. */
export interface FollowUps {
  /** Who authorized the operation (its idempotency namespace: the terminal's code), if it exists. */
  sourceOf(operation: number): string | undefined
  complete(operation: number, amount: string | undefined, requestId: string, source: string): Promise<AuthorizationAnswer>
  reverse(operation: number, reason: string, requestId: string, source: string): Promise<AuthorizationAnswer>
}

export interface IntakeOptions {
  center: IntakeCenter
  keys: KeyLookup
  now: () => number
  /** Where accepted nonces outlive a restart; without one, replay protection lasts as long as the process. */
  nonces?: NonceJournal
  /** 127.0.0.1 unless told otherwise; any other address needs `allowRemote`. */
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Binding beyond the loopback exposes the intake to the network: an explicit decision. */
  allowRemote?: boolean
  /** How long the Center may take to answer before the terminal is told to retry (same requestId). */
  deadlineMs?: number
  /** Replay window: how far a request's timestamp may be from the Center's clock. */
  windowMs?: number
  maxNonces?: number
  /** A replaced or withdrawn terminal key keeps signing at most this long (default 1 s). */
  keyCacheMs?: number
  maxBodyBytes?: number
}

export interface Intake {
  readonly url: string
  readonly port: number
  /** Stops accepting, lets answers in progress finish, closes idle keep-alive connections. */
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

const AUTH_STATUS: Record<AuthFailure, number> = {
  'auth.missing': 401,
  'auth.malformed': 401,
  'auth.unknownKey': 401,
  'auth.badSignature': 401,
  'auth.stale': 401,
  'auth.replayed': 401,
  // Too many nonces in the window: the terminal may retry shortly (same requestId).
  'auth.busy': 503
}

/** Starts the intake; resolves once it listens. */
export async function startIntake(o: IntakeOptions): Promise<Intake> {
  const host = o.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host) && !o.allowRemote) throw new Error(`the intake binds to the loopback only; binding to ${host} needs allowRemote`)
  const deadlineMs = o.deadlineMs ?? 10_000
  const maxBody = o.maxBodyBytes ?? MAX_BODY_BYTES
  const auth = new Authenticator({
    keys: o.keys,
    now: o.now,
    ...(o.nonces ? { journal: o.nonces } : {}),
    ...(o.windowMs !== undefined ? { windowMs: o.windowMs } : {}),
    ...(o.maxNonces !== undefined ? { maxNonces: o.maxNonces } : {}),
    ...(o.keyCacheMs !== undefined ? { keyCacheMs: o.keyCacheMs } : {})
  })

  /** Content type, size, signature, JSON, terminal binding: the request's body as its terminal sent it, or undefined once answered. */
  async function signedBody(req: IncomingMessage, res: ServerResponse): Promise<{ terminal: string; body: Record<string, unknown> } | undefined> {
    if (!isJsonContentType(req.headers['content-type'])) return void sendAnswer(res, 415, rejection('', RESULT_CODES.FORMAT_ERROR, 'request.contentType'), true)
    const read = await readBody(req, maxBody)
    if (!read.ok) {
      // A sender gone before its body ended is answered by no one: the connection is closed (a half-closed one is told 400 by 'clientError').
      if (read.reason === 'tooLarge') sendAnswer(res, 413, rejection('', RESULT_CODES.FORMAT_ERROR, 'request.tooLarge'), true)
      return undefined
    }
    // The signature covers the raw bytes, so it is checked before the body is even parsed.
    const who = auth.authenticate(req.method ?? '', pathOf(req), req.headers, read.body)
    if (!who.ok) return void sendAnswer(res, AUTH_STATUS[who.reason], rejection('', who.reason === 'auth.busy' ? RESULT_CODES.SYSTEM_MALFUNCTION : RESULT_CODES.SECURITY_VIOLATION, who.reason))
    let body: unknown
    try {
      body = JSON.parse(read.body.toString('utf8'))
    } catch {
      return void sendAnswer(res, 400, rejection('', RESULT_CODES.FORMAT_ERROR, 'request.malformedJson'))
    }
    const requestId = requestIdOf(body)
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return void sendAnswer(res, 400, rejection(requestId, RESULT_CODES.FORMAT_ERROR, 'request.notAnObject'))
    // Identity comes from the key, never from the body: a body naming another terminal is refused.
    const named = (body as Record<string, unknown>).terminal
    if (named !== undefined && named !== who.terminal.terminalCode) return void sendAnswer(res, 403, rejection(requestId, RESULT_CODES.SECURITY_VIOLATION, 'terminal.mismatch'))
    return { terminal: who.terminal.terminalCode, body: { ...body, terminal: who.terminal.terminalCode } }
  }

  async function authorize(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const signed = await signedBody(req, res)
    if (!signed) return
    const answer = await withDeadline(o.center.submit(signed.body, signed.terminal), deadlineMs)
    // The Center may still commit after the deadline: the terminal learns the outcome by retrying the same requestId.
    if (answer === 'late') return sendAnswer(res, 503, rejection(requestIdOf(signed.body), RESULT_CODES.SYSTEM_MALFUNCTION, 'center.timeout'))
    sendAnswer(res, httpStatusOf(answer), answer)
  }

  async function follow(kind: 'complete' | 'reverse', followUps: FollowUps, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const signed = await signedBody(req, res)
    if (!signed) return
    const parsed = (kind === 'complete' ? completeRequest : reverseRequest).safeParse(signed.body)
    if (!parsed.success) return sendAnswer(res, 400, formatRejection(requestIdOf(signed.body), parsed.error))
    const r = parsed.data
    const outcome = followUp(followUps, r, signed.terminal)
    if ('refused' in outcome) return sendAnswer(res, 404, outcome.refused)
    const answer = await withDeadline(outcome.pending, deadlineMs)
    if (answer === 'late') return sendAnswer(res, 503, rejection(r.requestId, RESULT_CODES.SYSTEM_MALFUNCTION, 'center.timeout'))
    sendAnswer(res, httpStatusOf(answer), answer)
  }

  // Each connection's answer in progress, so an error on the connection does not write into it.
  const answering = new WeakMap<object, ServerResponse>()

  function route(req: IncomingMessage, res: ServerResponse): void {
    answering.set(req.socket, res)
    const path = pathOf(req)
    const followUps = o.center.followUps
    const kind = path === '/v1/complete' ? 'complete' : path === '/v1/reverse' ? 'reverse' : undefined
    const handler = path === '/v1/authorize' ? authorize : kind && followUps ? (q: IncomingMessage, s: ServerResponse) => follow(kind, followUps, q, s) : undefined
    if (!handler) return sendAnswer(res, 404, rejection('', RESULT_CODES.FORMAT_ERROR, 'request.unknownPath'), true)
    if (req.method !== 'POST') return sendAnswer(res, 405, rejection('', RESULT_CODES.FORMAT_ERROR, 'request.method'), true)
    handler(req, res).catch(() => sendAnswer(res, 500, rejection('', RESULT_CODES.SYSTEM_MALFUNCTION, 'center.failure'), true))
  }

  // A slow sender (headers or body dribbled in) is cut off; an idle keep-alive connection is closed after 5 s.
  const requestTimeout = deadlineMs + 5_000
  const server: Server = createServer({ requestTimeout, headersTimeout: Math.min(10_000, requestTimeout), keepAliveTimeout: 5_000, maxHeaderSize: 8 * 1024 }, route)
  server.timeout = requestTimeout
  // What node:http cannot parse (headers too large, broken framing) or gave up waiting for has no request object: it
  // is answered here in the same JSON shape as every refusal (not after an answer already begun), and closed at once.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code !== 'ECONNRESET' && socket.writable && !answering.get(socket)?.headersSent) socket.write(rawAnswer(err.code))
    socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
  }
}

/** The path a request is routed by, and signed over: its target without the query. */
const pathOf = (req: IncomingMessage): string => (req.url ?? '').split('?')[0]!

/**
 * 200 for every answer the Center decided (approved or refused, recorded either way); the 9xxx
 * rejections, where nothing was recorded, say why in HTTP terms as well.
 */
function httpStatusOf(answer: AuthorizationAnswer): number {
  if (answer.status !== 'rejected') return 200
  if (answer.resultCode === RESULT_CODES.FORMAT_ERROR) return 400
  if (answer.resultCode === RESULT_CODES.DUPLICATE_TRANSMISSION) return 409
  // Nothing was recorded: the terminal retries with the same requestId.
  if (answer.resultCode === RESULT_CODES.SYSTEM_MALFUNCTION) return 503
  return 422
}

/** A whole HTTP answer as bytes, for a connection that never became a request (the 'clientError' event). */
function rawAnswer(code: string | undefined): string {
  const [status, reason]: [number, string] =
    code === 'HPE_HEADER_OVERFLOW' ? [431, 'request.headersTooLarge'] : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request.timeout'] : [400, 'request.malformedHttp']
  const text = JSON.stringify(rejection('', RESULT_CODES.FORMAT_ERROR, reason))
  const headers = `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\ncache-control: no-store\r\nconnection: close`
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers}\r\n\r\n${text}`
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)))
  return Promise.race([p, late]).finally(() => clearTimeout(timer))
}
