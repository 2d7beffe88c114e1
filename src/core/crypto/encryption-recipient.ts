import { refuse } from '../domain/errors'
import { keyAlgorithmOf } from './pkcs11/certificate-key'
import type { KeyAlgorithm } from './signer'
import type { CertificateInfo, KeyUsage } from './trust/certificate'

// The keyUsage bit an envelope relies on: RSA keys receive the content key by key transport, EC keys by ECDH.
const ENCRYPTION_USAGE: Readonly<Record<KeyAlgorithm, KeyUsage>> = { RSA: 'keyEncipherment', 'EC-P256': 'keyAgreement' }

/** A moment as the day a refusal names it (a `…Day` parameter the screens write as a date). */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10)

/**
 * Refuses (VALIDATION) a certificate nothing confidential may be encrypted to at `now` (R14.2): a key the envelope
 * cannot use, a certificate not yet or no longer valid, or a key its CA certified for something else, signing only
 * (RFC 5280 4.2.1.3). Whether it is revoked is the trust store's to say. `say` puts the English of the problem, in
 * words that follow the subject, into the caller's sentence. One check for every recipient: a file
 * (crypto.encryptFile), a party's certificate, a dispute bundle's recipients.
 */
export function refuseUnfitRecipient(cert: CertificateInfo, now: number, say: (problem: string) => string): void {
  const subject = cert.subject
  const algorithm = keyAlgorithmOf(cert.der)
  if (!algorithm) return refuse('VALIDATION', 'trust.key_unsupported', { subject }, say('has a key that is neither RSA nor EC P-256'))
  if (cert.notBefore.getTime() > now)
    refuse('VALIDATION', 'trust.certificate_not_yet_valid', { subject, validFromDay: dayOf(cert.notBefore) }, say(`is not yet valid (valid from ${cert.notBefore.toISOString()})`))
  if (cert.notAfter.getTime() < now) refuse('VALIDATION', 'trust.certificate_expired', { subject, expiredDay: dayOf(cert.notAfter) }, say(`expired on ${cert.notAfter.toISOString()}`))
  const usage = ENCRYPTION_USAGE[algorithm]
  if (cert.keyUsage && !cert.keyUsage.includes(usage))
    refuse(
      'VALIDATION',
      'trust.not_for_encryption',
      { subject, keyUsage: cert.keyUsage.join(', '), keyUsageNeeded: usage },
      say(`is not meant for encryption: its key usage (${cert.keyUsage.join(', ')}) lacks ${usage}, which encryption to an ${algorithm === 'RSA' ? 'RSA' : 'EC'} key needs`)
    )
}
