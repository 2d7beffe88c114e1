// One certificate, parsed once into what CMS and chain checks need. Raw issuer/subject Names and the serial's
// INTEGER bytes are kept as encoded, because CMS identifies a certificate by them (IssuerAndSerialNumber) and
// byte comparison is what OpenSSL does too.
import { createHash, X509Certificate as NodeCertificate, type KeyObject } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { identityOf, nameAttributes, nameToString, type SubjectIdentity } from './identity'

/** keyUsage bits in BIT STRING order (RFC 5280 4.2.1.3). */
export const KEY_USAGES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'] as const
export type KeyUsage = (typeof KEY_USAGES)[number]

/**
 * The extended key usages (RFC 5280 4.2.1.12) a refusal names by name, for the screens to word; others by their OID.
 * The NCA RK (ҰКО / НУЦ РК) puts its own purposes under 1.2.398.3.3.4.1 in the same extension: who the holder is
 * and what they may sign for a legal entity (the NCA RK's rules as amended by order No. 383/НҚ of 13.10.2020, adilet V2000021440).
 */
export const EXTENDED_KEY_USAGES = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: '2.5.29.37.0',
  ncaIndividual: '1.2.398.3.3.4.1.1',
  ncaLegalEntity: '1.2.398.3.3.4.1.2',
  ncaFirstHead: '1.2.398.3.3.4.1.2.1',
  ncaSigningRight: '1.2.398.3.3.4.1.2.2',
  ncaFinancialSigningRight: '1.2.398.3.3.4.1.2.3',
  ncaHumanResources: '1.2.398.3.3.4.1.2.4',
  ncaEmployee: '1.2.398.3.3.4.1.2.5'
} as const

/** A certificate's usages as a refusal names them (`keyUsage`, `extendedKeyUsage`): joined by ', '; NO_USAGE_LIMIT without the extension. */
export const NO_USAGE_LIMIT = 'any'
export function usagesNamed(c: Pick<CertificateInfo, 'keyUsage' | 'extendedKeyUsage'>): { keyUsage: string; extendedKeyUsage: string } {
  const names = new Map<string, string>(Object.entries(EXTENDED_KEY_USAGES).map(([name, oid]) => [oid, name]))
  return {
    keyUsage: c.keyUsage?.join(', ') ?? NO_USAGE_LIMIT,
    extendedKeyUsage: c.extendedKeyUsage?.map((oid) => names.get(oid) ?? oid).join(', ') ?? NO_USAGE_LIMIT
  }
}

export interface CertificateInfo {
  readonly der: Uint8Array
  readonly subject: string
  readonly issuer: string
  /** DER of the subject and issuer Names, as encoded in the certificate. */
  readonly subjectDer: Uint8Array
  readonly issuerDer: Uint8Array
  /** The serial's INTEGER content bytes, as encoded (two's complement, maybe a leading 00). */
  readonly serialBytes: Uint8Array
  /** The serial in upper-case hex without leading zeros: the form shown and compared. */
  readonly serial: string
  readonly notBefore: Date
  readonly notAfter: Date
  readonly sha256: Uint8Array
  readonly fingerprint: string
  readonly subjectKeyId: string | null
  readonly authorityKeyId: string | null
  /** basicConstraints cA; false when the extension is absent. */
  readonly isCa: boolean
  readonly pathLength: number | null
  /** Null when the certificate has no keyUsage extension (then any use is allowed, RFC 5280 4.2.1.3). */
  readonly keyUsage: readonly KeyUsage[] | null
  /** extendedKeyUsage purpose OIDs; null when the certificate has no such extension (then any purpose). */
  readonly extendedKeyUsage: readonly string[] | null
  readonly identity: SubjectIdentity
  readonly publicKey: KeyObject
  /** node:crypto's view, for signature checks OpenSSL does (RSA, RSA-PSS, ECDSA). */
  readonly native: NodeCertificate
}

const EXT = { keyUsage: '2.5.29.15', extKeyUsage: '2.5.29.37', basicConstraints: '2.5.29.19', subjectKeyId: '2.5.29.14', authorityKeyId: '2.5.29.35' } as const

/** The key usages a document-signing key has one of (RFC 5280 4.2.1.3). */
const SIGNING_KEY_USAGES: readonly KeyUsage[] = ['digitalSignature', 'nonRepudiation']
/** id-kp-emailProtection (S/MIME and CMS signing, NCA RK signing keys) and anyExtendedKeyUsage. */
const SIGNING_PURPOSES = ['emailProtection', 'anyExtendedKeyUsage'] as const
const EKU_DOCUMENT_SIGNING: readonly string[] = SIGNING_PURPOSES.map((name) => EXTENDED_KEY_USAGES[name])

