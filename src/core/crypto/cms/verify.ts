// Verifies a CMS SignedData and reports every check: integrity (message digest, signature), the ESS certificate
// binding, the chain to the trust store with validity at the signing time and revocation, and the signer's key
// usage. A bad or garbled signature yields a report with named failures; this function does not throw for it.
import * as asn1js from 'asn1js'
import { collect, digest, type Content } from './content'
import { checkSigningCertificate } from './ess'
import { OID } from './oids'
import { readSignedData, type ReadSignedData, type ReadSignerInfo } from './read-signed-data'
import { malformedReport, type SignedAttribute, type SignerReport, type VerificationFailure, type VerificationReport } from './report'
import { octetBytes, timeValue } from './asn1'
import { algorithmName, hashName, UnsupportedAlgorithmError, verifySignature } from '../trust/signature-algorithm'
import { sameBytes, SIGNING_USAGES_NEEDED, signsDocuments, usagesNamed, type CertificateInfo } from '../trust/certificate'
import type { TrustStore } from '../trust/trust-store'
import { chainReason } from '../trust/untrusted'

export interface VerifyCmsParams {
  cms: Uint8Array
  /** The signed content for a detached signature (ignored when the CMS carries its own). */
  content?: Content
  trust: TrustStore
  /** The verification time, from the caller's clock. */
  at: Date
}

/**
 * Signed attributes allowed once, with one value: RFC 5652 11 for content-type, message-digest and signing-time,
 * RFC 2634 1.3.4 and RFC 5035 5.4 for the ESS signing-certificate(-v2). OpenSSL holds to the same list when it
 * signs, but `openssl cms -verify` 3.0 does not check it.
 */
const SINGLE_ATTRIBUTES: readonly (readonly [oid: string, attribute: SignedAttribute, name: string, rule: string])[] = [
  [OID.contentType, 'contentType', 'content-type', 'RFC 5652 11.1'],
  [OID.messageDigest, 'messageDigest', 'message-digest', 'RFC 5652 11.2'],
  [OID.signingTime, 'signingTime', 'signing-time', 'RFC 5652 11.3'],
  [OID.signingCertificate, 'signingCertificate', 'signing-certificate', 'RFC 2634 1.3.4'],
  [OID.signingCertificateV2, 'signingCertificateV2', 'signing-certificate-v2', 'RFC 5035 5.4']
]

/** The signed attributes of SINGLE_ATTRIBUTES that occur more than once or with more than one value, by OID. */
function repeatedAttributes(signer: ReadSignerInfo): Map<string, VerificationFailure> {
  const repeated = new Map<string, VerificationFailure>()
  for (const [oid, signedAttribute, name, rule] of SINGLE_ATTRIBUTES) {
    const counts = signer.instances.get(oid) ?? []
    if (counts.length > 1)
      repeated.set(oid, {
        code: 'duplicate_attribute',
        detail: `${name} occurs ${counts.length} times in the signed attributes; it may occur once, with one value (${rule})`,
        reason: { rule: 'trust.attribute_repeated', params: { signedAttribute, count: counts.length } }
      })
    else if ((counts[0] ?? 0) > 1)
      repeated.set(oid, {
        code: 'duplicate_attribute',
        detail: `${name} has ${counts[0]} values in the signed attributes; it may have one (${rule})`,
        reason: { rule: 'trust.attribute_values_repeated', params: { signedAttribute, count: counts[0]! } }
      })
  }
  return repeated
}

/** An algorithm the desk does not check, named (its standard name, else its OID) with what it was to do. */
const unsupported = (e: UnsupportedAlgorithmError): VerificationFailure => ({
  code: 'unsupported_algorithm',
  detail: e.message,
  reason: { rule: 'trust.algorithm_unsupported', params: { algorithmRole: e.role, algorithm: algorithmName(e.oid) } }
})

/** How far a claimed signing time may run ahead of the verifier's clock before it counts as a failure. */
const CLOCK_SKEW_MS = 5 * 60 * 1000

function findCertificate(signer: ReadSignerInfo, pool: readonly CertificateInfo[]): CertificateInfo | null {
  const sid = signer.sid
  return (
    pool.find((c) =>
      sid.kind === 'issuerSerial' ? c.serial === sid.serial && sameBytes(c.issuerDer, sid.issuerDer) : c.subjectKeyId === sid.keyId
    ) ?? null
  )
}

