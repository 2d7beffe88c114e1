import type { Database } from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import type { CallContext } from '../api/context'
import type { BoundCertificate, GeneratedKey } from '../api/crypto-types'
import { AppError, fail, refuse } from '../domain/errors'
import type { AuditLog } from '../security/audit-log'
import { permissionsOf } from '../security/roles'
import type { UserRecord, UsersRepo } from '../security/users-repo'
import { certificateOfFile, certificateOfText } from './certificate-text'
import { dayOf } from './encryption-recipient'
import type { CertificatesRepo } from './keys/certificates-repo'
import type { PinPrompt, PinRequest } from './keys/pin-prompt'
import { tokenRefusal } from './keys/user-keys'
import { keyAlgorithmOf } from './pkcs11/certificate-key'
import { createCsr, type SubjectAttribute } from './pkcs11/csr'
import { generateKeyPair } from './pkcs11/keygen'
import type { Pkcs11Module } from './pkcs11/module'
import { TokenError, type KeyAlgorithm } from './signer'
import { checkPkcs12, Pkcs12Error, readPkcs12 } from './software/pkcs12'
import { signsDocuments, usagesNamed, type CertificateInfo } from './trust/certificate'
import type { TokenService } from './token-service'
import { toPem } from './trust/pem'
import { refuseUntrusted } from './trust/untrusted'
import type { TrustRepo } from './trust/trust-repo'

export interface GenerateKeyInput {
  slot: number
  label: string
  algorithm: 'RSA-2048' | 'EC-P256'
  commonName: string
  iin?: string | undefined
  bin?: string | undefined
  organisation?: string | undefined
}

/** Wrong PINs asked again before the refusal, as for a signature. */
const PIN_ATTEMPTS = 3

/** Which certificate signs for whom (R12.1): binding a token's certificate or a key file to staff, and new keys on a token. */
export class CertificatesService {
  constructor(
    private readonly db: Database,
    private readonly certificates: CertificatesRepo,
    private readonly users: UsersRepo,
    private readonly trust: TrustRepo,
    private readonly tokens: TokenService,
    private readonly prompt: () => PinPrompt,
    private readonly audit: AuditLog
  ) {}

  list(ctx: CallContext, userId: string | null): BoundCertificate[] {
    return this.certificates.listOf(this.holder(ctx, userId).id)
  }

  bind(ctx: CallContext, certificate: string, userId: string | null): BoundCertificate {
    const holder = this.holder(ctx, userId)
    const cert = certificateOfText(certificate, 'certificate')
    ctx.subject = cert.fingerprint
    const keyAlgorithm = this.admissible(cert, ctx.now)
    // Bound here from a token: a software key comes with its file (importKeyFile) or from the demo seed.
    this.certificates.insert({ fingerprint: cert.fingerprint, userId: holder.id, der: cert.der, subject: cert.subject, keyAlgorithm, notAfter: cert.notAfter.getTime(), softwareKey: null, boundAt: ctx.now, boundBy: ctx.requireUser().id })
    return this.view(holder.id, cert.fingerprint)
  }

  /**
   * Binds to oneself the certificate of a PKCS#12 key file (.p12, .pfx: a software key, the demo database's way
   * without a token). A file that cannot be read is refused before anything is asked; then the file's passphrase
   * is asked in the PIN dialog (again after a wrong one, up to three times), the certificate that belongs to the
   * key must pass the checks of a token's, and the key is kept encrypted (PKCS#8, AES-256-CBC) under the same
   * passphrase, which later signatures ask as the PIN. The binding and its own audit record are written after the
   * call's transaction, in one of their own; nothing is stored when any step fails.
   */
  importKeyFile(ctx: CallContext, fileName: string, base64: string): Promise<BoundCertificate> {
    const user = ctx.requireUser()
    ctx.subject = fileName
    const bytes = new Uint8Array(Buffer.from(base64, 'base64'))
    try {
      checkPkcs12(bytes)
    } catch (e) {
      if (e instanceof Pkcs12Error) refusePkcs12(fileName, e)
      throw e
    }
    const ask = (retry: PinRequest['retry']): Promise<string | null> =>
      this.prompt()(ctx.caller, { purpose: 'import', kind: 'key_passphrase', tokenLabel: 'key file', holder: fileName, retry })

    const open = async (): Promise<{ cert: CertificateInfo; softwareKey: Uint8Array }> => {
      let retry: PinRequest['retry'] = null
      for (let attempt = 1; ; attempt++) {
        const passphrase = await ask(retry)
        if (passphrase === null) throw new TokenError('pin_cancelled', 'The passphrase entry was cancelled.')
        try {
          const { key, certificate } = await readPkcs12(bytes, passphrase)
          // Kept as the demo keys are: the passphrase that opened the file opens the key for each signature.
          const softwareKey = new TextEncoder().encode(key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string)
          return { cert: certificateOfFile(certificate, 'certificate'), softwareKey }
        } catch (e) {
          if (e instanceof Pkcs12Error) refusePkcs12(fileName, e)
          if (!(e instanceof TokenError) || e.code !== 'pin_incorrect' || attempt >= PIN_ATTEMPTS) throw e
          retry = { triesLeft: null }
        }
      }
    }
    // The call's own record was written before the passphrase was asked; this one says what came of it.
    const record = (outcome: 'ok' | 'error', errorCode: string | null, subject: string, detail: string): void =>
      void this.audit.append({ at: ctx.now, actorId: user.id, actorLogin: user.login, sessionId: ctx.session?.id ?? null, action: 'crypto.keyFileImported', outcome, errorCode, subject, detail })
    const store = ({ cert, softwareKey }: { cert: CertificateInfo; softwareKey: Uint8Array }): BoundCertificate =>
      // Its own transaction, the call's having committed: the certificate is checked here, against what is bound now.
      this.db.transaction(() => {
        const keyAlgorithm = this.admissible(cert, ctx.now)
        this.certificates.insert({ fingerprint: cert.fingerprint, userId: user.id, der: cert.der, subject: cert.subject, keyAlgorithm, notAfter: cert.notAfter.getTime(), softwareKey, boundAt: ctx.now, boundBy: user.id })
        record('ok', null, cert.fingerprint, `${keyAlgorithm} key of ${cert.subject} from ${fileName}`)
        return this.view(user.id, cert.fingerprint)
      })()
    return open()
      .then(store)
      .catch((e: unknown) => {
        const refusal =
          e instanceof TokenError ? tokenRefusal(e)
          : e instanceof AppError ? e
          : null
        if (!refusal) throw e
        this.db.transaction(() => record('error', refusal.code, fileName, refusal.message))()
        throw refusal
      })
  }

