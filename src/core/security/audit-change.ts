/**
 * What an edit changed, field by field: the values before and after, so an auditor reads "from what, to what" in the
 * change's own record, even where no earlier record holds the old value (seeded or imported data) (R12.1).
 */
export interface AuditChange {
  before: Record<string, unknown>
  after: Record<string, unknown>
}

/** Values compare by their JSON form: a list of roles, a null limit, a number and its text differ as recorded. */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** A record's status and the reason given for it, named as the status calls' input names them. */
export const statusOf = (r: { status: string; statusReason: string | null }): { status: string; reason: string | null } => ({ status: r.status, reason: r.statusReason })

/** Adds to `change` the fields of `after` whose value differs from `before`'s; the fields left as they were stay out. */
export function withChangedFields<T extends object>(change: AuditChange | null, before: T, after: Partial<T>): AuditChange | null {
  let merged = change
  const old = before as Record<string, unknown>
  for (const [field, value] of Object.entries(after)) {
    if (same(old[field], value)) continue
    merged ??= { before: {}, after: {} }
    merged.before[field] = old[field] ?? null
    merged.after[field] = value ?? null
  }
  return merged
}
