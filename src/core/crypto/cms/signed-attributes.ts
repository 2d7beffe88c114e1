// The signed attributes of a CAdES-BES signature (ETSI EN 319 122-1 5.2): content-type, message-digest,
// signing-time and signing-certificate-v2, which binds the signer's certificate into what is signed.
import { createHash } from 'node:crypto'
import { ctx, octets, oid, raw, seq, setOf, tlv, time, intBytes, toBytes, type Der } from './der'
import { OID } from './oids'
import type { CertificateInfo } from '../trust/certificate'

const attribute = (type: string, value: Der): Der => seq(oid(type), setOf(value))

/**
 * ESSCertIDv2 with hashAlgorithm omitted (SHA-256 is its DEFAULT, and DER leaves DEFAULT values out) and
 * issuerSerial naming the certificate's issuer as a directoryName GeneralName ([4] EXPLICIT Name).
 */
export function signingCertificateV2(cert: CertificateInfo): Der {
  const certHash = createHash('sha256').update(cert.der).digest()
  const issuerSerial = seq(seq(ctx(4, raw(cert.issuerDer))), intBytes(cert.serialBytes))
  return seq(seq(seq(octets(certHash), issuerSerial)))
}

/** The SET OF signed attributes, DER-sorted: these exact bytes are what the signer signs. */
export function signedAttributes(params: { messageDigest: Uint8Array; signingTime: Date; certificate: CertificateInfo }): Uint8Array {
  return toBytes(
    setOf(
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.signingTime, time(params.signingTime)),
      attribute(OID.messageDigest, octets(params.messageDigest)),
      attribute(OID.signingCertificateV2, signingCertificateV2(params.certificate))
    )
  )
}

/** In a SignerInfo the same attributes are [0] IMPLICIT: same content, context tag instead of SET. */
export function asImplicitTag0(setBytes: Uint8Array): Der {
  return tlv(0xa0, setBytes.subarray(1 + headerLengthSize(setBytes)))
}

function headerLengthSize(bytes: Uint8Array): number {
  const first = bytes[1]!
  return first < 0x80 ? 1 : 1 + (first & 0x7f)
}
