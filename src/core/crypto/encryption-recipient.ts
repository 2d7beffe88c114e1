import { keyAlgorithmOf } from './pkcs11/certificate-key'
import type { KeyAlgorithm } from './signer'
import type { CertificateInfo, KeyUsage } from './trust/certificate'

// The keyUsage bit an envelope relies on: RSA keys receive the content key by key transport, EC keys by ECDH.
const ENCRYPTION_USAGE: Readonly<Record<KeyAlgorithm, KeyUsage>> = { RSA: 'keyEncipherment', 'EC-P256': 'keyAgreement' }

/**
 * Why nothing confidential may be encrypted to this certificate at `now` (R14.2), in words that follow its subject,
 * or null when it may: a key the envelope cannot use, a certificate not yet or no longer valid, or a key its CA
 * certified for something else, signing only (RFC 5280 4.2.1.3). Whether it is revoked is the trust store's to say.
 * One check for every recipient: a file (crypto.encryptFile), a party's certificate, a dispute bundle's recipients.
 */
export function encryptionRecipientProblem(cert: CertificateInfo, now: number): string | null {
  const algorithm = keyAlgorithmOf(cert.der)
  if (!algorithm) return 'has a key that is neither RSA nor EC P-256'
  if (cert.notBefore.getTime() > now) return `is not yet valid (valid from ${cert.notBefore.toISOString()})`
  if (cert.notAfter.getTime() < now) return `expired on ${cert.notAfter.toISOString()}`
  const usage = ENCRYPTION_USAGE[algorithm]
  if (cert.keyUsage && !cert.keyUsage.includes(usage))
    return `is not meant for encryption: its key usage (${cert.keyUsage.join(', ')}) lacks ${usage}, which encryption to an ${algorithm === 'RSA' ? 'RSA' : 'EC'} key needs`
  return null
}
