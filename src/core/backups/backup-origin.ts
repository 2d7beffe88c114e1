// Why a restore may trust a backup's file (R12.1, R6.6.5). The envelope is encrypted to public certificates and its
// seal made with a key of the envelope's own: whoever can write to the backups folder can make a whole backup of a
// forged database that opens and seals as one of ours. So a file is trusted when this workstation recorded its
// SHA-256 when it made it (backups-made.ts), or when the operator confirms that SHA-256 from the backup register the
// administrators keep on paper; otherwise it is refused before any PIN is asked, and nothing is changed.
import type { BackupMade, BackupOrigin } from '../api/backups-types'
import { refuse } from '../domain/errors'

/** A SHA-256 as a person reads it aloud or copies it: groups of four hex digits. */
export const groupedFingerprint = (hex: string): string => hex.replace(/(.{4})(?=.)/g, '$1 ')

/** A fingerprint as typed: hex digits in any case, spaces, colons or dashes between groups. */
export function typedFingerprint(text: string): string {
  const hex = text.replace(/[\s:-]/g, '').toLowerCase()
  if (!/^[0-9a-f]{64}$/.test(hex))
    refuse('VALIDATION', 'backups.fingerprint_malformed', { given: text }, `"${text}" is not a SHA-256 fingerprint: 64 hex digits, as the backup register has it`)
  return hex
}

/**
 * The origin of the backup `name`, whose file's SHA-256 (checked against its manifest) is `sha256`, against the
 * register `made` and the `fingerprint` the operator typed, if any. A typed fingerprint that is not the file's is
 * refused even for a backup made here: the operator's register disagrees with the folder.
 */
export function originOf(o: { name: string; sha256: string; made: readonly BackupMade[]; fingerprint?: string }): BackupOrigin {
  const confirmed = o.fingerprint === undefined ? null : typedFingerprint(o.fingerprint)
  if (confirmed !== null && confirmed !== o.sha256)
    refuse('CONFLICT', 'backups.fingerprint_mismatch', { name: o.name, given: groupedFingerprint(confirmed) }, `the fingerprint given (${groupedFingerprint(confirmed)}) is not that of ${o.name}: it is not the backup the register names, and is not restored`)
  const own = o.made.find((m) => m.sha256 === o.sha256)
  if (own) return { kind: 'made_here', name: own.name, createdAt: own.createdAt, createdBy: own.createdBy, trigger: own.trigger, day: own.day }
  if (confirmed !== null) return { kind: 'fingerprint_confirmed' }
  if (o.made.some((m) => m.name === o.name))
    refuse('CONFLICT', 'backups.replaced', { name: o.name }, `this workstation made a backup named ${o.name}, but not this file: it was replaced in the folder. Restore it only if the backup register has its fingerprint: --fingerprint <SHA-256 from the register>`)
  return refuse('CONFLICT', 'backups.unknown_origin', { name: o.name }, `${o.name} is not one this workstation made (a copy from another one, or this one's database is gone): confirm its fingerprint from the backup register with --fingerprint <SHA-256 from the register>`)
}
