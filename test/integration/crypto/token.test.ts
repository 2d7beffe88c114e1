// The token layer against a real SoftHSM2 token: no mocks. One SoftHSM store per file (one PKCS#11 state per
// process), made in beforeAll before the module is opened.
import { generateKeyPairSync, createPublicKey, diffieHellman, publicEncrypt, constants, randomBytes, verify, X509Certificate } from 'node:crypto'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as pkcs11 from 'pkcs11js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCsr } from '../../../src/core/crypto/pkcs11/csr'
import { generateKeyPair } from '../../../src/core/crypto/pkcs11/keygen'
import { Pkcs11Module } from '../../../src/core/crypto/pkcs11/module'
import { toTokenError } from '../../../src/core/crypto/pkcs11/errors'
import { TokenSigner } from '../../../src/core/crypto/pkcs11/token-signer'
import { FileSigner } from '../../../src/core/crypto/software/file-signer'
import { TokenError, type SignatureScheme, type Signer, type TokenCertificate, type TokenInfo } from '../../../src/core/crypto/signer'
import { createSoftHsm, softHsmMissing, type SoftHsm } from '../../support/softhsm'

const missing = softHsmMissing()
// On CI the tools are installed, so a missing one is a failure there, not a skip.
const skip = missing !== null && !process.env.CI
if (skip) console.log(`token tests skipped: ${missing}`)

const DOC = Buffer.from('pacs.008 signed attributes stand-in: '.repeat(20))

function verifies(cert: TokenCertificate, data: Uint8Array, signature: Uint8Array, scheme: SignatureScheme): boolean {
  const key = new X509Certificate(Buffer.from(cert.der)).publicKey
  if (scheme === 'RSA-PSS') return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)
  if (scheme === 'ECDSA') return verify('sha256', data, { key, dsaEncoding: 'der' }, signature)
  return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature)
}

async function failure(p: Promise<unknown>): Promise<TokenError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(TokenError)
    return e as TokenError
  }
  throw new Error('expected the operation to fail')
}

