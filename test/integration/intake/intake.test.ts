// The online intake (R7.4) over real loopback HTTP, in front of a Center on a real SQLite file: signed
// requests are authorized once; every kind of bad input gets its own status and result code and
// leaves the ledger and the journal as they were.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuthorizationRequest } from '../../../src/core/api/center-types'
import { checksOf } from '../../../src/core/center/checks-text'
import { demoCardPan } from '../../../src/core/demo/seed'
import { maskPan } from '../../../src/core/domain/pan'
import { generatePan } from '../../../src/core/instruments/instruments-service'
import { qrPayloadOf } from '../../../src/core/instruments/qr'
import { TerminalKeysRepo } from '../../../src/core/terminals/terminal-keys'
import { signedHeaders, IntakeClient, type IntakePath, type TerminalCredentials } from '../../../src/main/simulator/client'
import { startWorkstationIntake, type Intake } from '../../../src/main/intake'
import { startIntake } from '../../../src/main/intake/server'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
let intake: Intake
let client: IntakeClient
let atm: TerminalCredentials
let otherAtm: TerminalCredentials
let card: { pan: string; expiry: string }

/** A fresh key for a certified terminal, as terminals.issueKey hands it out. */
function keyFor(terminalId: string): TerminalCredentials {
  const k = new TerminalKeysRepo(ws.db).issue(terminalId, null, ws.clock.now())
  return { terminalCode: k.terminalCode, keyId: k.keyId, secret: Buffer.from(k.secret, 'base64url') }
}

const counts = () => ({
  operations: ws.db.prepare('SELECT count(*) FROM operations').pluck().get() as number,
  postings: ws.db.prepare('SELECT count(*) FROM postings').pluck().get() as number
})

let n = 0
const payment = (over: Record<string, unknown> = {}): AuthorizationRequest & Record<string, unknown> => ({
  requestId: `it-${++n}`,
  type: 'payment',
  channel: 'terminal',
  payer: card,
  amount: '1500.50',
  currency: 'KZT',
  ...over
})

beforeEach(async () => {
  ws = testWorkstation()
  const atms = ws.db.prepare(`SELECT id FROM terminals WHERE kind = 'atm' AND certified_at IS NOT NULL ORDER BY code LIMIT 2`).pluck().all() as string[]
  atm = keyFor(atms[0]!)
  otherAtm = keyFor(atms[1]!)
  const expiry = ws.db.prepare(`SELECT expiry FROM instruments WHERE kind = 'card' AND pan_masked = ?`).pluck().get(maskPan(demoCardPan(0))) as string
  card = { pan: demoCardPan(0), expiry }
  intake = await startWorkstationIntake(ws, { clock: ws.clock })
  client = new IntakeClient({ url: intake.url, now: () => ws.clock.now() })
})

afterEach(async () => {
  client.close()
  await intake.close()
  ws.dispose()
})

/** Sends the request and checks that nothing was recorded or posted. */
async function refusedUnrecorded(send: () => Promise<{ httpStatus: number; answer: { resultCode: string; reason: string; status: string; operation: number | null } }>) {
  const before = counts()
  const r = await send()
  expect(counts()).toEqual(before)
  expect(r.answer.status).toBe('rejected')
  expect(r.answer.operation).toBeNull()
  return r
}

describe('intake: the happy path', () => {
  it('authorizes a signed payment (0000), posts it, and binds it to the signing terminal', async () => {
    const before = counts()
    const r = await client.send(atm, payment())
    expect(r.httpStatus).toBe(200)
    expect(r.answer).toMatchObject({ status: 'accepted', resultCode: '0000', replayed: false })
    expect(r.answer.documentNo).toMatch(/^\d{8}-\d{10}$/)
    const after = counts()
    expect(after.operations).toBe(before.operations + 1)
    expect(after.postings).toBeGreaterThan(before.postings)
    const op = ws.db.prepare('SELECT o.source, t.code FROM operations o JOIN terminals t ON t.id = o.terminal_id WHERE o.seq = ?').get(r.answer.operation) as { source: string; code: string }
    expect(op).toEqual({ source: atm.terminalCode, code: atm.terminalCode })
  })

  it('answers a retry with the same id and content with the first answer, posting once', async () => {
    const body = payment()
    const first = await client.send(atm, body)
    const mid = counts()
    const again = await client.send(atm, body)
    expect(again.httpStatus).toBe(200)
    expect(again.answer).toEqual({ ...first.answer, replayed: true })
    expect(counts()).toEqual(mid)
  })

  it('keeps request ids apart per terminal: the same id from another terminal is its own operation', async () => {
    const body = payment()
    const a = await client.send(atm, body)
    const b = await client.send(otherAtm, body)
    expect(b.answer.replayed).toBe(false)
    expect(b.answer.operation).not.toBe(a.answer.operation)
  })

  it('records a business refusal (insufficient funds, 1016) without posting', async () => {
    const before = counts()
    const r = await client.send(atm, payment({ amount: '4900000.00' }))
    expect(r.httpStatus).toBe(200)
    expect(r.answer).toMatchObject({ status: 'refused', resultCode: '1016', reason: 'account.insufficient_funds' })
    expect(counts()).toEqual({ operations: before.operations + 1, postings: before.postings })
  })
})

