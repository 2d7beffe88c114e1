/** What a call may require. Later areas add theirs here; a role grants a set of them. */
export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'users.approve',
  'audit.read',
  'settings.manage',
  'backups.read',
  'backups.manage',
  'participants.read',
  'participants.manage',
  'terminals.read',
  'terminals.manage',
  'clients.read',
  'clients.manage',
  'operations.read',
  'operations.manage',
  'ledger.verify',
  'rates.manage',
  'clearing.read',
  'clearing.manage',
  'clearing.approve',
  'reports.read',
  'reports.regulatory',
  'messages.read',
  'messages.manage',
  'documents.read',
  'documents.send',
  'trust.manage',
  'disputes.read',
  'disputes.file',
  'disputes.decide'
] as const
export type Permission = (typeof PERMISSIONS)[number]

export const OPERATOR_ROLES = [
  'administrator',
  'operations_officer',
  'clearing_officer',
  'risk_officer',
  'dispute_analyst',
  'auditor'
] as const
export const PARTICIPANT_ROLES = ['participant_operator', 'participant_viewer'] as const
export const ROLES = [...OPERATOR_ROLES, ...PARTICIPANT_ROLES] as const
export type Role = (typeof ROLES)[number]
export type UserKind = 'operator' | 'participant'

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // The security administrator keeps the trust store and binds staff to their certificates (R12.1).
  administrator: ['users.read', 'users.manage', 'users.approve', 'audit.read', 'settings.manage', 'backups.read', 'backups.manage', 'participants.read', 'trust.manage'],
  // Registries are business data: kept by operations, not by the security administrator.
  operations_officer: [
    'participants.read', 'participants.manage', 'terminals.read', 'terminals.manage',
    'clients.read', 'clients.manage', 'operations.read', 'operations.manage', 'ledger.verify', 'rates.manage', 'clearing.read',
    'messages.read', 'messages.manage', 'documents.read', 'documents.send', 'disputes.read'
  ],
  // Clearing officers run the day's close and settlement; any two of them make the maker-checker pair.
  clearing_officer: [
    'participants.read', 'terminals.read', 'clients.read', 'operations.read', 'ledger.verify',
    'clearing.read', 'clearing.manage', 'clearing.approve', 'reports.read', 'reports.regulatory', 'messages.read',
    'documents.read', 'documents.send'
  ],
  risk_officer: ['participants.read', 'terminals.read', 'clients.read', 'operations.read', 'ledger.verify', 'clearing.read', 'documents.read', 'documents.send', 'disputes.read'],
  // The operator's dispute analyst reviews revocation applications and signs the decisions (R10.1.2–R10.1.3).
  dispute_analyst: ['participants.read', 'terminals.read', 'clients.read', 'operations.read', 'ledger.verify', 'documents.read', 'documents.send', 'disputes.read', 'disputes.decide'],
  // The auditor reads everything that is recorded and changes nothing; confidential documents' content is for
  // their recipients' staff only (R14.5), their access log is the auditor's.
  auditor: ['users.read', 'audit.read', 'backups.read', 'participants.read', 'terminals.read', 'clients.read', 'operations.read', 'ledger.verify', 'clearing.read', 'reports.read', 'reports.regulatory', 'messages.read', 'disputes.read'],
  // Participant roles are always narrowed to the user's own participant by the dispatcher. The whole-ledger check
  // (every bank's totals and accounts) is the operator's alone.
  // A participant's operator sends its bank's payment files (R4.1) and reads what the operator sends back.
  participant_operator: ['users.read', 'participants.read', 'terminals.read', 'clients.read', 'operations.read', 'clearing.read', 'reports.read', 'messages.read', 'messages.manage', 'documents.read', 'documents.send', 'disputes.read', 'disputes.file'],
  participant_viewer: ['participants.read', 'terminals.read', 'clients.read', 'operations.read', 'clearing.read', 'reports.read', 'messages.read', 'documents.read', 'disputes.read']
}

export const roleKind = (role: Role): UserKind =>
  (PARTICIPANT_ROLES as readonly string[]).includes(role) ? 'participant' : 'operator'

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>()
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role]) granted.add(p)
  return PERMISSIONS.filter((p) => granted.has(p))
}

/** Roles that may hold a permission: the generated dispatcher tests use this to pick callers. */
export const rolesWith = (permission: Permission): Role[] => ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission))
