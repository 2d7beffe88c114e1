// Checks the ESS signing-certificate attributes (RFC 2634 / RFC 5035): the signed hash of the signer's
// certificate, which stops a substituted certificate with the same key from passing (CAdES-BES).
import { createHash } from 'node:crypto'
import type * as asn1js from 'asn1js'
import { children, encoded, isContext, octetBytes } from './asn1'
import { OID } from './oids'
import { hashName, readAlgorithm, UnsupportedAlgorithmError } from '../trust/signature-algorithm'
import { sameBytes, serialHex, type CertificateInfo } from '../trust/certificate'
import * as asn1 from 'asn1js'

/** 'not_checked': the attribute hashes the certificate in an algorithm the desk lacks (checkSigningCertificate throws). */
export type CertificateHashCheck = 'match' | 'mismatch' | 'absent' | 'not_checked'

/** ESSCertID(v2): certHash, and issuerSerial when present, must name `cert`. */
function idMatches(id: asn1js.AsnType, cert: CertificateInfo, v2: boolean): boolean {
  const fields = children(id)
  let i = 0
  let algorithm = v2 ? 'sha256' : 'sha1'
  if (v2 && fields[0] instanceof asn1.Sequence) algorithm = hashName(readAlgorithm(fields[i++]!).oid, 'certificateHash')
  const certHash = octetBytes(fields[i++]!)
  const digest = new Uint8Array(createHash(algorithm).update(cert.der).digest())
  if (!sameBytes(certHash, digest)) return false
  const issuerSerial = fields[i]
  if (!issuerSerial) return true
  const [names, serial] = children(issuerSerial)
  const directoryNames = children(names).filter((n) => isContext(n, 4))
  const serialOk = serialHex(new Uint8Array((serial as asn1.Integer).valueBlock.valueHexView)) === cert.serial
  const issuerOk = directoryNames.length === 0 || directoryNames.some((n) => sameBytes(encoded(children(n)[0]!), cert.issuerDer))
  return serialOk && issuerOk
}

/**
 * The first ESSCertID names the signing certificate (RFC 5035 5.4); v2 wins over v1 when both are present. Throws
 * UnsupportedAlgorithmError for a hash the desk lacks: that is not a different certificate, only an unchecked one.
 */
export function checkSigningCertificate(attributes: ReadonlyMap<string, asn1js.AsnType[]>, cert: CertificateInfo): Exclude<CertificateHashCheck, 'not_checked'> {
  for (const [type, v2] of [[OID.signingCertificateV2, true], [OID.signingCertificate, false]] as const) {
    const value = attributes.get(type)?.[0]
    if (!value) continue
    const first = children(children(value)[0])[0]
    if (!first) return 'mismatch'
    try {
      return idMatches(first, cert, v2) ? 'match' : 'mismatch'
    } catch (e) {
      if (e instanceof UnsupportedAlgorithmError) throw e
      return 'mismatch'
    }
  }
  return 'absent'
}
