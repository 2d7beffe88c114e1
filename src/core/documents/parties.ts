// The parties of confidential correspondence (R14.2): the operator, the settlement bank and each participant,
// known by its code. A user acts for the operator (operator staff) or for their own participant.
import type { ExchangeParty } from '../api/documents-types'
import { refuse } from '../domain/errors'
import type { UserRecord } from '../security/users-repo'
import type { DocumentsRepo } from './documents-repo'

export const OPERATOR = 'operator'
export const SETTLEMENT_BANK = 'settlement_bank'

export type PartyInfo = Pick<ExchangeParty, 'party' | 'name' | 'terminatedAt'>

export class Parties {
  constructor(private readonly repo: DocumentsRepo) {}

  of(user: UserRecord): string {
    if (user.kind === 'operator') return OPERATOR
    return (user.participantId && this.repo.participantCodeOf(user.participantId)) || refuse('NOT_FOUND', 'registry.own_participant_missing', {}, 'your participant is not registered')
  }

  all(): PartyInfo[] {
    return [
      { party: OPERATOR, name: 'Payment system operator', terminatedAt: null },
      { party: SETTLEMENT_BANK, name: 'Settlement bank', terminatedAt: null },
      ...this.repo.participants().map((p) => ({ party: p.code, name: p.name, terminatedAt: p.terminatedAt }))
    ]
  }

  /** When each participant that left did (R14.9). */
  terminated(): Map<string, number> {
    return new Map(this.repo.participants().flatMap((p) => (p.terminatedAt === null ? [] : [[p.code, p.terminatedAt] as const])))
  }
}
