import { Agent, request } from 'node:http'
import { DeliveryError, type OutboxEnvelope, type OutboxTransport } from '../../core/center/outbox-relay'

/**
 * The outbox relay's way out: POSTs each batch as JSON to the receiver's /deliveries. Any answer but
 * 2xx, or no answer in time, throws, so the relay keeps the batch and tries again later; the message
 * id is the receiver's idempotency key.
 */
export function httpTransport(receiverUrl: string, timeoutMs = 5_000): OutboxTransport & { close(): void } {
  const target = new URL('/deliveries', receiverUrl)
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  return {
    deliver: (batch: OutboxEnvelope[]) =>
      new Promise<void>((resolve, reject) => {
        const body = Buffer.from(JSON.stringify(batch))
        const req = request(target, { method: 'POST', agent, timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, (res) => {
          res.resume()
          res.on('end', () => {
            const status = res.statusCode ?? 0
            if (status >= 200 && status < 300) resolve()
            else reject(new DeliveryError('receiver_status', { status }, `the receiver answered ${status}`))
          })
          res.on('error', reject)
        })
        req.on('timeout', () => req.destroy(new DeliveryError('no_answer', { ms: timeoutMs }, `the receiver did not answer within ${timeoutMs} ms`)))
        req.on('error', reject)
        req.end(body)
      }),
    close: () => agent.destroy()
  }
}