describe.skipIf(skip)('PKCS#11 token layer on SoftHSM2', () => {
  let hsm: SoftHsm
  let module: Pkcs11Module
  let tokens: TokenInfo[]
  let operator: TokenInfo
  const cert = (token: TokenInfo, id: string): TokenCertificate => token.certificates.find((c) => c.id === id)!
  const signer = (token: TokenInfo, id: string, pin: string | null, extra: { ecdsaHashOnToken?: boolean } = {}): TokenSigner =>
    new TokenSigner({ module, slot: token.slot, certificate: cert(token, id), askPin: async () => pin, ...extra })

  beforeAll(async () => {
    hsm = createSoftHsm({ labels: ['operator', 'locked'], locked: ['locked'] })
    module = Pkcs11Module.open(hsm.module)
    tokens = await module.listTokens()
    operator = tokens.find((t) => t.label === 'operator')!
  }, 60_000)

  afterAll(() => {
    module?.close()
    hsm?.cleanup()
  })

  it('lists the token and its two certificates with their key algorithms', () => {
    expect(tokens.map((t) => t.label).sort()).toEqual(['locked', 'operator'])
    expect(operator).toMatchObject({ manufacturer: 'SoftHSM project', model: 'SoftHSM v2', pinState: 'ok' })
    expect(operator.serial).toMatch(/^[0-9a-f]{16}$/)
    const certs = operator.certificates.map((c) => ({ id: c.id, label: c.label, keyAlgorithm: c.keyAlgorithm, hasPrivateKey: c.hasPrivateKey }))
    expect(certs.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: '01', label: 'RSA certificate', keyAlgorithm: 'RSA', hasPrivateKey: true },
      { id: '02', label: 'EC certificate', keyAlgorithm: 'EC-P256', hasPrivateKey: true }
    ])
    expect(new X509Certificate(Buffer.from(cert(operator, '01').der)).checkIssued(new X509Certificate(readFileSync(hsm.caPem)))).toBe(true)
  })

  it('reports a token whose PIN is locked', () => {
    expect(tokens.find((t) => t.label === 'locked')!.pinState).toBe('locked')
  })

  it.each([
    ['01', 'RSASSA-PKCS1-v1_5'],
    ['01', 'RSA-PSS'],
    ['02', 'ECDSA']
  ] as const)('signs with key %s as %s, and node:crypto verifies it with the certificate', async (id, scheme) => {
    const signature = await signer(operator, id, hsm.pin).sign(DOC, scheme, 'SHA-256')
    expect(verifies(cert(operator, id), DOC, signature, scheme)).toBe(true)
    expect(verifies(cert(operator, id), Buffer.from('other'), signature, scheme)).toBe(false)
    if (scheme === 'ECDSA') expect(signature[0]).toBe(0x30)
  })

  it('signs many times in a row with the PIN asked each time (session and login per operation)', async () => {
    let asked = 0
    const s = new TokenSigner({ module, slot: operator.slot, certificate: cert(operator, '02'), askPin: async () => (asked++, hsm.pin) })
    const sigs = await Promise.all(Array.from({ length: 20 }, (_, i) => s.sign(Buffer.from(`doc ${i}`), 'ECDSA', 'SHA-256')))
    expect(asked).toBe(20)
    sigs.forEach((sig, i) => expect(verifies(s.certificate, Buffer.from(`doc ${i}`), sig, 'ECDSA')).toBe(true))
  })

  it('in a signing session asks the PIN once, keeps the token’s login until close(), then asks again', async () => {
    let asked = 0
    const s = new TokenSigner({ module, slot: operator.slot, certificate: cert(operator, '01'), askPin: async () => (asked++, hsm.pin), login: 'per_session' })
    const sigs = await Promise.all(Array.from({ length: 10 }, (_, i) => s.sign(Buffer.from(`doc ${i}`), 'RSASSA-PKCS1-v1_5', 'SHA-256')))
    expect(asked).toBe(1)
    sigs.forEach((sig, i) => expect(verifies(s.certificate, Buffer.from(`doc ${i}`), sig, 'RSASSA-PKCS1-v1_5')).toBe(true))
    await s.close()
    await s.sign(Buffer.from('after close'), 'RSASSA-PKCS1-v1_5', 'SHA-256')
    expect(asked).toBe(2)
    await s.close()
    // A wrong PIN opens no session: the next operation asks again.
    let pin = '0000'
    const w = new TokenSigner({ module, slot: operator.slot, certificate: cert(operator, '01'), askPin: async () => (asked++, pin), login: 'per_session' })
    await expect(w.sign(Buffer.from('x'), 'RSASSA-PKCS1-v1_5', 'SHA-256')).rejects.toMatchObject({ code: 'pin_incorrect' })
    pin = hsm.pin
    await w.sign(Buffer.from('x'), 'RSASSA-PKCS1-v1_5', 'SHA-256')
    expect(asked).toBe(4)
    await w.close()
  })

  it('decrypts an RSA-OAEP (SHA-1) key transport', async () => {
    const cek = randomBytes(32)
    const wrapped = publicEncrypt({ key: new X509Certificate(Buffer.from(cert(operator, '01').der)).publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, cek)
    expect(Buffer.from(await signer(operator, '01', hsm.pin).decryptKey(wrapped, 'SHA-1'))).toEqual(cek)
  })

  it('agrees an ECDH secret on the token equal to the one node:crypto computes from the other side', async () => {
    const peer = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const point = peer.publicKey.export({ type: 'spki', format: 'der' }).subarray(-65)
    const z = await signer(operator, '02', hsm.pin).deriveKey(point)
    const expected = diffieHellman({ privateKey: peer.privateKey, publicKey: new X509Certificate(Buffer.from(cert(operator, '02').der)).publicKey })
    expect(Buffer.from(z)).toEqual(expected)
  })

  it('a wrong PIN is pin_incorrect, with what the token tells about tries left', async () => {
    const e = await failure(signer(operator, '01', '0000').sign(DOC, 'RSASSA-PKCS1-v1_5', 'SHA-256'))
    expect(e).toMatchObject({ code: 'pin_incorrect', ckr: 'CKR_PIN_INCORRECT' })
    // SoftHSM sets CKF_USER_PIN_COUNT_LOW after a wrong PIN, until the next good one.
    expect(e.triesLeft).toBe('few')
    expect((await module.listTokens()).find((t) => t.label === 'operator')!.pinState).toBe('count_low')
    await signer(operator, '01', hsm.pin).sign(DOC, 'RSASSA-PKCS1-v1_5', 'SHA-256')
    expect((await module.listTokens()).find((t) => t.label === 'operator')!.pinState).toBe('ok')
  })

  it('a locked PIN is pin_locked, and the operator is not asked for a PIN that cannot work', async () => {
    const locked = tokens.find((t) => t.label === 'locked')!
    let asked = false
    const s = new TokenSigner({ module, slot: locked.slot, certificate: cert(locked, '01'), askPin: async () => ((asked = true), hsm.pin) })
    expect(await failure(s.sign(DOC, 'RSASSA-PKCS1-v1_5', 'SHA-256'))).toMatchObject({ code: 'pin_locked' })
    expect(asked).toBe(false)
  })

  it('a PIN out of the token length range is refused without spending a try', async () => {
    expect(await failure(signer(operator, '01', '12').sign(DOC, 'RSASSA-PKCS1-v1_5', 'SHA-256'))).toMatchObject({ code: 'pin_len_range' })
    expect((await module.listTokens()).find((t) => t.label === 'operator')!.pinState).toBe('ok')
  })

  it('a cancelled PIN is pin_cancelled', async () => {
    expect(await failure(signer(operator, '01', null).sign(DOC, 'RSASSA-PKCS1-v1_5', 'SHA-256'))).toMatchObject({ code: 'pin_cancelled' })
  })

  it('a mechanism the token lacks is mechanism_invalid (SoftHSM has no CKM_ECDSA_SHA256)', async () => {
    const e = await failure(signer(operator, '02', hsm.pin, { ecdsaHashOnToken: true }).sign(DOC, 'ECDSA', 'SHA-256'))
    expect(e).toMatchObject({ code: 'mechanism_invalid', ckr: 'CKR_MECHANISM_INVALID' })
  })

  it('OAEP with SHA-256, which SoftHSM 2.6 cannot decrypt, is mechanism_invalid', async () => {
    expect(await failure(signer(operator, '01', hsm.pin).decryptKey(randomBytes(256), 'SHA-256'))).toMatchObject({ code: 'mechanism_invalid' })
  })

  it('a scheme the key cannot make is refused before the PIN is asked', async () => {
    expect(await failure(signer(operator, '02', null).sign(DOC, 'RSA-PSS', 'SHA-256'))).toMatchObject({ code: 'mechanism_invalid' })
  })

  it('a certificate without its key on the token is key_not_found', async () => {
    const orphan = { ...cert(operator, '01'), id: '7f' }
    const s = new TokenSigner({ module, slot: operator.slot, certificate: orphan, askPin: async () => hsm.pin })
    expect(await failure(s.sign(DOC, 'RSASSA-PKCS1-v1_5', 'SHA-256'))).toMatchObject({ code: 'key_not_found' })
  })

  it('a token that is not there is token_not_present', async () => {
    const gone = new TokenSigner({ module, slot: 0x7fff_0001, certificate: cert(operator, '01'), askPin: async () => hsm.pin })
    expect(await failure(gone.sign(DOC, 'RSASSA-PKCS1-v1_5', 'SHA-256'))).toMatchObject({ code: 'token_not_present' })
  })

  it('a module path that does not exist is module_not_found', () => {
    let error: unknown
    try {
      Pkcs11Module.open('/nonexistent/libpkcs11.so')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TokenError)
    expect(error).toMatchObject({ code: 'module_not_found' })
  })

  it('opening the same module again shares the one PKCS#11 state', async () => {
    const again = Pkcs11Module.open(hsm.module)
    expect((await again.listTokens()).length).toBe(tokens.length)
    again.close()
    // The first holder still works: the last close finalises, not the first.
    expect((await module.listTokens()).length).toBe(tokens.length)
  })

  it('generates a key pair on the token whose SPKI verifies a token signature', async () => {
    for (const [id, algorithm, scheme] of [['03', 'RSA', 'RSA-PSS'], ['04', 'EC-P256', 'ECDSA']] as const) {
      const { spki } = await generateKeyPair(module, { slot: operator.slot, algorithm, id, label: `generated ${id}`, askPin: async () => hsm.pin })
      const publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' })
      const stand = { ...cert(operator, '01'), id, keyAlgorithm: algorithm }
      const signature = await new TokenSigner({ module, slot: operator.slot, certificate: stand, askPin: async () => hsm.pin }).sign(DOC, scheme, 'SHA-256')
      const opts = scheme === 'ECDSA' ? { key: publicKey, dsaEncoding: 'der' as const } : { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      expect(verify('sha256', DOC, opts, signature)).toBe(true)
    }
    expect(await failure(generateKeyPair(module, { slot: operator.slot, algorithm: 'RSA', id: '03', label: 'dup', askPin: async () => hsm.pin }))).toMatchObject({ code: 'function_failed' })
  }, 30_000)

  it('makes a PKCS#10 request for a generated key, signed on the token, that openssl verifies', async () => {
    for (const [id, algorithm] of [['05', 'RSA'], ['06', 'EC-P256']] as const) {
      const askPin = async (): Promise<string> => hsm.pin
      const { spki } = await generateKeyPair(module, { slot: operator.slot, algorithm, id, label: `request ${id}`, askPin })
      const der = await createCsr({ module, slot: operator.slot, id, algorithm, spki, subject: [['C', 'KZ'], ['O', 'Ұлттық төлем жүйесі'], ['serialNumber', 'BIN123456789012'], ['CN', `operator ${id}`]], askPin })
      const file = join(hsm.dir, `${id}.csr.der`)
      writeFileSync(file, der)
      const r = spawnSync('openssl', ['req', '-inform', 'DER', '-in', file, '-verify', '-noout', '-subject', '-nameopt', 'utf8'], { encoding: 'utf8' })
      expect(r.status).toBe(0)
      expect(r.stderr).toContain('verify OK')
      expect(r.stdout.trim()).toBe(`subject=C=KZ, O=Ұлттық төлем жүйесі, serialNumber=BIN123456789012, CN=operator ${id}`)
    }
  }, 30_000)

  it('notices a slot change (a token initialised in the spare slot) and stops when told', async () => {
    const changes: TokenInfo[][] = []
    const watch = module.watch((t) => changes.push(t), { intervalMs: 50 })
    // The spare slot's token is initialised through a second binding instance: it joins the same PKCS#11 state.
    const raw = new pkcs11.PKCS11()
    raw.load(hsm.module)
    try {
      raw.C_Initialize()
    } catch (e) {
      expect((e as Error).message).toMatch(/CKR_CRYPTOKI_ALREADY_INITIALIZED/)
    }
    const spare = raw.C_GetSlotList(true).find((h) => !(raw.C_GetTokenInfo(h).flags & pkcs11.CKF_TOKEN_INITIALIZED))!
    raw.C_InitToken(spare, hsm.soPin, 'inserted')
    await new Promise((r) => setTimeout(r, 300))
    watch.stop()
    expect(changes.length).toBe(1)
    expect(changes[0]!.map((t) => t.label).sort()).toEqual(['inserted', 'locked', 'operator'])
    const after = changes.length
    raw.C_InitToken(raw.C_GetSlotList(true).find((h) => !(raw.C_GetTokenInfo(h).flags & pkcs11.CKF_TOKEN_INITIALIZED))!, hsm.soPin, 'second')
    await new Promise((r) => setTimeout(r, 200))
    expect(changes.length).toBe(after)
  })
})

