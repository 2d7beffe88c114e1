// What the network answered when a receiver could not be reached, as a delivery's failure names it (`networkError`) for
// the screens to say what happened ("the connection was refused"), not the system's code ("ECONNREFUSED").

/** The system's network error codes a failure names; any other is `other`. */
export const NETWORK_ERRORS = [
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'other'
] as const
export type NetworkError = (typeof NETWORK_ERRORS)[number]

/** The system's code of a network error (`ECONNREFUSED`, `EAI_AGAIN`…), or null for an error that has none. */
export function systemCodeOf(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? code : null
}

/** A system code as one of NETWORK_ERRORS. */
export const networkErrorOf = (code: string): NetworkError => ((NETWORK_ERRORS as readonly string[]).includes(code) ? (code as NetworkError) : 'other')
