import type { PinRequest } from '../core/crypto/keys/pin-prompt'

/** What the PIN page's host gives it (Electron: the PIN window's preload; Chromium host: a page binding). */
export interface PinDialogBridge {
  /** Why the PIN is asked and the user's language; null when this window has no request (answered already). */
  request(): Promise<{ request: PinRequest; locale: 'kk' | 'ru' | 'en' } | null>
  submit(pin: string): void
  cancel(): void
}

declare global {
  interface Window {
    /** Only in the PIN dialog's window. */
    readonly pinDialog?: PinDialogBridge
  }
}
export {}
