import type { Instrument } from '@core/api/types'

/** Why an instrument's QR code is not offered: each a key of registry.instruments.qrUnavailable. */
export type QrRefusal = 'blocked' | 'closed' | 'expired'

/** A card is valid through the last day of its expiry month: expired once `thisMonth` (YYYY-MM, Almaty) is later. */
export const isExpired = (expiry: string | null, thisMonth: string): boolean => expiry !== null && expiry < thisMonth

/**
 * Why the QR code of `i` is withheld, or null when it is offered: a QR of an instrument that cannot pay (blocked,
 * closed, expired) would send the client to pay with it (R3.2.1).
 */
export function qrRefusal(i: Pick<Instrument, 'status' | 'expiry'>, thisMonth: string): QrRefusal | null {
  if (i.status !== 'active') return i.status
  return isExpired(i.expiry, thisMonth) ? 'expired' : null
}
