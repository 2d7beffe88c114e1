import type { CallContext } from '../api/context'
import type { Terminal, TerminalKey, TerminalKind, TerminalStatus } from '../api/types'
import { refuse } from '../domain/errors'
import type { ParticipantsRepo } from '../participants/participants-repo'
import { notTerminated } from '../participants/participants-service'
import type { TerminalKeysRepo } from './terminal-keys'
import type { TerminalsRepo } from './terminals-repo'

export interface NewTerminalInput {
  acquirerId: string
  kind: TerminalKind
  serial: string
  address: string
}

/** What an edit may change: the acquirer and the serial are the terminal's identity (its code, keys and operations refer to it). */
export interface TerminalChange {
  kind: TerminalKind
  address: string
}

/** The terminal registry (R8.4): registration under an acquirer, certification, blocking. */
export class TerminalsService {
  constructor(
    private readonly repo: TerminalsRepo,
    private readonly participants: ParticipantsRepo,
    private readonly keys: TerminalKeysRepo,
    private readonly newId: () => string
  ) {}

  list(ctx: CallContext, acquirerId: string | undefined): Terminal[] {
    return this.repo.list(ctx.participantScope ?? acquirerId ?? null)
  }

  create(ctx: CallContext, input: NewTerminalInput): Terminal {
    const acquirer = this.participants.get(input.acquirerId)
    if (!acquirer) return refuse('NOT_FOUND', 'registry.no_participant', { id: input.acquirerId }, `no participant ${input.acquirerId}`)
    if (!acquirer.acquirer) refuse('CONFLICT', 'registry.not_acquirer', { code: acquirer.code }, `${acquirer.code} is not an acquirer: it cannot have terminals`)
    if (acquirer.status !== 'active') refuse('CONFLICT', 'registry.acquirer_no_new_terminals', { code: acquirer.code, participantStatus: acquirer.status }, `${acquirer.code} is ${acquirer.status}: no new terminals`)
    if (this.repo.hasSerial(acquirer.id, input.serial)) refuse('CONFLICT', 'registry.serial_taken', { code: acquirer.code, serial: input.serial }, `${acquirer.code} already has a terminal with serial ${input.serial}`)
    const t = this.repo.insert({ id: this.newId(), ...input, createdAt: ctx.now })
    ctx.subject = t.code
    return t
  }

  /** Records the certification of a terminal in the operator's software (R8.4). */
  certify(ctx: CallContext, terminalId: string, certificateRef: string): Terminal {
    const t = this.terminal(ctx, terminalId)
    if (t.certifiedAt !== null) refuse('CONFLICT', 'registry.terminal_certified', { code: t.code, certificateRef: t.certificateRef ?? '' }, `${t.code} is already certified (${t.certificateRef})`)
    this.requireActiveAcquirer(t)
    this.repo.certify(t.id, certificateRef, ctx.requireUser().id, ctx.now)
    return this.repo.get(t.id)!
  }

  /**
   * Records a terminal moved to another address or found to be of another kind. Certification in the operator's
   * software (R8.4) is of the device, not of the place: a move keeps it. A kind decides the channel and whether the
   * device handles cash, so the device certified is no longer the one registered: a kind change withdraws the
   * certification, and the terminal submits nothing until it is certified again. Blocked terminals and those of a
   * suspended acquirer may be edited (the registry stays true while they wait); a terminated acquirer's may not.
   */
  update(ctx: CallContext, terminalId: string, change: TerminalChange): Terminal {
    const t = this.terminal(ctx, terminalId)
    const acquirer = this.participants.get(t.acquirerId)!
    if (acquirer.status === 'terminated') refuse('CONFLICT', 'registry.terminal_acquirer_terminated', { code: t.code, acquirer: acquirer.code }, `${acquirer.code} is terminated: its terminal ${t.code} is no longer edited`)
    if (t.kind === change.kind && t.address === change.address) refuse('CONFLICT', 'registry.terminal_unchanged', { code: t.code }, `${t.code} already has this kind and address: nothing to change`)
    this.repo.update(t.id, change.kind, change.address, t.kind !== change.kind && t.certifiedAt !== null)
    const updated = this.repo.get(t.id)!
    // A withdrawn certification is part of the change: the auditor sees which certificate the terminal lost.
    ctx.recordChange(t, { kind: updated.kind, address: updated.address, certificateRef: updated.certificateRef })
    return updated
  }

  setStatus(ctx: CallContext, terminalId: string, status: TerminalStatus): Terminal {
    const t = this.terminal(ctx, terminalId)
    if (t.status === status) refuse('CONFLICT', 'registry.terminal_same_status', { code: t.code, terminalStatus: status }, `${t.code} is already ${status}`)
    if (status === 'active') {
      const acquirer = this.participants.get(t.acquirerId)!
      notTerminated(acquirer)
      // A bank that gave up acquiring keeps its terminals blocked until it acquires again (participants.update).
      if (!acquirer.acquirer) refuse('CONFLICT', 'registry.not_acquirer', { code: acquirer.code }, `${acquirer.code} is not an acquirer: its terminals stay out of service`)
    }
    this.repo.setStatus(t.id, status)
    const updated = this.repo.get(t.id)!
    ctx.recordChange(t, { status: updated.status })
    return updated
  }

  /** Issues the key a certified terminal signs its intake requests with (R7.4); a new key replaces the old one. */
  issueKey(ctx: CallContext, terminalId: string): TerminalKey {
    const t = this.terminal(ctx, terminalId)
    if (t.certifiedAt === null) refuse('CONFLICT', 'registry.terminal_not_certified', { code: t.code }, `${t.code} is not certified: it may not submit operations (R8.4)`)
    if (t.status !== 'active') refuse('CONFLICT', 'registry.terminal_blocked', { code: t.code }, `${t.code} is blocked`)
    this.requireActiveAcquirer(t)
    return this.keys.issue(t.id, ctx.requireUser().id, ctx.now)
  }

  /** Only the terminals of an active acquirer may submit operations (R8.4, R9.1.5): none is certified or keyed otherwise. */
  private requireActiveAcquirer(t: Terminal): void {
    const acquirer = this.participants.get(t.acquirerId)!
    if (acquirer.status !== 'active') refuse('CONFLICT', 'registry.acquirer_no_operations', { code: acquirer.code, participantStatus: acquirer.status }, `${acquirer.code} is ${acquirer.status}: its terminals may not submit operations (R8.4)`)
  }

  private terminal(ctx: CallContext, id: string): Terminal {
    const t = this.repo.get(id)
    if (!t) return refuse('NOT_FOUND', 'registry.no_terminal', { id }, `no terminal ${id}`)
    ctx.subject = t.code
    return t
  }
}
