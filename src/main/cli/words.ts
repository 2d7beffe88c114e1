// The command line's words: the screens' own messages (the shell's, the backups', the PIN dialog's), never a second
// copy, their {placeholders} filled as vue-i18n fills them.
import type { CallError, Locale } from '../../core/api/types'
import { fill } from '../../core/reports/labels'
import backupsEn from '../../renderer/src/locales/backups/en.json'
import backupsKk from '../../renderer/src/locales/backups/kk.json'
import backupsRu from '../../renderer/src/locales/backups/ru.json'
import shellEn from '../../renderer/src/locales/en.json'
import shellKk from '../../renderer/src/locales/kk.json'
import shellRu from '../../renderer/src/locales/ru.json'
import pinEn from '../../renderer/src/locales/pin/en.json'
import pinKk from '../../renderer/src/locales/pin/kk.json'
import pinRu from '../../renderer/src/locales/pin/ru.json'

type Messages = { [key: string]: string | Messages }

// Each area has its own top-level keys (a unit test keeps them apart), so spreading them merges nothing.
const MESSAGES: Record<Locale, Messages> = {
  en: { ...shellEn, ...backupsEn, ...pinEn },
  kk: { ...shellKk, ...backupsKk, ...pinKk },
  ru: { ...shellRu, ...backupsRu, ...pinRu }
}

const BUSINESS: readonly string[] = ['VALIDATION', 'CONFLICT', 'NOT_FOUND']
// A parameter holding a status, worded as the screens word it (useShownParams); any other is shown as it is.
const STATUS_WORDS: Readonly<Record<string, string>> = { userStatus: 'users.statuses' }

export interface Words {
  locale: Locale
  /** Whether `key` has words in this language. */
  has(key: string): boolean
  /** The words at `key`, placeholders filled; the key itself when there are none (as vue-i18n shows a missing one). */
  t(key: string, params?: Record<string, string | number>): string
  /** A refusal in words: the core's own rule worded with its figures, or a token's reason, or the code's title. */
  refusal(e: Pick<CallError, 'code' | 'message' | 'details' | 'reasons'>): string
  /** A refusal's line on stderr: its code and first rule, for a script or a support call, then its words. */
  refusalLine(e: Pick<CallError, 'code' | 'message' | 'details' | 'reasons'>): string
}

export function wordsIn(locale: Locale): Words {
  const at = (key: string): string | null => {
    let node: string | Messages | undefined = MESSAGES[locale]
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
    return typeof node === 'string' ? node : null
  }
  const has = (key: string): boolean => at(key) !== null
  const t = (key: string, params: Record<string, string | number> = {}): string => {
    const shown = Object.fromEntries(Object.entries(params).map(([name, v]) => [name, String(v)]))
    for (const [name, group] of Object.entries(STATUS_WORDS)) if (has(`${group}.${shown[name]}`)) shown[name] = at(`${group}.${shown[name]}`)!
    return fill(at(key) ?? key, shown)
  }
  // A rule of the core's own (`users.no_login`) is worded from its area's `refusals`, as on the screens (useErrorMessage).
  const ruleKey = (rule: string): string => rule.replace('.', '.refusals.')
  const refusal: Words['refusal'] = (e) => {
    const reasons = e.reasons ?? []
    const own = reasons.filter((r) => r.rule.includes('.') && has(ruleKey(r.rule))).map((r) => t(ruleKey(r.rule), r.params))
    // The line starts with the code and the rule: the rule's own words say the rest.
    if (own.length) return [...new Set(own)].join('; ')
    const title = has(`errors.${e.code}`) ? t(`errors.${e.code}`) : e.message
    const token = e.code === 'TOKEN' ? reasons.filter((r) => has(`tokenErrors.${r.rule}`)).map((r) => t(`tokenErrors.${r.rule}`) + (r.value !== undefined && has(`tokenErrors.tries.${r.value}`) ? `, ${t(`tokenErrors.tries.${r.value}`)}` : '')) : []
    const specifics = token.length ? token : (e.details ?? [])
    if (specifics.length) return `${title}: ${specifics.join('; ')}`
    // A business refusal without worded reasons: the core's own sentence says what was wrong, as on the screens.
    return BUSINESS.includes(e.code) && e.message ? `${title}: ${e.message}` : title
  }
  const refusalLine: Words['refusalLine'] = (e) => {
    const rule = e.reasons?.[0]?.rule
    return `${e.code}${rule ? ` ${rule}` : ''}: ${refusal(e)}\n`
  }
  return { locale, has, t, refusal, refusalLine }
}
