import type { CallContext } from '../api/context'
import type { Participant, ParticipantStatus, ParticipantStatusChange } from '../api/types'
import { refuse } from '../domain/errors'
import { operationalDayOf } from '../opday/calendar'
import type { ParticipantsRepo } from './participants-repo'
import { statusOf } from '../security/audit-change'

export interface NewParticipantInput {
  name: string
  bic: string
  bin: string
  issuer: boolean
  acquirer: boolean
}

/** A participant's record as corrected: its name and participation type; code, BIC and BIN stay (R9.2.1, R9.4.13). */
export interface ParticipantChange {
  participantId: string
  name: string
  issuer: boolean
  acquirer: boolean
}

// Which status changes the lifecycle allows (R9.1.5, R13.1, R15.2); termination is final.
const NEXT: Record<ParticipantStatus, readonly ParticipantStatus[]> = {
  active: ['suspended', 'terminated'],
  suspended: ['active', 'terminated'],
  terminated: []
}

/**
 * Refuses to put anything of a terminated participant back in service (an account, an instrument, a terminal):
 * termination is final (R15.2), while blocking and closing stay possible.
 */
export function notTerminated(p: Participant): void {
  if (p.status === 'terminated') refuse('CONFLICT', 'registry.participant_terminated', { code: p.code }, `${p.code} is terminated: nothing of it is put back in service`)
}

/** The participant registry: registration with a system-allocated code, suspension, resumption, termination. */
export class ParticipantsService {
  constructor(
    private readonly repo: ParticipantsRepo,
    private readonly newId: () => string
  ) {}

  list(ctx: CallContext): Participant[] {
    const scope = ctx.participantScope
    const rows = this.repo.list(scope)
    if (scope && rows.length === 0) refuse('NOT_FOUND', 'registry.own_participant_missing', {}, 'your participant is not registered')
    return rows
  }

  create(ctx: CallContext, input: NewParticipantInput): Participant {
    ctx.subject = input.bic
    const taken = this.repo.findByBicOrBin(input.bic, input.bin)
    if (taken) refuse('CONFLICT', 'registry.participant_taken', { code: taken.code, bic: taken.bic, bin: taken.bin }, `participant ${taken.code} already has BIC ${taken.bic} / BIN ${taken.bin}`)
    // The code's number is the bank code of the participant's IBANs (accounts-repo bankCodeOf): three digits.
    if (this.repo.nextCode().length > 4) refuse('CONFLICT', 'registry.participant_codes_exhausted', {}, 'the participant codes P001–P999 are all given out: the 3-digit bank code of the IBANs has no room for another')
    const created = this.repo.insert({ id: this.newId(), ...input, createdAt: ctx.now })
    ctx.subject = created.code
    return created
  }

  setStatus(ctx: CallContext, participantId: string, status: ParticipantStatus, reason: string): Participant {
    const p = this.repo.get(participantId)
    if (!p) return refuse('NOT_FOUND', 'registry.no_participant', { id: participantId }, `no participant ${participantId}`)
    ctx.subject = p.code
    if (!NEXT[p.status].includes(status)) refuse('CONFLICT', 'registry.participant_transition', { code: p.code, participantStatus: p.status, participantNext: status }, `participant ${p.code} is ${p.status}; it cannot become ${status}`)
    this.repo.setStatus(p.id, status, reason, ctx.now)
    // Told to the participants the same day, with the reason (R9.3.2): written with the change, delivered by the relay.
    const { code, name, bic, bin } = p
    this.repo.recordChange(p, p.status, { notice: 'participant.status', participant: { code, name, bic, bin }, from: p.status, to: status, reason, day: operationalDayOf(ctx.now), at: ctx.now }, ctx.user?.id ?? null)
    const updated = this.repo.get(p.id)!
    ctx.recordChange(statusOf(p), statusOf(updated))
    return updated
  }

  /**
   * Corrects the name or changes the participation type (R9.2.1, R9.4.13). A role is given up only once nothing
   * still works under it: an acquirer's terminals in service would go on submitting operations (R8.4), an issuer's
   * client accounts and instruments would be left with no bank that keeps them. A terminated participant's record
   * stays as it was when it left (R9.1.5, R13.1).
   */
  update(ctx: CallContext, change: ParticipantChange): Participant {
    const p = this.repo.get(change.participantId) ?? refuse('NOT_FOUND', 'registry.no_participant', { id: change.participantId }, `no participant ${change.participantId}`)
    ctx.subject = p.code
    if (p.status === 'terminated') refuse('CONFLICT', 'registry.terminated_not_edited', { code: p.code }, `${p.code} is terminated: its record stays as it was when it left`)
    if (p.name === change.name && p.issuer === change.issuer && p.acquirer === change.acquirer)
      refuse('CONFLICT', 'registry.participant_unchanged', { code: p.code }, `${p.code} already has this name and participation type: nothing to change`)
    const held = this.repo.heldUnderRoles(p.id)
    if (p.acquirer && !change.acquirer && held.terminals > 0)
      refuse('CONFLICT', 'registry.acquirer_terminals_in_service', { code: p.code, terminals: held.terminals }, `${p.code} still has ${held.terminals} terminal(s) in service: block them before it stops being an acquirer`)
    if (p.issuer && !change.issuer && held.accounts + held.instruments > 0)
      refuse('CONFLICT', 'registry.issuer_clients_not_closed', { code: p.code, accounts: held.accounts, instruments: held.instruments }, `${p.code} still keeps ${held.accounts} client account(s) and ${held.instruments} payment instrument(s) not closed: close them before it stops being an issuer`)
    this.repo.update(p.id, change, ctx.now)
    const updated = this.repo.get(p.id)!
    ctx.recordChange(p, { name: updated.name, issuer: updated.issuer, acquirer: updated.acquirer })
    return updated
  }

  /** A participant's changes of status and how far their notices went (participant staff: their own). */
  history(participantId: string): ParticipantStatusChange[] {
    const p = this.repo.get(participantId) ?? refuse('NOT_FOUND', 'registry.no_participant', { id: participantId }, `no participant ${participantId}`)
    return this.repo.history(p.id)
  }
}
