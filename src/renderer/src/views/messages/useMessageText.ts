import { useI18n } from 'vue-i18n'
import type { ExportType, LineError, MessageFileStatus, MessageTransactionRow } from '@core/api/types'
import { useCodedText } from '../../composables/useCodedText'
import { useErrorMessage } from '../../composables/useErrorMessage'

type TagType = 'success' | 'danger' | 'warning' | 'info' | 'primary'

/** Tag colours of a file's status: waiting is orange, done green (inbound) or grey (outbound), refused red. */
export const FILE_STATUS_TAG: Record<MessageFileStatus, TagType> = {
  queued: 'warning',
  processed: 'success',
  refused: 'danger',
  pending: 'warning',
  written: 'info'
}

/** Tag colours of a transaction's ISO 20022 status: ACSC settled, RJCT rejected, PDNG pending. */
export const TX_STATUS_TAG: Record<MessageTransactionRow['status'], TagType> = {
  ACSC: 'success',
  RJCT: 'danger',
  PDNG: 'warning'
}

/** What the desk exports, in the order the dialog offers it. */
export const EXPORT_KINDS: readonly ExportType[] = ['camt.053.001.08', 'camt.054.001.08', 'pacs.002.001.10', 'pacs.004.001.09']

/** Currencies a statement may be asked for (the system's currencies; KZT first). */
export const EXPORT_CURRENCIES = ['KZT', 'USD', 'EUR', 'RUB', 'CNY', 'GBP', 'KGS', 'UZS'] as const

/** The file types the import accepts: ISO 20022 XML and the national format's text files. */
export const IMPORT_ACCEPT = '.xml,.txt,.mt,.102,.100'

/** Words of the message screens: statuses, sources, export kinds, a refused file's problems; an unknown code is shown as it is. */
export function useMessageText() {
  const { t, te } = useI18n()
  const coded = useCodedText()
  const { ruled } = useErrorMessage()
  const known = (key: string, code: string): string => (te(`messages.${key}.${code}`) ? t(`messages.${key}.${code}`) : code)
  const fileStatus = (s: MessageFileStatus): string => known('fileStatuses', s)
  const txStatus = (s: MessageTransactionRow['status']): string => known('txStatuses', s)
  const source = (s: string): string => known('sources', s)
  /** A file's format (pacs.008.001.08, MT102) as it is named; one the desk did not recognise, in words. */
  const format = (f: string): string => (f === 'unknown' ? t('messages.unknownFormat') : f)
  const exportKind = (k: ExportType): string => known('exportKinds', k.replace(/\./g, '_'))
  /**
   * A refused file's problem in the user's words: a rule of the desk's, the transaction's field among them, or what the
   * message checks found (the schema's or the codec's own words are its detail); one kept before codes, as it was.
   */
  const lineError = (e: LineError): string => {
    if (!e.code) return e.message
    // A revocation request the disputes refused: worded by its rule as the disputes screens word it.
    if (e.code === 'revocation_refused') {
      const { rule, ...figures } = e.params ?? {}
      const why = typeof rule === 'string' ? ruled({ rule, params: figures }) : null
      return why ? t('messages.lineErrors.revocation_refused', { message: why }) : coded('messages.lineErrors', { code: e.code, params: {}, message: e.message })
    }
    const params = { ...e.params }
    if (typeof params.field === 'string') params.field = known('txFields', params.field)
    return coded('messages.lineErrors', { code: e.code, params, message: e.message })
  }
  return { fileStatus, txStatus, source, format, exportKind, lineError }
}
