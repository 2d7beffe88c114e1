import { ref } from 'vue'
import { ElMessageBox } from 'element-plus'
import { useI18n } from 'vue-i18n'
import { refusedFields, useErrorMessage } from './useErrorMessage'

/**
 * Runs an action with a busy flag; a failure becomes the translated message in `error` (forms show it
 * inline, marking the `invalid` fields it names) or a toast (`toast: true`, for tables and pages).
 */
export function useAction(o: { toast?: boolean } = {}) {
  const busy = ref(false)
  const error = ref('')
  const invalid = ref<string[]>([])
  const { text, show } = useErrorMessage()
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    error.value = ''
    invalid.value = []
    try {
      return await action()
    } catch (e) {
      if (o.toast) show(e)
      else {
        error.value = text(e)
        invalid.value = refusedFields(e)
      }
      return undefined
    } finally {
      busy.value = false
    }
  }
  return { busy, error, invalid, run }
}

/** Asks for the reason of a refusal or a block (at least 3 characters, as the contract requires); null if cancelled. */
export function useReasonPrompt() {
  const { t } = useI18n()
  return (message: string, title: string): Promise<string | null> =>
    ElMessageBox.prompt(message, title, {
      inputValidator: (v: string) => (v?.trim().length ?? 0) >= 3 || t('common.reasonRequired')
    }).then((r) => r.value.trim(), () => null)
}
