/**
 * Something a user reads, sent as a code with its parameters so each interface words it in its own language
 * (kk, ru, en). `message` says the same in English, for the CLI, the logs and a code an interface has no words for.
 * Parameters are named for what they hold, so the screens write them as the user's locale does: `count`/`…Count`
 * a count, `…Minor` an amount in minor units (of `currency`), `bytes`/`…Bytes` a size, `day`/`…Day` a calendar day, `…At` a moment
 * (epoch milliseconds, written in the operational time zone),
 * `<thing>Status`/`<thing>Next`/`<thing>Needed` a status of a participant, an account, an instrument, a terminal, a user, an
 * approval request, an operational day, a settlement or a dispute (now, the one asked for, and the one an action needs),
 * `disputeStage` a dispute's stage, `disputeAction` an action on a dispute, `centerReason` the Center's reason for
 * refusing an operation (`reversal.insufficient_funds`), `roles` role codes joined by ', ',
 * `keyUsage`/`keyUsageNeeded`/`extendedKeyUsage`/`extendedKeyUsageNeeded` a certificate's usages by name (KEY_USAGES, EXTENDED_KEY_USAGES) joined
 * by ', ', `fileError` what the file system answered (FILE_ERRORS), `networkError` what the network answered (NETWORK_ERRORS),
 * `caProblem` why a CA in a certificate's chain may not issue (CA_PROBLEMS), `documentField` a field of a document's routing its
 * signature covers (SIGNED_FIELDS), `signedAttribute` a signed attribute of a signature (SIGNED_ATTRIBUTES), `algorithmRole` what an
 * algorithm a signature names was for (ALGORITHM_ROLES).
 */
export interface CodedText {
  code: string
  params: Record<string, string | number>
  message: string
}

export const codedText = (code: string, params: Record<string, string | number>, message: string): CodedText => ({ code, params, message })

/** The code a row written before codes were stored gets: its sentence as it was. */
export const PLAIN_TEXT = 'text'

/** How a coded text is kept in a text column: JSON, its message cut to `max` characters. */
export const storedCoded = (c: CodedText, max = 1000): string => JSON.stringify({ ...c, message: c.message.slice(0, max) })

/** A stored coded text back; a column holding a sentence of before is that sentence (code PLAIN_TEXT). */
export function readCoded(text: string | null): CodedText | null {
  if (text === null) return null
  if (text.startsWith('{')) {
    try {
      const c = JSON.parse(text) as Partial<CodedText>
      if (typeof c.code === 'string' && typeof c.message === 'string') return { code: c.code, params: c.params ?? {}, message: c.message }
    } catch {
      // not JSON after all: a sentence that begins with a brace
    }
  }
  return { code: PLAIN_TEXT, params: {}, message: text }
}

/** A failure of the core's own work that says what went wrong as a coded text (a delivery, a day's close); the message is its English. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number>,
    message: string
  ) {
    super(message)
    this.name = 'CodedError'
  }
}

/** What an error says as a coded text: a CodedError its code, any other `failed` with its message (the screens show it as it is). */
export function codedOf(e: unknown): CodedText {
  if (e instanceof CodedError) return codedText(e.code, e.params, e.message)
  return codedText('failed', {}, e instanceof Error ? e.message : String(e))
}
