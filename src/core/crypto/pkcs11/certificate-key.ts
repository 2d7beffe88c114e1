// The key algorithm a certificate names, so the signer can choose a mechanism and refuse a wrong scheme early.
import { X509Certificate } from 'node:crypto'
import type { KeyAlgorithm } from '../signer'

/** 'RSA' or 'EC-P256'; null for any other key (e.g. GOST on a national token), which the port does not sign with. */
export function keyAlgorithmOf(der: Uint8Array): KeyAlgorithm | null {
  let cert: X509Certificate
  try {
    cert = new X509Certificate(Buffer.from(der))
  } catch {
    return null
  }
  const key = cert.publicKey
  if (key.asymmetricKeyType === 'rsa') return 'RSA'
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'EC-P256'
  return null
}
