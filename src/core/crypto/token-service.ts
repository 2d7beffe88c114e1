import type { CertificateView, TokenPanel } from '../api/crypto-types'
import type { Clock } from '../domain/clock'
import { Pkcs11Module } from './pkcs11/module'
import { TokenError, type TokenCertificate } from './signer'
import { parseCertificate } from './trust/certificate'

/**
 * What the token panel shows (R12.1): the tokens in the readers of the configured PKCS#11 module, and each
 * certificate with its owner, IIN/BIN, validity and key usage — all readable without a PIN. The module is
 * loaded on first use and kept; a missing or broken module is reported, not thrown.
 */
export class TokenService {
  private module: Pkcs11Module | null = null

  constructor(
    private readonly modulePath: string | null,
    private readonly clock: Clock
  ) {}

  async panel(): Promise<TokenPanel> {
    if (!this.modulePath) return { module: null, error: { code: 'module_not_configured', message: 'no PKCS#11 module is configured (WORKSTATION_PKCS11_MODULE)' }, tokens: [] }
    try {
      this.module ??= Pkcs11Module.open(this.modulePath)
      const now = this.clock.now()
      const tokens = await this.module.listTokens()
      return {
        module: this.modulePath,
        error: null,
        tokens: tokens.map((t) => ({
          slot: t.slot,
          label: t.label,
          serial: t.serial,
          manufacturer: t.manufacturer,
          model: t.model,
          pinState: t.pinState,
          certificates: t.certificates.map((c): CertificateView => {
            const info = parseCertificate(c.der)
            return {
              id: c.id,
              label: c.label,
              keyAlgorithm: c.keyAlgorithm,
              hasPrivateKey: c.hasPrivateKey,
              subject: info.subject,
              commonName: info.identity.commonName,
              iin: info.identity.iin,
              bin: info.identity.bin,
              organisation: info.identity.organisation,
              issuer: info.issuer,
              serial: info.serial,
              notBefore: info.notBefore.getTime(),
              notAfter: info.notAfter.getTime(),
              keyUsage: info.keyUsage ? [...info.keyUsage] : null,
              fingerprint: info.fingerprint,
              validity: now < info.notBefore.getTime() ? 'not_yet_valid' : now > info.notAfter.getTime() ? 'expired' : 'valid',
              der: Buffer.from(c.der).toString('base64')
            }
          })
        }))
      }
    } catch (e) {
      if (e instanceof TokenError) return { module: this.modulePath, error: { code: e.code, message: e.message }, tokens: [] }
      throw e
    }
  }

  /** The token and key holding the certificate with this fingerprint, if one is in a reader now. */
  async findCertificate(fingerprint: string): Promise<{ module: Pkcs11Module; slot: number; tokenLabel: string; certificate: TokenCertificate } | null> {
    if (!this.modulePath) return null
    this.module ??= Pkcs11Module.open(this.modulePath)
    for (const token of await this.module.listTokens())
      for (const certificate of token.certificates)
        if (certificate.hasPrivateKey && parseCertificate(certificate.der).fingerprint === fingerprint)
          return { module: this.module, slot: token.slot, tokenLabel: token.label, certificate }
    return null
  }

  /** The loaded module, for key generation; null when none is configured. */
  moduleOrNull(): Pkcs11Module | null {
    if (!this.modulePath) return null
    return (this.module ??= Pkcs11Module.open(this.modulePath))
  }

  close(): void {
    this.module?.close()
    this.module = null
  }
}
