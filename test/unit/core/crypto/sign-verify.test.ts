import { createHash, sign as cryptoSign } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSignedData } from '../../../../src/core/crypto/cms/read-signed-data'
import { signCms } from '../../../../src/core/crypto/cms/sign'
import { verifyCms } from '../../../../src/core/crypto/cms/verify'
import { TrustStore } from '../../../../src/core/crypto/trust/trust-store'
import type { SignatureScheme } from '../../../../src/core/crypto/signer'
import { createTestPki, type Issued, type TestPki } from '../../../support/test-pki'

let pki: TestPki
let trust: TrustStore
const content = new TextEncoder().encode('pacs.008 payment message: 150 000.00 KZT to KZ86125KZT5004100100\n')

beforeAll(async () => {
  pki = await createTestPki()
  trust = new TrustStore()
  trust.addCertificates(pki.root.pem)
  trust.addCrls(pki.crlPem)
}, 60_000)

const signingTime = (): Date => new Date(pki.now.getTime() - 60_000)
const sign = (who: Issued, detached: boolean, scheme?: SignatureScheme, data = content): Promise<Uint8Array> => signCms({ content: data, detached, signer: who.signer, signingTime: signingTime(), ...(scheme ? { scheme } : {}) })
const verify = (cms: Uint8Array, data?: Uint8Array) => verifyCms({ cms, ...(data ? { content: data } : {}), trust, at: pki.now })
const codes = (r: { failures: { code: string }[] }): string[] => r.failures.map((f) => f.code)

describe('signCms / verifyCms round trips', () => {
  const cases: [string, () => Issued, SignatureScheme][] = [
    ['RSA PKCS#1 v1.5', () => pki.rsa, 'RSASSA-PKCS1-v1_5'],
    ['RSA-PSS', () => pki.rsa, 'RSA-PSS'],
    ['ECDSA P-256', () => pki.ec, 'ECDSA']
  ]
  for (const [name, who, scheme] of cases) {
    for (const detached of [true, false]) {
      it(`${name}, ${detached ? 'detached' : 'attached'}: valid with a full report`, async () => {
        const cms = await sign(who(), detached, scheme)
        const report = await verify(cms, detached ? content : undefined)
        expect(codes(report)).toEqual([])
        expect(report.valid).toBe(true)
        expect(report.detached).toBe(detached)
        const s = report.signers[0]!
        expect(s.integrity).toEqual({ messageDigest: 'match', signature: 'valid' })
        expect(s.certificateHash).toBe('match')
        expect(s.keyUsage).toBe('ok')
        expect(s.signingTime?.getTime()).toBe(Math.floor(signingTime().getTime() / 1000) * 1000)
        expect(s.chain?.trusted).toBe(true)
        expect(s.chain?.links).toHaveLength(2)
        expect(s.chain?.links[0]!.revocation.status).toBe('good')
        expect(s.chain?.links[1]!.isTrustAnchor).toBe(true)
        expect(s.certificate?.serial).toBe(who().serial.toUpperCase().replace(/^0+/, ''))
        expect(s.signer?.organisation).toBe('Test Bank JSC')
        expect(s.signer?.bin).toBe('987654321098')
        expect(s.signer?.iin).toMatch(/^\d{12}$/)
      })
    }
  }

  it('reads the signer identity, including a Cyrillic CN', async () => {
    const report = await verify(await sign(pki.ec, true), content)
    expect(report.signers[0]!.signer).toEqual({ commonName: 'Akhmetov Ержан', iin: '900303300789', bin: '987654321098', organisation: 'Test Bank JSC' })
  })

  it('hashes streamed content the same as bytes (detached)', async () => {
    async function* chunks(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < content.length; i += 7) yield content.subarray(i, i + 7)
    }
    const cms = await signCms({ content: chunks(), detached: true, signer: pki.rsa.signer, signingTime: signingTime() })
    expect((await verify(cms, content)).valid).toBe(true)
    const streamed = await verifyCms({ cms, content: chunks(), trust, at: pki.now })
    expect(streamed.valid).toBe(true)
  })

  it('refuses a scheme that does not fit the key', async () => {
    await expect(sign(pki.ec, true, 'RSA-PSS')).rejects.toThrow(/does not fit/)
  })
})

