// A key pair made on the token, so the private key never exists outside it; the public key comes back as SPKI
// for the certificate request.
import * as pkcs11 from 'pkcs11js'
import { TokenError, type KeyAlgorithm } from '../signer'
import { toTokenError } from './errors'
import type { Pkcs11Module } from './module'
import { findObjects, idTemplate } from './objects'
import { publicKeySpki } from './public-key'
import type { AskPin } from './token-signer'
import { checkPinLength, loginUser, logoutQuietly, withSession } from './session'

export interface KeyGenRequest {
  slot: number
  algorithm: KeyAlgorithm
  /** CKA_ID (hex) the certificate will later carry too. */
  id: string
  label: string
  /** Asked once the token is known to be there, like a signature's PIN; never part of the request object. */
  askPin: AskPin
}

/** DER OID 1.2.840.10045.3.1.7 (prime256v1), the form CKA_EC_PARAMS takes. */
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex')

function templates(r: KeyGenRequest): { mechanism: pkcs11.Mechanism; publicKey: pkcs11.Template; privateKey: pkcs11.Template } {
  const common = [
    { type: pkcs11.CKA_TOKEN, value: true },
    { type: pkcs11.CKA_ID, value: Buffer.from(r.id, 'hex') },
    { type: pkcs11.CKA_LABEL, value: r.label }
  ]
  const privateKey = [
    ...common,
    { type: pkcs11.CKA_PRIVATE, value: true },
    // Never readable, never exportable: the token is the only place the key can be used.
    { type: pkcs11.CKA_SENSITIVE, value: true },
    { type: pkcs11.CKA_EXTRACTABLE, value: false },
    { type: pkcs11.CKA_SIGN, value: true },
    ...(r.algorithm === 'RSA' ? [{ type: pkcs11.CKA_DECRYPT, value: true }] : [{ type: pkcs11.CKA_DERIVE, value: true }])
  ]
  if (r.algorithm === 'RSA') {
    return {
      mechanism: { mechanism: pkcs11.CKM_RSA_PKCS_KEY_PAIR_GEN },
      publicKey: [...common, { type: pkcs11.CKA_VERIFY, value: true }, { type: pkcs11.CKA_ENCRYPT, value: true }, { type: pkcs11.CKA_MODULUS_BITS, value: 2048 }, { type: pkcs11.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) }],
      privateKey
    }
  }
  return {
    mechanism: { mechanism: pkcs11.CKM_EC_KEY_PAIR_GEN },
    publicKey: [...common, { type: pkcs11.CKA_VERIFY, value: true }, { type: pkcs11.CKA_EC_PARAMS, value: P256_PARAMS }],
    privateKey
  }
}

/** Generates RSA-2048 or P-256 on the token under `id`; refuses an id already taken by a private key. */
export async function generateKeyPair(module: Pkcs11Module, r: KeyGenRequest): Promise<{ spki: Uint8Array }> {
  if (!/^([0-9a-f]{2})+$/i.test(r.id)) throw new TokenError('function_failed', 'A key id must be a non-empty even-length hex string.')
  return module.exclusive(r.slot, async () => {
    const lib = module.lib
    const slot = module.slotHandle(r.slot)
    const info = module.rawTokenInfo(r.slot)
    const pin = await r.askPin()
    if (pin === null) throw new TokenError('pin_cancelled', 'The PIN entry was cancelled.')
    try {
      checkPinLength(pin, info.minPinLen, info.maxPinLen)
      return await withSession(lib, slot, true, async (session) => {
        loginUser(lib, session, pin)
        try {
          if (findObjects(lib, session, idTemplate(pkcs11.CKO_PRIVATE_KEY, r.id)).length > 0) throw new TokenError('function_failed', `The token already has a key with id ${r.id}.`)
          const t = templates(r)
          const pair = await lib.C_GenerateKeyPairAsync(session, t.mechanism, t.publicKey, t.privateKey)
          return { spki: publicKeySpki(lib, session, pair.publicKey, r.algorithm) }
        } finally {
          logoutQuietly(lib, session)
        }
      })
    } catch (e) {
      let flags: number | null = null
      try {
        flags = module.tokenFlags(r.slot)
      } catch {
        // The token is gone; the error says so.
      }
      throw toTokenError(e, flags)
    }
  })
}
