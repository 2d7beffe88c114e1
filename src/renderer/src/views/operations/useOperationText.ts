import { useI18n } from 'vue-i18n'
import type { CodedText, OperationStatus } from '@core/api/types'
import { useCodedText } from '../../composables/useCodedText'

/** Tag colours of operation statuses, shared by the journal, the detail and the overview. */
export const STATUS_TAG: Record<OperationStatus | 'rejected', 'success' | 'danger' | 'warning' | 'info' | 'primary'> = {
  accepted: 'success',
  completed: 'success',
  refused: 'danger',
  rejected: 'danger',
  held: 'warning',
  expired: 'info',
  voided: 'info',
  reversed: 'info'
}

/**
 * Words for what the core sends as codes: ISO 8583-style result codes, machine reasons
 * (`account.insufficient_funds`), check names, outbox destinations and why a delivery failed. An unknown code stays readable:
 * the raw code is shown rather than nothing.
 */
export function useOperationText() {
  const { t, te } = useI18n()
  const coded = useCodedText()
  const result = (code: string): string => {
    if (te(`operations.results.r${code}`)) return t(`operations.results.r${code}`)
    if (code.startsWith('9')) return t('operations.results.rejected')
    if (code.startsWith('1')) return t('operations.results.denied')
    return t('operations.results.unknown', { code })
  }
  const reason = (code: string | null | undefined): string => {
    if (!code) return '—'
    // Single words (approved, reversal, void, completion) are grouped apart from the area.reason codes.
    const key = code.includes('.') ? `operations.reasons.${code}` : `operations.reasons.codes.${code}`
    return te(key) ? t(key) : code
  }
  /** A pipeline step ('funds') or a pre-authorization rule ('rule:aml.cash_threshold'). */
  const check = (name: string): string => {
    if (name.startsWith('rule:')) {
      const rule = name.slice(5)
      return te(`operations.checks.rules.${rule}`) ? t(`operations.checks.rules.${rule}`) : t('operations.checks.rule', { name: rule })
    }
    return te(`operations.checks.names.${name}`) ? t(`operations.checks.names.${name}`) : name
  }
  /** 'settlement-bank', 'participant:P001', 'abs:P001'. */
  const destination = (d: string): string => {
    const [kind, code] = d.split(':', 2)
    if (code !== undefined && (kind === 'participant' || kind === 'abs')) return t(`operations.destinations.${kind}`, { code })
    return te(`operations.destinations.${d}`) ? t(`operations.destinations.${d}`) : d
  }
  /** The last error of a delivery of the outbox: the receiver's refusal, no answer, unreachable… */
  const deliveryFailure = (c: CodedText | null): string => (c ? coded('operations.deliveryFailures', c) : '—')
  const label = (group: 'types' | 'channels' | 'methods' | 'statuses' | 'postingKinds' | 'accountKinds' | 'holdStates' | 'messageKinds', code: string): string =>
    te(`operations.${group}.${code}`) ? t(`operations.${group}.${code}`) : code
  return { result, reason, check, destination, deliveryFailure, label }
}
