// Evidence at rest (issue 7 §3): each piece sealed with AES-256-GCM under the desk's evidence key, a fresh IV per
// piece, its SHA-256 kept beside it. A changed byte fails the tag; a swapped piece fails the hash.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { sha256Hex } from '../domain/digest'

const IV_BYTES = 12
const TAG_BYTES = 16

export class EvidenceIntegrityError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EvidenceIntegrityError'
  }
}

export class EvidenceVault {
  constructor(private readonly key: Uint8Array) {
    if (key.length !== 32) throw new RangeError('the evidence key is 32 bytes (AES-256)')
  }

  /** IV ‖ ciphertext ‖ tag; the dispute and piece ids are bound in as associated data. */
  seal(plain: Uint8Array, context: string): Uint8Array {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(context))
    const body = Buffer.concat([cipher.update(plain), cipher.final()])
    return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]))
  }

  open(sealed: Uint8Array, context: string, expectedSha256: string): Uint8Array {
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new EvidenceIntegrityError('the sealed evidence is truncated')
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(context))
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
    let plain: Buffer
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()])
    } catch {
      throw new EvidenceIntegrityError('the evidence was changed at rest (authentication failed)')
    }
    if (sha256Hex(plain) !== expectedSha256) throw new EvidenceIntegrityError('the evidence does not match its recorded hash')
    return new Uint8Array(plain)
  }
}
