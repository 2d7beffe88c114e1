// RFC 5652 5.3 and 11: the signed attributes hold content-type, message-digest and signing-time once each, each
// with one value (so do the ESS signing-certificate attributes, RFC 2634 5.4 / RFC 5035). With two, which one
// the signer meant is a guess: the verifier must not pick one and pass. (`openssl cms -verify` 3.0 lets them
// through, so openssl only vouches here for the well-formed signature the cases are built like.)
import { createHash, sign as cryptoSign } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { algorithm, ctx, int, intBytes, nul, octets, oid, raw, seq, setOf, time, toBytes, type Der } from '../../../../src/core/crypto/cms/der'
import { OID } from '../../../../src/core/crypto/cms/oids'
import { asImplicitTag0, signingCertificateV2 } from '../../../../src/core/crypto/cms/signed-attributes'
import { verifyCms } from '../../../../src/core/crypto/cms/verify'
import { certificateOf } from '../../../../src/core/crypto/trust/certificate'
import { TrustStore } from '../../../../src/core/crypto/trust/trust-store'
import { createTestPki, type TestPki } from '../../../support/test-pki'

let pki: TestPki
let trust: TrustStore
const content = new TextEncoder().encode('pacs.008 payment message: 150 000.00 KZT\n')
const digest = new Uint8Array(createHash('sha256').update(content).digest())

beforeAll(async () => {
  pki = await createTestPki()
  trust = new TrustStore()
  trust.addCertificates(pki.root.pem)
}, 60_000)

const attribute = (type: string, ...values: Der[]): Der => seq(oid(type), setOf(...values))
const signedAt = (): Date => new Date(pki.now.getTime() - 60_000)
const contentType = (): Der => attribute(OID.contentType, oid(OID.data))
const messageDigest = (): Der => attribute(OID.messageDigest, octets(digest))
const signingTime = (at = signedAt()): Der => attribute(OID.signingTime, time(at))
const essCertificate = (): Der => attribute(OID.signingCertificateV2, signingCertificateV2(certificateOf(pki.rsa.der)))

/**
 * A detached SignedData by pki.rsa over exactly these signed attributes, signed properly (SHA-256 with RSA); the
 * SignerInfo names the digest and signature algorithms given, for a signature in algorithms the desk does not check.
 */
function signedWith(attributes: Der[], named: { digest?: string; signature?: Der } = {}): Uint8Array {
  const cert = certificateOf(pki.rsa.der)
  const signed = toBytes(setOf(...attributes))
  const signature = new Uint8Array(cryptoSign('sha256', signed, pki.rsa.key))
  const sha256 = algorithm(OID.sha256)
  const signerInfo = seq(int(1), seq(raw(cert.issuerDer), intBytes(cert.serialBytes)), algorithm(named.digest ?? OID.sha256), asImplicitTag0(signed), named.signature ?? algorithm(OID.sha256WithRSA, nul()), octets(signature))
  const signedData = seq(int(1), setOf(sha256), seq(oid(OID.data)), ctx(0, raw(cert.der)), setOf(signerInfo))
  return toBytes(seq(oid(OID.signedData), ctx(0, signedData)))
}

