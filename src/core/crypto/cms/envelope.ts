// CMS EnvelopedData (RFC 5652 6) to every recipient's certificate: AES-256-CBC for the content (OpenSSL 3.0
// cannot read pkijs' AES-GCM parameters), RSA-OAEP key transport for RSA certificates and ECDH ephemeral-static
// key agreement with AES-256 key wrap for P-256 certificates — the forms `openssl cms -decrypt` opens.
import { createCipheriv, diffieHellman, generateKeyPairSync, publicEncrypt, constants } from 'node:crypto'
import { algorithm, bitString, ctx, ctxPrimitive, int, intBytes, octets, oid, raw, seq, setOf, toBytes, type Der } from './der'
import { OID } from './oids'
import { aesWrap, sharedInfo, x963Kdf } from './key-agreement'
import { collect, type Content } from './content'
import { parseCertificate, type CertificateInfo } from '../trust/certificate'

export interface EnvelopeCmsParams {
  content: Content
  /** Recipients' certificates, DER; each can decrypt. Include the sender's own to read it back later. */
  recipients: readonly Uint8Array[]
  /** OAEP hash for RSA recipients. SHA-1 by default: SoftHSM decrypts only that, and it is OpenSSL's default. */
  oaepHash?: 'SHA-1' | 'SHA-256'
  /** Injected for tests; random otherwise. */
  random?: (n: number) => Uint8Array
}

const issuerAndSerial = (c: CertificateInfo): Der => seq(raw(c.issuerDer), intBytes(c.serialBytes))

function oaepAlgorithm(hash: 'SHA-1' | 'SHA-256'): Der {
  if (hash === 'SHA-1') return algorithm(OID.rsaesOaep, seq()) // every field at its SHA-1 DEFAULT
  const sha256 = algorithm(OID.sha256)
  return algorithm(OID.rsaesOaep, seq(ctx(0, sha256), ctx(1, algorithm(OID.mgf1, sha256))))
}

function keyTransport(cert: CertificateInfo, cek: Uint8Array, hash: 'SHA-1' | 'SHA-256'): Der {
  const encryptedKey = publicEncrypt({ key: cert.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash === 'SHA-1' ? 'sha1' : 'sha256' }, cek)
  return seq(int(0), issuerAndSerial(cert), oaepAlgorithm(hash), octets(encryptedKey))
}

/** One KeyAgreeRecipientInfo per EC recipient, each with its own ephemeral key, as OpenSSL writes them. */
function keyAgreement(cert: CertificateInfo, cek: Uint8Array): Der {
  const ephemeral = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const z = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: cert.publicKey })
  const wrapAlgorithm = toBytes(algorithm(OID.aes256Wrap))
  const kek = x963Kdf(z, sharedInfo(wrapAlgorithm, null, 256), 'sha256', 32)
  // The SPKI of a P-256 key ends with its 65-byte uncompressed point.
  const point = ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(-65)
  const originator = ctx(0, ctx(1, algorithm(OID.ecPublicKey), bitString(point)))
  const keyEncryption = algorithm(OID.ecdhStdSha256Kdf, raw(wrapAlgorithm))
  const recipientKeys = seq(seq(issuerAndSerial(cert), octets(aesWrap(kek, cek))))
  return ctx(1, int(3), originator, keyEncryption, recipientKeys)
}

function recipientInfo(cert: CertificateInfo, cek: Uint8Array, oaepHash: 'SHA-1' | 'SHA-256'): Der {
  const key = cert.publicKey
  if (key.asymmetricKeyType === 'rsa') return keyTransport(cert, cek, oaepHash)
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return keyAgreement(cert, cek)
  throw new Error(`recipient ${cert.subject}: unsupported key ${key.asymmetricKeyType} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trim())
}

/**
 * ContentInfo(EnvelopedData) around `encryptedContent` (the [0] IMPLICIT encryptedContent node, AES-256-CBC under
 * `cek` and `iv`). It is the structure's last node, so a caller that streams large content may pass a node that has
 * its length but no bytes and write the content after the other chunks (backups do).
 */
export function envelopedData(recipients: readonly Uint8Array[], cek: Uint8Array, iv: Uint8Array, encryptedContent: Der, oaepHash: 'SHA-1' | 'SHA-256' = 'SHA-1'): Der {
  if (recipients.length === 0) throw new Error('an envelope needs at least one recipient')
  const certs = recipients.map(parseCertificate)
  const infos = certs.map((c) => recipientInfo(c, cek, oaepHash))
  const anyAgreement = certs.some((c) => c.publicKey.asymmetricKeyType === 'ec')
  const encryptedContentInfo = seq(oid(OID.data), algorithm(OID.aes256Cbc, octets(iv)), encryptedContent)
  // RFC 5652 6.1: version 2 as soon as a RecipientInfo is not version 0 (KeyAgreeRecipientInfo is 3).
  return seq(oid(OID.envelopedData), ctx(0, seq(int(anyAgreement ? 2 : 0), setOf(...infos), encryptedContentInfo)))
}

/** Returns DER ContentInfo(EnvelopedData). */
export async function envelopeCms(params: EnvelopeCmsParams): Promise<Uint8Array> {
  const random = params.random ?? ((n: number) => new Uint8Array(globalThis.crypto.getRandomValues(new Uint8Array(n))))
  const content = await collect(params.content)
  const cek = random(32)
  const iv = random(16)
  const cipher = createCipheriv('aes-256-cbc', cek, iv)
  const encrypted = Buffer.concat([cipher.update(content), cipher.final()])
  return toBytes(envelopedData(params.recipients, cek, iv, ctxPrimitive(0, encrypted), params.oaepHash))
}
