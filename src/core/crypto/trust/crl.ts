// Certificate revocation lists (RFC 5280 5): parsed with asn1js so the signature is checked on the exact
// tbsCertList bytes, synchronously, by node:crypto.
import * as asn1js from 'asn1js'
import { readAlgorithm, verifySignature, type AlgorithmId } from './signature-algorithm'
import { serialHex, type CertificateInfo, sameBytes } from './certificate'

export interface CrlInfo {
  readonly der: Uint8Array
  readonly issuerDer: Uint8Array
  readonly thisUpdate: Date
  readonly nextUpdate: Date | null
  /** Revoked serials (canonical hex) → revocation date. */
  readonly revoked: ReadonlyMap<string, Date>
  readonly tbs: Uint8Array
  readonly signatureAlgorithm: AlgorithmId
  readonly signature: Uint8Array
}

function toDate(node: asn1js.AsnType): Date {
  if (node instanceof asn1js.UTCTime || node instanceof asn1js.GeneralizedTime) return node.toDate()
  throw new Error('CRL time is neither UTCTime nor GeneralizedTime')
}

const isTime = (n: asn1js.AsnType | undefined): boolean => n instanceof asn1js.UTCTime || n instanceof asn1js.GeneralizedTime

export function parseCrl(der: Uint8Array): CrlInfo {
  const asn = asn1js.fromBER(der)
  if (asn.offset === -1) throw new Error('CRL is not DER')
  const [tbsNode, algNode, sigNode] = (asn.result as asn1js.Sequence).valueBlock.value
  const fields = (tbsNode as asn1js.Sequence).valueBlock.value
  let i = fields[0] instanceof asn1js.Integer ? 1 : 0 // optional version
  i++ // inner signature algorithm
  const issuerDer = new Uint8Array(fields[i++]!.valueBeforeDecodeView)
  const thisUpdate = toDate(fields[i++]!)
  const nextUpdate = isTime(fields[i]) ? toDate(fields[i++]!) : null
  const revoked = new Map<string, Date>()
  const list = fields[i]
  if (list instanceof asn1js.Sequence) {
    for (const entry of list.valueBlock.value) {
      const [serial, date] = (entry as asn1js.Sequence).valueBlock.value
      revoked.set(serialHex(new Uint8Array((serial as asn1js.Integer).valueBlock.valueHexView)), toDate(date!))
    }
  }
  return {
    der,
    issuerDer,
    thisUpdate,
    nextUpdate,
    revoked,
    tbs: new Uint8Array(tbsNode!.valueBeforeDecodeView),
    signatureAlgorithm: readAlgorithm(algNode!),
    signature: new Uint8Array((sigNode as asn1js.BitString).valueBlock.valueHexView)
  }
}

/** A CA's CRLs count only when its key may sign them: no keyUsage, or one with cRLSign (RFC 5280 4.2.1.3, 6.3.3 (f)). */
export const maySignCrls = (ca: CertificateInfo): boolean => !ca.keyUsage || ca.keyUsage.includes('cRLSign')

/** A CRL counts for a CA only when it names the CA as issuer and the CA's key signed it. */
export function issuedBy(crl: CrlInfo, ca: CertificateInfo): boolean {
  if (!sameBytes(crl.issuerDer, ca.subjectDer)) return false
  try {
    return verifySignature(crl.signatureAlgorithm, null, crl.tbs, crl.signature, ca.publicKey)
  } catch {
    return false
  }
}
