import type { CallContext } from '../api/context'
import type { BoundCertificate, GeneratedKey } from '../api/crypto-types'
import type { AuditLog } from '../security/audit-log'
import type { UsersRepo } from '../security/users-repo'
import type { CertificatesRepo } from './keys/certificates-repo'
import type { PinPrompt } from './keys/pin-prompt'
import type { TokenService } from './token-service'
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

/** Which certificate signs for whom (R12.1): binding a token's certificate to staff, and new keys on a token. */
export class CertificatesService {
  constructor(
    private readonly certificates: CertificatesRepo,
    private readonly users: UsersRepo,
    private readonly trust: TrustRepo,
    private readonly tokens: TokenService,
    private readonly prompt: () => PinPrompt,
    private readonly audit: AuditLog
  ) {}

  list(ctx: CallContext, userId: string | null): BoundCertificate[] {
    throw new Error('not yet built')
  }

  bind(ctx: CallContext, certificate: string, userId: string | null): BoundCertificate {
    throw new Error('not yet built')
  }

  unbind(ctx: CallContext, fingerprint: string, reason: string): BoundCertificate {
    throw new Error('not yet built')
  }

  generateKey(ctx: CallContext, input: GenerateKeyInput): Promise<GeneratedKey> {
    throw new Error('not yet built')
  }
}
