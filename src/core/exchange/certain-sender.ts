import { sameBank } from '../domain/identifiers'
import type { ImportInput, ImportParticipant } from './import-service'

/** How a file reached the desk when it came through the participant's own inbound folder. */
const FOLDER_SOURCE = 'folder'

/**
 * Whom a refused file is answered to (R4.1, R9.1.8), one rule whether it was read or refused before: the participant
 * it was imported for, when the file is surely that participant's — it came through the participant's own inbound
 * folder, one of the participant's own staff brought it in signed in (their sign-in names the bank, as the folder
 * does), or it names the participant's BIC as its sender (InstgAgt, block 1). A file anyone could have brought in for
 * it — the operator's staff on the bank's behalf — naming no sender or another bank, is answered to no one: a status
 * report would tell the participant of a file that may be another bank's (R9.3.4). A terminated participant is served
 * no more (R9.1.5, R13.1).
 */
export function certainSender(p: ImportParticipant | undefined, input: Pick<ImportInput, 'source' | 'by'>, senderBic: string | null): string | null {
  if (!p || p.status === 'terminated') return null
  const ownStaff = input.by !== null && input.by.participantId === p.id
  return input.source === FOLDER_SOURCE || ownStaff || (senderBic !== null && sameBank(senderBic, p.bic)) ? p.code : null
}
