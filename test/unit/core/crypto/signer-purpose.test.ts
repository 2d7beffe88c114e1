// The signer's certificate must be meant for signing documents: keyUsage is checked, and so is extendedKeyUsage
// when the certificate has one (RFC 5280 4.2.1.12): an authentication-only certificate (clientAuth, the NCA RK
// "AUTH" key) does not sign documents, which is what `openssl cms -verify` (purpose smimesign) says too.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { beforeAll, describe, expect, it } from 'vitest'
import { signCms } from '../../../../src/core/crypto/cms/sign'
import { verifyCms } from '../../../../src/core/crypto/cms/verify'
import { TrustStore } from '../../../../src/core/crypto/trust/trust-store'
import { KeySigner } from '../../../support/key-signer'
import { createTestPki, type TestPki } from '../../../support/test-pki'

x509.cryptoProvider.set(globalThis.crypto)
const subtle = globalThis.crypto.subtle
const DAY = 86_400_000
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }

let pki: TestPki
let serial = 1
let trust: TrustStore
const content = new TextEncoder().encode('pacs.008 payment message\n')

beforeAll(async () => {
  pki = await createTestPki()
  trust = new TrustStore()
  trust.addCertificates(pki.root.pem)
}, 60_000)

/** A certificate for pki.rsa's key, issued by the test root, with these extended key usages. */
async function withEku(usages: string[]): Promise<{ der: Uint8Array; path: string }> {
  const rootKey = await subtle.importKey('pkcs8', pki.root.key.export({ type: 'pkcs8', format: 'der' }), RSA, false, ['sign'])
  const publicKey = await subtle.importKey('spki', new x509.X509Certificate(pki.rsa.der).publicKey.rawData, RSA, true, ['verify'])
  const t = pki.now.getTime()
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (0x7e00 + serial++).toString(16) + '01',
    subject: 'CN=Auth Only, 2.5.4.5=IIN800101300123, O=Test Bank JSC, OU=BIN987654321098, C=KZ',
    issuer: new x509.X509Certificate(pki.root.der).subject,
    notBefore: new Date(t - 30 * DAY),
    notAfter: new Date(t + 365 * DAY),
    publicKey,
    signingKey: rootKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension(usages, false)
    ]
  })
  const path = join(pki.dir, `eku-${usages.join('-')}.pem`)
  writeFileSync(path, cert.toString('pem') + '\n')
  return { der: new Uint8Array(cert.rawData), path }
}

async function signedBy(der: Uint8Array): Promise<Uint8Array> {
  return signCms({ content, detached: true, signer: new KeySigner(der, pki.rsa.key, 'eku'), signingTime: new Date(pki.now.getTime() - 60_000) })
}

function opensslVerifies(cms: Uint8Array, certPath: string): boolean {
  const f = join(pki.dir, 'eku-content.txt')
  const s = join(pki.dir, 'eku.p7s')
  writeFileSync(f, content)
  writeFileSync(s, cms)
  try {
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', s, '-content', f, '-CAfile', pki.rootPath, '-certfile', certPath, '-out', '/dev/null'], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

describe('extendedKeyUsage of the signer certificate', () => {
  it('a certificate for client authentication only → wrong_key_usage (openssl refuses it too)', async () => {
    const auth = await withEku([x509.ExtendedKeyUsage.clientAuth])
    const cms = await signedBy(auth.der)
    expect(opensslVerifies(cms, auth.path)).toBe(false)
    const report = await verifyCms({ cms, content, trust, at: pki.now })
    expect(report.valid).toBe(false)
    expect(report.failures.map((f) => f.code)).toEqual(['wrong_key_usage'])
    expect(report.signers[0]!.keyUsage).toBe('wrong')
  })

  it('emailProtection (as on an NCA RK signing certificate) signs, and so does anyExtendedKeyUsage (RFC 5280)', async () => {
    const signing = await withEku([x509.ExtendedKeyUsage.emailProtection, '1.2.398.3.3.4.1.1'])
    expect(opensslVerifies(await signedBy(signing.der), signing.path)).toBe(true)
    for (const usages of [[x509.ExtendedKeyUsage.emailProtection, '1.2.398.3.3.4.1.1'], ['2.5.29.37.0']]) {
      const cms = await signedBy((await withEku(usages)).der)
      const report = await verifyCms({ cms, content, trust, at: pki.now })
      expect(report.failures).toEqual([])
      expect(report.valid).toBe(true)
    }
  })
})
