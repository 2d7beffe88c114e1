import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Reason } from '@core/api/types'
import { CallFailure } from '../../api/call'
import { useErrorMessage } from '../../composables/useErrorMessage'

/**
 * useAction for the registry's forms: the failure is kept in `error` and shown inline. A validation
 * refusal names the registry's own fields (IIN, currency, limits…, `registry.fields.*`) and adds what the
 * field expects (`registry.hints.*`); every other failure is worded by useErrorMessage.
 */
export function useFormAction() {
  const { t, te } = useI18n()
  const { text } = useErrorMessage()
  const busy = ref(false)
  const error = ref('')

  const fieldName = (name: string): string =>
    te(`registry.fields.${name}`) ? t(`registry.fields.${name}`) : te(`fields.${name}`) ? t(`fields.${name}`) : name
  const reason = (r: Reason): string => {
    const name = String(r.value ?? 'input').split('.')[0] ?? 'input'
    const worded = t(te(`validation.${r.rule}`) ? `validation.${r.rule}` : 'validation.custom', { field: fieldName(name) })
    return te(`registry.hints.${name}`) ? `${worded} (${t(`registry.hints.${name}`)})` : worded
  }
  const word = (e: unknown): string =>
    e instanceof CallFailure && e.code === 'VALIDATION' && e.reasons.length
      ? `${t('errors.VALIDATION')}: ${e.reasons.map(reason).join('; ')}`
      : text(e)

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    error.value = ''
    try {
      return await action()
    } catch (e) {
      error.value = word(e)
      return undefined
    } finally {
      busy.value = false
    }
  }
  return { busy, error, run }
}
