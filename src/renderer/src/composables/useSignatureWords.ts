import type { VerificationFailureView } from '@core/api/crypto-types'
import { useErrorMessage } from './useErrorMessage'

/**
 * A signature check's failures in words (R12.1, R14.2): with their data where the core gave it (which certificate of
 * the chain and why, which attachment, which field the signed document says otherwise), in the user's language; the
 * check's English stays in the log.
 */
export function useSignatureWords() {
  const { ruled } = useErrorMessage()
  /** A failure's data in words; null for a failure that has none (its code says all). */
  const dataOf = (f: VerificationFailureView): string | null => (f.reason ? ruled(f.reason) : null)
  /** A failure named by its code alone (`trust.verification_<code>`), or the code where this desk has no words for it. */
  const byCode = (code: string): string => ruled({ rule: `trust.verification_${code}` }) ?? code
  /** A failure in words: with its data, or by its code. */
  const ofFailure = (f: VerificationFailureView): string => dataOf(f) ?? byCode(f.code)
  return { dataOf, byCode, ofFailure }
}
