import type { Role, UserKind } from '@core/api/types'

// The roles each kind of staff may hold (mirrors src/core/security/roles.ts; the dispatcher enforces it).
export const ROLES_BY_KIND: Record<UserKind, readonly Role[]> = {
  operator: ['administrator', 'operations_officer', 'clearing_officer', 'risk_officer', 'dispute_analyst', 'auditor'],
  participant: ['participant_operator', 'participant_viewer']
}
