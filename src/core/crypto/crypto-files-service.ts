import type { CallContext } from '../api/context'
import type { DecryptFileResult, EncryptFileResult, SignFileResult, VerificationReportView } from '../api/crypto-types'
import type { Clock } from '../domain/clock'
import type { UserKeys } from './keys/user-keys'
import type { TrustRepo } from './trust/trust-repo'

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
    throw new Error('not yet built')
  }

  verifyFile(ctx: CallContext, path: string, signature: string | null): Promise<VerificationReportView> {
    throw new Error('not yet built')
  }

  encryptFile(ctx: CallContext, path: string, out: string, recipients: readonly string[]): Promise<EncryptFileResult> {
    throw new Error('not yet built')
  }

  decryptFile(ctx: CallContext, path: string, out: string): Promise<DecryptFileResult> {
    throw new Error('not yet built')
  }
}
