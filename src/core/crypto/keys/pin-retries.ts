import { TokenError } from '../signer'
import type { PinRequest } from './pin-prompt'

/** How many times a person at the keyboard may type a wrong PIN for one key operation before it is refused. */
export const PIN_ATTEMPTS = 3

/**
 * Runs a key operation whose PIN is asked inside it; after a wrong PIN, runs it again with `retry` saying so (and what
 * the token tells of the tries left), up to `attempts` times in all. The last wrong PIN's TokenError is thrown.
 */
export async function withPinRetries<T>(attempts: number, operation: (retry: PinRequest['retry']) => Promise<T>): Promise<T> {
  let retry: PinRequest['retry'] = null
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(retry)
    } catch (e) {
      if (!(e instanceof TokenError) || e.code !== 'pin_incorrect' || attempt >= attempts) throw e
      retry = { triesLeft: e.triesLeft }
    }
  }
}
