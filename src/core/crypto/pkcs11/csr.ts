// A PKCS#10 certificate request (RFC 2986) for a key generated on the token, signed through the token, so the
// request proves possession of a key that never left it. Built with asn1js: @peculiar/x509's generator wants a
// WebCrypto CryptoKey, which a token key is not.
import * as asn1js from 'asn1js'
import { TokenError, type KeyAlgorithm } from '../signer'
import type { Pkcs11Module } from './module'
import { TokenSigner, type AskPin } from './token-signer'

/** Subject attribute types a Kazakh PKI request carries (IIN/BIN go in serialNumber / OU by NCA RK practice). */
const ATTRIBUTE_OIDS = { CN: '2.5.4.3', serialNumber: '2.5.4.5', C: '2.5.4.6', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11' } as const
export type SubjectAttribute = keyof typeof ATTRIBUTE_OIDS

export interface CsrRequest {
  module: Pkcs11Module
  slot: number
  /** CKA_ID (hex) of the key pair, as given to generateKeyPair. */
  id: string
  algorithm: KeyAlgorithm
  /** SubjectPublicKeyInfo DER, as generateKeyPair returned it. */
  spki: Uint8Array
  /** In order, most significant first, e.g. [['C', 'KZ'], ['O', '…'], ['CN', '…']]. */
  subject: readonly (readonly [SubjectAttribute, string])[]
  askPin: AskPin
}

function name(subject: CsrRequest['subject']): asn1js.Sequence {
  return new asn1js.Sequence({
    value: subject.map(([type, value]) => {
      // Country and serialNumber are PrintableString by X.520; the rest UTF8String for Kazakh and Russian names.
      const text = type === 'C' || type === 'serialNumber' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value })
      return new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: ATTRIBUTE_OIDS[type] }), text] })] })
    })
  })
}

function signatureAlgorithm(algorithm: KeyAlgorithm): asn1js.Sequence {
  // sha256WithRSAEncryption carries an explicit NULL; ecdsa-with-SHA256 carries no parameters (RFC 5758).
  return algorithm === 'RSA'
    ? new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.1.11' }), new asn1js.Null()] })
    : new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.10045.4.3.2' })] })
}

/** Returns the request as DER; PEM-wrap it with the "CERTIFICATE REQUEST" label for a CA that wants text. */
export async function createCsr(r: CsrRequest): Promise<Uint8Array> {
  if (r.subject.length === 0) throw new TokenError('function_failed', 'A certificate request needs a subject.')
  const spki = asn1js.fromBER(Uint8Array.from(r.spki))
  if (spki.offset === -1) throw new TokenError('function_failed', 'The public key is not valid DER.')
  const info = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      name(r.subject),
      spki.result,
      // attributes [0] IMPLICIT SET OF Attribute, empty: no extension request, the CA decides the profile.
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [] })
    ]
  })
  const tbs = new Uint8Array(info.toBER())
  // The key has no certificate yet; the signer needs only its id and algorithm.
  const signer = new TokenSigner({ module: r.module, slot: r.slot, askPin: r.askPin, certificate: { id: r.id, label: `key ${r.id}`, der: new Uint8Array(0), hasPrivateKey: true, keyAlgorithm: r.algorithm } })
  const signature = await signer.sign(tbs, r.algorithm === 'RSA' ? 'RSASSA-PKCS1-v1_5' : 'ECDSA', 'SHA-256')
  const request = new asn1js.Sequence({ value: [info, signatureAlgorithm(r.algorithm), new asn1js.BitString({ valueHex: signature })] })
  return new Uint8Array(request.toBER())
}
