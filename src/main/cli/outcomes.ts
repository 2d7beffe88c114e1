// What a restore and a break-glass reset tell the operator when done, in their language, figures as reports write them.
import type { BackupRestore } from '../../core/api/backups-types'
import { formatCount, formatDay, formatInstant } from '../../core/reports/format'
import type { BreakGlassReset } from '../../core/security/break-glass'
import type { Words } from './words'

export function restoredText(w: Words, r: BackupRestore): string {
  const c = r.contents
  const contents = w.t('backups.contents', { operations: formatCount(c.operations, w.locale), day: c.lastOperationDay ? formatDay(c.lastOperationDay, w.locale) : '—', audit: formatCount(c.auditRecords, w.locale) })
  const kept = r.replacedKeptAs ? `${w.t('backups.replacedKeptAs', { path: r.replacedKeptAs })}\n` : ''
  return `${w.t('backups.restored', { name: r.name, contents })}\n${kept}`
}

/** The one-time password on a line of its own, to be read out or copied; it is shown nowhere else. */
export function breakGlassText(w: Words, r: BreakGlassReset): string {
  return [`${w.t('otp.title', { login: r.login })}:`, `  ${r.oneTimePassword}`, w.t('otp.expires', { at: formatInstant(r.expiresAt, w.locale) }), w.t('otp.explain'), ''].join('\n')
}