function opensslVerifies(cms: Uint8Array): boolean {
  const f = join(pki.dir, 'attrs-content.txt')
  const s = join(pki.dir, 'attrs.p7s')
  writeFileSync(f, content)
  writeFileSync(s, cms)
  try {
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', s, '-content', f, '-CAfile', pki.rootPath, '-out', '/dev/null'], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

const verify = (cms: Uint8Array) => verifyCms({ cms, content, trust, at: pki.now })

describe('signed attributes that must occur once, with one value', () => {
  it('each once, with one value: valid (here and in openssl)', async () => {
    const cms = signedWith([contentType(), signingTime(), messageDigest(), essCertificate()])
    expect(opensslVerifies(cms)).toBe(true)
    const report = await verify(cms)
    expect(report.failures).toEqual([])
    expect(report.valid).toBe(true)
  })

  const cases: [string, () => Der[], RegExp][] = [
    ['two message-digest attributes', () => [contentType(), signingTime(), messageDigest(), messageDigest(), essCertificate()], /^message-digest occurs 2 times in the signed attributes/],
    ['two content-type attributes', () => [contentType(), contentType(), signingTime(), messageDigest()], /^content-type occurs 2 times in the signed attributes/],
    ['two signing-time attributes', () => [contentType(), signingTime(), signingTime(new Date(pki.now.getTime() - 86_400_000)), messageDigest()], /^signing-time occurs 2 times in the signed attributes/],
    ['two signing-certificate-v2 attributes', () => [contentType(), signingTime(), messageDigest(), essCertificate(), essCertificate()], /^signing-certificate-v2 occurs 2 times in the signed attributes/],
    ['a message-digest attribute with two values', () => [contentType(), signingTime(), attribute(OID.messageDigest, octets(digest), octets(digest))], /^message-digest has 2 values/],
    ['a signing-time attribute with two values', () => [contentType(), attribute(OID.signingTime, time(signedAt()), time(new Date(pki.now.getTime() - 86_400_000))), messageDigest()], /^signing-time has 2 values/]
  ]
  it.each(cases)('%s → duplicate_attribute, not valid', async (_label, attributes, detail) => {
    const cms = signedWith(attributes())
    const report = await verify(cms)
    expect(report.valid).toBe(false)
    expect(report.failures.map((f) => f.code)).toEqual(['duplicate_attribute'])
    expect(report.failures[0]!.detail).toMatch(detail)
    // The signature itself is sound: only the attributes' form is at fault.
    expect(report.signers[0]!.integrity.signature).toBe('valid')
  })

  it('every value of a repeated attribute is held to: a second digest that does not match is content_changed', async () => {
    const other = new Uint8Array(32)
    for (const attributes of [
      [contentType(), signingTime(), messageDigest(), attribute(OID.messageDigest, octets(other))],
      [contentType(), signingTime(), attribute(OID.messageDigest, octets(other), octets(digest))]
    ]) {
      const report = await verify(signedWith(attributes))
      expect(report.failures.map((f) => f.code)).toEqual(['duplicate_attribute', 'content_changed'])
      expect(report.signers[0]!.integrity.messageDigest).toBe('mismatch')
    }
    const types = await verify(signedWith([contentType(), attribute(OID.contentType, oid(OID.signedData)), signingTime(), messageDigest()]))
    expect(types.failures.map((f) => f.code)).toEqual(['duplicate_attribute', 'content_type_mismatch'])
  })

  // «подписанный атрибут … указан более одного раза» did not say which attribute, nor how often.
  it('names the repeated attribute and how many times it occurs or how many values it has', async () => {
    const twice = await verify(signedWith([contentType(), signingTime(), messageDigest(), messageDigest()]))
    expect(twice.failures.map((f) => f.reason)).toEqual([{ rule: 'trust.attribute_repeated', params: { signedAttribute: 'messageDigest', count: 2 } }])
    const thrice = await verify(signedWith([contentType(), signingTime(), messageDigest(), essCertificate(), essCertificate(), essCertificate()]))
    expect(thrice.failures.map((f) => f.reason)).toEqual([{ rule: 'trust.attribute_repeated', params: { signedAttribute: 'signingCertificateV2', count: 3 } }])
    const values = await verify(signedWith([contentType(), attribute(OID.signingTime, time(signedAt()), time(new Date(pki.now.getTime() - 86_400_000))), messageDigest()]))
    expect(values.failures.map((f) => f.reason)).toEqual([{ rule: 'trust.attribute_values_repeated', params: { signedAttribute: 'signingTime', count: 2 } }])
  })

  it('of two signing times none is reported as the signing time', async () => {
    const times = await verify(signedWith([contentType(), signingTime(), signingTime(new Date(pki.now.getTime() - 86_400_000)), messageDigest()]))
    expect(times.signers[0]!.signingTime).toBeNull()
    expect(times.signers[0]!.integrity.messageDigest).toBe('match')
  })
})

// «подпись использует алгоритм, который АРМ не принимает» did not say which algorithm, nor what it was for.
describe('a signature in an algorithm the desk does not check', () => {
  const attributes = (): Der[] => [contentType(), signingTime(), messageDigest()]
  const reasons = async (cms: Uint8Array) => {
    const report = await verify(cms)
    expect(report.valid).toBe(false)
    expect(report.failures.map((f) => f.code)).toEqual(['unsupported_algorithm'])
    return report.failures.map((f) => f.reason)
  }
  const unsupported = (algorithmRole: string, name: string) => [{ rule: 'trust.algorithm_unsupported', params: { algorithmRole, algorithm: name } }]

  it('names a known digest or signature algorithm by its standard name', async () => {
    expect(await reasons(signedWith(attributes(), { digest: '2.16.840.1.101.3.4.2.8' }))).toEqual(unsupported('digest', 'SHA3-256'))
    expect(await reasons(signedWith(attributes(), { signature: algorithm('1.3.101.112') }))).toEqual(unsupported('signature', 'Ed25519'))
  })

  it('names an unknown one by its OID, once though both the digest and the signature need it', async () => {
    expect(await reasons(signedWith(attributes(), { signature: algorithm('1.2.398.99.1') }))).toEqual(unsupported('signature', '1.2.398.99.1'))
    expect(await reasons(signedWith(attributes(), { digest: '1.2.398.99.2', signature: algorithm(OID.rsaEncryption, nul()) }))).toEqual(unsupported('digest', '1.2.398.99.2'))
  })

  it('names RSA-PSS’s mask hash where it differs from the signature’s hash', async () => {
    const pss = algorithm(OID.rsassaPss, seq(ctx(0, algorithm(OID.sha256)), ctx(1, algorithm(OID.mgf1, algorithm(OID.sha1))), ctx(2, int(32))))
    expect(await reasons(signedWith(attributes(), { signature: pss }))).toEqual(unsupported('maskHash', 'SHA-1'))
  })
})

// A signing-certificate-v2 hashing the signer's certificate in an algorithm the desk lacks was reported as
// «сертификат подписавшего не тот» (certificate_hash_mismatch): a forgery, when it was only not checked.
describe('a signing-certificate-v2 in a hash the desk does not check', () => {
  const essIn = (hashOid: string): Der => {
    const cert = certificateOf(pki.rsa.der)
    const issuerSerial = seq(seq(ctx(4, raw(cert.issuerDer))), intBytes(cert.serialBytes))
    return attribute(OID.signingCertificateV2, seq(seq(seq(algorithm(hashOid), octets(new Uint8Array(32)), issuerSerial))))
  }

  it.each([
    ['a known one, by its standard name', '2.16.840.1.101.3.4.2.8', 'SHA3-256'],
    ['an unknown one, by its OID', '1.2.398.3.10.1.3.1', '1.2.398.3.10.1.3.1']
  ])('%s → unsupported_algorithm for the certificate’s hash, the binding not checked', async (_label, hashOid, named) => {
    const report = await verify(signedWith([contentType(), signingTime(), messageDigest(), essIn(hashOid)]))
    expect(report.valid).toBe(false)
    expect(report.failures).toEqual([
      { code: 'unsupported_algorithm', detail: expect.any(String), reason: { rule: 'trust.algorithm_unsupported', params: { algorithmRole: 'certificateHash', algorithm: named } } }
    ])
    expect(report.signers[0]!.certificateHash).toBe('not_checked')
    expect(report.signers[0]!.integrity.signature).toBe('valid')
  })
})