describe('PKCS#11 errors in words', () => {
  it.each([
    ['CKR_PIN_INCORRECT:160', 'pin_incorrect'],
    ['CKR_PIN_LOCKED', 'pin_locked'],
    ['CKR_PIN_LEN_RANGE', 'pin_len_range'],
    ['CKR_TOKEN_NOT_PRESENT:224', 'token_not_present'],
    ['CKR_DEVICE_REMOVED', 'token_not_present'],
    ['CKR_TOKEN_NOT_RECOGNIZED', 'token_not_recognized'],
    ['CKR_MECHANISM_INVALID:112', 'mechanism_invalid'],
    ['CKR_KEY_HANDLE_INVALID', 'key_not_found'],
    ['CKR_SESSION_HANDLE_INVALID', 'session_closed'],
    ['CKR_DEVICE_ERROR', 'device_error'],
    ['CKR_USER_NOT_LOGGED_IN', 'user_not_logged_in'],
    ['CKR_SOMETHING_NEW', 'function_failed']
  ])('%s → %s', (message, code) => {
    const e = toTokenError(new Error(message))
    expect(e.code).toBe(code)
    expect(e.ckr).toBe(message.split(':')[0])
  })

  it('tells the tries left from the token flags after a wrong PIN', () => {
    expect(toTokenError(new Error('CKR_PIN_INCORRECT'), 0x20000).triesLeft).toBe('one')
    expect(toTokenError(new Error('CKR_PIN_INCORRECT'), 0x10000).triesLeft).toBe('few')
    expect(toTokenError(new Error('CKR_PIN_INCORRECT'), 0).triesLeft).toBe(null)
  })
})

