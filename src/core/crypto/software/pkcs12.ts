// A PKCS#12 (PFX, .p12) key file as people bring it from a CA or from `openssl pkcs12 -export`: read with pkijs,
// in password integrity and password privacy modes, PBES2 (PBKDF2 with HMAC-SHA-1/2, AES-CBC) as OpenSSL 3 writes
// by default. The legacy PKCS#12 encryption (RC2, RC4, 3DES: `openssl pkcs12 -legacy`, older Windows and Java)
// is not something pkijs decrypts: such a file is refused naming its algorithm, before a passphrase is asked.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { TokenError } from '../signer'

const DATA = '1.2.840.113549.1.7.1'
const SIGNED_DATA = '1.2.840.113549.1.7.2'
const ENVELOPED_DATA = '1.2.840.113549.1.7.3'
const ENCRYPTED_DATA = '1.2.840.113549.1.7.6'

const KEY_BAG = '1.2.840.113549.1.12.10.1.1'
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2'
const CERT_BAG = '1.2.840.113549.1.12.10.1.3'
const SAFE_CONTENTS_BAG = '1.2.840.113549.1.12.10.1.6'
const X509_CERTIFICATE = '1.2.840.113549.1.9.22.1'

const PBES2 = '1.2.840.113549.1.5.13'
const PBKDF2 = '1.2.840.113549.1.5.12'
/** What pkijs decrypts under PBES2: AES in CBC mode. */
const PBES2_CIPHERS: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.1.2': 'AES-128-CBC',
  '2.16.840.1.101.3.4.1.22': 'AES-192-CBC',
  '2.16.840.1.101.3.4.1.42': 'AES-256-CBC'
}
/** The PBKDF2 PRFs pkijs knows (none given means HMAC-SHA-1). */
const PBKDF2_PRFS: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'hmacWithSHA1',
  '1.2.840.113549.2.9': 'hmacWithSHA256',
  '1.2.840.113549.2.10': 'hmacWithSHA384',
  '1.2.840.113549.2.11': 'hmacWithSHA512'
}
/** The MAC digests pkijs verifies (its PKCS#12 key derivation). */
const MAC_DIGESTS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512'
}
/** The legacy password-based encryptions (PKCS#12 appendix C, PKCS#5 PBES1), by name for the refusal. */
const LEGACY: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.12.1.3': 'pbeWithSHAAnd3-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.4': 'pbeWithSHAAnd2-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.5': 'pbeWithSHAAnd128BitRC2-CBC',
  '1.2.840.113549.1.12.1.6': 'pbeWithSHAAnd40BitRC2-CBC',
  '1.2.840.113549.1.5.1': 'pbeWithMD2AndDES-CBC',
  '1.2.840.113549.1.5.3': 'pbeWithMD5AndDES-CBC',
  '1.2.840.113549.1.5.4': 'pbeWithMD2AndRC2-CBC',
  '1.2.840.113549.1.5.6': 'pbeWithMD5AndRC2-CBC',
  '1.2.840.113549.1.5.10': 'pbeWithSHA1AndDES-CBC',
  '1.2.840.113549.1.5.11': 'pbeWithSHA1AndRC2-CBC'
}

export type Pkcs12ErrorCode =
  /** Not a PKCS#12 file at all, or a damaged one. */
  | 'not_pkcs12'
  /** A PKCS#12 file protected in a way this reader cannot open (legacy encryption, public-key modes). */
  | 'unsupported'
  /** No private key in the file, or more than one. */
  | 'no_key'
  /** No certificate in the file belongs to the key. */
  | 'no_certificate'

/** Why a file cannot be read as a key file, whatever its passphrase (a wrong one is TokenError 'pin_incorrect'). */
export class Pkcs12Error extends Error {
  constructor(
    readonly code: Pkcs12ErrorCode,
    message: string,
    /** For 'unsupported': the algorithms that made it so, by name. */
    readonly algorithms: readonly string[] = []
  ) {
    super(message)
    this.name = 'Pkcs12Error'
  }
}

export interface Pkcs12Contents {
  key: KeyObject
  /** The end-entity certificate: the one whose public key is the key's. */
  certificate: Uint8Array
  /** The other certificates of the file (its chain, as the exporter put it), DER. */
  chain: Uint8Array[]
}

/** The structure of a file, read without its passphrase. */
interface Inspected {
  pfx: pkijs.PFX
  authenticatedSafe: pkijs.AuthenticatedSafe
}

const nameOf = (oid: string): string => LEGACY[oid] ?? PBES2_CIPHERS[oid] ?? oid

const wrongPassphrase = (): TokenError => new TokenError('pin_incorrect', 'The passphrase of the key file is wrong.')