describe('intake: card numbers', () => {
  it('stores no full PAN anywhere — accepted, refused, malformed, forged or conflicting — only its mask (R9.3.4, R12.1)', async () => {
    const unknown = generatePan()
    const accepted = await client.send(atm, payment())
    expect(accepted.answer.status).toBe('accepted')
    expect((await client.send(atm, payment({ payer: { pan: unknown } }))).answer.reason).toBe('instrument.unknown')
    const conflicting = payment()
    await client.send(atm, conflicting)
    expect((await client.send(atm, { ...conflicting, amount: '1.00' })).answer.resultCode).toBe('9094')
    const truncated = Buffer.from(`{"requestId":"cut-1","payer":{"pan":"${card.pan}"`)
    expect((await client.sendRaw(atm, truncated)).httpStatus).toBe(400)
    const forged = Buffer.from(JSON.stringify(payment({ requestId: 'forged-1' })))
    expect((await client.sendRaw(atm, forged, { 'x-signature': '0'.repeat(64) })).httpStatus).toBe(401)

    // Every file of the workstation: the database, its WAL and whatever else is beside it.
    const dir = dirname(ws.db.name)
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f)))
    const found = (text: string) => files.some((b) => b.includes(Buffer.from(text, 'utf8')))
    // The scan reads what was written: the requests and the card's mask are there.
    expect(found(accepted.answer.documentNo!)).toBe(true)
    expect(found(maskPan(card.pan))).toBe(true)
    expect(found(card.pan)).toBe(false)
    expect(found(unknown)).toBe(false)
  })
})

