// Certification path building and validation (a pragmatic subset of RFC 5280 6): from the signer's certificate
// up to a certificate the trust store holds, each link's signature, validity at the given time, CA constraints
// and revocation by CRL. Written here rather than taken from a library so each problem gets its own name.
import { issuedBy, maySignCrls, type CrlInfo } from './crl'
import { dayOf } from '../encryption-recipient'
import { sameBytes, type CertificateInfo } from './certificate'

/** The kinds of failure a chain check finds; a refusal names each (`trust.chain_<kind>`) for the screens to word. */
export const CHAIN_FAILURES = ['untrusted_chain', 'expired', 'not_yet_valid', 'revoked', 'invalid_ca'] as const
export type ChainFailureCode = (typeof CHAIN_FAILURES)[number]

/** Why a certificate above another may not issue it (an `invalid_ca`'s `caProblem`). */
export const CA_PROBLEMS = ['not_ca', 'no_cert_sign', 'path_length'] as const
export type CaProblem = (typeof CA_PROBLEMS)[number]

export interface ChainFailure {
  code: ChainFailureCode
  /** Subject of the certificate the failure is about. */
  certificate: string
  detail: string
  /**
   * What the words of the failure need, named as a refusal's parameters are: the issuer not found (`issuer`), the
   * day a validity begins or ends (`validFromDay`, `validUntilDay`), a revocation's `serial` and `revokedDay`, a CA's
   * `caProblem` (CA_PROBLEMS) and its `pathLength`.
   */
  params: Record<string, string | number>
}

/**
 * Why a revocation status is unknown: the certificate is the trust anchor (not checked), its issuer was not
 * found, no CRL of the issuer is at hand, the issuer's CRLs are past their nextUpdate, or the issuer's keyUsage
 * does not allow signing CRLs (so its CRLs do not count).
 */
export type RevocationUnknownReason = 'trust_anchor' | 'no_issuer' | 'no_crl' | 'crl_past_next_update' | 'crl_issuer_not_crl_signer'

export interface ChainLink {
  subject: string
  issuer: string
  serial: string
  notBefore: Date
  notAfter: Date
  fingerprint: string
  isTrustAnchor: boolean
  /** From the CRLs at hand; `reason` says why the status is 'unknown' and is null otherwise. */
  revocation: { status: 'good' | 'revoked' | 'unknown'; revokedAt: Date | null; reason: RevocationUnknownReason | null }
}

export interface ChainResult {
  /** Signer first, trust anchor last when one was reached. */
  links: ChainLink[]
  trusted: boolean
  failures: ChainFailure[]
}

export interface ChainInput {
  leaf: CertificateInfo
  /** Certificates that may serve as intermediates (e.g. those carried in the CMS); never trusted by themselves. */
  intermediates: readonly CertificateInfo[]
  anchors: readonly CertificateInfo[]
  crls: readonly CrlInfo[]
  /** Validity is judged at this moment (the signing time for a signature). */
  validAt: Date
  /** A revocation dated at or before this moment counts (the verification time: signing time is only claimed). */
  revokedBy: Date
}

const MAX_DEPTH = 8

function issues(issuer: CertificateInfo, child: CertificateInfo): boolean {
  if (!sameBytes(issuer.subjectDer, child.issuerDer)) return false
  if (child.authorityKeyId && issuer.subjectKeyId && child.authorityKeyId !== issuer.subjectKeyId) return false
  try {
    return child.native.verify(issuer.publicKey)
  } catch {
    return false
  }
}

function findPath(input: ChainInput): { path: CertificateInfo[]; anchored: boolean } {
  const isAnchor = (c: CertificateInfo): boolean => input.anchors.some((a) => a.fingerprint === c.fingerprint)
  const path = [input.leaf]
  let current = input.leaf
  while (!isAnchor(current) && path.length <= MAX_DEPTH) {
    // Anchors first, so a CMS that carries its own copy of the root does not take the place of the trusted one.
    const next = [...input.anchors, ...input.intermediates].find((c) => !path.some((p) => p.fingerprint === c.fingerprint) && issues(c, current))
    if (!next) return { path, anchored: false }
    path.push(next)
    current = next
  }
  return { path, anchored: isAnchor(current) }
}

