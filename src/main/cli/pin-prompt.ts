import type { PinPrompt, PinRequest } from '../../core/crypto/keys/pin-prompt'
import { ask } from './prompt'
import type { Words } from './words'

/** What the PIN dialog shows, as lines on the terminal in the operator's language, the question last. */
function question(w: Words, r: PinRequest): string {
  const key = r.purpose === 'import' ? [`${w.t('pinDialog.keyFile')}: ${r.holder}`] : [r.kind === 'key_passphrase' ? w.t('pinDialog.demoKey') : `${w.t('pinDialog.token')}: ${r.tokenLabel}`, `${w.t('pinDialog.holder')}: ${r.holder}`]
  // The tries left as far as the token tells; a key file has no count to tell.
  const tries = r.kind === 'token_pin' ? [w.t(`pinDialog.triesLeft.${r.retry?.triesLeft ?? 'unknown'}`)] : []
  const again = r.retry ? [[w.t(`pinDialog.retry.${r.kind}`), ...tries].join(' ')] : []
  return [w.t(`pinDialog.purpose.${r.purpose}`), key.join(' · '), ...again, `${w.t(`pinDialog.label.${r.kind}`)} (${w.t('pinDialog.emptyCancels')}): `].join('\n')
}

/**
 * The CLI's PIN dialog: asked on the terminal without echo, or taken from WORKSTATION_PIN when stdin is not a
 * terminal (scripts). A wrong PIN from the variable is not tried again, so a script cannot lock a token.
 */
export const cliPinPrompt =
  (w: Words): PinPrompt =>
  async (_caller, request) => {
    if (process.stdin.isTTY) return (await ask(question(w, request), true)) || null
    if (request.retry) return null
    return process.env.WORKSTATION_PIN || null
  }
