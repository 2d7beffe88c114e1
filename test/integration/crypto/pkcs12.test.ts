// crypto.importKeyFile through the dispatcher: a PKCS#12 key file made by the system `openssl pkcs12` from the test
// PKI, its passphrase asked in the PIN dialog, its certificate bound to the signed-in user with the key kept
// encrypted under the same passphrase, and signatures made with it that `openssl cms -verify` accepts. Real SQLite
// database on disk, real openssl; no mocks.
import { execFileSync } from 'node:child_process'
import { createPrivateKey } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { BoundCertificate, CallResult, SignFileResult } from '../../../src/core/api/types'
import { createTestPki, type Issued, type TestPki } from '../../support/test-pki'
import { snapshot, T0, testWorkstation, type TestWorkstation } from '../../support/workstation'

const openssl = (...args: string[]): Buffer => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] })
// openssl checks validity at the workstation's (test) time, not the machine's.
const AT_T0 = ['-attime', String(Math.floor(T0 / 1000))]
const PASSPHRASE = 'secret'
const CONTENT = Buffer.from('Акт сверки взаиморасчётов / Өзара есеп айырысуды салыстыру актісі\n'.repeat(20))

function value<T>(r: CallResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${(r.error.details ?? []).join('; ')}`)
  return r.value
}

describe('crypto.importKeyFile', () => {
  let pki: TestPki
  let ws: TestWorkstation
  const at = (name: string): string => join(ws.dir, name)
  const userId = (login: string): string => ws.db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(login) as string
  const trustTestRoot = (): void => void ws.ok('admin', 'trust.addAnchors', { certificates: pki.root.pem })
  /** `who`'s key and certificate with the root as chain, as `openssl pkcs12 -export` writes them (AES-256 by default). */
  const p12 = (who: Issued, name: string, ...options: string[]): string => {
    const out = at(name)
    openssl('pkcs12', '-export', '-inkey', who.keyPath, '-in', who.certPath, '-certfile', pki.rootPath, '-passout', `pass:${PASSPHRASE}`, '-out', out, ...options)
    return out
  }
  const input = (path: string): { fileName: string; base64: string } => ({ fileName: path.slice(path.lastIndexOf('/') + 1), base64: readFileSync(path).toString('base64') })
  const importFile = (path: string): Promise<CallResult<BoundCertificate>> => ws.callAsync<BoundCertificate>('op', 'crypto.importKeyFile', input(path))
  const records = (action: string): { outcome: string; error_code: string | null; subject: string | null; detail: string | null }[] =>
    ws.db.prepare('SELECT outcome, error_code, subject, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as never

  beforeAll(async () => {
    pki = await createTestPki(new Date(T0))
  })
  beforeEach(() => {
    ws = testWorkstation()
    ws.signIn('op', 'operator')
    ws.signIn('admin', 'admin')
  })
  afterEach(() => ws.dispose())

  it.each([
    ['RSA', () => pki.rsa, 'Ivanov Ivan'],
    ['EC P-256', () => pki.ec, 'Akhmetov Ержан']
  ] as const)('imports a %s key file, binds its certificate, and signs with it under the file’s passphrase', async (algorithm, who, holder) => {
    trustTestRoot()
    const file = p12(who(), 'mine.p12')
    ws.pinAnswers.push(PASSPHRASE)
    const bound = value(await importFile(file))
    expect(bound).toMatchObject({ userId: userId('operator'), login: 'operator', commonName: holder, keyAlgorithm: algorithm === 'RSA' ? 'RSA' : 'EC-P256', keyStore: 'software', status: 'active', boundAt: T0 })
    expect(ws.pinRequests).toEqual([{ caller: 'op', purpose: 'import', kind: 'key_passphrase', tokenLabel: 'key file', holder: 'mine.p12', retry: null }])
    // The key is kept as PKCS#8 encrypted under the file's passphrase: it opens with it and only with it.
    const kept = ws.db.prepare('SELECT software_key, der FROM user_certificates WHERE fingerprint = ?').get(bound.fingerprint) as { software_key: Buffer; der: Buffer }
    const pem = kept.software_key.toString('utf8')
    expect(pem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----')
    expect(createPrivateKey({ key: pem, format: 'pem', passphrase: PASSPHRASE }).export({ type: 'pkcs8', format: 'der' })).toEqual(who().key.export({ type: 'pkcs8', format: 'der' }))
    expect(() => createPrivateKey({ key: pem, format: 'pem', passphrase: '1234' })).toThrow()
    expect(new Uint8Array(kept.der)).toEqual(who().der)
    // Both records: the call's, and what came of it (the passphrase in neither).
    expect(records('crypto.importKeyFile')).toEqual([expect.objectContaining({ outcome: 'ok', subject: 'mine.p12' })])
    expect(records('crypto.keyFileImported')).toEqual([{ outcome: 'ok', error_code: null, subject: bound.fingerprint, detail: expect.stringContaining('from mine.p12') }])
    expect(JSON.stringify(ws.db.prepare('SELECT * FROM audit_log').all())).not.toContain(PASSPHRASE)
    expect(ws.ok<BoundCertificate[]>('op', 'crypto.certificates', {}).map((c) => c.keyStore)).toEqual(['software', 'software'])

    // The certificate valid longest signs (the test PKI's, ten years): its passphrase is now the PIN.
    const content = at('act.txt')
    writeFileSync(content, CONTENT)
    ws.pinRequests.length = 0
    ws.pinAnswers.push(PASSPHRASE)
    const signed = value(await ws.callAsync<SignFileResult>('op', 'crypto.signFile', { path: content, out: at('act.p7s'), detached: true }))
    expect(signed).toMatchObject({ signer: holder, fingerprint: bound.fingerprint })
    expect(ws.pinRequests).toEqual([{ caller: 'op', purpose: 'sign', kind: 'key_passphrase', tokenLabel: 'demo key', holder, retry: null }])
    expect(openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', at('act.p7s'), '-content', content, '-CAfile', pki.rootPath, ...AT_T0)).toEqual(CONTENT)
    // The demo PIN does not open it.
    ws.pinAnswers.push('1234', '1234', '1234')
    expect(await ws.callAsync('op', 'crypto.signFile', { path: content, out: at('again.p7s'), detached: true })).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_incorrect' }] } })
  })

  it('asks again after a wrong passphrase and imports with the right one', async () => {
    trustTestRoot()
    ws.pinAnswers.push('Secret', PASSPHRASE)
    expect(value(await importFile(p12(pki.rsa, 'rsa.p12')))).toMatchObject({ keyStore: 'software' })
    expect(ws.pinRequests.map((p) => p.retry)).toEqual([null, { triesLeft: null }])
  })

  it('refuses after three wrong passphrases with TOKEN pin_incorrect, and changes nothing', async () => {
    trustTestRoot()
    const file = p12(pki.rsa, 'rsa.p12')
    const before = snapshot(ws)
    const wrong = 'not-the-passphrase'
    ws.pinAnswers.push(wrong, wrong, wrong, PASSPHRASE)
    expect(await importFile(file)).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_incorrect' }] } })
    expect(ws.pinRequests.map((p) => p.retry)).toEqual([null, { triesLeft: null }, { triesLeft: null }])
    expect(ws.pinAnswers).toEqual([PASSPHRASE])
    expect(snapshot(ws)).toBe(before)
    expect(records('crypto.keyFileImported')).toEqual([{ outcome: 'error', error_code: 'TOKEN', subject: 'rsa.p12', detail: expect.stringContaining('passphrase') }])
    expect(JSON.stringify(ws.db.prepare('SELECT * FROM audit_log').all())).not.toContain(wrong)
  })

  it('stores nothing when the passphrase entry is cancelled', async () => {
    trustTestRoot()
    const file = p12(pki.ec, 'ec.p12')
    const before = snapshot(ws)
    ws.pinAnswers.push(null)
    expect(await importFile(file)).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_cancelled' }] } })
    expect(ws.pinRequests).toHaveLength(1)
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses a certificate of an untrusted CA with CONFLICT, and stores nothing', async () => {
    // The test root is not in the trust store yet.
    const file = p12(pki.rsa, 'rsa.p12')
    const before = snapshot(ws)
    ws.pinAnswers.push(PASSPHRASE)
    expect(await importFile(file)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('not trusted (untrusted_chain)') } })
    expect(snapshot(ws)).toBe(before)
    expect(records('crypto.keyFileImported')).toEqual([{ outcome: 'error', error_code: 'CONFLICT', subject: 'rsa.p12', detail: expect.stringContaining('untrusted_chain') }])
  })

  it.each([
    ['a CA certificate', () => pki.root, 'VALIDATION', /is a CA certificate/],
    ['a certificate that cannot sign', () => pki.noSigning, 'VALIDATION', /does not allow signing/],
    ['an expired certificate', () => pki.expired, 'CONFLICT', /expired on/]
  ])('refuses a key file with %s, as a token’s would be (the same checks), and stores nothing', async (_label, who, code, message) => {
    trustTestRoot()
    const file = p12(who(), 'file.p12')
    const before = snapshot(ws)
    ws.pinAnswers.push(PASSPHRASE)
    expect(await importFile(file)).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } })
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses a certificate that is already bound (here, by the same file imported before)', async () => {
    trustTestRoot()
    const file = p12(pki.ec, 'ec.p12')
    ws.pinAnswers.push(PASSPHRASE)
    value(await importFile(file))
    const before = snapshot(ws)
    ws.pinAnswers.push(PASSPHRASE)
    expect(await importFile(file)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('already bound') } })
    expect(snapshot(ws)).toBe(before)
  })

  it.each([
    ['text', () => Buffer.from('this is not a key file').toString('base64')],
    ['nothing', () => ''],
    ['a PEM private key', () => readFileSync(pki.rsa.keyPath).toString('base64')],
    ['a DER certificate', () => Buffer.from(pki.rsa.der).toString('base64')]
  ])('refuses %s with VALIDATION before asking anything, and stores nothing', async (_label, base64) => {
    trustTestRoot()
    const before = snapshot(ws)
    expect(await ws.callAsync('op', 'crypto.importKeyFile', { fileName: 'key.p12', base64: base64() })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('key.p12: the file is not a PKCS#12 key file') } })
    expect(ws.pinRequests).toEqual([])
    expect(snapshot(ws)).toBe(before)
  })

  // `openssl pkcs12 -legacy` encrypts the certificates with pbeWithSHAAnd40BitRC2-CBC and the key with
  // pbeWithSHAAnd3-KeyTripleDES-CBC. pkijs 4 decrypts PBES2 alone (CryptoEngine.decryptEncryptedContentInfo
  // throws on any other contentEncryptionAlgorithm) and WebCrypto has neither RC2 nor 3DES, so such a file is
  // refused, naming the algorithms and how to export it again — and before its passphrase is asked.
  it('refuses a -legacy (RC2/3DES) file with VALIDATION naming the algorithms, before asking the passphrase', async () => {
    trustTestRoot()
    const file = p12(pki.rsa, 'legacy.p12', '-legacy')
    const before = snapshot(ws)
    const r = await importFile(file)
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/legacy\.p12: the key file is encrypted with pbeWithSHAAnd40BitRC2-CBC, pbeWithSHAAnd3-KeyTripleDES-CBC, the legacy PKCS#12 encryption .* without -legacy/), details: ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC'] }
    })
    expect(ws.pinRequests).toEqual([])
    expect(snapshot(ws)).toBe(before)
  })
})
