// Issues X.509 certificates with a key held in this process: the demo database's own small PKI (an operator CA
// and a certificate for each member of staff), so signing and encryption work on a machine without a token.
// Synchronous (asn1js + node:crypto) so the demo seed stays one transaction. A production desk never issues
// certificates: its staff's come from the CA on their tokens.
import { createHash, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto'
import * as asn1js from 'asn1js'

const OID = {
  CN: '2.5.4.3', serialNumber: '2.5.4.5', C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11',
  basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', subjectKeyId: '2.5.29.14', authorityKeyId: '2.5.29.35',
  sha256WithRsa: '1.2.840.113549.1.1.11', ecdsaWithSha256: '1.2.840.10045.4.3.2'
} as const

export type NameAttribute = 'C' | 'O' | 'OU' | 'CN' | 'serialNumber'
export type CertificateUsage = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign'
const USAGE_BIT: Record<CertificateUsage, number> = { digitalSignature: 0, nonRepudiation: 1, keyEncipherment: 2, keyAgreement: 4, keyCertSign: 5, cRLSign: 6 }

export interface CertificateProfile {
  /** Most significant first, e.g. [['C', 'KZ'], ['O', '…'], ['CN', '…']]. */
  subject: readonly (readonly [NameAttribute, string])[]
  publicKey: KeyObject
  notBefore: Date
  notAfter: Date
  ca: boolean
  usage: readonly CertificateUsage[]
}

export interface Issuer {
  subject: readonly (readonly [NameAttribute, string])[]
  key: KeyObject
  /** SubjectKeyIdentifier of the issuer's certificate; null for a self-signed one (its own is used). */
  keyId: Uint8Array | null
}

const name = (subject: CertificateProfile['subject']): asn1js.Sequence =>
  new asn1js.Sequence({
    value: subject.map(([type, value]) => {
      const text = type === 'C' || type === 'serialNumber' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value })
      return new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID[type] }), text] })] })
    })
  })

// RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime after; whole seconds (no fractions in DER profiles).
const time = (d: Date): asn1js.UTCTime | asn1js.GeneralizedTime => {
  const seconds = new Date(Math.floor(d.getTime() / 1000) * 1000)
  return seconds.getUTCFullYear() < 2050 ? new asn1js.UTCTime({ valueDate: seconds }) : new asn1js.GeneralizedTime({ valueDate: seconds })
}

const extension = (oid: string, critical: boolean, value: asn1js.BaseBlock): asn1js.Sequence =>
  new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: oid }), ...(critical ? [new asn1js.Boolean({ value: true })] : []), new asn1js.OctetString({ valueHex: value.toBER() })]
  })

function keyUsageBits(usage: readonly CertificateUsage[]): asn1js.BitString {
  let bits = 0
  for (const u of usage) bits |= 0x80 >> USAGE_BIT[u]
  // DER: the unused trailing bits are counted and zero.
  let unused = 0
  while (unused < 7 && !(bits & (1 << unused))) unused++
  return new asn1js.BitString({ valueHex: new Uint8Array([bits]), unusedBits: unused })
}

/** The key identifier RFC 5280 4.2.1.2 (1) describes: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicKey: KeyObject): Uint8Array {
  const spki = asn1js.fromBER(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })))
  const bits = (spki.result as asn1js.Sequence).valueBlock.value[1] as asn1js.BitString
  return new Uint8Array(createHash('sha1').update(bits.valueBlock.valueHexView).digest())
}

function algorithmOf(key: KeyObject): asn1js.Sequence {
  return key.asymmetricKeyType === 'ec'
    ? new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.ecdsaWithSha256 })] })
    : new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sha256WithRsa }), new asn1js.Null()] })
}

/** Returns the certificate's DER, signed by the issuer's key (SHA-256 with RSA or ECDSA). */
export function issueCertificate(profile: CertificateProfile, issuer: Issuer): Uint8Array {
  const serial = randomBytes(16)
  // Positive and minimal in DER: the top bit clear, the first byte never zero.
  serial[0] = (serial[0]! & 0x3f) | 0x40
  const subjectKeyId = keyIdentifier(profile.publicKey)
  const authorityKeyId = issuer.keyId ?? subjectKeyId
  const signatureAlgorithm = algorithmOf(issuer.key)
  const spki = asn1js.fromBER(new Uint8Array(profile.publicKey.export({ type: 'spki', format: 'der' }))).result
  const extensions = [
    extension(OID.basicConstraints, true, new asn1js.Sequence({ value: profile.ca ? [new asn1js.Boolean({ value: true })] : [] })),
    extension(OID.keyUsage, true, keyUsageBits(profile.usage)),
    extension(OID.subjectKeyId, false, new asn1js.OctetString({ valueHex: subjectKeyId })),
    extension(OID.authorityKeyId, false, new asn1js.Sequence({ value: [new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: authorityKeyId })] }))
  ]
  const tbs = new asn1js.Sequence({
    value: [
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Integer({ value: 2 })] }),
      new asn1js.Integer({ valueHex: serial }),
      signatureAlgorithm,
      name(issuer.subject),
      new asn1js.Sequence({ value: [time(profile.notBefore), time(profile.notAfter)] }),
      name(profile.subject),
      spki,
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 3 }, value: [new asn1js.Sequence({ value: extensions })] })
    ]
  })
  const tbsDer = new Uint8Array(tbs.toBER())
  const signature = issuer.key.asymmetricKeyType === 'ec' ? sign('sha256', tbsDer, { key: issuer.key, dsaEncoding: 'der' }) : sign('sha256', tbsDer, issuer.key)
  const certificate = new asn1js.Sequence({ value: [tbs, algorithmOf(issuer.key), new asn1js.BitString({ valueHex: signature })] })
  return new Uint8Array(certificate.toBER())
}

/** The public half of a private key. */
export const publicKeyOf = (privateKey: KeyObject): KeyObject => createPublicKey(privateKey)
