// Interop with the system `openssl cms` (ARCHITECTURE decision 7): what we sign and envelope, OpenSSL verifies
// and decrypts; what OpenSSL signs and envelopes, we verify and decrypt.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { signCms } from '../../../src/core/crypto/cms/sign'
import { verifyCms } from '../../../src/core/crypto/cms/verify'
import { envelopeCms } from '../../../src/core/crypto/cms/envelope'
import { decryptCms } from '../../../src/core/crypto/cms/decrypt'
import { TrustStore } from '../../../src/core/crypto/trust/trust-store'
import type { SignatureScheme } from '../../../src/core/crypto/signer'
import { createTestPki, type Issued, type TestPki } from '../../support/test-pki'

let pki: TestPki
let trust: TrustStore
let contentPath: string
const content = new TextEncoder().encode('Платёжное поручение №42\npacs.008 150000.00 KZT\n')

const openssl = (...args: string[]): Buffer => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] })

beforeAll(async () => {
  pki = await createTestPki()
  trust = new TrustStore()
  trust.addCertificates(readFileSync(pki.rootPath, 'utf8'))
  contentPath = join(pki.dir, 'content.txt')
  writeFileSync(contentPath, content)
}, 60_000)

let n = 0
function file(data: Uint8Array, ext: string): string {
  const path = join(pki.dir, `f${n++}.${ext}`)
  writeFileSync(path, data)
  return path
}

describe('openssl cms verifies what we sign', () => {
  const cases: [string, () => Issued, SignatureScheme][] = [
    ['RSA PKCS#1 v1.5', () => pki.rsa, 'RSASSA-PKCS1-v1_5'],
    ['RSA-PSS', () => pki.rsa, 'RSA-PSS'],
    ['ECDSA P-256', () => pki.ec, 'ECDSA']
  ]
  for (const [name, who, scheme] of cases) {
    it(`${name}, detached and attached`, async () => {
      const signingTime = new Date(pki.now.getTime() - 60_000)
      const detached = file(await signCms({ content, detached: true, signer: who().signer, signingTime, scheme }), 'p7s')
      const out = openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', detached, '-content', contentPath, '-CAfile', pki.rootPath)
      expect(out.equals(Buffer.from(content))).toBe(true)

      const attached = file(await signCms({ content, detached: false, signer: who().signer, signingTime, scheme }), 'p7m')
      const out2 = openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', attached, '-CAfile', pki.rootPath)
      expect(out2.equals(Buffer.from(content))).toBe(true)
    })
  }

  it('openssl rejects our signature over changed content', async () => {
    const sig = file(await signCms({ content, detached: true, signer: pki.rsa.signer, signingTime: pki.now }), 'p7s')
    const changed = file(new TextEncoder().encode('something else'), 'txt')
    expect(() => openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', changed, '-CAfile', pki.rootPath)).toThrow()
  })
})

describe('we verify what openssl signs', () => {
  for (const [name, who] of [
    ['RSA', () => pki.rsa],
    ['EC', () => pki.ec]
  ] as const) {
    it(`${name}: detached and -nodetach`, async () => {
      const detached = openssl('cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-in', contentPath, '-signer', who().certPath, '-inkey', who().keyPath)
      const r1 = await verifyCms({ cms: new Uint8Array(detached), content, trust, at: new Date() })
      expect(r1.failures).toEqual([])
      expect(r1.valid).toBe(true)
      expect(r1.detached).toBe(true)
      expect(r1.signers[0]!.signer?.iin).toMatch(/^\d{12}$/)

      const attached = openssl('cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', contentPath, '-signer', who().certPath, '-inkey', who().keyPath)
      const r2 = await verifyCms({ cms: new Uint8Array(attached), trust, at: new Date() })
      expect(r2.failures).toEqual([])
      expect(r2.valid).toBe(true)
      expect(r2.detached).toBe(false)

      const changed = content.slice()
      changed[0]! ^= 1
      const r3 = await verifyCms({ cms: new Uint8Array(detached), content: changed, trust, at: new Date() })
      expect(r3.failures.map((f) => f.code)).toEqual(['content_changed'])
    })
  }
})

describe('openssl cms decrypts what we envelope', () => {
  it('to RSA and EC recipients in one envelope', async () => {
    const env = file(await envelopeCms({ content, recipients: [pki.rsa.der, pki.ec.der, pki.rsa2.der] }), 'p7m')
    for (const r of [pki.rsa, pki.ec, pki.rsa2]) {
      const out = openssl('cms', '-decrypt', '-inform', 'DER', '-in', env, '-recip', r.certPath, '-inkey', r.keyPath)
      expect(out.equals(Buffer.from(content))).toBe(true)
    }
  })
})

describe('we decrypt what openssl envelopes', () => {
  it('RSA-OAEP, AES-256-CBC', async () => {
    const env = openssl('cms', '-encrypt', '-aes256', '-binary', '-in', contentPath, '-recip', pki.rsa.certPath, '-keyopt', 'rsa_padding_mode:oaep', '-outform', 'DER')
    expect(Buffer.from(await decryptCms({ cms: new Uint8Array(env), signer: pki.rsa.signer })).equals(Buffer.from(content))).toBe(true)
  })

  it('ECDH P-256, to two recipients', async () => {
    const env = openssl('cms', '-encrypt', '-aes256', '-binary', '-in', contentPath, '-recip', pki.ec.certPath, '-recip', pki.ec2.certPath, '-outform', 'DER')
    for (const r of [pki.ec, pki.ec2]) expect(Buffer.from(await decryptCms({ cms: new Uint8Array(env), signer: r.signer })).equals(Buffer.from(content))).toBe(true)
  })
})
