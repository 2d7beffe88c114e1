import { existsSync, statfsSync } from 'node:fs'
import { dirname } from 'node:path'
import type { BackupRoom } from '../api/backups-types'

/**
 * What a copy must leave free on the disk it is made on: the live database and its WAL grow there, and a disk filled
 * by a backup would stop the Center's commits, which is worse than a backup not made.
 */
export const DISK_RESERVE_BYTES = 256 * 1024 * 1024

/** The bytes an unprivileged process may still write in a folder's file system. */
export type DiskFree = (dir: string) => number

export const diskFreeOf: DiskFree = (dir) => {
  const s = statfsSync(existsSync(dir) ? dir : dirname(dir))
  return s.bavail * s.bsize
}

/**
 * Whether a copy of a database of `databaseBytes` fits beside it with the reserve kept. The copy is made in the clear
 * and encrypted beside it before the clear one is removed: for a moment the disk holds both.
 */
export function storageFor(databaseBytes: number, freeBytes: number): BackupRoom {
  const neededBytes = 2 * databaseBytes + DISK_RESERVE_BYTES
  return { freeBytes, databaseBytes, reserveBytes: DISK_RESERVE_BYTES, neededBytes, enough: freeBytes >= neededBytes }
}