function unsupported(algorithms: string[]): Pkcs12Error {
  const unique = [...new Set(algorithms)]
  const legacy = unique.some((a) => Object.values(LEGACY).includes(a))
  return new Pkcs12Error(
    'unsupported',
    legacy
      ? `the key file is encrypted with ${unique.join(', ')}, the legacy PKCS#12 encryption (openssl pkcs12 -legacy, older tools), which cannot be read here: export it again with AES-256 (openssl pkcs12 -export without -legacy)`
      : `the key file is encrypted with ${unique.join(', ')}, which cannot be read here: export it again with AES-256 (PBES2, PBKDF2), as openssl pkcs12 -export does by default`,
    unique
  )
}

/** The algorithms of one password-based encryption that this reader cannot undo (none: it can). */
function unreadable(algorithm: pkijs.AlgorithmIdentifier): string[] {
  const oid = algorithm.algorithmId
  if (oid !== PBES2) return [nameOf(oid)]
  let params: pkijs.PBES2Params
  try {
    params = new pkijs.PBES2Params({ schema: algorithm.algorithmParams })
  } catch {
    throw new Pkcs12Error('not_pkcs12', 'the key file is damaged: its PBES2 parameters cannot be read')
  }
  const wrong: string[] = []
  if (params.keyDerivationFunc.algorithmId !== PBKDF2) wrong.push(`PBES2 key derivation ${params.keyDerivationFunc.algorithmId}`)
  else {
    try {
      const kdf = new pkijs.PBKDF2Params({ schema: params.keyDerivationFunc.algorithmParams })
      if (kdf.prf && !PBKDF2_PRFS[kdf.prf.algorithmId]) wrong.push(`PBKDF2 with PRF ${kdf.prf.algorithmId}`)
    } catch {
      throw new Pkcs12Error('not_pkcs12', 'the key file is damaged: its PBKDF2 parameters cannot be read')
    }
  }
  const cipher = params.encryptionScheme.algorithmId
  if (!PBES2_CIPHERS[cipher]) wrong.push(`PBES2 with ${cipher === '1.2.840.113549.3.7' ? 'DES-EDE3-CBC' : cipher}`)
  return wrong
}

/** The algorithms of the key bags in SafeContents that cannot be opened here. */
function unreadableBags(bags: readonly pkijs.SafeBag[]): string[] {
  return bags.flatMap((bag) => {
    if (bag.bagId === SHROUDED_KEY_BAG) return unreadable((bag.bagValue as pkijs.PKCS8ShroudedKeyBag).encryptionAlgorithm)
    if (bag.bagId === SAFE_CONTENTS_BAG) return unreadableBags((bag.bagValue as pkijs.SafeContents).safeBags)
    return []
  })
}

/**
 * Reads a file's structure without its passphrase: refuses what is no PKCS#12 file, and what is protected in a
 * way this reader cannot open (named), so that no passphrase is asked for a file that cannot be read anyway.
 */
function inspect(bytes: Uint8Array): Inspected {
  let pfx: pkijs.PFX
  try {
    pfx = pkijs.PFX.fromBER(bytes.slice().buffer)
  } catch {
    throw new Pkcs12Error('not_pkcs12', 'the file is not a PKCS#12 key file (.p12, .pfx)')
  }
  if (pfx.version !== 3) throw new Pkcs12Error('not_pkcs12', `the file is not a PKCS#12 key file of version 3 (it says ${pfx.version})`)
  if (pfx.authSafe.contentType === SIGNED_DATA) throw new Pkcs12Error('unsupported', 'the key file is in the PKCS#12 public-key integrity mode (signed), which cannot be read here: export it with a passphrase', ['public-key integrity'])
  if (pfx.authSafe.contentType !== DATA || !(pfx.authSafe.content instanceof asn1js.OctetString))
    throw new Pkcs12Error('not_pkcs12', 'the file is not a PKCS#12 key file: its content is not data')
  if (pfx.macData && !MAC_DIGESTS[pfx.macData.mac.digestAlgorithm.algorithmId]) throw unsupported([`MAC with ${pfx.macData.mac.digestAlgorithm.algorithmId}`])
  let authenticatedSafe: pkijs.AuthenticatedSafe
  try {
    authenticatedSafe = pkijs.AuthenticatedSafe.fromBER(pfx.authSafe.content.getValue())
  } catch {
    throw new Pkcs12Error('not_pkcs12', 'the key file is damaged: its contents cannot be read')
  }
  const wrong: string[] = []
  for (const content of authenticatedSafe.safeContents) {
    if (content.contentType === ENVELOPED_DATA) wrong.push('public-key privacy (EnvelopedData)')
    else if (content.contentType === ENCRYPTED_DATA) {
      try {
        wrong.push(...unreadable(new pkijs.EncryptedData({ schema: content.content }).encryptedContentInfo.contentEncryptionAlgorithm))
      } catch (e) {
        if (e instanceof Pkcs12Error) throw e
        throw new Pkcs12Error('not_pkcs12', 'the key file is damaged: an encrypted part cannot be read')
      }
    } else if (content.contentType === DATA) {
      try {
        wrong.push(...unreadableBags(pkijs.SafeContents.fromBER((content.content as asn1js.OctetString).getValue()).safeBags))
      } catch (e) {
        if (e instanceof Pkcs12Error) throw e
        throw new Pkcs12Error('not_pkcs12', 'the key file is damaged: a part of it cannot be read')
      }
    } else wrong.push(`content type ${content.contentType}`)
  }
  if (wrong.length) throw unsupported(wrong)
  return { pfx, authenticatedSafe }
}