  /** The reason is kept in the call's audit record, with its input. */
  unbind(ctx: CallContext, fingerprint: string, _reason: string): BoundCertificate {
    ctx.subject = fingerprint
    const bound = this.certificates.get(fingerprint) ?? refuse('NOT_FOUND', 'tokens.certificate_not_bound', { fingerprint }, 'no certificate with this fingerprint is bound')
    this.holder(ctx, bound.userId)
    if (bound.status === 'unbound') refuse('CONFLICT', 'tokens.certificate_already_unbound', {}, 'the certificate is already unbound')
    this.certificates.unbind(fingerprint, ctx.now)
    return this.view(bound.userId, fingerprint)
  }

  generateKey(ctx: CallContext, input: GenerateKeyInput): Promise<GeneratedKey> {
    const user = ctx.requireUser()
    const { module, tokenLabel } = this.token(input.slot)
    const id = randomBytes(8).toString('hex')
    ctx.subject = id
    const algorithm = input.algorithm === 'RSA-2048' ? 'RSA' : 'EC-P256'
    const subject: [SubjectAttribute, string][] = [['C', 'KZ']]
    if (input.organisation) subject.push(['O', input.organisation])
    if (input.bin) subject.push(['OU', `BIN${input.bin}`])
    subject.push(['CN', input.commonName])
    if (input.iin) subject.push(['serialNumber', `IIN${input.iin}`])
    const ask = (retry: PinRequest['retry']): Promise<string | null> =>
      this.prompt()(ctx.caller, { purpose: 'generate', kind: 'token_pin', tokenLabel, holder: input.commonName, retry })

    const generate = async (): Promise<GeneratedKey> => {
      // The PIN that opened the token for the key pair signs the request too: one entry for one operation.
      let accepted: string | null = null
      let retry: PinRequest['retry'] = null
      let spki: Uint8Array | null = null
      for (let attempt = 1; !spki; attempt++) {
        try {
          spki = (await generateKeyPair(module, { slot: input.slot, algorithm, id, label: input.label, askPin: async () => (accepted = await ask(retry)) })).spki
        } catch (e) {
          if (!(e instanceof TokenError) || e.code !== 'pin_incorrect' || attempt >= PIN_ATTEMPTS) throw e
          retry = { triesLeft: e.triesLeft }
        }
      }
      const csr = await createCsr({ module, slot: input.slot, id, algorithm, spki, subject, askPin: () => Promise.resolve(accepted) })
      return { slot: input.slot, id, label: input.label, algorithm: input.algorithm, csrPem: toPem(csr, 'CERTIFICATE REQUEST') }
    }
    // The call's own record is written before the token works; this one says what came of it.
    const record = (outcome: 'ok' | 'error', detail: string): void => {
      // Its own transaction: the call's has committed; the hash chain reads the head and appends as one.
      this.db.transaction(() => this.audit.append({ at: ctx.now, actorId: user.id, actorLogin: user.login, sessionId: ctx.session?.id ?? null, action: 'crypto.keyGenerated', outcome, errorCode: outcome === 'ok' ? null : 'TOKEN', subject: id, detail }))()
    }
    return generate().then(
      (key) => {
        record('ok', `${input.algorithm} key "${input.label}" on token ${tokenLabel}`)
        return key
      },
      (e: unknown) => {
        if (!(e instanceof TokenError)) throw e
        record('error', e.message)
        throw tokenRefusal(e)
      }
    )
  }

