// The Signer port over a PKCS#8 key and its certificate in files, for the demo database (no token on a demo
// machine). An encrypted key is decrypted per operation with a passphrase asked like a token PIN.
import { constants, createPublicKey, diffieHellman, privateDecrypt, sign as nodeSign, X509Certificate, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { keyAlgorithmOf } from '../pkcs11/certificate-key'
import { TokenError, type Signer, type SignatureScheme, type TokenCertificate } from '../signer'
import { readCertificate, readPrivateKey } from './key-files'

export type AskPassphrase = () => Promise<string | null>

export interface FileSignerSource {
  /** PKCS#8 private key, PEM or DER, optionally encrypted. */
  key: Uint8Array
  /** X.509 certificate, PEM or DER. */
  certificate: Uint8Array
  /** Stands for CKA_ID; the file name or alias. */
  id: string
  label?: string
  /** Needed only when the key is encrypted. */
  askPassphrase?: AskPassphrase
}

export class FileSigner implements Signer {
  readonly certificate: TokenCertificate
  /** Null for an encrypted key: it is opened per operation and not kept. */
  private readonly key: KeyObject | null
  private readonly encryptedKey: Uint8Array
  private readonly askPassphrase: AskPassphrase | undefined

  constructor(source: FileSignerSource) {
    const der = readCertificate(source.certificate)
    const keyAlgorithm = keyAlgorithmOf(der)
    if (!keyAlgorithm) throw new TokenError('mechanism_invalid', 'The certificate key is neither RSA nor EC P-256.')
    this.key = readPrivateKey(source.key)
    this.encryptedKey = source.key
    this.askPassphrase = source.askPassphrase
    if (this.key) assertMatches(der, this.key)
    this.certificate = { id: source.id, label: source.label ?? source.id, der, hasPrivateKey: true, keyAlgorithm }
  }

  static async fromFiles(paths: { key: string; certificate: string; id?: string; label?: string; askPassphrase?: AskPassphrase }): Promise<FileSigner> {
    const [key, certificate] = await Promise.all([readFile(paths.key), readFile(paths.certificate)])
    return new FileSigner({ key, certificate, id: paths.id ?? paths.key, ...(paths.label === undefined ? {} : { label: paths.label }), ...(paths.askPassphrase ? { askPassphrase: paths.askPassphrase } : {}) })
  }

  async sign(data: Uint8Array, scheme: SignatureScheme, hash: 'SHA-256'): Promise<Uint8Array> {
    if (hash !== 'SHA-256') throw new TokenError('mechanism_invalid', `Signing with ${String(hash)} is not supported.`)
    const wants = scheme === 'ECDSA' ? 'EC-P256' : 'RSA'
    if (wants !== this.certificate.keyAlgorithm) throw new TokenError('mechanism_invalid', `A ${this.certificate.keyAlgorithm} key cannot make ${scheme} signatures.`)
    const key = await this.openKey()
    const options =
      scheme === 'RSA-PSS'
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
        : scheme === 'ECDSA'
          ? { key, dsaEncoding: 'der' as const }
          : { key, padding: constants.RSA_PKCS1_PADDING }
    return new Uint8Array(nodeSign('sha256', data, options))
  }

  async decryptKey(encryptedKey: Uint8Array, oaepHash: 'SHA-1' | 'SHA-256'): Promise<Uint8Array> {
    if (this.certificate.keyAlgorithm !== 'RSA') throw new TokenError('mechanism_invalid', 'Only an RSA key can decrypt an RSA-OAEP key transport.')
    const key = await this.openKey()
    try {
      return new Uint8Array(privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash === 'SHA-1' ? 'sha1' : 'sha256' }, encryptedKey))
    } catch (e) {
      throw new TokenError('function_failed', `The key could not be decrypted: ${(e as Error).message}`)
    }
  }

  /** ECDH with the file's P-256 key (the KeyAgreement capability cms/ looks for); returns Z. */
  async deriveKey(peerPublicPoint: Uint8Array): Promise<Uint8Array> {
    if (this.certificate.keyAlgorithm !== 'EC-P256') throw new TokenError('mechanism_invalid', 'Only an EC key can agree keys.')
    if (peerPublicPoint.length !== 65 || peerPublicPoint[0] !== 0x04) throw new TokenError('mechanism_invalid', 'The peer key is not an uncompressed P-256 point.')
    const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url')
    const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(peerPublicPoint.subarray(1, 33)), y: b64url(peerPublicPoint.subarray(33)) }, format: 'jwk' })
    return new Uint8Array(diffieHellman({ privateKey: await this.openKey(), publicKey }))
  }

  private async openKey(): Promise<KeyObject> {
    if (this.key) return this.key
    if (!this.askPassphrase) throw new TokenError('user_not_logged_in', 'The key file is encrypted and no passphrase prompt was given.')
    const passphrase = await this.askPassphrase()
    if (passphrase === null) throw new TokenError('pin_cancelled', 'The passphrase entry was cancelled.')
    let key: KeyObject | null
    try {
      key = readPrivateKey(this.encryptedKey, passphrase)
    } catch {
      throw new TokenError('pin_incorrect', 'The passphrase of the key file is wrong.')
    }
    if (!key) throw new TokenError('pin_incorrect', 'The passphrase of the key file is wrong.')
    assertMatches(this.certificate.der, key)
    return key
  }
}

function assertMatches(certificate: Uint8Array, key: KeyObject): void {
  // A key file paired with the wrong certificate would sign things no one can verify.
  if (!new X509Certificate(Buffer.from(certificate)).checkPrivateKey(key)) throw new TokenError('key_not_found', 'The key file does not belong to the certificate.')
}