/**
 * Checks, without the passphrase, that the bytes are a PKCS#12 file this reader can open. Throws Pkcs12Error:
 * 'not_pkcs12' for anything else, 'unsupported' (naming the algorithm) for legacy RC2/3DES encryption.
 */
export function checkPkcs12(bytes: Uint8Array): void {
  inspect(bytes)
}

/**
 * The private key and its certificate from a PKCS#12 file, opened with its passphrase: the MAC is checked first
 * (a wrong passphrase is TokenError 'pin_incorrect'), then the encrypted parts and the shrouded key are decrypted.
 * The file must hold one private key and the certificate that belongs to it; its other certificates are the chain.
 */
export async function readPkcs12(bytes: Uint8Array, passphrase: string): Promise<Pkcs12Contents> {
  const { pfx } = inspect(bytes)
  const password = new TextEncoder().encode(passphrase).buffer as ArrayBuffer
  try {
    // Without a MAC (openssl -nomac) a wrong passphrase shows only when decrypting.
    await pfx.parseInternalValues({ password, checkIntegrity: pfx.macData !== undefined })
  } catch (e) {
    if (/integrity/i.test((e as Error).message)) throw wrongPassphrase()
    throw new Pkcs12Error('not_pkcs12', `the key file is damaged: ${(e as Error).message}`)
  }
  const authenticatedSafe = pfx.parsedValue!.authenticatedSafe!
  try {
    await authenticatedSafe.parseInternalValues({ safeContents: authenticatedSafe.safeContents.map((c) => (c.contentType === ENCRYPTED_DATA ? { password } : {})) })
  } catch {
    // The MAC held (or there was none): what does not decrypt was encrypted under another passphrase.
    throw wrongPassphrase()
  }
  const keys: Uint8Array[] = []
  const certificates: Uint8Array[] = []
  const collect = async (bags: readonly pkijs.SafeBag[]): Promise<void> => {
    for (const bag of bags) {
      if (bag.bagId === SHROUDED_KEY_BAG) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag
        // A key bag inside an encrypted part is seen only now.
        const wrong = unreadable(shrouded.encryptionAlgorithm)
        if (wrong.length) throw unsupported(wrong)
        // What PKCS8ShroudedKeyBag.parseInternalValues does (protected in pkijs's types): EncryptedPrivateKeyInfo
        // is an EncryptedData without the content type.
        const encrypted = new pkijs.EncryptedData({ encryptedContentInfo: new pkijs.EncryptedContentInfo({ contentEncryptionAlgorithm: shrouded.encryptionAlgorithm, encryptedContent: shrouded.encryptedData }) })
        try {
          keys.push(new Uint8Array(await encrypted.decrypt({ password })))
        } catch {
          throw wrongPassphrase()
        }
      } else if (bag.bagId === KEY_BAG) keys.push(new Uint8Array((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER(false)))
      else if (bag.bagId === CERT_BAG) {
        const cert = bag.bagValue as pkijs.CertBag
        if (cert.certId === X509_CERTIFICATE) certificates.push(new Uint8Array((cert.certValue as asn1js.OctetString).valueBlock.valueHexView))
      } else if (bag.bagId === SAFE_CONTENTS_BAG) await collect((bag.bagValue as pkijs.SafeContents).safeBags)
    }
  }
  for (const content of authenticatedSafe.parsedValue!.safeContents) await collect((content.value as pkijs.SafeContents).safeBags)

  if (keys.length !== 1) throw new Pkcs12Error('no_key', keys.length ? `the key file holds ${keys.length} private keys; export the one to sign with alone` : 'the key file holds no private key')
  let key: KeyObject
  try {
    key = createPrivateKey({ key: Buffer.from(keys[0]!), format: 'der', type: 'pkcs8' })
  } catch (e) {
    // Without a MAC, a wrong passphrase may decrypt to bytes that are no key.
    if (!pfx.macData) throw wrongPassphrase()
    throw new Pkcs12Error('not_pkcs12', `the private key in the file cannot be read (${(e as Error).message})`)
  }
  const parsed = certificates.flatMap((der) => {
    try {
      return [{ der, x509: new X509Certificate(Buffer.from(der)) }]
    } catch {
      return []
    }
  })
  const own = parsed.find((c) => c.x509.checkPrivateKey(key))
  if (!own) throw new Pkcs12Error('no_certificate', parsed.length ? 'no certificate in the key file belongs to its private key' : 'the key file holds no certificate for its private key')
  return { key, certificate: own.der, chain: parsed.filter((c) => c !== own && !Buffer.from(c.der).equals(Buffer.from(own.der))).map((c) => c.der) }
}
