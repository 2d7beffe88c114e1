import { useI18n } from 'vue-i18n'
import type { CodedText, DayState, SettlementState } from '@core/api/types'
import { formatTag } from '../../composables/formatTag'
import { useCodedText } from '../../composables/useCodedText'

/** Tag colours of operational day states (R3.1.1, R5). */
export const DAY_STATE_TAG: Record<DayState, 'success' | 'danger' | 'warning' | 'info' | 'primary'> = {
  open: 'success',
  closing: 'warning',
  closed: 'warning',
  cleared: 'primary',
  settled: 'info',
  failed: 'danger'
}

/** Tag colours of settlement states: done is grey, waiting for an officer is orange. */
export const SETTLEMENT_STATE_TAG: Record<SettlementState, 'success' | 'danger' | 'warning' | 'info' | 'primary'> = {
  computed: 'primary',
  submitted: 'warning',
  approved: 'warning',
  instructed: 'warning',
  confirmed: 'warning',
  finalized: 'success'
}

/** The party of the clearing that is the operator (fees, R9.4.6): not a participant code. */
export const OPERATOR_PARTY = 'operator'

/**
 * Words and figures of the clearing screens: party names (the operator is named in the user's language), states
 * compact moments for dense tables, and why a day's close stopped. Days and amounts are useFormat's.
 */
export function useClearingText() {
  const { t, locale } = useI18n()
  const coded = useCodedText()
  const tag = (): string => formatTag(locale.value)
  const partyName = (party: string, name?: string | null): string => (party === OPERATOR_PARTY ? t('clearing.operator') : (name ?? party))
  const partyLabel = (party: string, name?: string | null): string => (party === OPERATOR_PARTY ? t('clearing.operator') : name && name !== party ? `${party} — ${name}` : party)
  /** A moment, compactly (25.11 16:04), in Asia/Almaty: for dense tables and steps. */
  const moment = (ms: number | null | undefined): string =>
    ms == null ? '—' : new Intl.DateTimeFormat(tag(), { timeZone: 'Asia/Almaty', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(ms)
  const dayState = (s: DayState): string => t(`clearing.dayStates.${s}`)
  const settlementState = (s: SettlementState): string => t(`clearing.settlementStates.${s}`)
  /** Why a day's close stopped: positions off balance, operations not yet committed, or the failure's own words. */
  const closeFailure = (c: CodedText | null): string => coded('clearing.opday.closeFailures', c)
  /** What a file queued for the close came to: its transactions executed and rejected, or why it failed. */
  const queueResult = (c: CodedText | null): string => coded('clearing.opday.queueResults', c)
  return { partyName, partyLabel, moment, dayState, settlementState, closeFailure, queueResult }
}
