// commonNameIn reads the holder's name back from a subject as the desk writes it (nameToString): a comma, plus
// or backslash inside a value is escaped there with a backslash and belongs to the value, not to the next field.
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { issueCertificate, publicKeyOf, type NameAttribute } from '../../../../src/core/crypto/issue/issue-certificate'
import { parseCertificate } from '../../../../src/core/crypto/trust/certificate'
import { commonNameIn } from '../../../../src/core/crypto/trust/identity'

describe('commonNameIn', () => {
  it('reads a plain CN wherever it stands', () => {
    expect(commonNameIn('C=KZ, O=Payment System Operator (demo), CN=Marat Abenov')).toBe('Marat Abenov')
    expect(commonNameIn('CN=Test Root CA, O=Payment System Operator, C=KZ')).toBe('Test Root CA')
    expect(commonNameIn('C=KZ, O=Settlement Bank (demo)')).toBeNull()
  })

  it('keeps an escaped comma in the name: the full common name, not its first part', () => {
    expect(commonNameIn('CN=Doe\\, John,O=Bank')).toBe('Doe, John')
    expect(commonNameIn('C=KZ, O=Bank, CN=Doe\\, John')).toBe('Doe, John')
  })

  it('undoes the other escapes and is not misled by "CN=" inside another value', () => {
    expect(commonNameIn('CN=A\\+B \\"Q\\" \\\\ \\<x\\>\\;, C=KZ')).toBe('A+B "Q" \\ <x>;')
    expect(commonNameIn('C=KZ, O=Bank\\, CN=Evil, CN=Real Name')).toBe('Real Name')
    expect(commonNameIn('O=Bank\\, CN=Evil')).toBeNull()
  })

  it('gives back the CN of a certificate whose name has a comma, as its subject reads', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
    const subject: [NameAttribute, string][] = [['C', 'KZ'], ['O', 'Bank, "Central" + Co'], ['CN', 'Doe, John']]
    const der = issueCertificate({ subject, publicKey: publicKeyOf(key), notBefore: new Date(0), notAfter: new Date(Date.UTC(2060, 0, 1)), ca: false, usage: ['digitalSignature'] }, { subject, key, keyId: null })
    const info = parseCertificate(der)
    expect(info.subject).toBe('C=KZ, O=Bank\\, \\"Central\\" \\+ Co, CN=Doe\\, John')
    expect(commonNameIn(info.subject)).toBe('Doe, John')
    expect(commonNameIn(info.subject)).toBe(info.identity.commonName)
  })
})
