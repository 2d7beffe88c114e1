// Noticing token insertion and removal by polling the slot list: cheap (no login, no session), works with every
// module, and a removal shows within one interval.
import type { TokenInfo } from '../signer'
import type { Pkcs11Module } from './module'
import { handleNumber } from './session'

export interface WatchOptions {
  /** Polling interval; 1 s is quick enough for a person inserting a token. */
  intervalMs?: number
  onError?: (e: unknown) => void
}

export interface SlotWatch {
  stop(): void
}

/** What a change means to the operator: which tokens are in which slots, and their PIN state. */
function fingerprint(module: Pkcs11Module): string {
  return module.lib
    .C_GetSlotList(true)
    .map((h) => {
      const info = module.lib.C_GetTokenInfo(h)
      return `${handleNumber(h)}:${info.serialNumber}:${info.flags}`
    })
    .join('|')
}

export function watchSlots(module: Pkcs11Module, onChange: (tokens: TokenInfo[]) => void, options: WatchOptions): SlotWatch {
  let last: string | null = null
  let busy = false
  let stopped = false
  try {
    last = fingerprint(module)
  } catch (e) {
    options.onError?.(e)
  }
  const tick = async (): Promise<void> => {
    // A slow reader must not pile up polls.
    if (busy || stopped) return
    busy = true
    try {
      const now = fingerprint(module)
      if (now !== last) {
        last = now
        const tokens = await module.listTokens()
        if (!stopped) onChange(tokens)
      }
    } catch (e) {
      options.onError?.(e)
    } finally {
      busy = false
    }
  }
  const timer = setInterval(() => void tick(), options.intervalMs ?? 1000)
  // A watch alone must not keep a CLI or test process alive.
  timer.unref?.()
  return {
    stop() {
      stopped = true
      clearInterval(timer)
    }
  }
}
