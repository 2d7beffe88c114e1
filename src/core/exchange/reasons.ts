/**
 * The ISO 20022 status reason (ExternalStatusReason1Code) for a refusal of the Center's pipeline, so a
 * participant's systems can act on a rejected transaction of its payment file without reading our texts.
 */
const BY_REASON: readonly [RegExp, string][] = [
  [/insufficient_funds$/, 'AM04'],
  [/^limit\./, 'AM02'],
  [/\.unknown$|^qr\./, 'AC01'],
  [/\.closed$/, 'AC04'],
  [/\.blocked$/, 'AC06'],
  [/\.currency$|no_currency$/, 'AM03'],
  [/^(issuer|payee_bank|acquirer)\./, 'AG01'],
  [/^request\.duplicate_id$/, 'AM05'],
  // The Center failed on the transaction itself (an exception, not a refusal): aborted by a fatal error.
  [/^center\.error$/, 'AB02']
]

export function statusReasonOf(reason: string): string {
  return BY_REASON.find(([pattern]) => pattern.test(reason))?.[1] ?? 'MS03'
}
