import { randomBytes } from 'node:crypto'
import type { Clock } from './clock'

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ' // Crockford base32, as in ULID

/**
 * Time-sortable ids (ULID layout: 48-bit milliseconds + 80 random bits). Sortable ids keep indexes
 * append-mostly; the random part makes them safe as idempotency keys.
 */
export function createIdGenerator(clock: Clock, random: (n: number) => Uint8Array = randomBytes): () => string {
  return () => {
    let time = clock.now()
    let out = ''
    for (let i = 0; i < 10; i++) {
      out = ALPHABET[time % 32] + out
      time = Math.floor(time / 32)
    }
    const bytes = random(16)
    for (let i = 0; i < 16; i++) out += ALPHABET[bytes[i]! % 32]
    return out
  }
}
