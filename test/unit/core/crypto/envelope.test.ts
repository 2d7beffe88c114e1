import { beforeAll, describe, expect, it } from 'vitest'
import { envelopeCms } from '../../../../src/core/crypto/cms/envelope'
import { CmsDecryptError, decryptCms } from '../../../../src/core/crypto/cms/decrypt'
import { TrustStore } from '../../../../src/core/crypto/trust/trust-store'
import { createTestPki, type Issued, type TestPki } from '../../../support/test-pki'

let pki: TestPki
beforeAll(async () => {
  pki = await createTestPki()
}, 60_000)

const content = new TextEncoder().encode('camt.053 statement, confidential (R14.1)\n'.repeat(50))

describe('envelopeCms / decryptCms', () => {
  const groups: [string, () => Issued[]][] = [
    ['one RSA recipient', () => [pki.rsa]],
    ['one EC recipient', () => [pki.ec]],
    ['two recipients, RSA and EC', () => [pki.rsa, pki.ec]],
    ['three recipients, RSA, EC, RSA', () => [pki.rsa, pki.ec2, pki.rsa2]]
  ]
  for (const [name, recipients] of groups) {
    it(`${name}: each recipient decrypts`, async () => {
      const env = await envelopeCms({ content, recipients: recipients().map((r) => r.der) })
      expect(Buffer.from(env).indexOf(Buffer.from(content.subarray(0, 32)))).toBe(-1)
      for (const r of recipients()) expect(Buffer.from(await decryptCms({ cms: env, signer: r.signer })).equals(Buffer.from(content))).toBe(true)
    })
  }

  it('SHA-256 OAEP when asked', async () => {
    const env = await envelopeCms({ content, recipients: [pki.rsa.der], oaepHash: 'SHA-256' })
    expect(Buffer.from(await decryptCms({ cms: env, signer: pki.rsa.signer })).equals(Buffer.from(content))).toBe(true)
  })

  it('empty and large content round-trip', async () => {
    for (const data of [new Uint8Array(0), new Uint8Array(1_000_003).fill(7)]) {
      const env = await envelopeCms({ content: data, recipients: [pki.ec.der] })
      expect(Buffer.from(await decryptCms({ cms: env, signer: pki.ec.signer })).equals(Buffer.from(data))).toBe(true)
    }
  })

  it('someone not addressed → not_a_recipient', async () => {
    const env = await envelopeCms({ content, recipients: [pki.rsa.der, pki.ec.der] })
    await expect(decryptCms({ cms: env, signer: pki.rsa2.signer })).rejects.toMatchObject({ code: 'not_a_recipient' })
    await expect(decryptCms({ cms: env, signer: pki.ec2.signer })).rejects.toBeInstanceOf(CmsDecryptError)
  })

  it('an EC recipient whose signer cannot do ECDH → key_agreement_unsupported', async () => {
    const env = await envelopeCms({ content, recipients: [pki.ec.der] })
    const tokenLike = { certificate: pki.ec.signer.certificate, sign: pki.ec.signer.sign.bind(pki.ec.signer), decryptKey: pki.ec.signer.decryptKey.bind(pki.ec.signer) }
    await expect(decryptCms({ cms: env, signer: tokenLike })).rejects.toMatchObject({ code: 'key_agreement_unsupported' })
  })

  it('a changed ciphertext byte fails or changes the plaintext, never passes silently as the original', async () => {
    const env = await envelopeCms({ content, recipients: [pki.rsa.der] })
    const tampered = env.slice()
    tampered[tampered.length - 20]! ^= 0x01
    const result = await decryptCms({ cms: tampered, signer: pki.rsa.signer }).catch((e: CmsDecryptError) => e)
    if (result instanceof CmsDecryptError) expect(result.code).toBe('decryption_failed')
    else expect(Buffer.from(result).equals(Buffer.from(content))).toBe(false)
  })

  it('garbage → malformed', async () => {
    await expect(decryptCms({ cms: new Uint8Array([0x30, 0x03, 1, 2, 3]), signer: pki.rsa.signer })).rejects.toMatchObject({ code: 'malformed' })
  })
})

describe('TrustStore', () => {
  it('imports PEM and DER, lists subject, validity and fingerprint, without duplicates', () => {
    const store = new TrustStore()
    store.addCertificates(pki.root.pem + pki.foreignRoot.pem)
    store.addCertificates(pki.root.der)
    const list = store.list()
    expect(list).toHaveLength(2)
    const root = list.find((c) => c.subject.startsWith('CN=Test Root CA'))!
    expect(root.subject).toBe('CN=Test Root CA, O=Payment System Operator, C=KZ')
    expect(root.isCa).toBe(true)
    expect(root.fingerprint).toMatch(/^[0-9A-F]{64}$/)
    expect(root.notBefore.getTime()).toBeLessThan(root.notAfter.getTime())
    expect(store.remove(root.fingerprint)).toBe(true)
    expect(store.list()).toHaveLength(1)
  })

  it('an anchor that did not issue the certificate gives no path → untrusted_chain', async () => {
    const { parseCertificate } = await import('../../../../src/core/crypto/trust/certificate')
    const store = new TrustStore()
    store.addCertificates(pki.rsa.der) // an end-entity certificate wrongly trusted as an anchor
    const leaf = parseCertificate(pki.rsa2.der)
    const result = store.validate(leaf, { validAt: pki.now, revokedBy: pki.now })
    expect(result.trusted).toBe(false) // rsa did not sign rsa2: no path
    expect(result.failures.map((f) => f.code)).toEqual(['untrusted_chain'])
  })
})
