// Small asn1js helpers shared by the CMS readers.
import * as asn1js from 'asn1js'

/** An OCTET STRING's bytes, whether DER (primitive) or BER-constructed in pieces (OpenSSL's -stream output). */
export function octetBytes(node: asn1js.AsnType): Uint8Array {
  // Judged by the tag, so an [n] IMPLICIT OCTET STRING (encryptedContent) reads the same as a universal one.
  if (!node.idBlock.isConstructed) return new Uint8Array((node as asn1js.Primitive).valueBlock.valueHexView)
  return new Uint8Array(Buffer.concat(children(node).map((piece) => octetBytes(piece))))
}

/** The exact bytes a node was decoded from. */
export const encoded = (node: asn1js.AsnType): Uint8Array => new Uint8Array(node.valueBeforeDecodeView)

export function parseDer(bytes: Uint8Array): asn1js.AsnType {
  const asn = asn1js.fromBER(bytes)
  if (asn.offset === -1) throw new Error(`not BER/DER: ${asn.result.error}`)
  return asn.result
}

export function children(node: asn1js.AsnType | undefined): asn1js.AsnType[] {
  const block = (node as asn1js.Constructed | undefined)?.valueBlock
  return block && Array.isArray(block.value) ? (block.value as asn1js.AsnType[]) : []
}

export const isContext = (node: asn1js.AsnType | undefined, n: number): boolean => node !== undefined && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === n

export function timeValue(node: asn1js.AsnType | undefined): Date | null {
  return node instanceof asn1js.UTCTime || node instanceof asn1js.GeneralizedTime ? node.toDate() : null
}