  /** The configured module and the label of the token in `slot`, read before anything is asked. */
  private token(slot: number): { module: Pkcs11Module; tokenLabel: string } {
    try {
      const module = this.tokens.moduleOrNull() ?? refuse('CONFLICT', 'tokens.no_token_reader', {}, 'no token reader is configured (WORKSTATION_PKCS11_MODULE)')
      return { module, tokenLabel: module.rawTokenInfo(slot).label.trim() }
    } catch (e) {
      throw e instanceof TokenError ? tokenRefusal(e) : e
    }
  }

  /** The user whose certificates the call is about: oneself, or anyone for a security administrator. */
  private holder(ctx: CallContext, userId: string | null): UserRecord {
    const me = ctx.requireUser()
    if (userId === null || userId === me.id) return me
    if (!permissionsOf(me.roles).includes('trust.manage')) fail('FORBIDDEN', 'only a security administrator (trust.manage) may manage another user’s certificates')
    return this.users.get(userId) ?? refuse('NOT_FOUND', 'tokens.no_such_user', { userId }, 'no such user')
  }

  /**
   * What a certificate must be to sign for a member of staff (R12.1), wherever its key is kept: a person's, not a
   * CA's; RSA or EC P-256; allowed to sign; valid at `now`; its chain trusted; and never bound before. Its key's
   * algorithm, or the refusal.
   */
  private admissible(cert: CertificateInfo, now: number): KeyAlgorithm {
    const subject = cert.subject
    if (cert.isCa) refuse('VALIDATION', 'trust.certificate_is_ca', { subject }, `certificate: ${subject} is a CA certificate, not a person's`)
    const keyAlgorithm = keyAlgorithmOf(cert.der) ?? refuse('VALIDATION', 'trust.key_unsupported', { subject }, `certificate: the key of ${subject} is neither RSA nor EC P-256`)
    // The verifier's own rule (signsDocuments): a key bound here must make signatures that verify.
    if (!signsDocuments(cert)) {
      const { keyUsage, extendedKeyUsage } = usagesNamed(cert)
      refuse('VALIDATION', 'tokens.certificate_cannot_sign', { subject, keyUsage, extendedKeyUsage }, `certificate: its key usage (${keyUsage}; extended: ${extendedKeyUsage}) does not allow signing documents`)
    }
    const at = new Date(now)
    if (at < cert.notBefore) refuse('CONFLICT', 'trust.certificate_not_yet_valid', { subject, validFromDay: dayOf(cert.notBefore) }, `the certificate is valid only from ${cert.notBefore.toISOString()}`)
    if (at > cert.notAfter) refuse('CONFLICT', 'trust.certificate_expired', { subject, expiredDay: dayOf(cert.notAfter) }, `the certificate expired on ${cert.notAfter.toISOString()}`)
    const chain = this.trust.store().validate(cert, { validAt: at, revokedBy: at })
    if (chain.failures.length > 0) refuseUntrusted(subject, chain.failures, `the certificate is not trusted (${chain.failures.map((f) => f.code).join(', ')}): add its CA to the trust store first`)
    const bound = this.certificates.get(cert.fingerprint)
    if (bound?.status === 'unbound') refuse('CONFLICT', 'tokens.certificate_was_bound', { subject }, 'the certificate is already bound (and was unbound); it cannot be bound again')
    if (bound) refuse('CONFLICT', 'tokens.certificate_already_bound', { subject }, 'the certificate is already bound; it cannot be bound again')
    return keyAlgorithm
  }

  private view(userId: string, fingerprint: string): BoundCertificate {
    return this.certificates.listOf(userId).find((c) => c.fingerprint === fingerprint)!
  }
}

/** A key file this desk cannot read, whatever its passphrase: refused by why, the reader's English kept for the CLI. */
function refusePkcs12(fileName: string, e: Pkcs12Error): never {
  const message = `${fileName}: ${e.message}`
  const params = { file: fileName }
  switch (e.code) {
    case 'unsupported':
      return refuse('VALIDATION', 'tokens.key_file_unsupported', { ...params, algorithms: e.algorithms.join(', ') }, message, e.algorithms.length ? [...e.algorithms] : undefined)
    case 'no_key':
      return refuse('VALIDATION', 'tokens.key_file_no_key', params, message)
    case 'no_certificate':
      return refuse('VALIDATION', 'tokens.key_file_no_certificate', params, message)
    case 'not_pkcs12':
      return refuse('VALIDATION', 'tokens.key_file_unreadable', params, message)
  }
}
