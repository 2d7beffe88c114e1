// R14.9: a document's confidentiality outlives a participant's membership by five years. While every
// participant among its parties remains, the obligation is open-ended.
import type { NonDisclosure } from '../api/documents-types'

const YEARS = 5
/** Kazakhstan is UTC+5 all year (R1.1.10): the calendar years are counted in Asia/Almaty. */
const ALMATY_OFFSET_MS = 5 * 3600_000

/** The instant five calendar years (Asia/Almaty) after `at`. */
export function fiveYearsAfter(at: number): number {
  const local = new Date(at + ALMATY_OFFSET_MS)
  local.setUTCFullYear(local.getUTCFullYear() + YEARS)
  return local.getTime() - ALMATY_OFFSET_MS
}

/** `terminatedAt`: when each participant left, for those that did (operator and settlement bank never do). */
export function nonDisclosureOf(parties: readonly string[], terminatedAt: ReadonlyMap<string, number>): NonDisclosure {
  let left: { party: string; at: number } | null = null
  for (const party of parties) {
    const at = terminatedAt.get(party)
    if (at !== undefined && (!left || at > left.at)) left = { party, at }
  }
  return left ? { leftParty: left.party, until: fiveYearsAfter(left.at) } : { leftParty: null, until: null }
}
