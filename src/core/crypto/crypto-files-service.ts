import type { CallContext } from '../api/context'
import type { DecryptFileResult, EncryptFileResult, SignFileResult, VerificationReportView } from '../api/crypto-types'
import type { Clock } from '../domain/clock'
import { refuse } from '../domain/errors'
import { certificateOfFile } from './certificate-text'
import { envelopeCms, signCms, verifyCms } from './cms'
import { checkOutput, readInput, writeOutput } from './file-io'
import type { UserKeys } from './keys/user-keys'
import { refuseUnfitRecipient } from './encryption-recipient'
import { reportView } from './report-view'
import type { TrustRepo } from './trust/trust-repo'
import { decryptWithKey } from './user-decrypt'
import { commonNameIn } from './trust/identity'

const holderOf = (subject: string): string => commonNameIn(subject) ?? subject

/**
 * Files signed, verified, encrypted and decrypted for automation and the desk (crypto.signFile …): CMS in DER
 * that `openssl cms` reads. The user's certificate is found inside the call's transaction; the key works after.
 */
export class CryptoFilesService {
  constructor(
    private readonly keys: UserKeys,
    private readonly trust: TrustRepo,
    private readonly clock: Clock
  ) {}

  signFile(ctx: CallContext, path: string, out: string, detached: boolean): Promise<SignFileResult> {
    const user = ctx.requireUser()
    checkOutput(out, [path])
    const content = readInput(path, 'path')
    const key = this.keys.keyOf(ctx.caller, this.keys.certificateOf(user.id))
    ctx.subject = key.certificate.fingerprint
    return key
      // The signing time is when the key signs, after the PIN, not when the call came in.
      .use('sign', (signer) => signCms({ content, detached, signer, signingTime: new Date(this.clock.now()) }))
      .then((cms) => {
        writeOutput(out, cms)
        return { out, bytes: cms.length, detached, signer: holderOf(key.certificate.subject), fingerprint: key.certificate.fingerprint }
      })
  }

  verifyFile(ctx: CallContext, path: string, signature: string | null): Promise<VerificationReportView> {
    const cms = readInput(signature ?? path, signature ? 'signature' : 'path')
    const content = signature ? readInput(path, 'path') : undefined
    const trust = this.trust.store()
    return verifyCms({ cms, ...(content ? { content } : {}), trust, at: new Date(ctx.now) }).then(reportView)
  }

  encryptFile(ctx: CallContext, path: string, out: string, recipients: readonly string[]): Promise<EncryptFileResult> {
    checkOutput(out, [path, ...recipients])
    const content = readInput(path, 'path')
    const trust = this.trust.store()
    const now = new Date(ctx.now)
    const certificates = recipients.map((file, i) => {
      const what = `recipients.${i} (${file})`
      const cert = certificateOfFile(readInput(file, what), what)
      refuseUnfitRecipient(cert, ctx.now, (problem) => `${what}: ${cert.subject} ${problem}`)
      // A revoked key may be in other hands: nothing confidential goes to it (R14.2). Only a CRL of a trusted CA tells.
      const revoked = trust.revocationOf(cert, now)
      if (revoked) refuse('VALIDATION', 'trust.certificate_revoked', { subject: cert.subject }, `${what}: ${cert.subject} is revoked (${revoked.certificate}: ${revoked.detail})`)
      return cert
    })
    return envelopeCms({ content, recipients: certificates.map((c) => c.der) }).then((cms) => {
      writeOutput(out, cms)
      return { out, bytes: cms.length, recipients: certificates.map((c) => c.subject) }
    })
  }

  decryptFile(ctx: CallContext, path: string, out: string): Promise<DecryptFileResult> {
    const user = ctx.requireUser()
    checkOutput(out, [path])
    const cms = readInput(path, 'path')
    const key = this.keys.keyOf(ctx.caller, this.keys.certificateOf(user.id))
    ctx.subject = key.certificate.fingerprint
    return key
      .use('decrypt', (signer) => decryptWithKey(signer, cms))
      .then((content) => {
        writeOutput(out, content)
        return { out, bytes: content.length }
      })
  }
}
