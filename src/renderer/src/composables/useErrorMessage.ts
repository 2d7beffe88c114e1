import { ElMessage } from 'element-plus'
import { useI18n } from 'vue-i18n'
import { CallFailure } from '../api/call'

/** The translated text of a failure, and a helper that shows it as a toast. */
export function useErrorMessage() {
  const { t, te } = useI18n()
  const text = (e: unknown): string => {
    if (e instanceof CallFailure) {
      const title = te(`errors.${e.code}`) ? t(`errors.${e.code}`) : e.message
      return e.details.length ? `${title}: ${e.details.join('; ')}` : title
    }
    return t('errors.INTERNAL')
  }
  const show = (e: unknown): void => void ElMessage({ type: 'error', message: text(e), showClose: true, duration: 6000 })
  return { text, show }
}
