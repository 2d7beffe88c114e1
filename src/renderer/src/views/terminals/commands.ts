import type { Participant, Terminal } from '@core/api/types'

export type TerminalCommand = 'edit' | 'certify' | 'block' | 'unblock' | 'issueKey'

/** A refusal as the core words it: a key under registry.refusals and its parameters. */
export interface CommandRefusal {
  key: 'terminal_acquirer_terminated' | 'participant_terminated'
  params: Record<string, string>
}

/** The row's commands, in the menu's order: certification only until it is recorded, block or unblock by status. */
export const commandsFor = (t: Terminal): TerminalCommand[] => ['edit', ...(t.certifiedAt === null ? (['certify'] as const) : []), t.status === 'active' ? 'block' : 'unblock', 'issueKey']

/**
 * The row's commands the core would refuse, each with the refusal it would give, so the menu shows them disabled
 * with the reason instead of offering them (R8.4). A terminated acquirer's terminal is no longer edited, and nothing
 * of it is put back in service (certified, unblocked, keyed); it may still be blocked. `acquirer` undefined: not
 * known here (a participant's staff), nothing is withheld and the core decides.
 */
export function refusedCommands(t: Terminal, acquirer: Pick<Participant, 'code' | 'status'> | undefined): Partial<Record<TerminalCommand, CommandRefusal>> {
  if (acquirer?.status !== 'terminated') return {}
  const final: CommandRefusal = { key: 'participant_terminated', params: { code: acquirer.code } }
  return { edit: { key: 'terminal_acquirer_terminated', params: { acquirer: acquirer.code, code: t.code } }, certify: final, unblock: final, issueKey: final }
}
