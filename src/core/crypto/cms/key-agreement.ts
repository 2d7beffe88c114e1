// ECDH key agreement for CMS (RFC 5753, ephemeral-static, as `openssl cms` does it): the ANSI X9.63 KDF over
// ECC-CMS-SharedInfo, and AES key wrap (RFC 3394) of the content-encryption key.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto'
import { ctx, octets, raw, seq, toBytes } from './der'

/** The capability a Signer needs to open ECDH envelopes: the raw shared secret Z with the recipient's key. */
export interface KeyAgreement {
  /**
   * ECDH between the private key and `peerPublicPoint` (uncompressed 04‖X‖Y on P-256); returns Z (the
   * x-coordinate, 32 bytes). On a token this is C_DeriveKey with CKM_ECDH1_DERIVE / CKD_NULL.
   */
  deriveKey(peerPublicPoint: Uint8Array): Promise<Uint8Array>
}

export function canAgreeKeys(signer: object): signer is KeyAgreement {
  return typeof (signer as Partial<KeyAgreement>).deriveKey === 'function'
}

/** ECC-CMS-SharedInfo: keyInfo is the key-wrap AlgorithmIdentifier exactly as encoded in the message. */
export function sharedInfo(wrapAlgorithmDer: Uint8Array, ukm: Uint8Array | null, keyBits: number): Uint8Array {
  const bits = new Uint8Array(4)
  new DataView(bits.buffer).setUint32(0, keyBits)
  return toBytes(ukm ? seq(raw(wrapAlgorithmDer), ctx(0, octets(ukm)), ctx(2, octets(bits))) : seq(raw(wrapAlgorithmDer), ctx(2, octets(bits))))
}

/** ANSI X9.63 KDF: Hash(Z ‖ counter ‖ SharedInfo) for counter 1, 2, … until `length` bytes. */
export function x963Kdf(z: Uint8Array, info: Uint8Array, hash: string, length: number): Uint8Array {
  const out: Buffer[] = []
  let produced = 0
  for (let counter = 1; produced < length; counter++) {
    const c = Buffer.alloc(4)
    c.writeUInt32BE(counter)
    const block = createHash(hash).update(z).update(c).update(info).digest()
    out.push(block)
    produced += block.length
  }
  return new Uint8Array(Buffer.concat(out).subarray(0, length))
}

const WRAP_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex')
const wrapCipher = (kek: Uint8Array): string => `id-aes${kek.length * 8}-wrap`

export function aesWrap(kek: Uint8Array, key: Uint8Array): Uint8Array {
  const c = createCipheriv(wrapCipher(kek), kek, WRAP_IV)
  return new Uint8Array(Buffer.concat([c.update(key), c.final()]))
}

/** Throws when the integrity check of the wrapped key fails (wrong KEK). */
export function aesUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  const d = createDecipheriv(wrapCipher(kek), kek, WRAP_IV)
  return new Uint8Array(Buffer.concat([d.update(wrapped), d.final()]))
}
