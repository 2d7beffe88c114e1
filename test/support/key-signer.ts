// A test-only Signer over a node:crypto private key: signs (RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256 with DER
// output, as the port demands), decrypts RSA-OAEP key transport and does ECDH for KeyAgreement envelopes.
import { constants, createPublicKey, diffieHellman, privateDecrypt, sign, type KeyObject } from 'node:crypto'
import type { KeyAlgorithm, SignatureScheme, Signer, TokenCertificate } from '../../src/core/crypto/signer'
import type { KeyAgreement } from '../../src/core/crypto/cms/key-agreement'

export class KeySigner implements Signer, KeyAgreement {
  readonly certificate: TokenCertificate

  constructor(
    certificateDer: Uint8Array,
    private readonly key: KeyObject,
    label = 'test'
  ) {
    const keyAlgorithm: KeyAlgorithm = key.asymmetricKeyType === 'ec' ? 'EC-P256' : 'RSA'
    this.certificate = { id: label, label, der: certificateDer, hasPrivateKey: true, keyAlgorithm }
  }

  async sign(data: Uint8Array, scheme: SignatureScheme, hash: 'SHA-256'): Promise<Uint8Array> {
    const h = hash === 'SHA-256' ? 'sha256' : hash
    switch (scheme) {
      case 'RSASSA-PKCS1-v1_5':
        return new Uint8Array(sign(h, data, { key: this.key, padding: constants.RSA_PKCS1_PADDING }))
      case 'RSA-PSS':
        return new Uint8Array(sign(h, data, { key: this.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }))
      case 'ECDSA':
        return new Uint8Array(sign(h, data, { key: this.key, dsaEncoding: 'der' }))
    }
  }

  async decryptKey(encryptedKey: Uint8Array, oaepHash: 'SHA-1' | 'SHA-256'): Promise<Uint8Array> {
    return new Uint8Array(privateDecrypt({ key: this.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash === 'SHA-1' ? 'sha1' : 'sha256' }, encryptedKey))
  }

  async deriveKey(peerPublicPoint: Uint8Array): Promise<Uint8Array> {
    if (peerPublicPoint.length !== 65 || peerPublicPoint[0] !== 4) throw new Error('expected an uncompressed P-256 point')
    const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url')
    const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(peerPublicPoint.subarray(1, 33)), y: b64(peerPublicPoint.subarray(33)) }, format: 'jwk' })
    return new Uint8Array(diffieHellman({ privateKey: this.key, publicKey }))
  }
}
