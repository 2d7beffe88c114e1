// Which PKCS#11 mechanism signs or decrypts for a scheme, and what the data handed to it must be.
import { createHash } from 'node:crypto'
import * as pkcs11 from 'pkcs11js'
import { TokenError, type KeyAlgorithm, type SignatureScheme } from '../signer'

export interface SignPlan {
  mechanism: pkcs11.Mechanism
  /** What C_Sign gets: the data itself when the token hashes, the SHA-256 digest when it does not. */
  input: Buffer
  /** CKM_ECDSA answers r‖s, which must become DER. */
  rawEcdsa: boolean
}

export interface SignOptions {
  /**
   * Hash ECDSA input on the token (CKM_ECDSA_SHA256) instead of in Node (CKM_ECDSA). Off by default: SoftHSM and
   * several cards lack CKM_ECDSA_SHA256, and the digest is not secret.
   */
  ecdsaHashOnToken?: boolean
}

// RFC 4055 and what CMS verifiers expect for SHA-256: MGF1 with the same hash, salt as long as the hash.
const PSS_SHA256: pkcs11.RsaPSS = { type: pkcs11.CK_PARAMS_RSA_PSS, hashAlg: pkcs11.CKM_SHA256, mgf: pkcs11.CKG_MGF1_SHA256, saltLen: 32 }

export function signPlan(scheme: SignatureScheme, key: KeyAlgorithm, data: Uint8Array, options: SignOptions = {}): SignPlan {
  const wants: KeyAlgorithm = scheme === 'ECDSA' ? 'EC-P256' : 'RSA'
  // SoftHSM accepts C_SignInit with a mismatched key and fails later; refuse before asking for a PIN.
  if (wants !== key) throw new TokenError('mechanism_invalid', `A ${key} key cannot make ${scheme} signatures.`)
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  switch (scheme) {
    case 'RSASSA-PKCS1-v1_5':
      return { mechanism: { mechanism: pkcs11.CKM_SHA256_RSA_PKCS }, input: bytes, rawEcdsa: false }
    case 'RSA-PSS':
      return {
        mechanism: {
          mechanism: pkcs11.CKM_SHA256_RSA_PKCS_PSS,
          parameter: PSS_SHA256
        },
        input: bytes,
        rawEcdsa: false
      }
    case 'ECDSA':
      return options.ecdsaHashOnToken
        ? { mechanism: { mechanism: pkcs11.CKM_ECDSA_SHA256 }, input: bytes, rawEcdsa: true }
        : { mechanism: { mechanism: pkcs11.CKM_ECDSA }, input: createHash('sha256').update(bytes).digest(), rawEcdsa: true }
  }
}

/** Source of the OAEP label: CKZ_DATA_SPECIFIED (1) with no data is the empty label CMS uses. */
const CKZ_DATA_SPECIFIED = 1

export function oaepMechanism(hash: 'SHA-1' | 'SHA-256'): pkcs11.Mechanism {
  const sha1 = hash === 'SHA-1'
  const parameter: pkcs11.RsaOAEP = { type: pkcs11.CK_PARAMS_RSA_OAEP, hashAlg: sha1 ? pkcs11.CKM_SHA_1 : pkcs11.CKM_SHA256, mgf: sha1 ? pkcs11.CKG_MGF1_SHA1 : pkcs11.CKG_MGF1_SHA256, source: CKZ_DATA_SPECIFIED }
  return { mechanism: pkcs11.CKM_RSA_PKCS_OAEP, parameter }
}
