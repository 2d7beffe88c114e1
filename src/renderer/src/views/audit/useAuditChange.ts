import { useI18n } from 'vue-i18n'

/** One field an edit changed, worded for the audit screen: its label, its value before and after. */
export interface ChangeLine {
  field: string
  label: string
  from: string
  to: string
}

// Where the screens already label an edit's fields (the form the officer edited in); any other field by the shared
// field names, or as the log names it.
const LABELS: Readonly<Record<string, readonly string[]>> = {
  'participants.update': ['participants'],
  'terminals.update': ['terminals'],
  'settings.update': ['settings'],
  'users.setRoles': ['users'],
  'approvals.approve': ['users'],
  'settlement.setFunds': ['clearing.funds'],
  'settlement.setModel': ['clearing.funds'],
  'disputes.setTerms': ['disputes.terms.fields', 'disputes.terms']
}
// Values that are codes, worded as the screens word them (a terminal's kind, a role …): by the field, or by the action
// and the field where the same name holds another registry's codes (a status).
const VALUES: Readonly<Record<string, string>> = {
  kind: 'terminals.kinds',
  roles: 'roles',
  model: 'clearing.models',
  unit: 'disputes.terms.units',
  'participants.setStatus:status': 'participants.statuses',
  'terminals.setStatus:status': 'terminals.statuses',
  'accounts.setStatus:status': 'registry.accounts.statuses',
  'instruments.setStatus:status': 'registry.instruments.statuses'
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The change an audit record's detail carries ({"before", "after"}), or null: a detail without one is shown as it is. */
export function changeOf(detail: string | null): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  if (!detail?.includes('"before"')) return null
  try {
    const d: unknown = JSON.parse(detail)
    return isRecord(d) && isRecord(d.before) && isRecord(d.after) ? { before: d.before, after: d.after } : null
  } catch {
    return null // cut at the log's length cap: shown as it is
  }
}

/** An edit's audit record as "field: old → new" lines, in the user's language where the screens word the field. */
export function useAuditChange() {
  const { t, te } = useI18n()
  const label = (action: string, field: string): string => {
    const key = [...(LABELS[action] ?? []), 'fields'].map((prefix) => `${prefix}.${field}`).find((k) => te(k))
    return key ? t(key) : field
  }
  const word = (action: string, field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—'
    if (typeof v === 'boolean') return t(v ? 'audit.change.yes' : 'audit.change.no')
    if (Array.isArray(v)) return v.length ? v.map((x) => word(action, field, x)).join(', ') : '—'
    const codes = VALUES[`${action}:${field}`] ?? VALUES[field]
    const key = codes ? `${codes}.${String(v)}` : null
    return key && te(key) ? t(key) : typeof v === 'object' ? JSON.stringify(v) : String(v)
  }
  const lines = (action: string, detail: string | null): ChangeLine[] | null => {
    const change = changeOf(detail)
    if (!change) return null
    return Object.keys(change.after).map((field) => ({ field, label: label(action, field), from: word(action, field, change.before[field]), to: word(action, field, change.after[field]) }))
  }
  return { lines }
}