describe('intake: bad input is refused with its code, nothing posted', () => {
  // A client's real requisites with the check digits broken, so the check digit is the only fault.
  const iban = () => ws.db.prepare(`SELECT iban FROM accounts WHERE kind = 'client' ORDER BY iban LIMIT 1`).pluck().get() as string
  const iin = () => ws.db.prepare('SELECT iin FROM clients ORDER BY iin LIMIT 1').pluck().get() as string
  const bump = (digit: string) => String((Number(digit) + 1) % 10)
  const invalid: [string, () => Record<string, unknown>, string][] = [
    ['a missing amount', () => ({ amount: undefined }), 'amount'],
    ['a missing requestId', () => ({ requestId: undefined }), 'requestId'],
    ['an amount as a number', () => ({ amount: 1500 }), 'amount'],
    ['twoPhase as text', () => ({ twoPhase: 'yes' }), 'twoPhase'],
    ['a huge amount', () => ({ amount: '99999999999999' }), 'amount'],
    ['a zero amount', () => ({ amount: '0.00' }), 'amount'],
    ['a negative amount', () => ({ amount: '-5' }), 'amount'],
    ['an exponent', () => ({ amount: '1e5' }), 'amount'],
    ['an unknown currency', () => ({ currency: 'XYZ' }), 'currency'],
    ['an invalid PAN check digit', () => ({ payer: { pan: demoCardPan(0).slice(0, -1) + bump(demoCardPan(0).at(-1)!) } }), 'payer.pan'],
    ['an invalid IBAN check digit', () => ({ type: 'transfer', channel: 'app', payer: card, payee: { iban: `KZ${String((Number(iban().slice(2, 4)) + 1) % 100).padStart(2, '0')}${iban().slice(4)}` } }), 'payee.iban'],
    ['an invalid IIN check digit', () => ({ type: 'transfer', channel: 'app', payer: card, payee: { iin: iin().slice(0, -1) + bump(iin().at(-1)!) } }), 'payee.iin'],
    ['an unknown field', () => ({ tip: '100' }), 'request'],
    ['an unknown operation type', () => ({ type: 'refund' }), 'type']
  ]
  for (const [what, over, field] of invalid)
    it(`${what}: 400 / 9030, naming ${field}`, async () => {
      const r = await refusedUnrecorded(() => client.send(atm, JSON.parse(JSON.stringify(payment(over())))))
      expect(r.httpStatus).toBe(400)
      expect(r.answer).toMatchObject({ resultCode: '9030', reason: 'request.invalid' })
      expect((r.answer as { details?: string[] }).details).toEqual([expect.stringMatching(new RegExp(`^${field}: `))])
    })

  it('a party named no way or two ways: 400 / 9030, the detail says how a party is named', async () => {
    for (const party of [{}, { ...card, iban: iban() }, { iin: iin(), qr: 'QR-00000000' }]) {
      const r = await refusedUnrecorded(() => client.send(atm, payment({ type: 'transfer', payee: party })))
      expect(r.answer, JSON.stringify(party)).toMatchObject({ resultCode: '9030', details: ['payee: must be named one way: pan (with its expiry), wallet, iban, qr or iin'] })
    }
  })

  it('a body that is not JSON: 400 / 9030 request.malformedJson', async () => {
    const r = await refusedUnrecorded(() => client.sendRaw(atm, Buffer.from('{"requestId": "x", ')))
    expect(r).toMatchObject({ httpStatus: 400, answer: { resultCode: '9030', reason: 'request.malformedJson' } })
  })

  it('JSON that is not an object: 400 / 9030', async () => {
    const r = await refusedUnrecorded(() => client.sendRaw(atm, Buffer.from('[1, 2]')))
    expect(r).toMatchObject({ httpStatus: 400, answer: { resultCode: '9030', reason: 'request.notAnObject' } })
  })

  it('an oversize body: 413 / 9030', async () => {
    const r = await refusedUnrecorded(() => client.send(atm, payment({ purpose: 'x'.repeat(17 * 1024) })))
    expect(r).toMatchObject({ httpStatus: 413, answer: { resultCode: '9030', reason: 'request.tooLarge' } })
  })

  it('an oversize body streamed without a length: 413 once the limit is passed', async () => {
    const before = counts()
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${intake.url}/v1/authorize`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      for (let i = 0; i < 20; i++) req.write('x'.repeat(1024))
      req.end()
    })
    expect(status).toBe(413)
    expect(counts()).toEqual(before)
  })

  it('another content type: 415 / 9030', async () => {
    const r = await refusedUnrecorded(() => client.sendRaw(atm, Buffer.from(JSON.stringify(payment())), { 'content-type': 'text/plain' }))
    expect(r).toMatchObject({ httpStatus: 415, answer: { resultCode: '9030', reason: 'request.contentType' } })
  })

  it('the same requestId with other content: 409 / 9094, the first operation untouched', async () => {
    const body = payment()
    const first = await client.send(atm, body)
    const r = await refusedUnrecorded(() => client.send(atm, { ...body, amount: '2000.00' }))
    expect(r).toMatchObject({ httpStatus: 409, answer: { resultCode: '9094', reason: 'request.duplicate_id' } })
    expect(ws.db.prepare('SELECT amount_minor FROM operations WHERE seq = ?').pluck().get(first.answer.operation)).toBe(150050)
  })

  it("another terminal's code in the body: 403 / 9063", async () => {
    const r = await refusedUnrecorded(() => client.send(atm, payment({ terminal: otherAtm.terminalCode })))
    expect(r).toMatchObject({ httpStatus: 403, answer: { resultCode: '9063', reason: 'terminal.mismatch' } })
  })
})

describe('intake: authentication and replay protection', () => {
  const body = () => Buffer.from(JSON.stringify(payment()))

  it('a bad signature: 401 / 9063', async () => {
    const b = body()
    const headers = signedHeaders(atm, b, ws.clock.now())
    const r = await refusedUnrecorded(() => client.post(b, { ...headers, 'x-signature': signedHeaders({ ...atm, secret: randomBytes(32) }, b, ws.clock.now())['x-signature']! }))
    expect(r).toMatchObject({ httpStatus: 401, answer: { resultCode: '9063', reason: 'auth.badSignature' } })
  })

  it('a body changed after signing: 401', async () => {
    const headers = signedHeaders(atm, body(), ws.clock.now())
    const r = await refusedUnrecorded(() => client.post(body(), headers))
    expect(r).toMatchObject({ httpStatus: 401, answer: { reason: 'auth.badSignature' } })
  })

  it('no signature headers, or an unknown key: 401', async () => {
    expect(await refusedUnrecorded(() => client.post(body(), { 'content-type': 'application/json' }))).toMatchObject({ httpStatus: 401, answer: { reason: 'auth.missing' } })
    const stranger = { ...atm, keyId: 'T999999.000000000000' }
    expect(await refusedUnrecorded(() => client.send(stranger, payment()))).toMatchObject({ httpStatus: 401, answer: { reason: 'auth.unknownKey' } })
  })

  it('a key replaced by a new one stops signing within the key cache time (1 s)', async () => {
    expect((await client.send(atm, payment())).answer.resultCode).toBe('0000')
    const id = ws.db.prepare('SELECT id FROM terminals WHERE code = ?').pluck().get(atm.terminalCode) as string
    const renewed = keyFor(id)
    expect((await client.send(renewed, payment())).answer.resultCode).toBe('0000')
    await new Promise((resolve) => setTimeout(resolve, 1_050))
    expect(await refusedUnrecorded(() => client.send(atm, payment()))).toMatchObject({ httpStatus: 401, answer: { reason: 'auth.unknownKey' } })
  })

  it('a stale or future timestamp (beyond ±60 s of the Center): 401 auth.stale', async () => {
    for (const skew of [-61_000, 61_000]) {
      const b = body()
      const r = await refusedUnrecorded(() => client.post(b, signedHeaders(atm, b, ws.clock.now() + skew)))
      expect(r).toMatchObject({ httpStatus: 401, answer: { resultCode: '9063', reason: 'auth.stale' } })
    }
    const b = body()
    expect((await client.post(b, signedHeaders(atm, b, ws.clock.now() - 59_000))).answer.resultCode).toBe('0000')
  })

  it('a replayed request (same nonce): 401 auth.replayed, posted once', async () => {
    const b = body()
    const headers = signedHeaders(atm, b, ws.clock.now())
    expect((await client.post(b, headers)).answer.resultCode).toBe('0000')
    ws.clock.advance(30_000)
    const r = await refusedUnrecorded(() => client.post(b, headers))
    expect(r).toMatchObject({ httpStatus: 401, answer: { resultCode: '9063', reason: 'auth.replayed' } })
    // Once the window has passed, the timestamp refuses it.
    ws.clock.advance(31_000)
    expect((await refusedUnrecorded(() => client.post(b, headers))).answer.reason).toBe('auth.stale')
  })

  it('a signed request sent to another path than it was signed for: 401 auth.badSignature, nothing recorded (R7.4)', async () => {
    const held = await client.send(atm, payment({ twoPhase: true, amount: '8000.00' }))
    // Bytes signed for /v1/complete, whatever they say, are no good at /v1/reverse, where these would void the hold.
    const b = Buffer.from(JSON.stringify({ requestId: `void-${held.answer.operation}`, operation: held.answer.operation, reason: 'customer cancelled' }))
    const signedForComplete = signedHeaders(atm, b, ws.clock.now(), '/v1/complete')
    const r = await refusedUnrecorded(() => client.post(b, signedForComplete, '/v1/reverse'))
    expect(r).toMatchObject({ httpStatus: 401, answer: { resultCode: '9063', reason: 'auth.badSignature' } })
    expect(ws.db.prepare('SELECT status FROM operations WHERE seq = ?').pluck().get(held.answer.operation)).toBe('held')
    // An authorization's body, signed for /v1/authorize, is refused at /v1/complete the same way.
    const pay = Buffer.from(JSON.stringify(payment()))
    expect(await refusedUnrecorded(() => client.post(pay, signedHeaders(atm, pay, ws.clock.now()), '/v1/complete'))).toMatchObject({ httpStatus: 401, answer: { reason: 'auth.badSignature' } })
  })

  it('a request captured before the Center restarts is refused after it: 401 auth.replayed, nothing recorded (R7.4, R2.1)', async () => {
    const paid = await client.send(atm, payment())
    // Signed on the terminal's clock, in step or 30 s ahead (the window allows ±60 s); a reversal as well.
    const captured = [0, 30_000].map((skew): { b: Buffer; headers: Record<string, string>; path: IntakePath } => {
      const b = body()
      return { b, headers: signedHeaders(atm, b, ws.clock.now() + skew), path: '/v1/authorize' }
    })
    const reversal = Buffer.from(JSON.stringify({ requestId: `rev-${paid.answer.operation}`, operation: paid.answer.operation, reason: 'customer cancelled' }))
    captured.push({ b: reversal, headers: signedHeaders(atm, reversal, ws.clock.now(), '/v1/reverse'), path: '/v1/reverse' })
    for (const c of captured) expect((await client.post(c.b, c.headers, c.path)).httpStatus).toBe(200)

    // The process dies and starts again on its files 5 s later: a new intake, with nothing in its memory.
    const restarted = testWorkstation({ copyOf: { dir: ws.dir, now: ws.clock.now() + 5_000 } })
    const again = await startWorkstationIntake(restarted, { clock: restarted.clock })
    const sender = new IntakeClient({ url: again.url, now: () => restarted.clock.now() })
    const rows = () => restarted.db.prepare('SELECT (SELECT count(*) FROM operations) AS operations, (SELECT count(*) FROM postings) AS postings').get()
    try {
      const before = rows()
      for (const c of captured) expect(await sender.post(c.b, c.headers, c.path), c.path).toMatchObject({ httpStatus: 401, answer: { resultCode: '9063', reason: 'auth.replayed', operation: null } })
      expect(rows()).toEqual(before)
      // The terminal's new requests go through as before.
      expect((await sender.send(atm, payment())).answer).toMatchObject({ status: 'accepted', resultCode: '0000', replayed: false })
    } finally {
      sender.close()
      await again.close()
      restarted.dispose()
    }
  })

  it('keeps the accepted nonces on disk one row a batch, and forgets them once their window has passed', async () => {
    const stored = () => ws.db.prepare('SELECT expires_at AS expiresAt, nonces FROM intake_nonces ORDER BY rowid').all() as { expiresAt: number; nonces: string }[]
    const b = body()
    const headers = signedHeaders(atm, b, ws.clock.now())
    await client.post(b, headers)
    expect(stored()).toEqual([{ expiresAt: ws.clock.now() + 60_000, nonces: JSON.stringify([`${atm.keyId}\n${headers['x-nonce']}`]) }])
    ws.clock.advance(60_001)
    await client.send(atm, payment())
    expect(stored().map((r) => r.expiresAt)).toEqual([ws.clock.now() + 60_000])
  })

  it('a nonce too short: 401 auth.malformed', async () => {
    const b = body()
    const r = await refusedUnrecorded(() => client.post(b, { ...signedHeaders(atm, b, ws.clock.now()), 'x-nonce': 'short' }))
    expect(r).toMatchObject({ httpStatus: 401, answer: { reason: 'auth.malformed' } })
  })
})

describe('intake: transport', () => {
  it('answers 404 and 405 for other paths and methods', async () => {
    const get = await fetch(`${intake.url}/v1/authorize`)
    expect(get.status).toBe(405)
    const other = await fetch(`${intake.url}/v1/other`, { method: 'POST' })
    expect(other.status).toBe(404)
  })

  it('refuses to bind beyond the loopback unless told to', async () => {
    await expect(startWorkstationIntake(ws, { host: '0.0.0.0' })).rejects.toThrow(/loopback/)
  })

  it('answers 503 / 9096 when the Center does not answer in time', async () => {
    const slow = await startIntake({ center: { submit: () => new Promise(() => undefined) }, keys: new TerminalKeysRepo(ws.db), now: () => ws.clock.now(), deadlineMs: 100 })
    const c = new IntakeClient({ url: slow.url, now: () => ws.clock.now() })
    try {
      const r = await c.send(atm, payment())
      expect(r).toMatchObject({ httpStatus: 503, answer: { status: 'rejected', resultCode: '9096', reason: 'center.timeout' } })
    } finally {
      c.close()
      await slow.close()
    }
  })

  it('answers HTTP it cannot parse (headers too large, broken chunks) in its one JSON shape too, nothing recorded (R7.4)', async () => {
    /** Sends raw bytes over a fresh connection; what comes back until the intake closes it. */
    const exchange = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(intake.port, '127.0.0.1', () => socket.end(bytes))
        let got = ''
        socket.on('data', (c: Buffer) => (got += c.toString('utf8')))
        socket.on('close', () => resolve(got))
        socket.on('error', reject)
      })
    const head = (extra: string) => `POST /v1/authorize HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${extra}\r\n`
    const cases = [
      ['headers too large', head(`x-padding: ${'a'.repeat(10 * 1024)}\r\ncontent-length: 2\r\n`) + '{}', 431],
      ['a broken chunk size', head('transfer-encoding: chunked\r\n') + 'zz\r\n{}\r\n0\r\n\r\n', 400]
    ] as const
    for (const [what, bytes, status] of cases) {
      const before = counts()
      const answer = await exchange(bytes)
      expect(answer, what).toMatch(new RegExp(`^HTTP/1.1 ${status} `))
      expect(answer.toLowerCase(), what).toContain('content-type: application/json')
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), what).toMatchObject({ status: 'rejected', resultCode: '9030', operation: null })
      expect(counts()).toEqual(before)
    }
  })

  it('a terminal that goes away in the middle of its body: nothing recorded, no nonce spent, never taken for an oversize request (R7.4)', async () => {
    const nonces = () => ws.db.prepare('SELECT count(*) FROM intake_nonces').pluck().get() as number
    const body = Buffer.from(JSON.stringify(payment()))
    const headers = signedHeaders(atm, body, ws.clock.now())
    const head = `POST /v1/authorize HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${body.length}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
    /** Sends the head and half the body, then leaves as told; what came back before the connection closed. */
    const leave = (how: 'destroy' | 'end') =>
      new Promise<string>((resolve, reject) => {
        let got = ''
        const socket = connect(intake.port, '127.0.0.1', () => {
          socket.write(head + body.subarray(0, body.length >> 1).toString('utf8'))
          setTimeout(() => (how === 'destroy' ? socket.destroy() : socket.end()), 50)
        })
        socket.on('data', (c: Buffer) => (got += c.toString('utf8')))
        socket.on('close', () => resolve(got))
        socket.on('error', reject)
      })
    const before = { ...counts(), nonces: nonces() }
    expect(await leave('destroy')).toBe('')
    // A terminal that only stopped sending still listens: its request was cut short, not too large.
    const cut = await leave('end')
    expect(cut).toMatch(/^HTTP\/1.1 400 /)
    expect(JSON.parse(cut.slice(cut.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 'rejected', resultCode: '9030', reason: 'request.malformedHttp', operation: null })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect({ ...counts(), nonces: nonces() }).toEqual(before)
    // The same signed request sent whole is new to the Center: neither the nonce nor the requestId was taken.
    const whole = await client.post(body, headers)
    expect(whole).toMatchObject({ httpStatus: 200, answer: { status: 'accepted', replayed: false } })
  })

  it('keeps connections alive between requests', async () => {
    const sockets = new Set<unknown>()
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${intake.url}/v1/authorize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      sockets.add(r.headers.get('connection'))
      await r.arrayBuffer()
    }
    expect(sockets).toEqual(new Set(['keep-alive']))
  })
})

