// A CRL counts only when its issuer's key may sign CRLs (RFC 5280 6.3.3 (f)): a CA certificate whose keyUsage
// is present without cRLSign vouches neither for a revocation nor for a good status; the status is unknown, and
// says why, as for a CRL past its nextUpdate.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { beforeAll, describe, expect, it } from 'vitest'
import { signCms } from '../../../../src/core/crypto/cms/sign'
import { verifyCms } from '../../../../src/core/crypto/cms/verify'
import { parseCertificate } from '../../../../src/core/crypto/trust/certificate'
import { TrustStore } from '../../../../src/core/crypto/trust/trust-store'
import { createTestPki, type Issued, type TestPki } from '../../../support/test-pki'

x509.cryptoProvider.set(globalThis.crypto)
const DAY = 86_400_000
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
const content = new TextEncoder().encode('pacs.008 payment message\n')

let pki: TestPki

beforeAll(async () => {
  pki = await createTestPki()
}, 60_000)

/** A trust store holding `ca` and one current CRL signed by it, listing `revoked`. */
async function storeWithCrl(ca: Issued, revoked: Issued[]): Promise<TrustStore> {
  const t = pki.now.getTime()
  const key = await globalThis.crypto.subtle.importKey('pkcs8', ca.key.export({ type: 'pkcs8', format: 'der' }), RSA, false, ['sign'])
  const crl = await x509.X509CrlGenerator.create({
    issuer: new x509.X509Certificate(ca.der).subject,
    thisUpdate: new Date(t - DAY),
    nextUpdate: new Date(t + 30 * DAY),
    entries: revoked.map((r) => ({ serialNumber: r.serial, revocationDate: new Date(t - 2 * DAY) })),
    signingKey: key,
    signingAlgorithm: RSA
  })
  const store = new TrustStore()
  store.addCertificates(ca.pem)
  store.addCrls(new Uint8Array(crl.rawData))
  return store
}

const verify = async (who: Issued, trust: TrustStore) =>
  verifyCms({ cms: await signCms({ content, detached: true, signer: who.signer, signingTime: new Date(pki.now.getTime() - 60_000) }), content, trust, at: pki.now })

describe('a CRL signed by a CA whose keyUsage lacks cRLSign', () => {
  it('does not revoke a certificate it lists: the status is unknown, with the reason', async () => {
    const trust = await storeWithCrl(pki.noCrlSignCa, [pki.underNoCrlSignCa])
    const leaf = parseCertificate(pki.underNoCrlSignCa.der)
    expect(trust.revocationOf(leaf, pki.now)).toBeUndefined()
    const report = await verify(pki.underNoCrlSignCa, trust)
    expect(report.failures).toEqual([])
    expect(report.signers[0]!.chain?.links[0]!.revocation).toEqual({ status: 'unknown', revokedAt: null, reason: 'crl_issuer_not_crl_signer' })
  })

  it('does not vouch for a certificate it does not list: unknown, not good', async () => {
    const trust = await storeWithCrl(pki.noCrlSignCa, [])
    const result = trust.validate(parseCertificate(pki.underNoCrlSignCa.der), { validAt: pki.now, revokedBy: pki.now })
    expect(result.failures).toEqual([])
    expect(result.links[0]!.revocation).toEqual({ status: 'unknown', revokedAt: null, reason: 'crl_issuer_not_crl_signer' })
  })

  it('while a CA with cRLSign revokes and vouches by the same kind of CRL', async () => {
    const trust = await storeWithCrl(pki.root, [pki.revoked])
    expect(trust.revocationOf(parseCertificate(pki.revoked.der), pki.now)).toMatchObject({ code: 'revoked' })
    const good = trust.validate(parseCertificate(pki.rsa.der), { validAt: pki.now, revokedBy: pki.now })
    expect(good.links[0]!.revocation).toEqual({ status: 'good', revokedAt: null, reason: null })
  })
})
