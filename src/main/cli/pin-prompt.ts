import type { PinPrompt, PinRequest } from '../../core/crypto/keys/pin-prompt'
import { ask } from './prompt'

const PURPOSES: Readonly<Record<PinRequest['purpose'], string>> = { sign: 'to sign', decrypt: 'to decrypt', generate: 'to generate a key', import: 'to open the key file' }
const TRIES: Readonly<Record<'several' | 'few' | 'one', string>> = { several: '', few: ', few tries left', one: ', one try left before the token locks' }

function question(r: PinRequest): string {
  const what = r.kind === 'token_pin' ? `PIN of token "${r.tokenLabel}"` : 'Passphrase of the demo key'
  const again = r.retry ? `Wrong${r.retry.triesLeft ? TRIES[r.retry.triesLeft] : ''}. ` : ''
  return `${again}${what} ${PURPOSES[r.purpose]} as ${r.holder} (empty cancels): `
}

/**
 * The CLI's PIN dialog: asked on the terminal without echo, or taken from WORKSTATION_PIN when stdin is not a
 * terminal (scripts). A wrong PIN from the variable is not tried again, so a script cannot lock a token.
 */
export const cliPinPrompt: PinPrompt = async (_caller, request) => {
  if (process.stdin.isTTY) return (await ask(question(request), true)) || null
  if (request.retry) return null
  return process.env.WORKSTATION_PIN || null
}
