// The X.509 certificates on a token, readable without a PIN, each with whether its key pair is there.
import * as pkcs11 from 'pkcs11js'
import type { TokenCertificate } from '../signer'
import { keyAlgorithmOf } from './certificate-key'
import { findObjects, idTemplate, readAttributes } from './objects'
import type { Handle } from './session'

export function listCertificates(lib: pkcs11.PKCS11, session: Handle): TokenCertificate[] {
  const template = [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_CERTIFICATE },
    { type: pkcs11.CKA_CERTIFICATE_TYPE, value: pkcs11.CKC_X_509 }
  ]
  const certificates: TokenCertificate[] = []
  for (const object of findObjects(lib, session, template)) {
    const a = readAttributes(lib, session, object, [pkcs11.CKA_ID, pkcs11.CKA_LABEL, pkcs11.CKA_VALUE])
    const der = new Uint8Array(a.get(pkcs11.CKA_VALUE) ?? Buffer.alloc(0))
    const keyAlgorithm = keyAlgorithmOf(der)
    // Keys the port cannot sign with (GOST and others) are left out rather than offered and refused later.
    if (!keyAlgorithm) continue
    const id = (a.get(pkcs11.CKA_ID) ?? Buffer.alloc(0)).toString('hex')
    certificates.push({ id, label: (a.get(pkcs11.CKA_LABEL) ?? Buffer.alloc(0)).toString('utf8'), der, keyAlgorithm, hasPrivateKey: hasKeyPair(lib, session, id) })
  }
  return certificates
}

/**
 * Whether the certificate's private key is there, as far as can be seen without a PIN: most tokens hide private
 * key objects until login (CKA_PRIVATE), so the public key of the pair with the same CKA_ID counts as evidence.
 * Signing still finds the private key itself and says key_not_found when it is missing.
 */
function hasKeyPair(lib: pkcs11.PKCS11, session: Handle, id: string): boolean {
  if (id === '') return false
  return findObjects(lib, session, idTemplate(pkcs11.CKO_PRIVATE_KEY, id)).length > 0 || findObjects(lib, session, idTemplate(pkcs11.CKO_PUBLIC_KEY, id)).length > 0
}
