import type { VerificationFailureView } from '@core/api/crypto-types'
import type { Reason } from '@core/api/types'
import type { CallFailure } from '../api/call'
import { useErrorMessage } from './useErrorMessage'

/** Whether a reason is a chain failure's (`trust.chain_<kind>`, its kind in `chainFailure`). */
export const isChainReason = (r: Reason): boolean => typeof r.params?.chainFailure === 'string'

/**
 * A signature's chain failures in words (R12.1, R14.2), as a refused binding says them: the certificate, its issuer,
 * the day or the serial, in the user's language. The check's English stays in the log.
 */
export function useChainWords() {
  const { ruled } = useErrorMessage()
  /** A report's failure in words when it is a chain failure this desk words; null for any other. */
  const ofFailure = (f: VerificationFailureView): string | null => (f.reason ? ruled(f.reason) : null)
  /** The failures of one kind (`expired`…) a refusal names, each in words; null when it names none of that kind. */
  const ofRefusal = (e: CallFailure, code: string): string | null => {
    const words = e.reasons.filter((r) => r.params?.chainFailure === code).map(ruled).filter((w): w is string => w !== null)
    return words.length ? words.join('; ') : null
  }
  return { ofFailure, ofRefusal }
}
