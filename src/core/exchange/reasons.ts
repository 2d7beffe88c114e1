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

/**
 * The ISO status reasons (ExternalStatusReason1Code) of the import's own refusals of a file (R4.1), each the
 * closest code for what is wrong, so a refused file is not reported as badly formatted (FF01) when it is not.
 */
export const REFUSAL_REASON = {
  /** RC01 BankIdentifierIncorrect: InstgAgt / the sender is not the BIC of the participant whose file it is. */
  sender: 'RC01',
  /** RC01 too: InstdAgt / the MT receiver is neither the settlement bank, to whom a participant's files go (R4.1), nor the operator. */
  addressee: 'RC01',
  /** DT01 InvalidDate: the settlement date is after the operational day the file would run at the close of. */
  settlementDate: 'DT01',
  /** RC06 InvalidDebtorBICIdentifier: a payer's bank (DbtrAgt) is not the sending participant. */
  payerBank: 'RC06',
  /** AC02 InvalidDebtorAccountNumber: the payer's account, a KZ IBAN, or one kept at another bank. */
  payerAccount: 'AC02',
  /** AC03 InvalidCreditorAccountNumber: the payee's account is not one the Center can credit. */
  payeeAccount: 'AC03',
  /** AM12 InvalidAmount, AM03 NotAllowedCurrency: what the Center would refuse of the amount and its currency. */
  amount: 'AM12',
  currency: 'AM03',
  /** AM05 Duplication: a transaction id repeated within the file. */
  repeatedId: 'AM05',
  /**
   * FF01 InvalidFileFormat: a value whose form the scheme does not take (an id with a slash, a KNP), and a file refused
   * before its batch is read for what it is: unsafe XML, not UTF-8, too large, failing its schema or its codec.
   */
  format: 'FF01',
  /** AG10 AgentSuspended: the sending participant is suspended from the system (R9.1.5). */
  suspended: 'AG10',
  /**
   * AM05 Duplication: the very file (the same bytes) was accepted before. Its group is rejected naming no transaction,
   * so nothing in the report reads as a status of the first file's transactions.
   */
  duplicateFile: 'AM05'
} as const
