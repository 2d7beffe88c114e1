// Who a backup is encrypted to (R12.1): the operator's staff who keep the backups (backups.manage, the security
// administrators), by the certificates bound to them and approved like any binding, each fit for encryption now and
// not revoked by a trusted CA's CRL. A restore on a new machine then needs one of their tokens and its PIN, not a file
// left on the lost one; a recovery token kept in a safe is bound to an administrator's account of its own.
import type { BackupRecipient } from '../api/backups-types'
import { AppError } from '../domain/errors'
import { refuseUnfitRecipient } from '../crypto/encryption-recipient'
import type { CertificatesRepo } from '../crypto/keys/certificates-repo'
import { parseCertificate } from '../crypto/trust/certificate'
import type { TrustRepo } from '../crypto/trust/trust-repo'
import { permissionsOf, type Role } from '../security/roles'

export interface BackupRecipientCertificate extends BackupRecipient {
  der: Uint8Array
}

export class BackupRecipients {
  constructor(
    private readonly certificates: CertificatesRepo,
    private readonly trust: TrustRepo
  ) {}

  of(now: number): BackupRecipientCertificate[] {
    return this.certificates
      .activeOfParty('operator')
      .filter((c) => permissionsOf((c.roles ?? '').split(',') as Role[]).includes('backups.manage') && this.fit(c.der, now))
      .map(({ fingerprint, subject, der }) => ({ fingerprint, subject, der }))
  }

  private fit(der: Uint8Array, now: number): boolean {
    const cert = parseCertificate(der)
    try {
      refuseUnfitRecipient(cert, now, (problem) => problem)
    } catch (e) {
      if (e instanceof AppError) return false
      throw e
    }
    return !this.trust.store().revocationOf(cert, new Date(now))
  }
}
