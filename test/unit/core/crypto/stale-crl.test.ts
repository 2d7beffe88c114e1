// A CRL past its nextUpdate no longer vouches that a certificate is good (RFC 5280 6.3.3: the status is then
// undetermined); what it lists as revoked stays revoked.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { beforeAll, describe, expect, it } from 'vitest'
import { signCms } from '../../../../src/core/crypto/cms/sign'
import { verifyCms } from '../../../../src/core/crypto/cms/verify'
import { TrustStore } from '../../../../src/core/crypto/trust/trust-store'
import { createTestPki, type Issued, type TestPki } from '../../../support/test-pki'

x509.cryptoProvider.set(globalThis.crypto)
const DAY = 86_400_000
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
const content = new TextEncoder().encode('pacs.008 payment message\n')

let pki: TestPki
let stale: TrustStore

beforeAll(async () => {
  pki = await createTestPki()
  const t = pki.now.getTime()
  const rootKey = await globalThis.crypto.subtle.importKey('pkcs8', pki.root.key.export({ type: 'pkcs8', format: 'der' }), RSA, false, ['sign'])
  const crl = await x509.X509CrlGenerator.create({
    issuer: new x509.X509Certificate(pki.root.der).subject,
    thisUpdate: new Date(t - 40 * DAY),
    nextUpdate: new Date(t - 10 * DAY),
    entries: [{ serialNumber: pki.revoked.serial, revocationDate: new Date(t - 50 * DAY) }],
    signingKey: rootKey,
    signingAlgorithm: RSA
  })
  stale = new TrustStore()
  stale.addCertificates(pki.root.pem)
  stale.addCrls(new Uint8Array(crl.rawData))
}, 60_000)

const verify = async (who: Issued) =>
  verifyCms({ cms: await signCms({ content, detached: true, signer: who.signer, signingTime: new Date(pki.now.getTime() - 60_000) }), content, trust: stale, at: pki.now })

describe('a CRL past its nextUpdate', () => {
  it('does not report a certificate it does not list as good: its status is unknown', async () => {
    const report = await verify(pki.rsa)
    expect(report.signers[0]!.chain?.links[0]!.revocation).toEqual({ status: 'unknown', revokedAt: null, reason: 'crl_past_next_update' })
  })

  it('still counts the revocations it lists', async () => {
    const report = await verify(pki.revoked)
    expect(report.failures.map((f) => f.code)).toEqual(['revoked'])
    expect(report.signers[0]!.chain?.links[0]!.revocation.status).toBe('revoked')
  })
})
