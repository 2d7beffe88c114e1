// Certificates and CRLs as people paste or point at them: PEM (one or several blocks) or base64 of the DER,
// as text; PEM or DER, as a file's bytes. Anything unreadable is a VALIDATION refusal naming what it was.
import { refuse } from '../domain/errors'
import { parseCertificate, type CertificateInfo } from './trust/certificate'
import { parseCrl, type CrlInfo } from './trust/crl'
import { derBlocks } from './trust/pem'

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** Every block with one of the labels in PEM text, or the one DER that bare base64 text encodes. */
function derOfText(text: string, what: string, labels: readonly string[]): Uint8Array[] {
  if (text.includes('-----BEGIN')) {
    try {
      return derBlocks(text, ...labels)
    } catch (e) {
      return refuse('VALIDATION', 'trust.pem_unreadable', {}, `${what}: ${(e as Error).message}`)
    }
  }
  const compact = text.replace(/\s+/g, '')
  if (!BASE64.test(compact)) refuse('VALIDATION', 'trust.not_pem_or_base64', {}, `${what}: neither PEM nor base64 DER`)
  return [new Uint8Array(Buffer.from(compact, 'base64'))]
}

function parsed<T>(der: Uint8Array, what: string, kind: 'certificate' | 'CRL', parse: (der: Uint8Array) => T): T {
  try {
    return parse(der)
  } catch (e) {
    const message = `${what}: not a readable ${kind} (${(e as Error).message})`
    return kind === 'CRL' ? refuse('VALIDATION', 'trust.crl_unreadable', {}, message) : refuse('VALIDATION', 'trust.certificate_unreadable', {}, message)
  }
}

/** Every certificate in the text, in order. */
export function certificatesOfText(text: string, what: string): CertificateInfo[] {
  return derOfText(text, what, ['CERTIFICATE']).map((der) => parsed(der, what, 'certificate', parseCertificate))
}

/** The one certificate the text holds; several are refused so the wrong one is not taken silently. */
export function certificateOfText(text: string, what: string): CertificateInfo {
  const all = certificatesOfText(text, what)
  if (all.length !== 1) refuse('VALIDATION', 'trust.one_certificate_expected', { count: all.length }, `${what}: expected one certificate, found ${all.length}`)
  return all[0]!
}

/** The one CRL the text holds. */
export function crlOfText(text: string, what: string): CrlInfo {
  const all = derOfText(text, what, ['X509 CRL', 'CRL'])
  if (all.length !== 1) refuse('VALIDATION', 'trust.one_crl_expected', { count: all.length }, `${what}: expected one CRL, found ${all.length}`)
  return parsed(all[0]!, what, 'CRL', parseCrl)
}

/** The first certificate in a file's bytes (PEM or DER). */
export function certificateOfFile(bytes: Uint8Array, what: string): CertificateInfo {
  let der: Uint8Array
  try {
    der = derBlocks(bytes, 'CERTIFICATE')[0]!
  } catch (e) {
    return refuse('VALIDATION', 'trust.certificate_file_unreadable', {}, `${what}: ${(e as Error).message}`)
  }
  return parsed(der, what, 'certificate', parseCertificate)
}
