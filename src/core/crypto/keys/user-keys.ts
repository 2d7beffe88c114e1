// The signed-in user's key (R14.2): the certificate bound to them, its private key on a token found by the
// certificate's fingerprint, or — in the demo database — in a key file protected by the holder's PIN. A wrong
// PIN is asked again (up to three times), saying how many tries the token has left.
import type { Clock } from '../../domain/clock'
import { AppError, refuse } from '../../domain/errors'
import { FileSigner } from '../software/file-signer'
import { TokenSigner } from '../pkcs11/token-signer'
import { TokenError, type Signer } from '../signer'
import type { TokenService } from '../token-service'
import { commonNameIn } from '../trust/identity'
import type { BoundCertificateRecord, CertificatesRepo } from './certificates-repo'
import type { PinPrompt, PinRequest } from './pin-prompt'
import { PIN_ATTEMPTS, withPinRetries } from './pin-retries'

/** A token's refusal as the caller sees it: code TOKEN, the reason naming the token error (and tries left). */
export function tokenRefusal(e: TokenError): AppError {
  return new AppError('TOKEN', e.message, undefined, [{ rule: e.code, ...(e.triesLeft ? { value: e.triesLeft } : {}) }])
}

export interface UserKey {
  certificate: BoundCertificateRecord
  /** Runs one key operation with the signer; the PIN is asked inside, again after a wrong one. */
  use<T>(purpose: PinRequest['purpose'], work: (signer: Signer) => Promise<T>): Promise<T>
}

export class UserKeys {
  constructor(
    private readonly certificates: CertificatesRepo,
    private readonly tokens: TokenService,
    private readonly prompt: () => PinPrompt,
    private readonly clock: Clock
  ) {}

  /** The user's signing certificate: bound, active and valid now. Read inside the call's transaction. */
  certificateOf(userId: string): BoundCertificateRecord {
    const now = this.clock.now()
    const active = this.certificates.activeOf(userId)
    if (active.length === 0) refuse('NOT_FOUND', 'tokens.no_bound_certificate', {}, 'no certificate is bound to you: bind the one on your token (Tokens) or ask the security administrator')
    const valid = active.find((c) => c.notAfter > now)
    if (!valid) return refuse('CONFLICT', 'tokens.own_certificate_expired', {}, 'your certificate has expired: bind the renewed one from your token')
    return valid
  }

  /** The key behind `certificate`, for the window `caller`; what it does runs after the call's transaction. */
  keyOf(caller: string, certificate: BoundCertificateRecord): UserKey {
    return { certificate, use: (purpose, work) => this.use(caller, certificate, purpose, work) }
  }

  private async use<T>(caller: string, certificate: BoundCertificateRecord, purpose: PinRequest['purpose'], work: (signer: Signer) => Promise<T>): Promise<T> {
    try {
      return await withPinRetries(PIN_ATTEMPTS, async (retry) => work(await this.signer(caller, certificate, purpose, retry)))
    } catch (e) {
      throw e instanceof TokenError ? tokenRefusal(e) : e
    }
  }

  private async signer(caller: string, c: BoundCertificateRecord, purpose: PinRequest['purpose'], retry: PinRequest['retry']): Promise<Signer> {
    const holder = commonNameIn(c.subject) ?? c.subject
    if (c.softwareKey) {
      const ask = (): Promise<string | null> => this.prompt()(caller, { purpose, kind: 'key_passphrase', tokenLabel: 'demo key', holder, retry })
      return new FileSigner({ key: c.softwareKey, certificate: c.der, id: c.fingerprint, label: holder, askPassphrase: ask })
    }
    const found = await this.tokens.findCertificate(c.fingerprint)
    if (!found) throw new TokenError('token_not_present', `The token holding the certificate of ${holder} is not in a reader.`)
    const ask = (): Promise<string | null> => this.prompt()(caller, { purpose, kind: 'token_pin', tokenLabel: found.tokenLabel, holder, retry })
    return new TokenSigner({ module: found.module, slot: found.slot, certificate: found.certificate, askPin: ask, login: 'per_operation' })
  }
}