describe('file signer (demo database)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'file-signer-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** A self-signed certificate for a node-generated key, made with openssl so the test does not grade itself. */
  function material(kind: 'rsa' | 'ec', passphrase?: string): { key: string; cert: string } {
    const { privateKey } = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const keyPem = join(dir, `${kind}.key.pem`)
    writeFileSync(keyPem, privateKey.export({ type: 'pkcs8', format: 'pem' }))
    const cert = join(dir, `${kind}.cert.pem`)
    execFileSync('openssl', ['req', '-x509', '-new', '-key', keyPem, '-subj', `/CN=demo ${kind}`, '-days', '30', '-out', cert], { stdio: 'ignore' })
    const key = join(dir, `${kind}${passphrase ? '.enc' : ''}.key.der`)
    writeFileSync(key, passphrase ? privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase }) : privateKey.export({ type: 'pkcs8', format: 'der' }))
    return { key, cert }
  }

  it.each([
    ['rsa', 'RSASSA-PKCS1-v1_5'],
    ['rsa', 'RSA-PSS'],
    ['ec', 'ECDSA']
  ] as const)('signs with a %s PKCS#8 file as %s and verifies like a token signature', async (kind, scheme) => {
    const { key, cert } = material(kind)
    const s: Signer = await FileSigner.fromFiles({ key, certificate: cert, id: kind })
    const signature = await s.sign(DOC, scheme, 'SHA-256')
    expect(verifies(s.certificate, DOC, signature, scheme)).toBe(true)
  })

  it('asks the passphrase of an encrypted key per operation; wrong is pin_incorrect, none is pin_cancelled', async () => {
    const { key, cert } = material('rsa', 'demo-pass')
    let answer: string | null = 'demo-pass'
    const s = await FileSigner.fromFiles({ key, certificate: cert, askPassphrase: async () => answer })
    expect(verifies(s.certificate, DOC, await s.sign(DOC, 'RSA-PSS', 'SHA-256'), 'RSA-PSS')).toBe(true)
    const cek = randomBytes(32)
    const wrapped = publicEncrypt({ key: new X509Certificate(Buffer.from(s.certificate.der)).publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek)
    expect(Buffer.from(await s.decryptKey(wrapped, 'SHA-256'))).toEqual(cek)
    answer = 'wrong'
    expect(await failure(s.sign(DOC, 'RSA-PSS', 'SHA-256'))).toMatchObject({ code: 'pin_incorrect' })
    answer = 'demo-pass'
    expect(await failure(s.sign(DOC, 'ECDSA', 'SHA-256'))).toMatchObject({ code: 'mechanism_invalid' })
    answer = 'wrong'
    expect(await failure(s.sign(DOC, 'RSA-PSS', 'SHA-256'))).toMatchObject({ code: 'pin_incorrect' })
    answer = null
    expect(await failure(s.sign(DOC, 'RSA-PSS', 'SHA-256'))).toMatchObject({ code: 'pin_cancelled' })
  })

  it('agrees an ECDH secret with a P-256 key file', async () => {
    const { key, cert } = material('ec')
    const s = await FileSigner.fromFiles({ key, certificate: cert })
    const peer = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const z = await s.deriveKey(peer.publicKey.export({ type: 'spki', format: 'der' }).subarray(-65))
    expect(Buffer.from(z)).toEqual(diffieHellman({ privateKey: peer.privateKey, publicKey: new X509Certificate(Buffer.from(s.certificate.der)).publicKey }))
  })

  it('refuses a key file that does not belong to the certificate', async () => {
    const a = material('ec')
    const b = material('rsa')
    await expect(FileSigner.fromFiles({ key: b.key, certificate: a.cert })).rejects.toMatchObject({ code: 'key_not_found' })
  })
})
