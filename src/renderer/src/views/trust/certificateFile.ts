import { fileBase64 } from '../../composables/fileBytes'

/** The files a certificate or a CRL comes in: PEM text, or DER (binary, or its base64 without the armour). */
export const CERTIFICATE_ACCEPT = '.pem,.cer,.crt,.der'
export const CRL_ACCEPT = '.crl,.pem,.der'

/**
 * A chosen certificate or CRL file as the contract takes it: PEM text as it is (a bundle of several certificates
 * too), otherwise the DER's base64. Read here, in the page; the file's path never leaves it.
 */
export async function certificateText(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (text.includes('-----BEGIN ')) return text
  const compact = text.replace(/\s+/g, '')
  // A .cer is sometimes the base64 of the DER without the BEGIN/END lines.
  if (compact.length >= 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && bytes[0] !== 0x30) return compact
  return fileBase64(file)
}
