/**
 * Every call the renderer can make, `area.verb`. The contract (contract.ts) must define exactly these:
 * the compiler refuses a name without a definition and a definition without a name. Kept apart from the
 * contract so the sandboxed preload can build window.api without bundling the schemas.
 */
export const CALL_NAMES = [
  'session.state',
  'session.signIn',
  'session.changePassword',
  'session.unlock',
  'session.signOut',
  'session.heartbeat',
  'session.setLocale',
  'users.list',
  'users.create',
  'users.block',
  'users.unblock',
  'users.resetPassword',
  'users.setRoles',
  'approvals.list',
  'approvals.approve',
  'approvals.reject',
  'audit.list',
  'audit.verify',
  'settings.get',
  'settings.update',
  'participants.list',
  'participants.create',
  'participants.setStatus',
  'terminals.list',
  'terminals.create',
  'terminals.certify',
  'terminals.setStatus'
] as const

export type CallName = (typeof CALL_NAMES)[number]
