/**
 * Which banks an operation is the business of, for their staff (R14.1–R14.5, R9.3.4): its issuer and its acquirer
 * always; the payee's bank once the operation concerns its client's money, that is unless it was refused. A refused
 * one never reached the payee's bank: the payer's IIN and the check that failed on the payer's account are the
 * issuer's to know. An operation that follows another (a completion, a void, a reversal), even refused, concerns the
 * payee's bank when what it follows did: it was addressed at money credited to that bank's client.
 * The operations table keeps payee_participant_id whatever the outcome; only who may see the row depends on this.
 */

/** SQL: whether operation `o` (a table alias) concerns its payee's bank. */
export const payeeBankConcernedSql = (o: string): string =>
  `(${o}.status <> 'refused' OR EXISTS (SELECT 1 FROM operations followed WHERE followed.seq = ${o}.original_seq AND followed.status <> 'refused'))`

/** SQL: whether operation `o` (a table alias) concerns the participant named by `p` (a named parameter, `@scope`). */
export const concernsParticipantSql = (o: string, p: string): string =>
  `(${o}.issuer_id = ${p} OR ${o}.acquirer_id = ${p} OR (${o}.payee_participant_id = ${p} AND ${payeeBankConcernedSql(o)}))`

/** The participants a journal row concerns (null where a role has none or the payee's bank is not concerned). */
export const operationParties = (o: { issuerId: string | null; acquirerId: string | null; payeeParticipantId: string | null; payeeBankConcerned: boolean }): (string | null)[] => [
  o.issuerId,
  o.acquirerId,
  o.payeeBankConcerned ? o.payeeParticipantId : null
]
