// Opens a CMS EnvelopedData with the key behind a Signer: finds the RecipientInfo naming the signer's
// certificate (issuer+serial or subject key identifier), recovers the content-encryption key — RSA-OAEP through
// signer.decryptKey, ECDH only through the optional KeyAgreement capability (a token would need CKM_ECDH1_DERIVE,
// which the PKCS#11 signer does not offer yet) — and decrypts AES-CBC content.
import { createDecipheriv } from 'node:crypto'
import * as asn1js from 'asn1js'
import { children, encoded, isContext, octetBytes, parseDer } from './asn1'
import { OID } from './oids'
import { aesUnwrap, canAgreeKeys, sharedInfo, x963Kdf } from './key-agreement'
import { hashName, readAlgorithm, type AlgorithmId } from '../trust/signature-algorithm'
import { hex, parseCertificate, sameBytes, serialHex, type CertificateInfo } from '../trust/certificate'
import { TokenError, type Signer } from '../signer'

export type DecryptErrorCode = 'malformed' | 'not_a_recipient' | 'unsupported_algorithm' | 'key_agreement_unsupported' | 'decryption_failed'

export class CmsDecryptError extends Error {
  constructor(
    readonly code: DecryptErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'CmsDecryptError'
  }
}

export interface DecryptCmsParams {
  cms: Uint8Array
  signer: Signer
}

const CONTENT_CIPHERS: Readonly<Record<string, string>> = { [OID.aes128Cbc]: 'aes-128-cbc', [OID.aes192Cbc]: 'aes-192-cbc', [OID.aes256Cbc]: 'aes-256-cbc' }
const WRAP_BITS: Readonly<Record<string, number>> = { [OID.aes128Wrap]: 128, [OID.aes192Wrap]: 192, [OID.aes256Wrap]: 256 }
const KDF_HASH: Readonly<Record<string, string>> = { [OID.ecdhStdSha1Kdf]: 'sha1', [OID.ecdhStdSha256Kdf]: 'sha256', [OID.ecdhStdSha384Kdf]: 'sha384', [OID.ecdhStdSha512Kdf]: 'sha512' }

/** IssuerAndSerialNumber (a SEQUENCE) or [0] SubjectKeyIdentifier / RecipientKeyIdentifier names `cert`? */
function names(rid: asn1js.AsnType | undefined, cert: CertificateInfo): boolean {
  if (rid instanceof asn1js.Sequence) {
    const [issuer, serial] = children(rid)
    return sameBytes(encoded(issuer!), cert.issuerDer) && serialHex(new Uint8Array((serial as asn1js.Integer).valueBlock.valueHexView)) === cert.serial
  }
  if (isContext(rid, 0) && cert.subjectKeyId) {
    // KTRI: [0] IMPLICIT OCTET STRING; KARI: [0] IMPLICIT RecipientKeyIdentifier { subjectKeyIdentifier, … }.
    const keyId = rid!.idBlock.isConstructed ? octetBytes(children(rid)[0]!) : octetBytes(rid!)
    return hex(keyId) === cert.subjectKeyId
  }
  return false
}

function oaepHash(alg: AlgorithmId): 'SHA-1' | 'SHA-256' {
  if (alg.oid === OID.rsaEncryption) throw new CmsDecryptError('unsupported_algorithm', 'RSA PKCS#1 v1.5 key transport is not supported; use RSA-OAEP (openssl: -keyopt rsa_padding_mode:oaep)')
  if (alg.oid !== OID.rsaesOaep) throw new CmsDecryptError('unsupported_algorithm', `key transport ${alg.oid}`)
  let hash = 'sha1'
  let mgfHash = 'sha1'
  for (const field of children(alg.params ?? undefined)) {
    const inner = children(field)[0]!
    if (isContext(field, 0)) hash = hashName(readAlgorithm(inner).oid)
    if (isContext(field, 1)) mgfHash = hashName(readAlgorithm(readAlgorithm(inner).params!).oid)
    if (isContext(field, 2) && octetBytes(readAlgorithm(inner).params!).length > 0) throw new CmsDecryptError('unsupported_algorithm', 'OAEP with a label')
  }
  if (hash !== mgfHash || (hash !== 'sha1' && hash !== 'sha256')) throw new CmsDecryptError('unsupported_algorithm', `OAEP with ${hash}/MGF1-${mgfHash}`)
  return hash === 'sha1' ? 'SHA-1' : 'SHA-256'
}

async function fromKeyTransport(ktri: asn1js.AsnType, cert: CertificateInfo, signer: Signer): Promise<Uint8Array | null> {
  const [, rid, alg, encryptedKey] = children(ktri)
  if (!names(rid, cert)) return null
  return signer.decryptKey(octetBytes(encryptedKey!), oaepHash(readAlgorithm(alg!)))
}

