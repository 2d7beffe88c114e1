// How the core asks for a PIN: the host shows its own dialog (a separate window, never the renderer that made
// the call), and the PIN comes back once, straight to the signer, which drops it after the login.

export interface PinRequest {
  /** What the key is about to do, so the dialog can say why it asks ('import': open a PKCS#12 key file). */
  purpose: 'sign' | 'decrypt' | 'generate' | 'import'
  /** A token PIN, or the passphrase of a demo key file (or of the key file being imported). */
  kind: 'token_pin' | 'key_passphrase'
  /** The token's label, or 'demo key' for a key file ('key file' for one being imported). */
  tokenLabel: string
  /** The certificate's holder, as shown on the token panel; the file's name for a key file being imported. */
  holder: string
  /** The previous attempt was wrong; with what the token says of the tries left. */
  retry: { triesLeft: 'several' | 'few' | 'one' | null } | null
}

/** Resolves to the PIN, or null when the user cancelled; `caller` names the window that made the call. */
export type PinPrompt = (caller: string, request: PinRequest) => Promise<string | null>

/** A host without a PIN dialog (the CLI): every key operation is refused as cancelled. */
export const noPinPrompt: PinPrompt = () => Promise.resolve(null)