function validity(c: CertificateInfo, at: Date): ChainFailure | null {
  if (at.getTime() < c.notBefore.getTime())
    return { code: 'not_yet_valid', certificate: c.subject, detail: `valid from ${c.notBefore.toISOString()}, checked at ${at.toISOString()}`, params: { validFromDay: dayOf(c.notBefore) } }
  if (at.getTime() > c.notAfter.getTime())
    return { code: 'expired', certificate: c.subject, detail: `valid until ${c.notAfter.toISOString()}, checked at ${at.toISOString()}`, params: { validUntilDay: dayOf(c.notAfter) } }
  return null
}

function caProblem(ca: CertificateInfo, intermediatesBelow: number): ChainFailure | null {
  const failure = (caProblem: CaProblem, detail: string, more: Record<string, number> = {}): ChainFailure => ({ code: 'invalid_ca', certificate: ca.subject, detail, params: { caProblem, ...more } })
  if (!ca.isCa) return failure('not_ca', 'basicConstraints cA is not set')
  if (ca.keyUsage && !ca.keyUsage.includes('keyCertSign')) return failure('no_cert_sign', 'keyUsage lacks keyCertSign')
  if (ca.pathLength !== null && intermediatesBelow > ca.pathLength) return failure('path_length', `pathLenConstraint ${ca.pathLength} exceeded`, { pathLength: ca.pathLength })
  return null
}

const unknown = (reason: RevocationUnknownReason): ChainLink['revocation'] => ({ status: 'unknown', revokedAt: null, reason })

function revocation(c: CertificateInfo, issuer: CertificateInfo | undefined, crls: readonly CrlInfo[], by: Date): ChainLink['revocation'] {
  if (!issuer) return unknown('no_issuer')
  const covering = crls.filter((crl) => issuedBy(crl, issuer))
  if (covering.length === 0) return unknown('no_crl')
  // A key not certified to sign CRLs (RFC 5280 6.3.3 (f)) vouches for nothing: not a revocation, not a good status.
  if (!maySignCrls(issuer)) return unknown('crl_issuer_not_crl_signer')
  for (const crl of covering) {
    const at = crl.revoked.get(c.serial)
    if (at && at.getTime() <= by.getTime()) return { status: 'revoked', revokedAt: at, reason: null }
  }
  // Only a CRL still current at `by` vouches for the rest (RFC 5280 6.3.3); a revocation stays one in any CRL.
  const current = covering.some((crl) => crl.nextUpdate === null || crl.nextUpdate.getTime() >= by.getTime())
  return current ? { status: 'good', revokedAt: null, reason: null } : unknown('crl_past_next_update')
}

export function validateChain(input: ChainInput): ChainResult {
  const { path, anchored } = findPath(input)
  const failures: ChainFailure[] = []
  if (!anchored) {
    const top = path[path.length - 1]!
    failures.push({ code: 'untrusted_chain', certificate: top.subject, detail: `no trusted issuer found for "${top.issuer}"`, params: { issuer: top.issuer } })
  }
  const links = path.map((c, i): ChainLink => {
    const isTrustAnchor = anchored && i === path.length - 1
    const v = validity(c, input.validAt)
    if (v) failures.push(v)
    if (i > 0) {
      const problem = caProblem(c, i - 1)
      if (problem) failures.push(problem)
    }
    const rev = isTrustAnchor ? unknown('trust_anchor') : revocation(c, path[i + 1], input.crls, input.revokedBy)
    if (rev.status === 'revoked')
      failures.push({ code: 'revoked', certificate: c.subject, detail: `serial ${c.serial} revoked ${rev.revokedAt!.toISOString()}`, params: { serial: c.serial, revokedDay: dayOf(rev.revokedAt!) } })
    return { subject: c.subject, issuer: c.issuer, serial: c.serial, notBefore: c.notBefore, notAfter: c.notAfter, fingerprint: c.fingerprint, isTrustAnchor, revocation: rev }
  })
  return { links, trusted: anchored, failures }
}