describe('verifyCms failures', () => {
  it('one changed content byte → content_changed (detached and attached)', async () => {
    const changed = content.slice()
    changed[10]! ^= 0x01
    const detached = await verify(await sign(pki.rsa, true), changed)
    expect(detached.valid).toBe(false)
    expect(codes(detached)).toEqual(['content_changed'])
    expect(detached.signers[0]!.integrity.messageDigest).toBe('mismatch')

    const attached = await sign(pki.rsa, false)
    const at = Buffer.from(attached).indexOf(Buffer.from(content))
    expect(at).toBeGreaterThan(0)
    const tampered = attached.slice()
    tampered[at + 10]! ^= 0x01
    expect(codes(await verify(tampered))).toEqual(['content_changed'])
  })

  it('one changed signature byte → signature_invalid', async () => {
    for (const who of [pki.rsa, pki.ec]) {
      const cms = await sign(who, true)
      // The signature is the last OCTET STRING of the SignerInfo, the end of the CMS: flip a byte inside it.
      const tampered = cms.slice()
      tampered[tampered.length - 5]! ^= 0x01
      const report = await verify(tampered, content)
      expect(report.valid).toBe(false)
      expect(codes(report)).toContain('signature_invalid')
      expect(report.signers[0]!.integrity.signature).toBe('invalid')
    }
  })

  it('a certificate from another CA → untrusted_chain', async () => {
    const report = await verify(await sign(pki.foreign, true), content)
    expect(codes(report)).toEqual(['untrusted_chain'])
    expect(report.signers[0]!.chain?.trusted).toBe(false)
    expect(report.signers[0]!.integrity.signature).toBe('valid')
  })

  it('a certificate expired at the signing time → expired; not yet valid → not_yet_valid', async () => {
    expect(codes(await verify(await sign(pki.expired, true), content))).toEqual(['expired'])
    const early = await signCms({ content, detached: true, signer: pki.rsa.signer, signingTime: new Date(pki.now.getTime() - 60 * 86_400_000) })
    expect(codes(await verify(early, content))).toEqual(['not_yet_valid'])
  })

  it('a certificate on the CA CRL → revoked; the same certificate without the CRL is not', async () => {
    const cms = await sign(pki.revoked, true)
    const report = await verify(cms, content)
    expect(codes(report)).toEqual(['revoked'])
    expect(report.signers[0]!.chain?.links[0]!.revocation.status).toBe('revoked')
    const noCrl = new TrustStore()
    noCrl.addCertificates(pki.root.der)
    const unchecked = await verifyCms({ cms, content, trust: noCrl, at: pki.now })
    expect(unchecked.valid).toBe(true)
    expect(unchecked.signers[0]!.chain?.links[0]!.revocation.status).toBe('unknown')
  })

  it('a certificate without digitalSignature/nonRepudiation → wrong_key_usage', async () => {
    const report = await verify(await sign(pki.noSigning, true), content)
    expect(codes(report)).toEqual(['wrong_key_usage'])
    expect(report.signers[0]!.keyUsage).toBe('wrong')
  })

  it('a signing-certificate-v2 naming another certificate → certificate_hash_mismatch', async () => {
    const forged = forgeCertificateHash(await sign(pki.rsa, true), pki.rsa, pki.rsa2)
    const report = await verify(forged, content)
    expect(codes(report)).toEqual(['certificate_hash_mismatch'])
    expect(report.signers[0]!.integrity.signature).toBe('valid')
    expect(report.signers[0]!.certificateHash).toBe('mismatch')
  })

  // Each of these read by its code's words alone («время подписания — в будущем»): what exactly failed is data of the failure.
  it('names the certificate whose key the signature does not verify with, and the one a signing-certificate attribute does not name', async () => {
    const cms = await sign(pki.rsa, true)
    const tampered = cms.slice()
    tampered[tampered.length - 5]! ^= 0x01
    const subject = (await verify(cms, content)).signers[0]!.certificate!.subject
    expect((await verify(tampered, content)).failures).toEqual([
      { code: 'signature_invalid', detail: expect.any(String), reason: { rule: 'trust.signature_not_of_key', params: { certificate: subject } } }
    ])
    const forged = await verify(forgeCertificateHash(cms, pki.rsa, pki.rsa2), content)
    expect(forged.failures).toEqual([
      { code: 'certificate_hash_mismatch', detail: expect.any(String), reason: { rule: 'trust.signing_certificate_differs', params: { certificate: subject, serial: forged.signers[0]!.certificate!.serial } } }
    ])
  })

  it('a signing time ahead of the desk’s clock → signing_time_in_future with both moments; within five minutes it is not', async () => {
    const ahead = new Date(Math.floor(pki.now.getTime() / 1000) * 1000 + 3_600_000)
    const report = await verify(await signCms({ content, detached: true, signer: pki.rsa.signer, signingTime: ahead }), content)
    expect(report.failures).toEqual([
      { code: 'signing_time_in_future', detail: expect.any(String), reason: { rule: 'trust.signing_time_ahead', params: { signingAt: ahead.getTime(), checkedAt: pki.now.getTime() } } }
    ])
    const skewed = await signCms({ content, detached: true, signer: pki.rsa.signer, signingTime: new Date(pki.now.getTime() + 60_000) })
    expect((await verify(skewed, content)).valid).toBe(true)
  })

  it('a detached signature without content → content_missing', async () => {
    expect(codes(await verify(await sign(pki.rsa, true)))).toEqual(['content_missing'])
  })

  it('garbage and truncated input → malformed, never a throw', async () => {
    const cms = await sign(pki.rsa, true)
    for (const bad of [new Uint8Array(0), new Uint8Array([1, 2, 3]), cms.subarray(0, cms.length - 40), new TextEncoder().encode('-----BEGIN PKCS7-----')]) {
      const report = await verify(bad, content)
      expect(report.valid).toBe(false)
      expect(codes(report)).toContain('malformed')
    }
  })
})

/**
 * The signer's own key re-signs attributes whose signing-certificate-v2 hash names `other`: the signature stays
 * valid, only the certificate binding is wrong (a substituted-certificate attack).
 */
function forgeCertificateHash(cms: Uint8Array, who: Issued, other: Issued): Uint8Array {
  const out = Buffer.from(cms)
  const hash = (d: Uint8Array): Buffer => createHash('sha256').update(d).digest()
  const at = out.indexOf(hash(who.der))
  expect(at).toBeGreaterThan(0)
  hash(other.der).copy(out, at)
  const signer = readSignedData(new Uint8Array(out)).signers[0]!
  const signed = signer.signedAttributes!
  const resigned = cryptoSign('sha256', signed, who.key)
  expect(resigned.length).toBe(signer.signature.length)
  resigned.copy(out, out.lastIndexOf(Buffer.from(signer.signature)))
  return new Uint8Array(out)
}
