import type { EvidenceKind } from '@core/api/disputes-types'
import { fileBase64 } from '../../composables/fileBytes'

/** One piece of evidence (R10.1.1) at most 10 MB, as the core accepts it. */
export const EVIDENCE_LIMIT_BYTES = 10 * 1024 * 1024
/** At most this many files in one call. */
export const EVIDENCE_MAX_FILES = 20

/** A file the user chose, with the kind they gave it. */
export interface EvidenceItem {
  file: File
  kind: EvidenceKind
}

/** The files as the calls take them: name, media type, bytes in base64. */
export const evidencePayload = (items: readonly EvidenceItem[]) =>
  Promise.all(
    items.map(async (i) => ({
      kind: i.kind,
      name: i.file.name,
      mediaType: i.file.type.length >= 3 ? i.file.type : 'application/octet-stream',
      base64: await fileBase64(i.file)
    }))
  )