async function verifySigner(sd: ReadSignedData, signer: ReadSignerInfo, params: VerifyCmsParams): Promise<SignerReport> {
  const repeated = repeatedAttributes(signer)
  const failures: VerificationFailure[] = [...repeated.values()]
  const values = (oid: string): asn1js.AsnType[] => signer.attributes.get(oid) ?? []
  // Which of two signing times the signer meant is unknown: none is reported, and validity is judged now.
  const signingTime = repeated.has(OID.signingTime) ? null : timeValue(values(OID.signingTime)[0])
  const report: SignerReport = {
    signer: null,
    certificate: null,
    signingTime,
    digestAlgorithm: signer.digestAlgorithm.oid,
    signatureAlgorithm: signer.signatureAlgorithm.oid,
    integrity: { messageDigest: 'not_checked', signature: 'not_checked' },
    certificateHash: 'absent',
    chain: null,
    keyUsage: 'not_checked',
    valid: false,
    failures
  }

  const cert = findCertificate(signer, sd.certificates)
  if (cert) {
    report.signer = cert.identity
    report.certificate = { subject: cert.subject, issuer: cert.issuer, serial: cert.serial, notBefore: cert.notBefore, notAfter: cert.notAfter, fingerprint: cert.fingerprint, keyUsage: cert.keyUsage }
  } else failures.push({ code: 'signer_certificate_missing', detail: 'the CMS does not carry the certificate its SignerInfo names' })

  const content: Content | null = sd.content ?? params.content ?? null
  let digestName: string | null = null
  try {
    digestName = hashName(signer.digestAlgorithm.oid)
  } catch (e) {
    if (!(e instanceof UnsupportedAlgorithmError)) throw e
    failures.push(unsupported(e))
  }

  // Integrity: with signed attributes the signature covers them and they carry the content's digest; without
  // them (openssl -noattr) the signature covers the content itself.
  let signedBytes: Uint8Array | null = signer.signedAttributes
  if (signer.signedAttributes) {
    // Every value of a (wrongly) repeated attribute must hold, so content cannot pass on the one that suits it.
    const types = values(OID.contentType)
    if (types.length === 0 || types.some((type) => !(type instanceof asn1js.ObjectIdentifier) || type.valueBlock.toString() !== sd.contentType))
      failures.push({ code: 'content_type_mismatch', detail: 'content-type attribute does not match the encapsulated content type' })
    const claimed = values(OID.messageDigest)
    if (!content) failures.push({ code: 'content_missing', detail: 'detached signature verified without its content' })
    else if (digestName && claimed.length > 0) {
      const actual = await digest(content, digestName)
      report.integrity.messageDigest = claimed.every((c) => sameBytes(actual, octetBytes(c))) ? 'match' : 'mismatch'
      if (report.integrity.messageDigest === 'mismatch') failures.push({ code: 'content_changed', detail: 'the content does not match the signed message digest' })
    } else if (claimed.length === 0) failures.push({ code: 'malformed', detail: 'signed attributes without message-digest' })
  } else if (!content) failures.push({ code: 'content_missing', detail: 'detached signature verified without its content' })
  else signedBytes = await collect(content)

  if (cert && signedBytes) {
    try {
      const ok = verifySignature(signer.signatureAlgorithm, signer.digestAlgorithm.oid, signedBytes, signer.signature, cert.publicKey)
      report.integrity.signature = ok ? 'valid' : 'invalid'
      if (!ok)
        failures.push({
          code: 'signature_invalid',
          detail: 'the signature does not verify with the signer certificate key',
          reason: { rule: 'trust.signature_not_of_key', params: { certificate: cert.subject } }
        })
    } catch (e) {
      if (!(e instanceof UnsupportedAlgorithmError)) throw e
      // An unsupported digest the signature would need again is named once.
      if (!failures.some((f) => f.detail === e.message)) failures.push(unsupported(e))
    }
  }

  if (cert) {
    try {
      report.certificateHash = checkSigningCertificate(signer.attributes, cert)
    } catch (e) {
      if (!(e instanceof UnsupportedAlgorithmError)) throw e
      report.certificateHash = 'not_checked'
      failures.push(unsupported(e))
    }
    if (report.certificateHash === 'mismatch')
      failures.push({
        code: 'certificate_hash_mismatch',
        detail: 'signing-certificate attribute names a different certificate',
        reason: { rule: 'trust.signing_certificate_differs', params: { certificate: cert.subject, serial: cert.serial } }
      })

    const validAt = signingTime ?? params.at
    if (signingTime && signingTime.getTime() > params.at.getTime() + CLOCK_SKEW_MS)
      failures.push({
        code: 'signing_time_in_future',
        detail: `signing time ${signingTime.toISOString()} is after ${params.at.toISOString()}`,
        reason: { rule: 'trust.signing_time_ahead', params: { signingAt: signingTime.getTime(), checkedAt: params.at.getTime() } }
      })
    report.chain = params.trust.validate(cert, { intermediates: sd.certificates, extraCrls: sd.crls, validAt, revokedBy: params.at })
    for (const f of report.chain.failures) failures.push({ code: f.code, detail: `${f.certificate}: ${f.detail}`, reason: chainReason(f) })

    const usable = signsDocuments(cert)
    report.keyUsage = usable ? 'ok' : 'wrong'
    if (!usable) {
      const { keyUsage, extendedKeyUsage } = usagesNamed(cert)
      failures.push({
        code: 'wrong_key_usage',
        detail: `key usage ${keyUsage}, extended key usage ${extendedKeyUsage}: not a document-signing key (digitalSignature or nonRepudiation; emailProtection when purposes are listed)`,
        reason: { rule: 'trust.signer_cannot_sign', params: { certificate: cert.subject, keyUsage, extendedKeyUsage, ...SIGNING_USAGES_NEEDED } }
      })
    }
  }

  report.valid = failures.length === 0 && report.integrity.signature === 'valid'
  return report
}

export async function verifyCms(params: VerifyCmsParams): Promise<VerificationReport> {
  let sd: ReadSignedData
  try {
    sd = readSignedData(params.cms)
  } catch (e) {
    return malformedReport((e as Error).message, params.at)
  }
  const signers: SignerReport[] = []
  for (const signer of sd.signers) {
    try {
      signers.push(await verifySigner(sd, signer, params))
    } catch (e) {
      // A structurally broken SignerInfo (attribute of the wrong type, truncated field) is malformed input.
      return { ...malformedReport((e as Error).message, params.at), detached: sd.content === null }
    }
  }
  const failures: VerificationFailure[] = signers.length === 0 ? [{ code: 'no_signers', detail: 'the SignedData has no SignerInfo' }] : []
  for (const f of signers.flatMap((s) => s.failures)) if (!failures.some((g) => g.code === f.code && g.detail === f.detail)) failures.push(f)
  return { valid: signers.length > 0 && signers.every((s) => s.valid), detached: sd.content === null, signers, failures, verifiedAt: params.at }
}
