// crypto.certificates / bindCertificate / unbindCertificate / generateKey through the dispatcher: which
// certificate signs for whom (R12.1). Real database; the token cases on a real SoftHSM2 token, checked with the
// openssl CLI. No mocks.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { BoundCertificate, CallResult, GeneratedKey, SignFileResult, TokenPanel } from '../../../src/core/api/types'
import { T0, snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'
import { createTestPki, type TestPki } from '../../support/test-pki'
import { OPERATOR_BIN } from '../../../src/core/demo/pki-seed'
import { iinCheckDigit } from '../../../src/core/domain/identifiers'
import { createSoftHsm, softHsmMissing, type SoftHsm } from '../../support/softhsm'

const openssl = (...args: string[]): Buffer => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] })
/** An IIN with its check digit computed (born 1988-05-15). */
const IIN = `88051530012${iinCheckDigit('88051530012')}`
const base64 = (der: Uint8Array): string => Buffer.from(der).toString('base64')

function value<T>(r: CallResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${(r.error.details ?? []).join('; ')}`)
  return r.value
}

describe('certificates bound to staff', () => {
  let pki: TestPki
  let ws: TestWorkstation
  const userId = (login: string): string => ws.db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(login) as string
  const trustTestRoot = (): void => void ws.ok('admin', 'trust.addAnchors', { certificates: pki.root.pem })

  beforeAll(async () => {
    pki = await createTestPki(new Date(T0))
  })
  beforeEach(() => {
    ws = testWorkstation()
    ws.signIn('op', 'operator')
    ws.signIn('admin', 'admin')
  })
  afterEach(() => ws.dispose())

  it('lists one’s own certificates: the demo key file', () => {
    const own = ws.ok<BoundCertificate[]>('op', 'crypto.certificates', {})
    expect(own).toEqual([expect.objectContaining({ userId: userId('operator'), login: 'operator', commonName: 'Marat Abenov', keyAlgorithm: 'EC-P256', keyStore: 'software', status: 'active', boundAt: T0 })])
  })

  it('lists another user’s only for a security administrator', () => {
    expect(ws.call('op', 'crypto.certificates', { userId: userId('risk') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(ws.ok<BoundCertificate[]>('admin', 'crypto.certificates', { userId: userId('risk') }).map((c) => c.login)).toEqual(['risk'])
    expect(ws.call('admin', 'crypto.certificates', { userId: '0'.repeat(26) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('binds a token certificate once its CA is trusted, and signs with it first (the token is then needed)', async () => {
    const untrusted = ws.call('op', 'crypto.bindCertificate', { certificate: pki.rsa.pem })
    expect(untrusted).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('untrusted_chain') } })
    trustTestRoot()
    const bound = ws.ok<BoundCertificate>('op', 'crypto.bindCertificate', { certificate: base64(pki.rsa.der) })
    expect(bound).toMatchObject({ userId: userId('operator'), commonName: 'Ivanov Ivan', keyAlgorithm: 'RSA', keyStore: 'token', status: 'active', boundAt: T0 })
    const audit = ws.db.prepare(`SELECT subject, outcome FROM audit_log WHERE action = 'crypto.bindCertificate' ORDER BY seq DESC LIMIT 1`).get()
    expect(audit).toEqual({ subject: bound.fingerprint, outcome: 'ok' })
    expect(ws.ok<BoundCertificate[]>('op', 'crypto.certificates', {}).map((c) => c.keyStore)).toEqual(['token', 'software'])

    // The newest certificate signs; its key is on a token, and no token reader is configured here.
    writeFileSync(join(ws.dir, 'a.txt'), 'x')
    const r = await ws.callAsync('op', 'crypto.signFile', { path: join(ws.dir, 'a.txt'), out: join(ws.dir, 'a.p7s') })
    expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'token_not_present' }] } })
    expect(ws.pinRequests).toEqual([])
  })

  it('binds for another user only as a security administrator', () => {
    trustTestRoot()
    expect(ws.call('op', 'crypto.bindCertificate', { certificate: pki.ec.pem, userId: userId('risk') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const bound = ws.ok<BoundCertificate>('admin', 'crypto.bindCertificate', { certificate: pki.ec.pem, userId: userId('risk') })
    expect(bound).toMatchObject({ login: 'risk', keyAlgorithm: 'EC-P256', keyStore: 'token' })
  })

  it.each([
    ['text that is no certificate', () => 'this is the certificate you asked for, I hope it works fine! '.repeat(2), 'VALIDATION', /neither PEM nor base64 DER/],
    ['base64 that is no certificate', () => base64(new Uint8Array(80).fill(7)), 'VALIDATION', /not a readable certificate/],
    ['two certificates', () => pki.rsa.pem + pki.ec.pem, 'VALIDATION', /expected one certificate, found 2/],
    ['a CA certificate', () => pki.root.pem, 'VALIDATION', /is a CA certificate/],
    ['a certificate that cannot sign', () => pki.noSigning.pem, 'VALIDATION', /does not allow signing/],
    ['an authentication-only certificate (R12.1)', () => pki.authOnly.pem, 'VALIDATION', /does not allow signing/],
    ['an expired certificate', () => pki.expired.pem, 'CONFLICT', /expired on/],
    ['a certificate of an untrusted CA', () => pki.foreign.pem, 'CONFLICT', /not trusted \(untrusted_chain\)/],
    ['an already bound certificate', () => pki.rsa2.pem, 'CONFLICT', /already bound/]
  ])('refuses %s and changes nothing', (_label, certificate, code, message) => {
    trustTestRoot()
    ws.ok('admin', 'crypto.bindCertificate', { certificate: pki.rsa2.pem, userId: userId('risk') })
    const before = snapshot(ws)
    expect(ws.call('op', 'crypto.bindCertificate', { certificate: certificate() })).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } })
    expect(snapshot(ws)).toBe(before)
  })

  // The refusal's lines listed the chain check's English («untrusted_chain: CN=…: no trusted issuer found for …»): each
  // failure is now a reason of its own, its kind and the certificate it is about as data, for the screens to word (R12.1).
  it('names each failure of an untrusted certificate’s chain by its kind, with the certificate, its issuer and serial as data', () => {
    const foreign = ws.call('op', 'crypto.bindCertificate', { certificate: pki.foreign.pem })
    expect(foreign).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        reasons: [
          { rule: 'trust.certificate_untrusted', params: { subject: expect.stringContaining('CN=') } },
          { rule: 'trust.chain_untrusted_chain', params: { chainFailure: 'untrusted_chain', certificate: expect.stringContaining('CN='), issuer: expect.stringContaining('CN=') } }
        ]
      }
    })
    trustTestRoot()
    ws.ok('admin', 'trust.addCrl', { crl: pki.crlPem })
    const before = snapshot(ws)
    const revoked = ws.call('op', 'crypto.bindCertificate', { certificate: pki.revoked.pem })
    expect(revoked).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        reasons: [
          { rule: 'trust.certificate_untrusted' },
          { rule: 'trust.chain_revoked', params: { chainFailure: 'revoked', certificate: expect.stringContaining('CN=Revoked Signer'), serial: expect.stringMatching(/^[0-9a-f]+$/i), revokedDay: new Date(T0 - 2 * 86_400_000).toISOString().slice(0, 10) } }
        ]
      }
    })
    expect(snapshot(ws)).toBe(before)
  })

  // The screens word each usage in the user's language: the refusal names them, the extended ones by name, not OID (R12.1).
  it('names the usages of a certificate that cannot sign, for the screens to word', () => {
    trustTestRoot()
    expect(ws.call('op', 'crypto.bindCertificate', { certificate: pki.authOnly.pem })).toMatchObject({
      ok: false,
      error: { reasons: [{ rule: 'tokens.certificate_cannot_sign', params: { subject: expect.stringContaining('CN=Auth Only'), keyUsage: expect.any(String), extendedKeyUsage: 'clientAuth' } }] }
    })
    // An NCA RK AUTH certificate's own purposes were named by OID («1.2.398.3.3.4.1.2»): now by name, for the screens to word.
    expect(ws.call('op', 'crypto.bindCertificate', { certificate: pki.ncaAuth.pem })).toMatchObject({
      ok: false,
      error: { reasons: [{ rule: 'tokens.certificate_cannot_sign', params: { subject: expect.stringContaining('CN=NCA Auth'), extendedKeyUsage: 'clientAuth, ncaLegalEntity, ncaEmployee' } }] }
    })
    expect(ws.call('op', 'crypto.bindCertificate', { certificate: pki.noSigning.pem })).toMatchObject({
      ok: false,
      error: { reasons: [{ rule: 'tokens.certificate_cannot_sign', params: { keyUsage: 'keyEncipherment', extendedKeyUsage: 'any' } }] }
    })
  })

  it('unbinds one’s own certificate, and another’s only as a security administrator', () => {
    const [own] = ws.ok<BoundCertificate[]>('op', 'crypto.certificates', {})
    const [risks] = ws.ok<BoundCertificate[]>('admin', 'crypto.certificates', { userId: userId('risk') })
    const before = snapshot(ws)
    expect(ws.call('op', 'crypto.unbindCertificate', { fingerprint: risks!.fingerprint, reason: 'not mine' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(ws.call('op', 'crypto.unbindCertificate', { fingerprint: 'AB'.repeat(32), reason: 'unknown' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(snapshot(ws)).toBe(before)

    expect(ws.ok<BoundCertificate>('op', 'crypto.unbindCertificate', { fingerprint: own!.fingerprint.toLowerCase(), reason: 'token lost' })).toMatchObject({ fingerprint: own!.fingerprint, status: 'unbound' })
    expect(ws.ok<BoundCertificate>('admin', 'crypto.unbindCertificate', { fingerprint: risks!.fingerprint, reason: 'left the company' })).toMatchObject({ login: 'risk', status: 'unbound' })
    const again = snapshot(ws)
    expect(ws.call('op', 'crypto.unbindCertificate', { fingerprint: own!.fingerprint, reason: 'twice' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(snapshot(ws)).toBe(again)
    const audit = ws.db.prepare(`SELECT subject, detail FROM audit_log WHERE action = 'crypto.unbindCertificate' AND outcome = 'ok' ORDER BY seq`).all() as { subject: string; detail: string }[]
    expect(audit.map((a) => a.subject)).toEqual([own!.fingerprint, risks!.fingerprint])
    expect(audit[0]!.detail).toContain('token lost')
  })

  it('refuses to generate a key when no token reader is configured', async () => {
    const before = snapshot(ws)
    const r = await ws.callAsync('op', 'crypto.generateKey', { slot: 0, label: 'new key', algorithm: 'EC-P256', commonName: 'Marat Abenov' })
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('no token reader is configured') } })
    expect(snapshot(ws)).toBe(before)
  })
})

const missing = softHsmMissing()
// On CI the tools are installed, so a missing one is a failure there, not a skip.
const skipHsm = missing !== null && !process.env.CI
if (skipHsm) console.log(`SoftHSM certificate tests skipped: ${missing}`)

describe.skipIf(skipHsm)('certificates on a SoftHSM2 token', () => {
  let hsm: SoftHsm
  let ws: TestWorkstation
  let slot: number
  const at = (name: string): string => join(ws.dir, name)
  const userId = (login: string): string => ws.db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(login) as string
  const der = (path: string): string => base64(readFileSync(path))

  beforeAll(async () => {
    hsm = createSoftHsm()
    ws = testWorkstation({ pkcs11Module: hsm.module })
    // The token's certificates were issued just now, by the machine's clock: the desk's must not be behind it.
    ws.clock.advance(Math.max(0, Date.now() - T0))
    ws.signIn('op', 'operator')
    ws.signIn('clearing', 'clearing')
    ws.signIn('admin', 'admin')
    writeFileSync(at('act.txt'), 'Settlement instruction 2026-11-25\n'.repeat(50))
    const panel = value(await ws.callAsync<TokenPanel>('op', 'crypto.tokens'))
    slot = panel.tokens.find((t) => t.label === 'operator')!.slot
  }, 60_000)
  afterAll(() => {
    ws?.dispose()
    hsm?.cleanup()
  })
  beforeEach(() => {
    ws.pinRequests.length = 0
    ws.pinAnswers.length = 0
  })

  it('refuses the token’s certificate until its CA is trusted, then binds it in place of the demo key', () => {
    const token = hsm.tokens[0]!
    // The demo certificates run longer than the token's and would sign instead.
    for (const login of ['operator', 'clearing']) {
      const [demo] = ws.ok<BoundCertificate[]>('admin', 'crypto.certificates', { userId: userId(login) })
      ws.ok('admin', 'crypto.unbindCertificate', { fingerprint: demo!.fingerprint, reason: 'token issued' })
    }
    expect(ws.call('op', 'crypto.bindCertificate', { certificate: der(token.rsaCert) })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    ws.ok('admin', 'trust.addAnchors', { certificates: readFileSync(hsm.caPem, 'utf8') })
    expect(ws.ok<BoundCertificate>('op', 'crypto.bindCertificate', { certificate: der(token.rsaCert) })).toMatchObject({ keyAlgorithm: 'RSA', keyStore: 'token', commonName: 'operator RSA' })
    expect(ws.ok<BoundCertificate>('admin', 'crypto.bindCertificate', { certificate: der(token.ecCert), userId: userId('clearing') })).toMatchObject({ keyAlgorithm: 'EC-P256', login: 'clearing' })
  })

  it.each([
    ['RSA', 'op', 'operator RSA'],
    ['EC', 'clearing', 'operator EC']
  ])('signs on the token with the %s key after its PIN; openssl cms verifies the signature', async (_alg, caller, holder) => {
    const r = value(await ws.callAsync<SignFileResult>(caller, 'crypto.signFile', { path: at('act.txt'), out: at(`${caller}.p7s`), detached: true }))
    expect(r.signer).toBe(holder)
    expect(ws.pinRequests).toEqual([{ caller, purpose: 'sign', kind: 'token_pin', tokenLabel: 'operator', holder, retry: null }])
    expect(openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', at(`${caller}.p7s`), '-content', at('act.txt'), '-CAfile', hsm.caPem)).toEqual(readFileSync(at('act.txt')))
  })

  it('decrypts with the token’s RSA key what was encrypted to its certificate', async () => {
    value(await ws.callAsync('clearing', 'crypto.encryptFile', { path: at('act.txt'), out: at('act.p7e'), recipients: [hsm.tokens[0]!.rsaCert] }))
    value(await ws.callAsync('op', 'crypto.decryptFile', { path: at('act.p7e'), out: at('opened.txt') }))
    expect(readFileSync(at('opened.txt'))).toEqual(readFileSync(at('act.txt')))
    expect(ws.pinRequests.map((p) => [p.purpose, p.kind])).toEqual([['decrypt', 'token_pin']])
  })

  it('refuses after three wrong token PINs, saying so, and writes nothing', async () => {
    ws.pinAnswers.push('0000', '0000', '0000')
    const r = await ws.callAsync('op', 'crypto.signFile', { path: at('act.txt'), out: at('wrong.p7s'), detached: true })
    expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_incorrect' }] } })
    expect(ws.pinRequests).toHaveLength(3)
    expect(ws.pinRequests[1]!.retry).not.toBeNull()
    expect(() => readFileSync(at('wrong.p7s'))).toThrow()
  })

  it('generates a key pair on the token and a request openssl accepts, asking the PIN once', async () => {
    const key = value(await ws.callAsync<GeneratedKey>('op', 'crypto.generateKey', { slot, label: 'renewal 2027', algorithm: 'EC-P256', commonName: 'Marat Abenov', iin: IIN, bin: OPERATOR_BIN, organisation: 'Payment System Operator' }))
    expect(key).toMatchObject({ slot, label: 'renewal 2027', algorithm: 'EC-P256' })
    expect(key.id).toMatch(/^[0-9a-f]{16}$/)
    expect(key.csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/)
    expect(ws.pinRequests).toEqual([{ caller: 'op', purpose: 'generate', kind: 'token_pin', tokenLabel: 'operator', holder: 'Marat Abenov', retry: null }])
    writeFileSync(at('req.pem'), key.csrPem)
    execFileSync('openssl', ['req', '-verify', '-noout', '-in', at('req.pem')], { stdio: 'pipe' })
    const subject = openssl('req', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', at('req.pem')).toString()
    expect(subject.trim()).toBe(`subject=serialNumber=IIN${IIN},CN=Marat Abenov,OU=BIN${OPERATOR_BIN},O=Payment System Operator,C=KZ`)
    const audit = ws.db.prepare(`SELECT outcome, subject FROM audit_log WHERE action = 'crypto.keyGenerated'`).all()
    expect(audit).toEqual([{ outcome: 'ok', subject: key.id }])
  })

  it('generates an RSA key after a wrong PIN, and refuses a cancelled entry', async () => {
    ws.pinAnswers.push('0000')
    const key = value(await ws.callAsync<GeneratedKey>('op', 'crypto.generateKey', { slot, label: 'rsa', algorithm: 'RSA-2048', commonName: 'Marat Abenov' }))
    writeFileSync(at('rsa-req.pem'), key.csrPem)
    execFileSync('openssl', ['req', '-verify', '-noout', '-in', at('rsa-req.pem')], { stdio: 'pipe' })
    expect(ws.pinRequests.map((p) => p.retry === null)).toEqual([true, false])

    ws.pinAnswers.push(null)
    const r = await ws.callAsync('op', 'crypto.generateKey', { slot, label: 'cancelled', algorithm: 'EC-P256', commonName: 'Marat Abenov' })
    expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_cancelled' }] } })
  })

  it('refuses a slot with no token as token_not_present, before asking the PIN', async () => {
    const before = snapshot(ws)
    const r = await ws.callAsync('op', 'crypto.generateKey', { slot: 987654, label: 'x', algorithm: 'EC-P256', commonName: 'Marat Abenov' })
    expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'token_not_present' }] } })
    expect(ws.pinRequests).toEqual([])
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses to sign as token_not_present when no token in the readers holds the bound certificate’s key', async () => {
    const pki = await createTestPki(new Date(T0))
    ws.ok('admin', 'trust.addAnchors', { certificates: pki.root.pem })
    const [demo] = ws.ok<BoundCertificate[]>('admin', 'crypto.certificates', { userId: userId('risk') })
    ws.ok('admin', 'crypto.unbindCertificate', { fingerprint: demo!.fingerprint, reason: 'token issued' })
    ws.ok('admin', 'crypto.bindCertificate', { certificate: pki.rsa.pem, userId: userId('risk') })
    ws.signIn('risk', 'risk')
    const r = await ws.callAsync('risk', 'crypto.signFile', { path: at('act.txt'), out: at('risk.p7s'), detached: true })
    expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'token_not_present' }] } })
    expect(ws.pinRequests).toEqual([])
  })
})
