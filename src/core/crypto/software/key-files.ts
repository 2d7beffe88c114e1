// Key and certificate bytes as found in files: PEM or DER, the PKCS#8 key possibly encrypted.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'

const isPem = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 64)).toString('latin1').includes('-----BEGIN')

export function readCertificate(bytes: Uint8Array): Uint8Array {
  const cert = new X509Certificate(Buffer.from(bytes))
  return new Uint8Array(cert.raw)
}

/** The private key, or null when it is encrypted and no passphrase was given. */
export function readPrivateKey(bytes: Uint8Array, passphrase?: string): KeyObject | null {
  const key = Buffer.from(bytes)
  const pem = isPem(bytes)
  try {
    return pem ? createPrivateKey({ key, format: 'pem', ...(passphrase === undefined ? {} : { passphrase }) }) : createPrivateKey({ key, format: 'der', type: 'pkcs8', ...(passphrase === undefined ? {} : { passphrase }) })
  } catch (e) {
    if (passphrase === undefined && isEncrypted(key, pem)) return null
    throw e
  }
}

function isEncrypted(key: Buffer, pem: boolean): boolean {
  if (pem) return key.toString('latin1').includes('ENCRYPTED PRIVATE KEY')
  // EncryptedPrivateKeyInfo starts SEQUENCE { SEQUENCE { OID … } }; PrivateKeyInfo starts SEQUENCE { INTEGER 0 … }.
  const inner = key[1]! & 0x80 ? 2 + (key[1]! & 0x7f) : 2
  return key[inner] === 0x30
}
