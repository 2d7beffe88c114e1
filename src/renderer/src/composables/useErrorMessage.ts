import { ElMessage } from 'element-plus'
import { useI18n } from 'vue-i18n'
import type { Reason } from '@core/api/types'
import { CallFailure } from '../api/call'
import { useShownParams } from './useCodedText'

const BUSINESS: readonly string[] = ['VALIDATION', 'CONFLICT', 'NOT_FOUND']
// zod's issue codes: a value of the wrong form, which the field's hint explains.
const FORMAT_RULES: readonly string[] = ['invalid_type', 'too_small', 'too_big', 'invalid_format', 'invalid_value', 'custom']

/** Whether a refusal is a signature's (a document's, a bundle's, a decision's): each reason names its failed check (R12.1, R14.2). */
export const isSignatureRefusal = (e: CallFailure): boolean => e.reasons.length > 0 && e.reasons.every((r) => typeof r.params?.signatureFailure === 'string')

/** The fields an input refusal names (the first step of each issue's path: `bin`, `limits`), for a form to mark them. */
export const refusedFields = (e: unknown): string[] =>
  e instanceof CallFailure && e.code === 'VALIDATION' ? [...new Set(e.reasons.map((r) => String(r.value ?? '').split('.')[0] ?? '').filter(Boolean))] : []

/** The translated text of a failure, and a helper that shows it as a toast. */
export function useErrorMessage() {
  const { t, te } = useI18n()
  const shown = useShownParams()
  const field = (path: string): string => {
    const name = path.split('.')[0] ?? path
    if (te(`fields.${name}`)) return t(`fields.${name}`)
    return te(`settings.${name}`) ? t(`settings.${name}`) : path
  }
  // Input problems arrive as zod issue codes with the field: worded here, in the user's language, with what
  // the field expects where that is not obvious (`hints.*`: an IIN's check digit, an amount's format…). A rule of
  // the core's own (a limit above another) says all there is: no format hint.
  const validation = (r: Reason): string => {
    const path = String(r.value ?? 'input')
    // A rule of the schema's own (an operation's: cash at a terminal only…) says what is wrong in its words.
    if (te(`validation.rules.${r.rule}`)) return t(`validation.rules.${r.rule}`, { field: field(path) })
    const rule = te(`validation.${r.rule}`) ? r.rule : 'custom'
    const worded = t(`validation.${rule}`, { field: field(path) })
    const hint = `hints.${path.split('.')[0] ?? path}`
    return FORMAT_RULES.includes(rule) && te(hint) ? `${worded} (${t(hint)})` : worded
  }
  // A token's refusal names the token error (wrong PIN, locked, cancelled…) and, where the token tells, the tries left.
  const tokenReason = (r: Reason): string => {
    if (!te(`tokenErrors.${r.rule}`)) return r.rule
    const tries = r.value !== undefined && te(`tokenErrors.tries.${r.value}`) ? `, ${t(`tokenErrors.tries.${r.value}`)}` : ''
    return `${t(`tokenErrors.${r.rule}`)}${tries}`
  }
  // A refusal of the core's own rules (`disputes.bundle_imported`) is worded from its area's `refusals`, with its figures.
  const ruleKey = (rule: string): string => {
    const at = rule.indexOf('.')
    return at < 0 ? '' : `${rule.slice(0, at)}.refusals.${rule.slice(at + 1)}`
  }
  const ruled = (r: Reason): string | null => {
    const key = ruleKey(r.rule)
    return key && te(key) ? t(key, shown(r.params ?? {})) : null
  }
  /** The refusal's own reasons in words, each once, where the core named them by rule; null when it named none this desk words. */
  const said = (e: CallFailure): string | null => {
    const words = [...new Set(e.reasons.map(ruled).filter((w): w is string => w !== null))]
    return words.length ? words.join('; ') : null
  }
  const text = (e: unknown): string => {
    if (!(e instanceof CallFailure)) return t('errors.INTERNAL')
    // A signature's refusal is titled as one, not as a form's (VALIDATION: «Некоторые поля заполнены неверно»).
    const title = isSignatureRefusal(e) ? t('trust.signatureRefused') : te(`errors.${e.code}`) ? t(`errors.${e.code}`) : e.message
    const own = said(e)
    if (own) return `${title}: ${own}`
    const worded = e.code === 'VALIDATION' ? validation : e.code === 'TOKEN' ? tokenReason : null
    const specifics = worded && e.reasons.length ? e.reasons.map(worded) : e.details
    if (specifics.length) return `${title}: ${specifics.join('; ')}`
    // A business refusal without worded reasons: the core's own sentence says what was wrong (e.g. "not a CA certificate").
    return BUSINESS.includes(e.code) && e.message ? `${title}: ${e.message}` : title
  }
  const show = (e: unknown): void => void ElMessage({ type: 'error', message: text(e), showClose: true, duration: 6000 })
  return { text, show, said, ruled }
}
