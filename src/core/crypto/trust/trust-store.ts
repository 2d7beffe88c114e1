// The CA certificates (and their CRLs) this workstation trusts. Held in memory; where they are persisted and
// who may change them is the caller's business.
import { parseCertificate, type CertificateInfo } from './certificate'
import { parseCrl, type CrlInfo } from './crl'
import { derBlocks } from './pem'
import { validateChain, type ChainResult } from './chain'

/** A trusted certificate as lists and dialogs show it. */
export interface TrustedCertificateSummary {
  subject: string
  issuer: string
  serial: string
  notBefore: Date
  notAfter: Date
  /** SHA-256 of the DER, upper-case hex. */
  fingerprint: string
  isCa: boolean
}

export class TrustStore {
  private readonly certificates = new Map<string, CertificateInfo>()
  private readonly revocationLists: CrlInfo[] = []

  /** Adds every certificate in PEM text or one DER certificate; a certificate already held is not duplicated. */
  addCertificates(input: Uint8Array | string): TrustedCertificateSummary[] {
    return derBlocks(input, 'CERTIFICATE').map((der) => {
      const info = parseCertificate(der)
      this.certificates.set(info.fingerprint, info)
      return summarize(info)
    })
  }

  /** Adds CRLs (PEM or DER). They count only for a CA whose key signed them. */
  addCrls(input: Uint8Array | string): CrlInfo[] {
    const crls = derBlocks(input, 'X509 CRL', 'CRL').map(parseCrl)
    this.revocationLists.push(...crls)
    return crls
  }

  remove(fingerprint: string): boolean {
    return this.certificates.delete(fingerprint.toUpperCase())
  }

  list(): TrustedCertificateSummary[] {
    return [...this.certificates.values()].map(summarize)
  }

  get anchors(): readonly CertificateInfo[] {
    return [...this.certificates.values()]
  }

  get crls(): readonly CrlInfo[] {
    return this.revocationLists
  }

  /** Why `leaf` is revoked at `at` by a CRL of a trusted CA, if it is: nothing confidential may be encrypted to it (R14.2). */
  revocationOf(leaf: CertificateInfo, at: Date): ChainResult['failures'][number] | undefined {
    return this.validate(leaf, { validAt: at, revokedBy: at }).failures.find((f) => f.code === 'revoked')
  }

  /** Builds and checks the path from `leaf` to a trusted certificate; see validateChain. */
  validate(leaf: CertificateInfo, options: { intermediates?: readonly CertificateInfo[]; extraCrls?: readonly CrlInfo[]; validAt: Date; revokedBy: Date }): ChainResult {
    return validateChain({
      leaf,
      intermediates: options.intermediates ?? [],
      anchors: this.anchors,
      crls: [...this.revocationLists, ...(options.extraCrls ?? [])],
      validAt: options.validAt,
      revokedBy: options.revokedBy
    })
  }
}

function summarize(c: CertificateInfo): TrustedCertificateSummary {
  return { subject: c.subject, issuer: c.issuer, serial: c.serial, notBefore: c.notBefore, notAfter: c.notAfter, fingerprint: c.fingerprint, isCa: c.isCa }
}
