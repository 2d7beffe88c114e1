// trust.* through the dispatcher: the CA certificates, CRLs and parties' certificates this desk keeps (R12.1),
// and their effect on verification at once. Real database, test PKI material, signatures by `openssl cms`.
import 'reflect-metadata'
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { issueCertificate, publicKeyOf, type NameAttribute } from '../../../src/core/crypto/issue/issue-certificate'
import { toPem } from '../../../src/core/crypto/trust/pem'
import type { CallResult, PartyCertificateView, TrustAnchorView, TrustCrlView, TrustView, VerificationReportView } from '../../../src/core/api/types'
import { createTestPki, crlOfNoCrlSignCa, storeUncheckedCrl, type TestPki } from '../../support/test-pki'
import { snapshot, T0, testWorkstation, type TestWorkstation } from '../../support/workstation'

const base64 = (der: Uint8Array): string => Buffer.from(der).toString('base64')

function value<T>(r: CallResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${(r.error.details ?? []).join('; ')}`)
  return r.value
}

describe('the trust store', () => {
  let pki: TestPki
  let ws: TestWorkstation
  const at = (name: string): string => join(ws.dir, name)
  const count = (table: string): number => ws.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  const lastAudit = (action: string): unknown => ws.db.prepare(`SELECT actor_login, outcome, subject FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1`).get(action)

  let signingOnly: string

  beforeAll(async () => {
    pki = await createTestPki(new Date(T0))
    // Self-signed, valid at the desk's clock (T0), for signing only.
    const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
    const subject: [NameAttribute, string][] = [['CN', 'Signing Only']]
    const der = issueCertificate({ subject, publicKey: publicKeyOf(key), notBefore: new Date(T0 - 86_400_000), notAfter: new Date(T0 + 30 * 86_400_000), ca: false, usage: ['digitalSignature'] }, { subject, key, keyId: null })
    signingOnly = toPem(der, 'CERTIFICATE')
  })
  beforeEach(() => {
    ws = testWorkstation()
    ws.signIn('admin', 'admin')
  })
  afterEach(() => ws.dispose())

  it('lists the demo’s operator CA and the settlement bank’s certificate', () => {
    const trust = ws.ok<TrustView>('admin', 'trust.list')
    expect(trust.anchors).toEqual([expect.objectContaining({ subject: expect.stringContaining('CN=Operator Demo CA'), isCa: true, addedAt: T0 })])
    expect(trust.crls).toEqual([])
    expect(trust.parties).toEqual([expect.objectContaining({ party: 'settlement_bank', subject: expect.stringContaining('CN=Settlement Bank documents') })])
    ws.signIn('viewer', 'halyk.viewer')
    expect(ws.ok<TrustView>('viewer', 'trust.list')).toEqual(trust)
  })

  it('trusts every CA certificate of a PEM bundle (or base64 DER), once', () => {
    const added = ws.ok<TrustAnchorView[]>('admin', 'trust.addAnchors', { certificates: pki.root.pem + pki.foreignRoot.pem })
    expect(added.map((a) => [a.subject, a.isCa, a.addedAt])).toEqual([
      ['CN=Test Root CA, O=Payment System Operator, C=KZ', true, T0],
      ['CN=Foreign Root CA, C=XX', true, T0]
    ])
    expect(lastAudit('trust.addAnchors')).toEqual({ actor_login: 'admin', outcome: 'ok', subject: added.map((a) => a.fingerprint).join(', ') })
    ws.clock.advance(60_000)
    const again = ws.ok<TrustAnchorView[]>('admin', 'trust.addAnchors', { certificates: base64(pki.root.der) })
    expect(again).toEqual([added[0]])
    expect(count('trust_anchors')).toBe(3)
  })

  it.each([
    ['a certificate that is not a CA’s, among CA certificates', () => pki.root.pem + pki.rsa.pem, /CN=Ivanov Ivan.* is not a CA certificate/],
    ['PEM without a certificate', () => pki.crlPem, /no CERTIFICATE PEM block found/],
    ['text that is neither PEM nor base64', () => 'These are the CA certificates you asked for, from our PKI team, as promised.', /neither PEM nor base64 DER/]
  ])('refuses %s with VALIDATION and takes none', (_label, certificates, message) => {
    const before = snapshot(ws)
    expect(ws.call('admin', 'trust.addAnchors', { certificates: certificates() })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(message) } })
    expect(snapshot(ws)).toBe(before)
  })

  it('verifies against the anchors as they are now: added, then removed', async () => {
    writeFileSync(at('act.txt'), 'payment order 17')
    ws.clock.advance(Math.max(0, Date.now() - T0)) // openssl stamps the machine's time as signing time
    ws.signIn('admin', 'admin')
    execFileSync('openssl', ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', at('act.txt'), '-signer', pki.rsa.certPath, '-inkey', pki.rsa.keyPath, '-out', at('act.p7m')])
    const verify = async (): Promise<VerificationReportView> => value(await ws.callAsync<VerificationReportView>('admin', 'crypto.verifyFile', { path: at('act.p7m') }))

    const [root] = ws.ok<TrustAnchorView[]>('admin', 'trust.addAnchors', { certificates: pki.root.pem })
    expect((await verify()).valid).toBe(true)
    expect(ws.ok<TrustAnchorView>('admin', 'trust.removeAnchor', { fingerprint: root!.fingerprint.toLowerCase(), reason: 'CA key compromised' })).toEqual(root)
    expect(lastAudit('trust.removeAnchor')).toMatchObject({ outcome: 'ok', subject: root!.fingerprint })
    expect((await verify()).failures.map((f) => f.code)).toEqual(['untrusted_chain'])

    const before = snapshot(ws)
    expect(ws.call('admin', 'trust.removeAnchor', { fingerprint: root!.fingerprint, reason: 'again' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(snapshot(ws)).toBe(before)
  })

  it('takes a CRL only from a trusted CA, and a revoked signer fails verification from then on', async () => {
    const before = snapshot(ws)
    expect(ws.call('admin', 'trust.addCrl', { crl: pki.crlPem })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('not signed by a trusted CA') } })
    expect(ws.call('admin', 'trust.addCrl', { crl: pki.root.pem })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('no X509 CRL / CRL PEM block found') } })
    expect(snapshot(ws)).toBe(before)

    writeFileSync(at('act.txt'), 'payment order 18')
    ws.clock.advance(Math.max(0, Date.now() - T0))
    ws.signIn('admin', 'admin')
    execFileSync('openssl', ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', at('act.txt'), '-signer', pki.revoked.certPath, '-inkey', pki.revoked.keyPath, '-out', at('act.p7m')])
    ws.ok('admin', 'trust.addAnchors', { certificates: pki.root.pem })
    const crl = ws.ok<TrustCrlView>('admin', 'trust.addCrl', { crl: pki.crlPem })
    expect(crl).toMatchObject({ issuer: 'CN=Test Root CA, O=Payment System Operator, C=KZ', revokedCount: 1, thisUpdate: T0 - 86_400_000, nextUpdate: T0 + 30 * 86_400_000 })
    expect(lastAudit('trust.addCrl')).toMatchObject({ outcome: 'ok', subject: String(crl.id) })
    expect(ws.ok<TrustCrlView>('admin', 'trust.addCrl', { crl: pki.crlPem })).toEqual(crl)
    expect(count('trust_crls')).toBe(1)
    expect(ws.ok<TrustView>('admin', 'trust.list').crls).toEqual([crl])

    const report = value(await ws.callAsync<VerificationReportView>('admin', 'crypto.verifyFile', { path: at('act.p7m') }))
    expect(report.failures.map((f) => f.code)).toEqual(['revoked'])
  })

  it('refuses a CRL whose CA may not sign CRLs (keyUsage without cRLSign) and stores nothing (RFC 5280 6.3.3 (f), R12.1)', async () => {
    ws.ok('admin', 'trust.addAnchors', { certificates: pki.noCrlSignCa.pem })
    const crl = await crlOfNoCrlSignCa(pki, T0)
    const before = snapshot(ws)
    expect(ws.call('admin', 'trust.addCrl', { crl: crl.toString('pem') })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/CN=Test CA without cRLSign.* may not sign CRLs: its key usage \(keyCertSign\) lacks cRLSign/) }
    })
    expect(snapshot(ws)).toBe(before)
    expect(count('trust_crls')).toBe(0)
    expect(ws.ok<TrustView>('admin', 'trust.list').crls).toEqual([])
    // The screens word the usages: both the CA's and the one it lacks are named as usages (R12.1).
    expect(ws.call('admin', 'trust.addCrl', { crl: crl.toString('pem') })).toMatchObject({
      error: { reasons: [{ rule: 'trust.crl_issuer_not_crl_signer', params: { keyUsage: 'keyCertSign', keyUsageNeeded: 'cRLSign' } }] }
    })
  })

  it('lists a CRL stored before its CA was checked for cRLSign as not trusted, and it revokes nothing (RFC 5280 6.3.3 (f), R12.1, R14.2)', async () => {
    ws.ok('admin', 'trust.addAnchors', { certificates: pki.noCrlSignCa.pem + pki.root.pem })
    await storeUncheckedCrl(ws.db, pki, T0)
    const counted = ws.ok<TrustCrlView>('admin', 'trust.addCrl', { crl: pki.crlPem })

    const listed = ws.ok<TrustView>('admin', 'trust.list').crls
    expect(listed.map((c) => [c.issuer, c.untrusted])).toEqual([
      ['CN=Test CA without cRLSign, O=Payment System Operator, C=KZ', 'issuer_not_crl_signer'],
      ['CN=Test Root CA, O=Payment System Operator, C=KZ', null]
    ])
    expect(listed[1]).toEqual(counted)
    expect(counted.untrusted).toBeNull()

    // The certificate it lists is not revoked by it: it is registered as a party's, while one the root's CRL lists is refused.
    expect(ws.ok<PartyCertificateView>('admin', 'trust.addPartyCertificate', { party: 'P001', certificate: pki.underNoCrlSignCa.pem })).toMatchObject({ party: 'P001' })
    expect(ws.call('admin', 'trust.addPartyCertificate', { party: 'P002', certificate: pki.revoked.pem })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('is revoked') } })
  })

  it('registers a party’s encryption certificate and removes it', () => {
    const added = ws.ok<PartyCertificateView>('admin', 'trust.addPartyCertificate', { party: 'P001', certificate: pki.ec.pem })
    expect(added).toMatchObject({ party: 'P001', subject: expect.stringContaining('CN=Akhmetov Ержан'), addedAt: T0 })
    expect(lastAudit('trust.addPartyCertificate')).toMatchObject({ outcome: 'ok', subject: added.fingerprint })
    expect(ws.ok<PartyCertificateView>('admin', 'trust.addPartyCertificate', { party: 'operator', certificate: pki.noSigning.pem }).party).toBe('operator')
    expect(ws.ok<TrustView>('admin', 'trust.list').parties.map((p) => p.party)).toEqual(['P001', 'operator', 'settlement_bank'])

    expect(ws.ok<PartyCertificateView>('admin', 'trust.removePartyCertificate', { fingerprint: added.fingerprint, reason: 'replaced' })).toEqual(added)
    const before = snapshot(ws)
    expect(ws.call('admin', 'trust.removePartyCertificate', { fingerprint: added.fingerprint, reason: 'again' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses a party certificate its CA has revoked (a CRL in the trust store) and changes nothing (R14.2)', () => {
    ws.ok('admin', 'trust.addAnchors', { certificates: pki.root.pem })
    ws.ok('admin', 'trust.addCrl', { crl: pki.crlPem })
    const before = snapshot(ws)
    expect(ws.call('admin', 'trust.addPartyCertificate', { party: 'P001', certificate: pki.revoked.pem })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/CN=Revoked Signer.* revoked/) }
    })
    expect(snapshot(ws)).toBe(before)
    expect(ws.ok<PartyCertificateView>('admin', 'trust.addPartyCertificate', { party: 'P001', certificate: pki.rsa.pem }).party).toBe('P001')
  })

  it.each([
    ['an unknown participant', 'P999', () => pki.ec.pem, 'NOT_FOUND', /no participant with code P999/],
    ['a CA certificate', 'P001', () => pki.root.pem, 'VALIDATION', /is a CA certificate/],
    ['a certificate that can neither encipher nor agree keys', 'P001', () => signingOnly, 'VALIDATION', /CN=Signing Only is not meant for encryption: its key usage \(digitalSignature\) lacks keyAgreement/],
    // R14.2: documents to the party are encrypted to this key, so it is held to what crypto.encryptFile asks of a recipient.
    ['an RSA certificate whose key usage lacks keyEncipherment', 'P001', () => pki.rsaNoEncipherment.pem, 'VALIDATION', /CN=RSA No Encipherment.* key usage \(digitalSignature, nonRepudiation, keyAgreement\) lacks keyEncipherment, which encryption to an RSA key needs/],
    ['an EC certificate whose key usage lacks keyAgreement', 'P001', () => pki.ecNoAgreement.pem, 'VALIDATION', /CN=EC No Agreement.* lacks keyAgreement, which encryption to an EC key needs/],
    ['a certificate not yet valid', 'P001', () => pki.notYetValid.pem, 'VALIDATION', /CN=Not Yet Valid.* is not yet valid \(valid from /],
    ['an expired certificate', 'P002', () => pki.expired.pem, 'VALIDATION', /CN=Expired Signer.* expired on/],
    ['a certificate already registered', 'P002', () => pki.rsa2.pem, 'CONFLICT', /already registered for P001/]
  ])('refuses %s and changes nothing', (_label, party, certificate, code, message) => {
    ws.ok('admin', 'trust.addPartyCertificate', { party: 'P001', certificate: pki.rsa2.pem })
    const before = snapshot(ws)
    expect(ws.call('admin', 'trust.addPartyCertificate', { party, certificate: certificate() })).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } })
    expect(snapshot(ws)).toBe(before)
  })

  it('names the usage a party’s certificate lacks for encryption as a usage, for the screens to word (R14.2)', () => {
    expect(ws.call('admin', 'trust.addPartyCertificate', { party: 'P001', certificate: pki.rsaNoEncipherment.pem })).toMatchObject({
      error: { reasons: [{ rule: 'trust.not_for_encryption', params: { keyUsage: 'digitalSignature, nonRepudiation, keyAgreement', keyUsageNeeded: 'keyEncipherment' } }] }
    })
  })
})
