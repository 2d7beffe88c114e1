import { useI18n } from 'vue-i18n'
import type { CodedText } from '@core/api/types'
import { useFormat } from './useFormat'

/**
 * Words what the core sends as a code with parameters (a delivery's failure, a file's refused line, a day's failed
 * close…) from the messages under `group`, its figures written as the user's locale writes them (the parameter's
 * name says what it holds: see CodedText). A code with no words here, or a row kept before codes were, shows the
 * core's own sentence rather than nothing.
 */
export function useCodedText() {
  const { t, te } = useI18n()
  const shown = useShownParams()
  return (group: string, c: CodedText | null | undefined): string => {
    if (!c) return ''
    const key = `${group}.${c.code}`
    return te(key) ? t(key, { message: c.message, ...shown(c.params) }) : c.message
  }
}

// Where each status's words are (`participantStatus: 'suspended'` → «Приостановлен», `dayStatus: 'open'` → «Открыт»).
const STATUS_WORDS: Record<string, string> = {
  participant: 'participants.statuses',
  account: 'registry.accounts.statuses',
  instrument: 'registry.instruments.statuses',
  terminal: 'terminals.statuses',
  user: 'users.statuses',
  approval: 'approvals.statuses',
  day: 'clearing.dayStates',
  settlement: 'clearing.settlementStates',
  dispute: 'disputes.statuses'
}
// `participantStatus`, `accountNext`, `settlementNeeded` …: a thing's status now, the one asked for, the one an action needs.
const STATUS_PARAM = new RegExp(`^(${Object.keys(STATUS_WORDS).join('|')})(?:Status|Next|Needed)$`)
// Where the words of each code are, for a parameter holding a code or codes joined by ', ': roles, a certificate's key
// usages (`keyUsage`, the one it lacks `keyUsageNeeded`) and extended ones (`extendedKeyUsage`, those signing needs
// `extendedKeyUsageNeeded`), a file-system error (`fileError`), a network error (`networkError`), why a CA in a chain may
// not issue (`caProblem`), a document's field its signature covers (`documentField`), a dispute decision's (`decisionField`), a signed attribute a signature repeats
// (`signedAttribute`), what an algorithm a signature names was for (`algorithmRole`), a dispute's stage and the action its state refused (`disputeAction: 'appeal'` → «Обжаловать»),
// the Center's reason for refusing an operation (`centerReason: 'reversal.insufficient_funds'`, worded as the operations'
// screens word it). A code with no words (an unknown purpose's OID) is shown as it is.
const CODE_WORDS = new Map([
  ['roles', 'roles'],
  ['disputeStage', 'disputes.stages'],
  ['disputeAction', 'disputes.actions'],
  ['centerReason', 'operations.reasons'],
  ['keyUsage', 'tokens.usage'],
  ['keyUsageNeeded', 'tokens.usage'],
  ['extendedKeyUsage', 'tokens.extendedUsage'],
  ['extendedKeyUsageNeeded', 'tokens.extendedUsage'],
  ['fileError', 'fileErrors'],
  ['networkError', 'networkErrors'],
  ['caProblem', 'trust.caProblems'],
  ['documentField', 'documents.signedFields'],
  ['decisionField', 'disputes.decisionFields'],
  ['signedAttribute', 'trust.signedAttributes'],
  ['algorithmRole', 'trust.algorithmRoles']
])

/** The parameters of a coded text or a refusal as the user's locale writes them, by their names (see CodedText). */
export function useShownParams() {
  const { t, te } = useI18n()
  const { number, money, size, day, dateTime } = useFormat()
  const status = (name: string, v: string): string | null => {
    const of = STATUS_PARAM.exec(name)?.[1]
    const key = of ? `${STATUS_WORDS[of]}.${v}` : ''
    return key && te(key) ? t(key) : null
  }
  const worded = (group: string, codes: string): string =>
    codes
      .split(', ')
      .map((c) => (te(`${group}.${c}`) ? t(`${group}.${c}`) : c))
      .join(', ')
  return (params: CodedText['params']): Record<string, string> =>
    Object.fromEntries(
      Object.entries(params).map(([name, v]) => {
        const codes = CODE_WORDS.get(name)
        if (typeof v === 'number' && /Minor$/.test(name)) return [name, money(v, String(params.currency ?? 'KZT'))]
        if (typeof v === 'number' && /^bytes$|Bytes$/.test(name)) return [name, size(v)]
        if (typeof v === 'number' && /^count$|Count$/.test(name)) return [name, number(v)]
        if (typeof v === 'string' && /^day$|Day$/.test(name)) return [name, day(v)]
        if (typeof v === 'number' && /At$/.test(name)) return [name, dateTime(v)]
        if (typeof v === 'string' && codes) return [name, worded(codes, v)]
        if (typeof v === 'string') return [name, status(name, v) ?? v]
        return [name, String(v)]
      })
    )
}
