// Opening an envelope with a user's key, for crypto.decryptFile and the documents: decryptCms's failures in the
// caller's terms (CONFLICT when it is not addressed to the key, VALIDATION when it cannot be read).
import { AppError } from '../domain/errors'
import { CmsDecryptError, decryptCms } from './cms'
import type { Signer } from './signer'

/** decryptCms with the user's key; the token's own errors pass through so UserKeys can ask for the PIN again. */
export async function decryptWithKey(signer: Signer, cms: Uint8Array): Promise<Uint8Array> {
  try {
    return await decryptCms({ cms, signer })
  } catch (e) {
    if (!(e instanceof CmsDecryptError)) throw e
    if (e.code === 'not_a_recipient') throw new AppError('CONFLICT', 'this file was not encrypted to your certificate')
    if (e.code === 'key_agreement_unsupported') throw new AppError('CONFLICT', `your key cannot open this file: ${e.message}`)
    throw new AppError('VALIDATION', `the file is not a CMS envelope this desk can open (${e.message})`)
  }
}
