import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuthorizationAnswer } from '../../core/api/center-types'

// The HTTP framing of the intake: how a body is read (bounded), and how every answer is written
// (always an AuthorizationAnswer in JSON, so a terminal parses one shape whatever went wrong).

/** The largest request body accepted: an authorization request is a few hundred bytes. */
export const MAX_BODY_BYTES = 16 * 1024

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'tooLarge' | 'aborted' }

/** Reads the body, giving up as soon as it exceeds the limit (announced or streamed). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const announced = Number(req.headers['content-length'])
  if (Number.isFinite(announced) && announced > limit) return Promise.resolve({ ok: false, reason: 'tooLarge' })
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (r: BodyResult): void => {
      if (done) return
      done = true
      req.removeAllListeners('data')
      resolve(r)
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        finish({ ok: false, reason: 'tooLarge' })
        // Stop reading: what follows is discarded, and the connection is closed after the answer.
        req.pause()
      } else chunks.push(chunk)
    })
    req.on('end', () => finish({ ok: true, body: Buffer.concat(chunks, size) }))
    // Closed before the whole body came: the sender went away.
    req.on('close', () => finish({ ok: false, reason: 'aborted' }))
    req.on('error', () => finish({ ok: false, reason: 'aborted' }))
  })
}

/** JSON, and only JSON (charset utf-8 when named). */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase())
  if (type !== 'application/json') return false
  return params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8')
}

/** An answer with nothing recorded: the request never reached (or was refused before) authorization. */
export function rejection(requestId: string, resultCode: string, reason: string): AuthorizationAnswer {
  return { requestId, operation: null, status: 'rejected', resultCode, reason, opDay: null, documentNo: null, replayed: false }
}

export function sendAnswer(res: ServerResponse, httpStatus: number, answer: AuthorizationAnswer, close = false): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(answer)
  res.writeHead(httpStatus, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {})
  })
  res.end(text)
}

/** The requestId a body names, when it names one, so even a refusal can be matched by the sender. */
export function requestIdOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return ''
  const id = (body as Record<string, unknown>).requestId
  return typeof id === 'string' && id.length <= 64 ? id : ''
}