describe('intake: how a terminal may name the payer (R7.3, R1.1.20)', () => {
  let pos: TerminalCredentials
  let payerIban: string
  let payerIin: string
  const postings = () => ws.db.prepare('SELECT count(*) FROM postings').pluck().get() as number
  beforeEach(() => {
    // The demo's POS terminals await certification: one is certified here, as the desk would.
    const id = ws.db.prepare(`SELECT id FROM terminals WHERE kind = 'pos' AND status = 'active' ORDER BY code LIMIT 1`).pluck().get() as string
    ws.db.prepare(`UPDATE terminals SET certified_at = ?, certificate_ref = 'CERT-TEST' WHERE id = ?`).run(ws.clock.now(), id)
    pos = keyFor(id)
    const account = ws.db
      .prepare(`SELECT a.iban, c.iin FROM instruments i JOIN accounts a ON a.id = i.account_id JOIN clients c ON c.id = a.client_id WHERE i.pan_masked = ?`)
      .get(maskPan(card.pan)) as { iban: string; iin: string }
    payerIban = account.iban
    payerIin = account.iin
  })

  // Only a cash withdrawal names its payer by account requisites or IIN at a terminal (R7.3.4); a payment, a transfer,
  // an exchange there (R7.3.2, 7.3.3, 7.3.5) take the client's instrument: a card, a wallet or a QR code.
  const refusedCases: [string, () => [TerminalCredentials, Record<string, unknown>]][] = [
    ['a POS payment by IBAN', () => [pos, payment({ payer: { iban: payerIban } })]],
    ['a POS payment by IIN', () => [pos, payment({ payer: { iin: payerIin } })]],
    ['an ATM payment by IBAN', () => [atm, payment({ payer: { iban: payerIban } })]],
    ['a transfer by IBAN at an ATM', () => [atm, payment({ type: 'transfer', payer: { iban: payerIban }, payee: { iban: ws.db.prepare(`SELECT iban FROM accounts WHERE kind = 'client' AND currency = 'KZT' AND iban <> ? ORDER BY iban LIMIT 1`).pluck().get(payerIban) } })]],
    ['a currency exchange by IIN', () => [pos, payment({ type: 'currency_exchange', payer: { iin: payerIin }, toCurrency: 'USD' })]],
    ['a two-phase payment by IBAN', () => [pos, payment({ payer: { iban: payerIban }, twoPhase: true })]]
  ]
  for (const [what, request] of refusedCases)
    it(`refuses ${what}: 1020 terminal.payer_by_requisites, recorded, nothing posted or held`, async () => {
      const [terminal, body] = request()
      const before = { ...counts(), held: ws.db.prepare('SELECT count(*) FROM holds').pluck().get() }
      const r = await client.send(terminal, body)
      expect(r).toMatchObject({ httpStatus: 200, answer: { status: 'refused', resultCode: '1020', reason: 'terminal.payer_by_requisites' } })
      expect({ ...counts(), held: ws.db.prepare('SELECT count(*) FROM holds').pluck().get() }).toEqual({ ...before, operations: before.operations + 1 })
      expect(ws.db.prepare('SELECT status, terminal_id IS NOT NULL AS at_terminal FROM operations WHERE seq = ?').get(r.answer.operation)).toEqual({ status: 'refused', at_terminal: 1 })
    })

  it('keeps what the rules allow: a cash withdrawal at an ATM by IBAN or IIN (R7.3.4), a payment by card or QR code', async () => {
    for (const payer of [{ iban: payerIban }, { iin: payerIin }]) {
      const before = postings()
      const r = await client.send(atm, payment({ type: 'cash_withdrawal', payer, amount: '5000.00' }))
      expect(r.answer, JSON.stringify(payer)).toMatchObject({ status: 'accepted', resultCode: '0000' })
      expect(postings()).toBeGreaterThan(before)
    }
    expect((await client.send(pos, payment())).answer).toMatchObject({ status: 'accepted', resultCode: '0000' })
    const qr = ws.db.prepare('SELECT qr_token FROM instruments WHERE pan_masked = ?').pluck().get(maskPan(card.pan)) as string
    expect((await client.send(pos, payment({ payer: { qr: qrPayloadOf(qr) }, amount: '10.00' }))).answer).toMatchObject({ status: 'accepted', resultCode: '0000' })
  })
})

