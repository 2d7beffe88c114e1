// What the file system answered when a file could not be read or written, as a refusal names it (`fileError`) for the
// screens to say what happened ("no space left on the disk"), not the system's code ("ENOSPC").

/** The system's error codes a refusal names; any other is `other`. */
export const FILE_ERRORS = [
  'ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EISDIR', 'ENOSPC', 'EDQUOT', 'EROFS', 'EEXIST', 'EBUSY',
  'EMFILE', 'ENFILE', 'ENAMETOOLONG', 'ELOOP', 'EFBIG', 'EIO', 'other'
] as const
export type FileError = (typeof FILE_ERRORS)[number]

/** The error a file operation threw, as one of FILE_ERRORS. */
export function fileErrorOf(e: unknown): FileError {
  const code = (e as NodeJS.ErrnoException | null)?.code
  return (FILE_ERRORS as readonly string[]).includes(code ?? '') ? (code as FileError) : 'other'
}