async function fromKeyAgreement(kari: asn1js.AsnType, cert: CertificateInfo, signer: Signer): Promise<Uint8Array | null> {
  const fields = children(kari)
  const originator = children(fields[1])[0]
  const hasUkm = isContext(fields[2], 1)
  const ukm = hasUkm ? octetBytes(children(fields[2])[0]!) : null
  const alg = readAlgorithm(fields[hasUkm ? 3 : 2]!)
  const recipientKeys = children(fields[hasUkm ? 4 : 3])
  const mine = recipientKeys.find((rek) => names(children(rek)[0], cert))
  if (!mine) return null
  if (!canAgreeKeys(signer)) throw new CmsDecryptError('key_agreement_unsupported', 'this key cannot do ECDH (a token signer needs CKM_ECDH1_DERIVE support)')
  if (!isContext(originator, 1)) throw new CmsDecryptError('unsupported_algorithm', 'key agreement without an ephemeral originator key')
  const kdfHash = KDF_HASH[alg.oid]
  if (!kdfHash || !alg.params) throw new CmsDecryptError('unsupported_algorithm', `key agreement ${alg.oid}`)
  const wrap = readAlgorithm(alg.params)
  const bits = WRAP_BITS[wrap.oid]
  if (!bits) throw new CmsDecryptError('unsupported_algorithm', `key wrap ${wrap.oid}`)
  const point = new Uint8Array((children(originator)[1] as asn1js.BitString).valueBlock.valueHexView)
  const z = await signer.deriveKey(point)
  const kek = x963Kdf(z, sharedInfo(encoded(alg.params), ukm, bits), kdfHash, bits / 8)
  return aesUnwrap(kek, octetBytes(children(mine)[1]!))
}

/**
 * The content-encryption key, from the RecipientInfo among `recipientInfos` (the SET's elements) that names the
 * signer's certificate; throws CmsDecryptError, or the key's own TokenError. Also for envelopes read piecewise.
 */
export async function recoverContentKey(recipientInfos: readonly asn1js.AsnType[], signer: Signer): Promise<Uint8Array> {
  const cert = parseCertificate(signer.certificate.der)
  let cek: Uint8Array | null = null
  try {
    for (const ri of recipientInfos) {
      if (ri instanceof asn1js.Sequence) cek = await fromKeyTransport(ri, cert, signer)
      else if (isContext(ri, 1)) cek = await fromKeyAgreement(ri, cert, signer)
      if (cek) break
    }
  } catch (e) {
    // The key's own refusal (a wrong PIN, a token pulled out) is the caller's to handle, e.g. by asking again.
    if (e instanceof CmsDecryptError || e instanceof TokenError) throw e
    throw new CmsDecryptError('decryption_failed', `could not recover the content key: ${(e as Error).message}`)
  }
  if (!cek) throw new CmsDecryptError('not_a_recipient', `the envelope is not addressed to ${cert.subject} (serial ${cert.serial})`)
  return cek
}

/** Returns the decrypted content; throws CmsDecryptError. */
export async function decryptCms(params: DecryptCmsParams): Promise<Uint8Array> {
  let recipientInfos: asn1js.AsnType[]
  let encryptedContentInfo: asn1js.AsnType
  try {
    const [type, wrapped] = children(parseDer(params.cms))
    if (!(type instanceof asn1js.ObjectIdentifier) || type.valueBlock.toString() !== OID.envelopedData) throw new Error('not EnvelopedData')
    const fields = children(children(wrapped)[0])
    const at = isContext(fields[1], 0) ? 2 : 1 // skip originatorInfo
    recipientInfos = children(fields[at])
    encryptedContentInfo = fields[at + 1]!
    if (!encryptedContentInfo) throw new Error('no encryptedContentInfo')
  } catch (e) {
    throw new CmsDecryptError('malformed', (e as Error).message)
  }

  const cek = await recoverContentKey(recipientInfos, params.signer)
  const [, algNode, content] = children(encryptedContentInfo)
  const alg = readAlgorithm(algNode!)
  const cipher = CONTENT_CIPHERS[alg.oid]
  if (!cipher || !alg.params) throw new CmsDecryptError('unsupported_algorithm', `content encryption ${alg.oid}`)
  if (!content) throw new CmsDecryptError('malformed', 'the envelope carries no encrypted content')
  try {
    const d = createDecipheriv(cipher, cek, octetBytes(alg.params))
    return new Uint8Array(Buffer.concat([d.update(octetBytes(content)), d.final()]))
  } catch (e) {
    throw new CmsDecryptError('decryption_failed', `content decryption failed: ${(e as Error).message}`)
  }
}