describe('intake: the channel a terminal sends (R7.3, R7.4, R1.1.20)', () => {
  const held = () => ws.db.prepare('SELECT count(*) FROM holds').pluck().get() as number
  /** A terminal of the kind given, certified and keyed (the demo's POS, registered again as that kind). */
  const terminalOfKind = (kind: string): TerminalCredentials => {
    const id = ws.db.prepare(`SELECT id FROM terminals WHERE kind = 'pos' AND status = 'active' ORDER BY code LIMIT 1`).pluck().get() as string
    ws.db.prepare(`UPDATE terminals SET kind = ?, certified_at = ?, certificate_ref = 'CERT-TEST' WHERE id = ?`).run(kind, ws.clock.now(), id)
    return keyFor(id)
  }

  // An ATM's key claiming the app's channel, salary crediting or a cash desk's; a cash desk claiming the terminal channel.
  const refusedCases: [string, () => [TerminalCredentials, Record<string, unknown>]][] = [
    ['an app payment from an ATM', () => [atm, payment({ channel: 'app' })]],
    ['a salary top-up from an ATM', () => [atm, payment({ type: 'top_up', channel: 'salary', payee: { iban: ws.db.prepare(`SELECT iban FROM accounts WHERE kind = 'client' AND currency = 'KZT' ORDER BY iban LIMIT 1`).pluck().get() }, amount: '5000.00' })]],
    ['a cash-desk withdrawal from an ATM', () => [atm, payment({ type: 'cash_withdrawal', channel: 'cash_desk', amount: '5000.00' })]],
    ['a two-phase app payment from an ATM', () => [atm, payment({ channel: 'app', twoPhase: true })]],
    ['a terminal payment from a cash desk', () => [terminalOfKind('cash_desk'), payment()]],
    ['an app payment from an e-terminal', () => [terminalOfKind('e_terminal'), payment({ channel: 'app' })]]
  ]
  for (const [what, request] of refusedCases)
    it(`refuses ${what}: 1020 terminal.channel, recorded, nothing posted or held`, async () => {
      const [terminal, body] = request()
      const before = { ...counts(), held: held() }
      const r = await client.send(terminal, body)
      expect(r).toMatchObject({ httpStatus: 200, answer: { status: 'refused', resultCode: '1020', reason: 'terminal.channel' } })
      expect({ ...counts(), held: held() }).toEqual({ ...before, operations: before.operations + 1 })
      // Recorded as the terminal sent it, under its code, as a refused terminal check.
      const op = ws.db.prepare('SELECT status, channel, source, checks FROM operations WHERE seq = ?').get(r.answer.operation) as { status: string; channel: string; source: string; checks: string }
      expect(op).toMatchObject({ status: 'refused', channel: body.channel, source: terminal.terminalCode })
      expect(checksOf(op.checks)).toEqual([{ check: 'terminal', ok: false, reason: 'terminal.channel' }])
    })

  it('accepts each terminal in its own channel: an ATM, an e-terminal and a recycler at the terminal, a cash desk at the cash desk', async () => {
    expect((await client.send(atm, payment())).answer).toMatchObject({ status: 'accepted', resultCode: '0000' })
    expect((await client.send(terminalOfKind('cash_desk'), payment({ channel: 'cash_desk' }))).answer).toMatchObject({ status: 'accepted', resultCode: '0000' })
    expect((await client.send(terminalOfKind('e_terminal'), payment())).answer).toMatchObject({ status: 'accepted', resultCode: '0000' })
    expect((await client.send(terminalOfKind('recycler'), payment())).answer).toMatchObject({ status: 'accepted', resultCode: '0000' })
  })
})

