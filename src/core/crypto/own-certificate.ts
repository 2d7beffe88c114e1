// The signed-in user's own certificate as PEM, to hand to whoever encrypts to them: an analyst on an
// investigation laptop gives it to the desk that exports a case (issue 7 §5). Only one's own, only bound ones.
import type { CallContext } from '../api/context'
import type { OwnCertificate } from '../api/disputes-bundle-types'
import { fail } from '../domain/errors'
import type { CertificatesRepo } from './keys/certificates-repo'
import type { UserKeys } from './keys/user-keys'
import { toPem } from './trust/pem'

export class OwnCertificates {
  constructor(
    private readonly certificates: CertificatesRepo,
    private readonly keys: UserKeys
  ) {}

  /** The named certificate, or the one the user's signatures and decryption use now. */
  export(ctx: CallContext, fingerprint: string | null): OwnCertificate {
    const user = ctx.requireUser()
    const c = fingerprint === null ? this.keys.certificateOf(user.id) : this.certificates.get(fingerprint)
    if (!c || c.userId !== user.id || c.status !== 'active') return fail('NOT_FOUND', 'no certificate with this fingerprint is bound to you')
    ctx.subject = c.fingerprint
    return { pem: toPem(c.der, 'CERTIFICATE'), subject: c.subject, fingerprint: c.fingerprint }
  }
}
