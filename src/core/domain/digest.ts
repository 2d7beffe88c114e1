import { createHash } from 'node:crypto'

/** SHA-256 of bytes as lower-case hex: the form files, evidence and attachments record their hash in. */
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')