describe('intake: completion and reversal of the terminal’s own operations', () => {
  it('completes a held payment once, then answers its retry from the first outcome', async () => {
    const held = await client.send(atm, payment({ twoPhase: true, amount: '8000.00' }))
    expect(held.answer).toMatchObject({ status: 'held', resultCode: '0000' })
    const before = counts()
    const body = { requestId: `done-${held.answer.operation}`, operation: held.answer.operation, amount: '7500.00' }
    const done = await client.send(atm, body, '/v1/complete')
    expect(done).toMatchObject({ httpStatus: 200, answer: { status: 'accepted', resultCode: '0000', replayed: false } })
    expect(ws.db.prepare('SELECT status FROM operations WHERE seq = ?').pluck().get(held.answer.operation)).toBe('completed')
    const mid = counts()
    expect(mid.postings).toBeGreaterThan(before.postings)
    expect((await client.send(atm, body, '/v1/complete')).answer).toMatchObject({ operation: done.answer.operation, replayed: true })
    expect(counts()).toEqual(mid)
  })

  it('reverses an accepted payment by mirror postings (4000)', async () => {
    const paid = await client.send(atm, payment())
    const r = await client.send(atm, { requestId: `rev-${paid.answer.operation}`, operation: paid.answer.operation, reason: 'customer cancelled' }, '/v1/reverse')
    expect(r).toMatchObject({ httpStatus: 200, answer: { status: 'accepted', resultCode: '4000' } })
    const sums = ws.db.prepare('SELECT sum(amount_minor) FROM postings WHERE operation_seq IN (?, ?) GROUP BY operation_seq').pluck().all(paid.answer.operation, r.answer.operation)
    expect(sums[0]).toBe(sums[1])
  })

  it("refuses to complete or reverse another terminal's operation, as if it did not exist", async () => {
    const held = await client.send(atm, payment({ twoPhase: true }))
    for (const [path, extra] of [['/v1/complete', {}], ['/v1/reverse', { reason: 'not mine to cancel' }]] as const) {
      const r = await refusedUnrecorded(() => client.send(otherAtm, { requestId: `steal-${path.slice(4)}`, operation: held.answer.operation, ...extra }, path))
      expect(r).toMatchObject({ httpStatus: 404, answer: { resultCode: '1816', reason: 'original.unknown' } })
    }
    expect(ws.db.prepare('SELECT status FROM operations WHERE seq = ?').pluck().get(held.answer.operation)).toBe('held')
  })

  it('refuses a follow-up from a blocked terminal or one whose acquirer is suspended, as its authorizations (R8.4, R9.1.5, R7.4)', async () => {
    const terminalId = ws.db.prepare('SELECT id FROM terminals WHERE code = ?').pluck().get(atm.terminalCode) as string
    const paid = await client.send(atm, payment())
    const held = await client.send(atm, payment({ twoPhase: true, amount: '8000.00' }))
    const status = () => ws.db.prepare('SELECT status FROM operations WHERE seq IN (?, ?) ORDER BY seq').pluck().all(paid.answer.operation, held.answer.operation)
    const cases = [
      ['blocked', () => ws.db.prepare(`UPDATE terminals SET status = 'blocked' WHERE id = ?`).run(terminalId), { resultCode: '1819', reason: 'terminal.blocked' }],
      ['suspended', () => ws.db.prepare(`UPDATE participants SET status = 'suspended' WHERE id = (SELECT acquirer_id FROM terminals WHERE id = ?)`).run(terminalId), { resultCode: '1000', reason: 'acquirer.suspended' }]
    ] as const
    for (const [what, bar, refusal] of cases) {
      bar()
      // An authorization is refused so: a completion, a void or a reversal must be too, recorded and posting nothing.
      expect((await client.send(atm, payment())).answer).toMatchObject({ status: 'refused', ...refusal })
      for (const [path, body] of [
        ['/v1/complete', { requestId: `done-${what}`, operation: held.answer.operation }],
        ['/v1/reverse', { requestId: `void-${what}`, operation: held.answer.operation, reason: 'customer cancelled' }],
        ['/v1/reverse', { requestId: `rev-${what}`, operation: paid.answer.operation, reason: 'customer cancelled' }]
      ] as const) {
        const before = counts()
        const r = await client.send(atm, body, path)
        expect(r, `${what} ${body.requestId}`).toMatchObject({ httpStatus: 200, answer: { status: 'refused', ...refusal } })
        expect(counts()).toEqual({ operations: before.operations + 1, postings: before.postings })
      }
      expect(status()).toEqual(['accepted', 'held'])
      ws.db.prepare(`UPDATE terminals SET status = 'active' WHERE id = ?`).run(terminalId)
      ws.db.prepare(`UPDATE participants SET status = 'active' WHERE id = (SELECT acquirer_id FROM terminals WHERE id = ?)`).run(terminalId)
    }
    // Allowed again, the terminal completes its hold.
    expect((await client.send(atm, { requestId: 'done-again', operation: held.answer.operation }, '/v1/complete')).answer).toMatchObject({ status: 'accepted', resultCode: '0000' })
  })

  it('refuses a malformed follow-up: 400 / 9030 naming the field', async () => {
    const r = await refusedUnrecorded(() => client.send(atm, { requestId: 'f-1', operation: '12' }, '/v1/complete'))
    expect(r).toMatchObject({ httpStatus: 400, answer: { resultCode: '9030', details: [expect.stringMatching(/^operation: /)] } })
  })

  it('refuses every kind of bad follow-up with 400 / 9030 naming the field, the hold untouched and nothing recorded', async () => {
    const held = await client.send(atm, payment({ twoPhase: true, amount: '8000.00' }))
    const operation = held.answer.operation!
    const cases: [string, IntakePath, Record<string, unknown>, string][] = [
      ['no operation', '/v1/complete', { requestId: 'fb-1' }, 'operation'],
      ['an operation past the safe integers', '/v1/complete', { requestId: 'fb-2', operation: 1e300 }, 'operation'],
      ['a fractional operation', '/v1/complete', { requestId: 'fb-3', operation: 1.5 }, 'operation'],
      ['a zero amount', '/v1/complete', { requestId: 'fb-4', operation, amount: '0.00' }, 'amount'],
      ['a negative amount', '/v1/complete', { requestId: 'fb-5', operation, amount: '-100' }, 'amount'],
      ['an amount as a number', '/v1/complete', { requestId: 'fb-6', operation, amount: 100 }, 'amount'],
      ['a huge amount', '/v1/complete', { requestId: 'fb-7', operation, amount: '99999999999999' }, 'amount'],
      ['an unknown field', '/v1/complete', { requestId: 'fb-8', operation, tip: '1' }, 'request'],
      ['no requestId', '/v1/reverse', { operation, reason: 'customer cancelled' }, 'requestId'],
      ['no reason', '/v1/reverse', { requestId: 'fb-9', operation }, 'reason'],
      ['a reason too short', '/v1/reverse', { requestId: 'fb-10', operation, reason: ' x ' }, 'reason'],
      ['a reason too long', '/v1/reverse', { requestId: 'fb-11', operation, reason: 'x'.repeat(201) }, 'reason'],
      ['an amount to a reversal', '/v1/reverse', { requestId: 'fb-12', operation, reason: 'customer cancelled', amount: '1.00' }, 'request']
    ]
    for (const [what, path, body, field] of cases) {
      const r = await refusedUnrecorded(() => client.send(atm, body, path))
      expect(r, what).toMatchObject({ httpStatus: 400, answer: { resultCode: '9030', reason: 'request.invalid' } })
      expect((r.answer as { details?: string[] }).details, what).toEqual([expect.stringMatching(new RegExp(`^${field}: `))])
    }
    expect(ws.db.prepare('SELECT status FROM operations WHERE seq = ?').pluck().get(operation)).toBe('held')
  })

  it('refuses a requestId used again at another endpoint or for another operation: 409 / 9094, the first untouched', async () => {
    const held = await client.send(atm, payment({ twoPhase: true, amount: '8000.00' }))
    const paid = await client.send(atm, payment({ requestId: 'used-1' }))
    const operation = held.answer.operation!
    // An authorization's id as a completion's, a completion's as a reversal's and an authorization's, another operation's.
    expect(await refusedUnrecorded(() => client.send(atm, { requestId: 'used-1', operation }, '/v1/complete'))).toMatchObject({ httpStatus: 409, answer: { resultCode: '9094', reason: 'request.duplicate_id' } })
    const done = await client.send(atm, { requestId: 'done-1', operation, amount: '5000.00' }, '/v1/complete')
    expect(done.answer).toMatchObject({ status: 'accepted', resultCode: '0000' })
    for (const [path, body] of [
      ['/v1/complete', { requestId: 'done-1', operation, amount: '4000.00' }],
      ['/v1/reverse', { requestId: 'done-1', operation, reason: 'customer cancelled' }],
      ['/v1/reverse', { requestId: 'done-1', operation: paid.answer.operation, reason: 'customer cancelled' }],
      ['/v1/authorize', payment({ requestId: 'done-1' })]
    ] as const) {
      const r = await refusedUnrecorded(() => client.send(atm, body, path))
      expect(r, `${path} ${JSON.stringify(body)}`).toMatchObject({ httpStatus: 409, answer: { resultCode: '9094', reason: 'request.duplicate_id' } })
    }
    expect(ws.db.prepare('SELECT seq, status FROM operations WHERE seq IN (?, ?) ORDER BY seq').all(operation, paid.answer.operation)).toEqual([
      { seq: operation, status: 'completed' },
      { seq: paid.answer.operation, status: 'accepted' }
    ])
    expect(ws.db.prepare('SELECT amount_minor FROM operations WHERE seq = ?').pluck().get(done.answer.operation)).toBe(500000)
  })
})
