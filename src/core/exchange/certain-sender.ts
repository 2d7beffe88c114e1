import { sameBank } from '../domain/identifiers'
import type { ImportParticipant } from './import-service'

/** How a file reached the desk when it came through the participant's own inbound folder. */
const FOLDER_SOURCE = 'folder'

/**
 * Whom a refused file is answered to (R4.1, R9.1.8), one rule whether it was read or refused before: the participant
 * it was imported for, when the file is surely that participant's — it came through the participant's own inbound
 * folder, or it names the participant's BIC as its sender (InstgAgt, block 1). A file anyone could have brought in for
 * it, naming no sender or another bank, is answered to no one: a status report would tell the participant of a file
 * that may be another bank's (R9.3.4). A terminated participant is served no more (R9.1.5, R13.1).
 */
export function certainSender(p: ImportParticipant | undefined, source: string, senderBic: string | null): string | null {
  if (!p || p.status === 'terminated') return null
  return source === FOLDER_SOURCE || (senderBic !== null && sameBank(senderBic, p.bic)) ? p.code : null
}
