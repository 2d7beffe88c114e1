// Opening an envelope with a user's key, for crypto.decryptFile and the documents: decryptCms's failures in the
// caller's terms (CONFLICT when it is not addressed to the key, VALIDATION when it cannot be read).
import { refuse } from '../domain/errors'
import { CmsDecryptError, decryptCms } from './cms'
import type { Signer } from './signer'

/** decryptCms with the user's key; the token's own errors pass through so UserKeys can ask for the PIN again. */
export async function decryptWithKey(signer: Signer, cms: Uint8Array): Promise<Uint8Array> {
  try {
    return await decryptCms({ cms, signer })
  } catch (e) {
    if (!(e instanceof CmsDecryptError)) throw e
    if (e.code === 'not_a_recipient') refuse('CONFLICT', 'tokens.not_a_recipient', {}, 'this file was not encrypted to your certificate')
    if (e.code === 'key_agreement_unsupported') refuse('CONFLICT', 'tokens.key_agreement_unsupported', {}, `your key cannot open this file: ${e.message}`)
    return refuse('VALIDATION', 'tokens.not_an_envelope', {}, `the file is not a CMS envelope this desk can open (${e.message})`)
  }
}
