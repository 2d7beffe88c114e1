// The demo PKI's certificate issuer: what it makes parses in OpenSSL (node:crypto) and in the desk's own parser,
// every time — a serial or time encoded loosely would fail only now and then, so many are issued here.
import { generateKeyPairSync, X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { issueCertificate, keyIdentifier, publicKeyOf } from '../../../../src/core/crypto/issue/issue-certificate'
import { parseCertificate } from '../../../../src/core/crypto/trust/certificate'

describe('issueCertificate', () => {
  it('issues 300 certificates that all parse, chain to the CA and carry the profile', () => {
    const caKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
    const subject = [['C', 'KZ'], ['CN', 'Test CA']] as const
    const caDer = issueCertificate({ subject, publicKey: publicKeyOf(caKey), notBefore: new Date(0), notAfter: new Date(Date.UTC(2060, 0, 1, 0, 0, 0, 500)), ca: true, usage: ['keyCertSign', 'cRLSign'] }, { subject, key: caKey, keyId: null })
    const ca = new X509Certificate(Buffer.from(caDer))
    expect(ca.ca).toBe(true)
    expect(parseCertificate(caDer).notAfter.toISOString()).toBe('2060-01-01T00:00:00.000Z')
    const issuer = { subject, key: caKey, keyId: keyIdentifier(publicKeyOf(caKey)) }
    const serials = new Set<string>()
    for (let i = 0; i < 300; i++) {
      const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
      const der = issueCertificate({ subject: [['CN', `user ${i}`], ['serialNumber', 'IIN850115300012']], publicKey: publicKeyOf(key), notBefore: new Date(1_700_000_000_123), notAfter: new Date(1_900_000_000_999), ca: false, usage: ['digitalSignature', 'keyAgreement'] }, issuer)
      const cert = new X509Certificate(Buffer.from(der))
      expect(cert.verify(ca.publicKey)).toBe(true)
      expect(cert.checkPrivateKey(key)).toBe(true)
      const info = parseCertificate(der)
      expect(info.keyUsage).toEqual(['digitalSignature', 'keyAgreement'])
      expect(info.authorityKeyId).toBe(parseCertificate(caDer).subjectKeyId)
      serials.add(info.serial)
    }
    expect(serials.size).toBe(300)
  })
})
