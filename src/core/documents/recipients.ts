// Who can open a document sent to a party (R14.2, R14.5): the active, unexpired certificates of the party's
// active staff whose roles grant documents.read, and the party's own encryption certificates (the settlement
// bank, whose staff do not use this desk).
import type { CertificatesRepo } from '../crypto/keys/certificates-repo'
import { permissionsOf, type Role } from '../security/roles'
import type { DocumentsRepo } from './documents-repo'

export interface RecipientCertificate {
  fingerprint: string
  der: Uint8Array
}

export class Recipients {
  constructor(
    private readonly certificates: CertificatesRepo,
    private readonly repo: DocumentsRepo
  ) {}

  of(party: string, now: number): RecipientCertificate[] {
    const staff = this.certificates
      .activeOfParty(party)
      .filter((c) => c.notAfter > now && permissionsOf((c.roles ?? '').split(',') as Role[]).includes('documents.read'))
    return unique([...staff, ...this.repo.partyCertificates(party, now)])
  }

  /** Every certificate of every party, once each: what an envelope to those parties is made for. */
  ofAll(parties: readonly string[], now: number, extra: readonly RecipientCertificate[] = []): RecipientCertificate[] {
    return unique([...parties.flatMap((p) => this.of(p, now)), ...extra])
  }
}

function unique(certificates: readonly RecipientCertificate[]): RecipientCertificate[] {
  const seen = new Map<string, RecipientCertificate>()
  for (const c of certificates) if (!seen.has(c.fingerprint)) seen.set(c.fingerprint, { fingerprint: c.fingerprint, der: c.der })
  return [...seen.values()]
}
