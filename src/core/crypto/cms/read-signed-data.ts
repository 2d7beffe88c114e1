// Reads a ContentInfo(SignedData) into plain values: pkijs takes care of the BER grammar, and what we check is
// kept as the exact encoded bytes (signed attributes, certificates), because signatures are over those.
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { octetBytes } from './asn1'
import { OID } from './oids'
import { parseCertificate, serialHex, hex, type CertificateInfo } from '../trust/certificate'
import { parseCrl, type CrlInfo } from '../trust/crl'
import { readAlgorithm, type AlgorithmId } from '../trust/signature-algorithm'

export type SignerId = { kind: 'issuerSerial'; issuerDer: Uint8Array; serial: string } | { kind: 'subjectKeyId'; keyId: string }

export interface ReadSignerInfo {
  sid: SignerId
  digestAlgorithm: AlgorithmId
  /** The signed attributes re-tagged as SET OF (0x31): the bytes the signature covers. Null when absent. */
  signedAttributes: Uint8Array | null
  /** attribute type OID → its values, those of every instance in order when the type is (wrongly) repeated */
  attributes: ReadonlyMap<string, asn1js.AsnType[]>
  /** attribute type OID → how many values each of its instances has, in order ([1] when it occurs once, as it should). */
  instances: ReadonlyMap<string, number[]>
  signatureAlgorithm: AlgorithmId
  signature: Uint8Array
}

export interface ReadSignedData {
  contentType: string
  /** The encapsulated content; null for a detached signature. */
  content: Uint8Array | null
  certificates: CertificateInfo[]
  crls: CrlInfo[]
  signers: ReadSignerInfo[]
}

function signerId(sid: unknown): SignerId {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return { kind: 'issuerSerial', issuerDer: new Uint8Array(sid.issuer.valueBeforeDecode), serial: serialHex(new Uint8Array(sid.serialNumber.valueBlock.valueHexView)) }
  }
  // [0] IMPLICIT SubjectKeyIdentifier: pkijs leaves it as a raw context-tagged node.
  const node = sid as asn1js.Primitive
  return { kind: 'subjectKeyId', keyId: hex(new Uint8Array(node.valueBlock.valueHexView)) }
}

function readSigner(info: pkijs.SignerInfo): ReadSignerInfo {
  const attributes = new Map<string, asn1js.AsnType[]>()
  const instances = new Map<string, number[]>()
  let signedAttributes: Uint8Array | null = null
  if (info.signedAttrs) {
    signedAttributes = new Uint8Array(info.signedAttrs.encodedValue.slice(0))
    signedAttributes[0] = 0x31
    for (const a of info.signedAttrs.attributes) {
      attributes.set(a.type, [...(attributes.get(a.type) ?? []), ...(a.values as asn1js.AsnType[])])
      instances.set(a.type, [...(instances.get(a.type) ?? []), a.values.length])
    }
  }
  return {
    sid: signerId(info.sid),
    digestAlgorithm: readAlgorithm(info.digestAlgorithm.toSchema()),
    signedAttributes,
    attributes,
    instances,
    signatureAlgorithm: readAlgorithm(info.signatureAlgorithm.toSchema()),
    signature: new Uint8Array(info.signature.valueBlock.valueHexView)
  }
}

/** Throws on anything that is not a SignedData; the verifier turns that into a `malformed` report. */
export function readSignedData(der: Uint8Array): ReadSignedData {
  const info = pkijs.ContentInfo.fromBER(Uint8Array.from(der))
  if (info.contentType !== OID.signedData) throw new Error(`content type ${info.contentType} is not SignedData`)
  const sd = new pkijs.SignedData({ schema: info.content })
  const eContent = sd.encapContentInfo.eContent
  const certificates: CertificateInfo[] = []
  for (const c of sd.certificates ?? []) {
    if (!(c instanceof pkijs.Certificate)) continue
    try {
      certificates.push(parseCertificate(new Uint8Array(c.toSchema().toBER(false))))
    } catch {
      // A certificate we cannot read cannot vouch for anything; the signer lookup will report it missing.
    }
  }
  const crls: CrlInfo[] = []
  for (const c of sd.crls ?? []) {
    if (c instanceof pkijs.CertificateRevocationList) crls.push(parseCrl(new Uint8Array(c.toSchema().toBER(false))))
  }
  return {
    contentType: sd.encapContentInfo.eContentType,
    content: eContent ? octetBytes(eContent) : null,
    certificates,
    crls,
    signers: sd.signerInfos.map(readSigner)
  }
}
