// What the system answered when a file could not be read or written (`fileError`) or a receiver could not be reached
// (`networkError`), as a refusal or a delivery's failure names it for the screens to say what happened ("no space left
// on the disk", "the connection was refused"), not the system's code ("ENOSPC", "ECONNREFUSED").

/** The file system's error codes a refusal names; any other is `other`. */
export const FILE_ERRORS = [
  'ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EISDIR', 'ENOSPC', 'EDQUOT', 'EROFS', 'EEXIST', 'EBUSY',
  'EMFILE', 'ENFILE', 'ENAMETOOLONG', 'ELOOP', 'EFBIG', 'EIO', 'other'
] as const
export type FileError = (typeof FILE_ERRORS)[number]

/** The network's error codes a failure names; any other is `other`. */
export const NETWORK_ERRORS = [
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'other'
] as const
export type NetworkError = (typeof NETWORK_ERRORS)[number]

/** The system's code of an error (`ENOSPC`, `EAI_AGAIN`…), or null for an error that has none. */
export function systemCodeOf(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? code : null
}

/** A code as one of `known`, or `other`. */
const oneOf = <T extends string>(known: readonly T[], code: string | null): T => (known.includes(code as T) ? (code as T) : ('other' as T))

/** The error a file operation threw, as one of FILE_ERRORS. */
export const fileErrorOf = (e: unknown): FileError => oneOf(FILE_ERRORS, systemCodeOf(e))

/** A system code as one of NETWORK_ERRORS. */
export const networkErrorOf = (code: string): NetworkError => oneOf(NETWORK_ERRORS, code)
