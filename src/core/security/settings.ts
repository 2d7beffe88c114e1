import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import type { SecuritySettings } from '../api/types'
import { refuse } from '../domain/errors'

export const DEFAULT_SETTINGS: SecuritySettings = {
  inactivityMinutes: 15,
  absoluteMinutes: 600,
  passwordMinLength: 12,
  passwordHistory: 5,
  passwordMaxAgeDays: 90,
  lockoutThreshold: 5,
  lockoutMinutes: 30,
  oneTimePasswordHours: 72
}

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof SecuritySettings)[]

/** Security settings kept in the database, read on every call so a change applies at once. */
export class SettingsStore {
  private readonly read
  private readonly write

  constructor(db: Database) {
    this.read = db.prepare<[], { key: string; value: string }>("SELECT key, value FROM settings WHERE key LIKE 'security.%'")
    this.write = db.prepare(
      `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
    )
  }

  get(): SecuritySettings {
    const s = { ...DEFAULT_SETTINGS }
    for (const { key, value } of this.read.all()) {
      const name = key.slice('security.'.length) as keyof SecuritySettings
      if (KEYS.includes(name)) s[name] = Number(value)
    }
    return s
  }

  update(ctx: CallContext, change: Partial<SecuritySettings>): SecuritySettings {
    const before = this.get()
    const next = { ...before, ...change }
    if (next.absoluteMinutes <= next.inactivityMinutes)
      refuse(
        'VALIDATION',
        'settings.absolute_not_above_inactivity',
        { absoluteMinutes: next.absoluteMinutes, inactivityMinutes: next.inactivityMinutes },
        'the absolute session limit must be longer than the inactivity limit'
      )
    const by = ctx.requireUser().id
    for (const key of KEYS) if (key in change) this.write.run(`security.${key}`, String(next[key]), ctx.now, by)
    ctx.recordChange(before, change)
    return next
  }
}
