import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** scrypt cost: N (a power of two), r, p. Stored with every hash so the cost can rise without a migration. */
export interface ScryptCost {
  N: number
  r: number
  p: number
}

// OWASP's floor for scrypt is N=2^17,r=8,p=1; 2^15 keeps sign-in near 100 ms on the desks' 2-core PCs.
export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 }
const KEY_LENGTH = 32
const SALT_LENGTH = 16

export function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST, salt: Buffer = randomBytes(SALT_LENGTH)): string {
  const key = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 })
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  const salt = Buffer.from(parts[4]!, 'base64')
  const expected = Buffer.from(parts[5]!, 'base64')
  const key = scryptSync(password.normalize('NFC'), salt, expected.length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 })
  return timingSafeEqual(key, expected)
}
