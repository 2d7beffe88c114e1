import type { AccountRecord } from '../accounts/accounts-repo'
import type { Channel, OperationType } from '../api/types'
import { refusal, RESULT_CODES, type Refusal } from './result-codes'

/** What a pre-authorization rule sees: the operation after the Center's own checks passed. */
export interface RuleContext {
  type: OperationType
  channel: Channel
  amountMinor: number
  currency: string
  payer: AccountRecord
  terminalKind: string | null
  instrumentId: string | null
  now: number
}

/**
 * A rule in the chain that runs after the Center's checks and before acceptance (R7.5). The risk
 * management system (R6.6.4) plugs its rules in here; a rule refuses with a code and reason, or passes.
 */
export interface PreAuthorizationRule {
  readonly name: string
  check(c: RuleContext): Refusal | null
}

/** Cash operations at or above the threshold go to AML review instead of being authorized online. */
export function cashAmlThreshold(thresholdMinorKzt: number): PreAuthorizationRule {
  return {
    name: 'aml.cash_threshold',
    check: (c) =>
      c.type === 'cash_withdrawal' && c.currency === 'KZT' && c.amountMinor >= thresholdMinorKzt ? refusal(RESULT_CODES.AML, 'aml.cash_threshold') : null
  }
}

/** Too many operations with one instrument within a minute: suspected fraud (card testing, a stolen card). */
export function instrumentVelocity(maxPerMinute: number): PreAuthorizationRule {
  const seen = new Map<string, number[]>()
  return {
    name: 'fraud.velocity',
    check(c) {
      if (!c.instrumentId) return null
      const recent = (seen.get(c.instrumentId) ?? []).filter((t) => c.now - t < 60_000)
      recent.push(c.now)
      seen.set(c.instrumentId, recent)
      if (seen.size > 100_000) seen.clear() // bounded memory; the window is a minute
      return recent.length > maxPerMinute ? refusal(RESULT_CODES.SUSPECTED_FRAUD, 'fraud.velocity') : null
    }
  }
}

/** The chain the Center runs by default: 10,000,000 KZT cash threshold, 20 operations a minute per instrument. */
export const defaultRules = (): PreAuthorizationRule[] => [cashAmlThreshold(10_000_000_00), instrumentVelocity(20)]
