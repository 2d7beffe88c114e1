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

/** The check under which the pipeline records a rule's outcome in the operation's checks. */
export const ruleCheck = (name: string): string => `rule:${name}`

/** The instruments' attempts that reached a rule (its check is recorded) at or after `since`, from the journal. */
export type RecentAttempts = (check: string, since: number) => Iterable<{ instrumentId: string; at: number }>

/** What an amount in a currency is worth in tenge at the rate in force, or null when no rate is published. */
export type KztValue = (minor: number, currency: string, now: number) => number | null

/**
 * Cash withdrawals worth the threshold or more in tenge go to AML review instead of being authorized online. One
 * in another currency counts at the rate in force; with no rate published it is referred too, as the rule cannot
 * tell what it is worth (a large withdrawal in dollars must not pass for being in dollars).
 */
export function cashAmlThreshold(thresholdMinorKzt: number, inKzt: KztValue): PreAuthorizationRule {
  return {
    name: 'aml.cash_threshold',
    check(c) {
      if (c.type !== 'cash_withdrawal') return null
      const kzt = c.currency === 'KZT' ? c.amountMinor : inKzt(c.amountMinor, c.currency, c.now)
      if (kzt === null) return refusal(RESULT_CODES.AML, 'aml.cash_no_rate')
      return kzt >= thresholdMinorKzt ? refusal(RESULT_CODES.AML, 'aml.cash_threshold') : null
    }
  }
}

const VELOCITY_WINDOW_MS = 60_000

/**
 * Too many operations with one instrument within a minute: suspected fraud (card testing, a stolen card).
 * Every attempt that reaches the rule counts, refused or not. Memory is bounded: an instrument keeps only the
 * times that decide (the newest maxPerMinute + 1), and past `maxInstruments` the one used least recently is
 * forgotten, never one in use: a card under attack keeps its count however many others come and go. The counts
 * start from the journal's last minute (`recent`), so a restarted Center does not give every card a fresh minute.
 */
export function instrumentVelocity(maxPerMinute: number, maxInstruments = 100_000, recent: RecentAttempts = () => []): PreAuthorizationRule {
  const name = 'fraud.velocity'
  // Instrument → times of its attempts in the window, oldest first; the map's order is that of last use.
  const seen = new Map<string, number[]>()
  let started = false
  const count = (instrumentId: string, now: number): number => {
    const times = seen.get(instrumentId) ?? []
    seen.delete(instrumentId)
    let stale = 0
    while (stale < times.length && now - times[stale]! >= VELOCITY_WINDOW_MS) stale++
    if (stale) times.splice(0, stale)
    times.push(now)
    if (times.length > maxPerMinute + 1) times.shift()
    seen.set(instrumentId, times)
    if (seen.size > maxInstruments) seen.delete(seen.keys().next().value!)
    return times.length
  }
  return {
    name,
    check(c) {
      if (!started) {
        started = true
        for (const a of recent(ruleCheck(name), c.now - VELOCITY_WINDOW_MS)) if (a.at <= c.now) count(a.instrumentId, a.at)
      }
      if (!c.instrumentId) return null
      return count(c.instrumentId, c.now) > maxPerMinute ? refusal(RESULT_CODES.SUSPECTED_FRAUD, 'fraud.velocity') : null
    }
  }
}

/** The chain the Center runs by default: 10,000,000 KZT cash threshold, 20 operations a minute per instrument. */
export const defaultRules = (inKzt: KztValue, recent?: RecentAttempts): PreAuthorizationRule[] => [cashAmlThreshold(10_000_000_00, inKzt), instrumentVelocity(20, undefined, recent)]
