// Plain data of the database's backups (R12.1) crossing the call boundary. Types only.

/** What a backup holds, read from the copy itself when it was checked. */
export interface BackupContents {
  /** The newest migration applied to the copy: a restore migrates an older one forward. */
  schemaVersion: number
  operations: number
  lastOperationDay: string | null
  auditRecords: number
}

/** A certificate a backup is encrypted to: a token holding its key opens the backup (R12.1). */
export interface BackupRecipient {
  fingerprint: string
  subject: string
}

/** One backup: the copy in the backups folder and its manifest beside it. */
export interface BackupRow {
  name: string
  createdAt: number
  /** The login of who made it; `system` for one the desk made after a day's close. */
  createdBy: string
  /** Made by hand, or by the desk after the close of `day` (R12.1: a reserve copy of every closed day). */
  trigger: 'manual' | 'day_close'
  day: string | null
  /** The file's size and SHA-256 as kept in the folder: of the envelope, when it is encrypted. */
  sizeBytes: number
  sha256: string
  contents: BackupContents
  /** Who can open it (R12.1, confidentiality at rest); null for a plain copy made before backups were encrypted. */
  encryptedTo: BackupRecipient[] | null
  /** Whether the copy is still in the folder (its manifest may outlive it). */
  present: boolean
  /** Whether this workstation's register of backups holds the file's SHA-256 (R12.1): it made this one. */
  madeHere: boolean
}

/** Whether the backups' disk has room for a copy now: the copy's size and a reserve for the live database. */
export interface BackupRoom {
  freeBytes: number
  /** The database's size now: what a copy of it takes. */
  databaseBytes: number
  /** What a copy must leave free for the live database to grow. */
  reserveBytes: number
  neededBytes: number
  enough: boolean
}

/** Whether a copy can be made now: room on the disk, and whom it would be encrypted to (none: no copy is made). */
export interface BackupStorage extends BackupRoom {
  recipients: BackupRecipient[]
}

/** Why a backup cannot be trusted for a restore. */
export type BackupProblem =
  | { kind: 'missing' }
  | { kind: 'hash'; expected: string; actual: string }
  | { kind: 'integrity'; detail: string }
  | { kind: 'evidence_key' }

export interface BackupCheck {
  name: string
  checkedAt: number
  ok: boolean
  problems: BackupProblem[]
}

/** A backup this workstation made, as its register keeps it: the file's SHA-256, and when, by whom, why. */
export type BackupMade = Pick<BackupRow, 'name' | 'createdAt' | 'createdBy' | 'trigger' | 'day' | 'sha256'>

/**
 * Why a restore trusts a backup's file (R12.1): this workstation made it (its register holds the file's SHA-256), or
 * the operator confirmed the fingerprint from the backup register (a copy from elsewhere, a new machine).
 */
export type BackupOrigin = ({ kind: 'made_here' } & Omit<BackupMade, 'sha256'>) | { kind: 'fingerprint_confirmed' }

/** What a restore did: the copy put in place, why it was trusted, and where the database it replaced was kept. */
export interface BackupRestore {
  name: string
  restoredAt: number
  origin: BackupOrigin
  replacedKeptAs: string | null
  contents: BackupContents
}
