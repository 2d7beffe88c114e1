// A token public key as SubjectPublicKeyInfo DER, built through a JWK so node:crypto does the ASN.1.
import { createPublicKey } from 'node:crypto'
import * as pkcs11 from 'pkcs11js'
import { TokenError, type KeyAlgorithm } from '../signer'
import { readAttributes } from './objects'
import type { Handle } from './session'

const b64url = (b: Buffer): string => b.toString('base64url')

/** CKA_EC_POINT is the point wrapped in a DER OCTET STRING (04 41 04…); some modules give it bare. */
function unwrapEcPoint(value: Buffer): Buffer {
  if (value[0] === 0x04 && value.length === 65) return value
  if (value[0] === 0x04 && value[1] === value.length - 2) return value.subarray(2)
  if (value[0] === 0x04 && value[1] === 0x81 && value[2] === value.length - 3) return value.subarray(3)
  throw new TokenError('function_failed', 'The token returned an EC point in an unknown form.')
}

export function publicKeySpki(lib: pkcs11.PKCS11, session: Handle, publicKey: Handle, algorithm: KeyAlgorithm): Uint8Array {
  if (algorithm === 'RSA') {
    const a = readAttributes(lib, session, publicKey, [pkcs11.CKA_MODULUS, pkcs11.CKA_PUBLIC_EXPONENT])
    const jwk = { kty: 'RSA', n: b64url(a.get(pkcs11.CKA_MODULUS)!), e: b64url(a.get(pkcs11.CKA_PUBLIC_EXPONENT)!) }
    return new Uint8Array(createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' }))
  }
  const point = unwrapEcPoint(readAttributes(lib, session, publicKey, [pkcs11.CKA_EC_POINT]).get(pkcs11.CKA_EC_POINT)!)
  if (point.length !== 65 || point[0] !== 0x04) throw new TokenError('function_failed', 'The token returned a compressed or non-P-256 EC point.')
  const jwk = { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) }
  return new Uint8Array(createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' }))
}
