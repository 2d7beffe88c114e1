// CMS SignedData (RFC 5652 5) in the CAdES-BES form: one SignerInfo identified by issuer and serial, the four
// signed attributes, the signer's certificate included. The signature itself comes from the Signer port, so a
// token signs the attribute bytes and the private key never leaves it.
import { algorithm, ctx, intBytes, int, octets, oid, raw, seq, setOf, toBytes, type Der } from './der'
import { OID } from './oids'
import { asImplicitTag0, signedAttributes } from './signed-attributes'
import { defaultScheme, schemeFits, signatureAlgorithm } from './signature-scheme'
import { collect, digest, type Content } from './content'
import { certificateOf } from '../trust/certificate'
import type { SignatureScheme, Signer } from '../signer'

export interface SignCmsParams {
  /** Bytes, or chunks of a large document (read once, hashed as they come, when detached). */
  content: Content
  /** Detached: the content stays outside (the usual form for files exchanged); attached: it is carried inside. */
  detached: boolean
  signer: Signer
  /** From the caller's clock: the core never reads the time itself. */
  signingTime: Date
  /** Defaults to PKCS#1 v1.5 for RSA keys and ECDSA for EC keys. */
  scheme?: SignatureScheme
  /** Intermediate CA certificates (DER) to carry along, so a verifier holding only the root can build the chain. */
  chain?: readonly Uint8Array[]
}

/** Returns DER ContentInfo(SignedData). */
export async function signCms(params: SignCmsParams): Promise<Uint8Array> {
  const { signer, signingTime } = params
  const scheme = params.scheme ?? defaultScheme(signer.certificate.keyAlgorithm)
  if (!schemeFits(scheme, signer.certificate.keyAlgorithm)) throw new Error(`scheme ${scheme} does not fit a ${signer.certificate.keyAlgorithm} key`)
  const certificate = certificateOf(signer.certificate.der)
  const content = params.detached ? params.content : await collect(params.content)
  const messageDigest = await digest(content, 'sha256')
  const attributes = signedAttributes({ messageDigest, signingTime, certificate })
  const signature = await signer.sign(attributes, scheme, 'SHA-256')

  const sha256 = algorithm(OID.sha256)
  const signerInfo = seq(
    int(1),
    seq(raw(certificate.issuerDer), intBytes(certificate.serialBytes)),
    sha256,
    asImplicitTag0(attributes),
    signatureAlgorithm(scheme),
    octets(signature)
  )
  const encapsulated = params.detached ? seq(oid(OID.data)) : seq(oid(OID.data), ctx(0, octets(content as Uint8Array)))
  const certificates = [certificate.der, ...(params.chain ?? [])].map(raw)
  const signedData = seq(
    int(1),
    setOf(sha256),
    encapsulated,
    // [0] IMPLICIT SET OF Certificate: setOf sorts, then the tag becomes [0].
    retag(setOf(...certificates), 0xa0),
    setOf(signerInfo)
  )
  return toBytes(seq(oid(OID.signedData), ctx(0, signedData)))
}

function retag(node: Der, tag: number): Der {
  const [head, ...rest] = node.chunks
  return { chunks: [Uint8Array.of(tag, ...head!.subarray(1)), ...rest], length: node.length }
}
