/**
 * Result codes of the Center's answers, ISO 8583:2023 style as jPOS's CMF uses them (DOMAIN.md): 0000
 * approved, 1xxx denied by a check, 4000 reversal accepted, 9xxx rejected before processing (format,
 * duplicate, system) — the 1987 two-digit codes (30 format error, 94 duplicate, 96 malfunction)
 * prefixed with 90.
 */
export const RESULT_CODES = {
  APPROVED: '0000',
  DO_NOT_HONOUR: '1000',
  EXPIRED_CARD: '1001',
  SUSPECTED_FRAUD: '1002',
  RESTRICTED_CARD: '1004',
  INVALID_AMOUNT: '1010',
  INVALID_CARD: '1011',
  NO_ACCOUNT_OF_TYPE: '1014',
  FUNCTION_NOT_SUPPORTED: '1015',
  INSUFFICIENT_FUNDS: '1016',
  // The operation, or the way it names the payer, is not one this terminal may send (R7.3).
  NOT_PERMITTED_TO_TERMINAL: '1020',
  EXCEEDS_LIMIT: '1021',
  ACCOUNT_CLOSED: '1035',
  EXCEEDS_PRE_AUTHORIZED: '1074',
  AML: '1078',
  ORIGINAL_NOT_FOUND: '1816',
  INVALID_TERMINAL: '1819',
  PREVIOUSLY_REVERSED: '1824',
  FURTHER_ACTIVITY_PREVENTS_REVERSAL: '1825',
  REVERSAL_ACCEPTED: '4000',
  FORMAT_ERROR: '9030',
  // The request's sender is not proven (a bad signature, a stale or replayed request).
  SECURITY_VIOLATION: '9063',
  DUPLICATE_TRANSMISSION: '9094',
  SYSTEM_MALFUNCTION: '9096'
} as const
export type ResultCode = (typeof RESULT_CODES)[keyof typeof RESULT_CODES]

/** A failed check: the code the answer carries and the reason (a message key every interface words itself). */
export interface Refusal {
  code: ResultCode
  reason: string
}

export const refusal = (code: ResultCode, reason: string): Refusal => ({ code, reason })
