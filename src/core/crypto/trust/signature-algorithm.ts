// Checks a signature given its AlgorithmIdentifier, with node:crypto (OpenSSL underneath, so we accept what
// `openssl cms -verify` accepts). CMS SignerInfos often name only the key type (rsaEncryption, id-ecPublicKey)
// and leave the hash to digestAlgorithm, hence the separate digest argument.
import { verify as cryptoVerify, constants, type KeyObject } from 'node:crypto'
import * as asn1js from 'asn1js'

export interface AlgorithmId {
  oid: string
  /** The parameters as parsed, or null when absent. */
  params: asn1js.AsnType | null
}

/**
 * What an algorithm the desk does not support was meant to do in a signature: its digest, the signature itself, RSA-PSS's
 * mask generation function, RSA-PSS's mask hash where it differs from the signature's hash, or the hash of the signer's
 * certificate in an ESS signing-certificate-v2 attribute.
 */
export const ALGORITHM_ROLES = ['digest', 'signature', 'maskGeneration', 'maskHash', 'certificateHash'] as const
export type AlgorithmRole = (typeof ALGORITHM_ROLES)[number]

const ROLE_ENGLISH: Readonly<Record<AlgorithmRole, string>> = { digest: 'digest', signature: 'signature', maskGeneration: 'mask generation', maskHash: 'RSA-PSS mask hash', certificateHash: 'signing-certificate-v2 hash' }

// Standard names (the same in every language) of algorithms a signature may name: the supported ones, and the
// well-known ones it may come with that this desk does not check. Any other is named by its OID.
const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.5': 'MD5',
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '2.16.840.1.101.3.4.2.8': 'SHA3-256',
  '2.16.840.1.101.3.4.2.9': 'SHA3-384',
  '2.16.840.1.101.3.4.2.10': 'SHA3-512',
  '1.2.643.2.2.9': 'GOST R 34.11-94',
  '1.2.643.7.1.1.2.2': 'GOST R 34.11-2012 (256)',
  '1.2.643.7.1.1.2.3': 'GOST R 34.11-2012 (512)',
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.8': 'MGF1',
  '1.2.840.10045.2.1': 'ECDSA',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.643.2.2.3': 'GOST R 34.10-2001',
  '1.2.643.7.1.1.3.2': 'GOST R 34.10-2012 (256)',
  '1.2.643.7.1.1.3.3': 'GOST R 34.10-2012 (512)'
}

/** An algorithm by its standard name where it is a known one, else by its OID. */
export const algorithmName = (oid: string): string => ALGORITHM_NAMES[oid] ?? oid

export class UnsupportedAlgorithmError extends Error {
  constructor(
    readonly role: AlgorithmRole,
    readonly oid: string
  ) {
    super(`unsupported algorithm: ${ROLE_ENGLISH[role]} ${algorithmName(oid)}${algorithmName(oid) === oid ? '' : ` (${oid})`}`)
    this.name = 'UnsupportedAlgorithmError'
  }
}

const HASH_BY_OID: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512'
}

const RSA_PKCS1: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512'
}
const ECDSA: Readonly<Record<string, string>> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512'
}
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1'
const EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const RSASSA_PSS = '1.2.840.113549.1.1.10'

export function hashName(oid: string, role: AlgorithmRole = 'digest'): string {
  const name = HASH_BY_OID[oid]
  if (!name) throw new UnsupportedAlgorithmError(role, oid)
  return name
}

/** Reads an AlgorithmIdentifier node. */
export function readAlgorithm(node: asn1js.AsnType): AlgorithmId {
  const [id, params] = (node as asn1js.Sequence).valueBlock.value
  if (!(id instanceof asn1js.ObjectIdentifier)) throw new Error('AlgorithmIdentifier without an OID')
  return { oid: id.valueBlock.toString(), params: params ?? null }
}

interface PssParams {
  hash: string
  mgfHash: string
  saltLength: number
}

/** RSASSA-PSS-params (RFC 4055): every field defaults to SHA-1 / MGF1-SHA-1 / 20. */
export function readPssParams(params: asn1js.AsnType | null): PssParams {
  const out: PssParams = { hash: 'sha1', mgfHash: 'sha1', saltLength: 20 }
  const fields = params instanceof asn1js.Sequence ? params.valueBlock.value : []
  for (const f of fields) {
    const inner = (f as asn1js.Constructed).valueBlock.value[0]
    if (!inner) continue
    switch (f.idBlock.tagNumber) {
      case 0:
        out.hash = hashName(readAlgorithm(inner).oid)
        break
      case 1: {
        const mgf = readAlgorithm(inner)
        if (mgf.oid !== '1.2.840.113549.1.1.8' || !mgf.params) throw new UnsupportedAlgorithmError('maskGeneration', mgf.oid)
        out.mgfHash = hashName(readAlgorithm(mgf.params).oid)
        break
      }
      case 2:
        out.saltLength = (inner as asn1js.Integer).valueBlock.valueDec
        break
    }
  }
  return out
}

/**
 * True when `signature` over `data` checks out. `digestOid` is the hash a CMS SignerInfo names separately; it
 * is required only for bare key-type OIDs. Throws UnsupportedAlgorithmError for anything else.
 */
export function verifySignature(alg: AlgorithmId, digestOid: string | null, data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  try {
    if (alg.oid === RSASSA_PSS) {
      const p = readPssParams(alg.params)
      if (p.mgfHash !== p.hash) throw new UnsupportedAlgorithmError('maskHash', Object.keys(HASH_BY_OID).find((oid) => HASH_BY_OID[oid] === p.mgfHash)!)
      return cryptoVerify(p.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength }, signature)
    }
    const pkcs1 = RSA_PKCS1[alg.oid] ?? (alg.oid === RSA_ENCRYPTION && digestOid ? hashName(digestOid) : null)
    if (pkcs1) return cryptoVerify(pkcs1, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature)
    const ecdsa = ECDSA[alg.oid] ?? (alg.oid === EC_PUBLIC_KEY && digestOid ? hashName(digestOid) : null)
    if (ecdsa) return cryptoVerify(ecdsa, data, { key, dsaEncoding: 'der' }, signature)
  } catch (e) {
    if (e instanceof UnsupportedAlgorithmError) throw e
    // OpenSSL throws on a key/algorithm mismatch or a malformed signature: that is a failed check, not a crash.
    return false
  }
  throw new UnsupportedAlgorithmError('signature', alg.oid)
}
