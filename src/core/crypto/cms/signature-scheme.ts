// The SignerInfo signatureAlgorithm for each scheme the Signer port offers, always with SHA-256.
import { algorithm, ctx, int, nul, seq, type Der } from './der'
import { OID } from './oids'
import type { KeyAlgorithm, SignatureScheme } from '../signer'

/** RSASSA-PSS-params for SHA-256, MGF1-SHA-256, salt 32 (RFC 4055 3.1): the combination tokens and OpenSSL share. */
function pssParams(): Der {
  const sha256 = algorithm(OID.sha256)
  return seq(ctx(0, sha256), ctx(1, algorithm(OID.mgf1, sha256)), ctx(2, int(32)))
}

export function signatureAlgorithm(scheme: SignatureScheme): Der {
  switch (scheme) {
    case 'RSASSA-PKCS1-v1_5':
      return algorithm(OID.sha256WithRSA, nul())
    case 'RSA-PSS':
      return algorithm(OID.rsassaPss, pssParams())
    case 'ECDSA':
      return algorithm(OID.ecdsaWithSha256)
  }
}

export function defaultScheme(key: KeyAlgorithm): SignatureScheme {
  return key === 'RSA' ? 'RSASSA-PKCS1-v1_5' : 'ECDSA'
}

export function schemeFits(scheme: SignatureScheme, key: KeyAlgorithm): boolean {
  return scheme === 'ECDSA' ? key === 'EC-P256' : key === 'RSA'
}
