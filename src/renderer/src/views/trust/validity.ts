/** Where a certificate stands in its validity period, as the trust screens colour it. */
export type ValidityStatus = 'valid' | 'expiring' | 'expired' | 'not_yet_valid'

/** A certificate that ends within this many days is shown as expiring. */
export const EXPIRING_DAYS = 30
const DAY_MS = 86_400_000

export function validityStatus(notBefore: number | null, notAfter: number, now: number = Date.now()): ValidityStatus {
  if (notBefore !== null && now < notBefore) return 'not_yet_valid'
  if (now > notAfter) return 'expired'
  return notAfter - now <= EXPIRING_DAYS * DAY_MS ? 'expiring' : 'valid'
}

export const VALIDITY_TAG: Record<ValidityStatus, 'success' | 'warning' | 'danger' | 'info'> = {
  valid: 'success',
  expiring: 'warning',
  expired: 'danger',
  not_yet_valid: 'info'
}

/** A SHA-256 fingerprint shortened for a table cell (the whole one is in the cell's title and copied). */
export const shortFingerprint = (f: string): string => (f.length > 20 ? `${f.slice(0, 8)}…${f.slice(-8)}` : f)

/** The subject's common name, for the first line of a cell; the whole DN goes under it. */
export function commonNameOf(dn: string): string {
  const cn = /(?:^|,\s*)CN=((?:\\.|[^,\\])+)/.exec(dn)?.[1]
  return cn ? cn.replace(/\\(.)/g, '$1').trim() : dn
}