/** What signsDocuments asks of a key, as a refusal names it: one of `keyUsageNeeded`, and of `extendedKeyUsageNeeded` when purposes are listed. */
export const SIGNING_USAGES_NEEDED = { keyUsageNeeded: SIGNING_KEY_USAGES.join(', '), extendedKeyUsageNeeded: SIGNING_PURPOSES.join(', ') } as const

/**
 * May this certificate's key sign documents? keyUsage digitalSignature or nonRepudiation, and, when the
 * certificate limits its purposes (RFC 5280 4.2.1.12), emailProtection or any purpose among them: an
 * authentication-only key (clientAuth, NCA RK's AUTH certificates) does not sign. `openssl cms -verify` agrees.
 */
export function signsDocuments(c: Pick<CertificateInfo, 'keyUsage' | 'extendedKeyUsage'>): boolean {
  const usage = c.keyUsage === null || c.keyUsage.some((u) => SIGNING_KEY_USAGES.includes(u))
  const purpose = c.extendedKeyUsage === null || c.extendedKeyUsage.some((p) => EKU_DOCUMENT_SIGNING.includes(p))
  return usage && purpose
}

function keyUsageOf(ext: pkijs.Extension | undefined): KeyUsage[] | null {
  if (!ext) return null
  const bits = new Uint8Array((ext.parsedValue as asn1js.BitString).valueBlock.valueHexView)
  return KEY_USAGES.filter((_, i) => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0)
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase()

/** Serial content bytes → canonical hex (no leading zero bytes), so 00 A1 and A1 compare equal. */
export function serialHex(content: Uint8Array): string {
  let i = 0
  while (i < content.length - 1 && content[i] === 0) i++
  return hex(content.subarray(i))
}

function rawBytes(node: asn1js.AsnType): Uint8Array {
  return new Uint8Array(node.valueBeforeDecodeView)
}

/** Parses a DER certificate; throws on anything that is not one. */
const parsed = new WeakMap<Uint8Array, CertificateInfo>()

/**
 * parseCertificate, remembered per DER buffer: a signer's certificate is the same buffer for every signature
 * it makes, and parsing costs more than the rest of a small CMS signature.
 */
export function certificateOf(der: Uint8Array): CertificateInfo {
  let info = parsed.get(der)
  if (!info) parsed.set(der, (info = parseCertificate(der)))
  return info
}

export function parseCertificate(der: Uint8Array): CertificateInfo {
  const asn = asn1js.fromBER(der)
  if (asn.offset === -1) throw new Error('certificate is not DER')
  const tbs = (asn.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence
  const fields = tbs.valueBlock.value
  const base = fields[0]!.idBlock.tagClass === 3 && fields[0]!.idBlock.tagNumber === 0 ? 1 : 0
  const serial = fields[base] as asn1js.Integer
  const issuerNode = fields[base + 2]!
  const subjectNode = fields[base + 4]!
  const cert = new pkijs.Certificate({ schema: asn.result })
  const native = new NodeCertificate(der)
  const serialBytes = new Uint8Array(serial.valueBlock.valueHexView)
  const ext = (id: string): pkijs.Extension | undefined => cert.extensions?.find((e) => e.extnID === id)
  const bc = ext(EXT.basicConstraints)?.parsedValue as pkijs.BasicConstraints | undefined
  const ski = ext(EXT.subjectKeyId)?.parsedValue as asn1js.OctetString | undefined
  const aki = ext(EXT.authorityKeyId)?.parsedValue as pkijs.AuthorityKeyIdentifier | undefined
  const pathLength = bc?.pathLenConstraint === undefined ? null : typeof bc.pathLenConstraint === 'number' ? bc.pathLenConstraint : bc.pathLenConstraint.valueBlock.valueDec
  const sha256 = new Uint8Array(createHash('sha256').update(der).digest())
  return {
    der,
    subject: nameToString(cert.subject),
    issuer: nameToString(cert.issuer),
    subjectDer: rawBytes(subjectNode),
    issuerDer: rawBytes(issuerNode),
    serialBytes,
    serial: serialHex(serialBytes),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    sha256,
    fingerprint: hex(sha256),
    subjectKeyId: ski ? hex(new Uint8Array(ski.valueBlock.valueHexView)) : null,
    authorityKeyId: aki?.keyIdentifier ? hex(new Uint8Array(aki.keyIdentifier.valueBlock.valueHexView)) : null,
    isCa: bc?.cA ?? false,
    pathLength,
    keyUsage: keyUsageOf(ext(EXT.keyUsage)),
    extendedKeyUsage: (ext(EXT.extKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? null,
    identity: identityOf(nameAttributes(cert.subject)),
    publicKey: native.publicKey,
    native
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
}
