import BetterSqlite3, { type Database } from 'better-sqlite3'
import type { AuthorizationAnswer } from '../../core/api/center-types'
import { parseMoney } from '../../core/domain/money'

// The crash test's verdict, read straight from the two databases with SQL of its own (it does not
// trust the code under test to check itself): what was answered exists exactly once, the ledger
// balances, no account is below its minimum, every outbox message arrived and took effect once.

/** An acceptance the Center answered: it must survive any crash after the answer. */
export interface AnsweredAcceptance {
  terminal: string
  requestId: string
  /** What an authorization asked for (a completion or reversal takes its amount from the original). */
  asked?: { amount: string; currency: string }
  answer: AuthorizationAnswer
}

export interface Verdict {
  violations: string[]
  figures: { operations: number; postings: number; outbox: number; redelivered: number; acceptancesChecked: number }
}

/** Statuses an accepted operation may have moved on to since: it still exists, once. */
const STILL_THERE = new Set(['accepted', 'held', 'completed', 'reversed', 'expired', 'voided'])

export function verify(centerDbPath: string, receiverDbPath: string, answered: Iterable<AnsweredAcceptance>): Verdict {
  const center = new BetterSqlite3(centerDbPath, { readonly: true, fileMustExist: true })
  const receiver = new BetterSqlite3(receiverDbPath, { readonly: true, fileMustExist: true })
  try {
    const violations: string[] = []
    const integrity = center.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') violations.push(`the Center's database is damaged: ${String(integrity)}`)
    const acceptancesChecked = checkAnswered(center, answered, violations)
    checkLedger(center, violations)
    const redelivered = checkOutbox(center, receiver, violations)
    const count = (sql: string): number => center.prepare(sql).pluck().get() as number
    return {
      violations,
      figures: { operations: count('SELECT count(*) FROM operations'), postings: count('SELECT count(*) FROM postings'), outbox: count('SELECT count(*) FROM outbox'), redelivered, acceptancesChecked }
    }
  } finally {
    center.close()
    receiver.close()
  }
}

function checkAnswered(db: Database, answered: Iterable<AnsweredAcceptance>, violations: string[]): number {
  const find = db.prepare('SELECT seq, status, amount_minor, currency FROM operations WHERE source = ? AND request_id = ?')
  let n = 0
  for (const a of answered) {
    n++
    const rows = find.all(a.terminal, a.requestId) as { seq: number; status: string; amount_minor: number; currency: string }[]
    const what = `${a.terminal}/${a.requestId} (answered ${a.answer.status} as operation ${a.answer.operation})`
    if (rows.length !== 1) {
      violations.push(`${what}: ${rows.length} operations recorded, expected exactly 1`)
      continue
    }
    const r = rows[0]!
    if (r.seq !== a.answer.operation) violations.push(`${what}: recorded as operation ${r.seq}`)
    if (!STILL_THERE.has(r.status)) violations.push(`${what}: recorded with status ${r.status}`)
    if (a.asked && (r.amount_minor !== parseMoney(a.asked.amount, a.asked.currency).minor || r.currency !== a.asked.currency))
      violations.push(`${what}: recorded as ${r.amount_minor} ${r.currency}, sent ${a.asked.amount} ${a.asked.currency}`)
  }
  return n
}

function checkLedger(db: Database, violations: string[]): void {
  // Debits and credits per currency, each side counted in the currency of the account it touches: a
  // posting between accounts of different currencies would unbalance them.
  const sides = db
    .prepare(
      `SELECT currency, sum(debit) AS debits, sum(credit) AS credits FROM (
         SELECT a.currency, p.amount_minor AS debit, 0 AS credit FROM postings p JOIN accounts a ON a.id = p.debit_account
         UNION ALL
         SELECT a.currency, 0, p.amount_minor FROM postings p JOIN accounts a ON a.id = p.credit_account
       ) GROUP BY currency`
    )
    .all() as { currency: string; debits: number; credits: number }[]
  for (const s of sides) if (s.debits !== s.credits) violations.push(`ledger: ${s.currency} debits ${s.debits} ≠ credits ${s.credits}`)
  const accounts = db
    .prepare(
      `SELECT a.iban, a.balance_minor, a.held_minor, a.min_balance_minor,
         coalesce((SELECT sum(amount_minor) FROM postings WHERE credit_account = a.id), 0) - coalesce((SELECT sum(amount_minor) FROM postings WHERE debit_account = a.id), 0) AS derived,
         coalesce((SELECT sum(amount_minor) FROM holds WHERE account_id = a.id AND state = 'active'), 0) AS holds
       FROM accounts a`
    )
    .all() as { iban: string; balance_minor: number; held_minor: number; min_balance_minor: number | null; derived: number; holds: number }[]
  for (const a of accounts) {
    if (a.balance_minor !== a.derived) violations.push(`ledger: ${a.iban} balance ${a.balance_minor}, its postings say ${a.derived}`)
    if (a.held_minor !== a.holds) violations.push(`ledger: ${a.iban} held ${a.held_minor}, its active holds say ${a.holds}`)
    if (a.min_balance_minor !== null && a.balance_minor - a.held_minor < a.min_balance_minor)
      violations.push(`ledger: ${a.iban} available ${a.balance_minor - a.held_minor} below its minimum ${a.min_balance_minor}`)
  }
  for (const s of db.prepare('SELECT currency, sum(balance_minor) AS total FROM accounts GROUP BY currency HAVING total <> 0').all() as { currency: string; total: number }[])
    violations.push(`ledger: ${s.currency} balances sum to ${s.total}, not 0`)
}

/** Returns how many messages arrived more than once (at-least-once delivery at work). */
function checkOutbox(center: Database, receiver: Database, violations: string[]): number {
  const undelivered = center.prepare('SELECT count(*) FROM outbox WHERE delivered_at IS NULL').pluck().get() as number
  if (undelivered) violations.push(`outbox: ${undelivered} messages never marked delivered`)
  const received = new Map((receiver.prepare('SELECT message_id, times FROM received').all() as { message_id: number; times: number }[]).map((r) => [r.message_id, r.times]))
  const processed = new Map<number, number>()
  for (const id of receiver.prepare('SELECT message_id FROM processed').pluck().all() as number[]) processed.set(id, (processed.get(id) ?? 0) + 1)
  const ids = center.prepare('SELECT id FROM outbox ORDER BY id').pluck().all() as number[]
  const missing = ids.filter((id) => !received.has(id))
  const notOnce = ids.filter((id) => processed.get(id) !== 1)
  if (missing.length) violations.push(`outbox: ${missing.length} messages never received (first: ${missing.slice(0, 5).join(', ')})`)
  if (notOnce.length) violations.push(`outbox: ${notOnce.length} messages not processed exactly once (first: ${notOnce.slice(0, 5).join(', ')})`)
  const known = new Set(ids)
  const phantom = [...received.keys()].filter((id) => !known.has(id))
  if (phantom.length) violations.push(`outbox: the receiver holds ${phantom.length} messages the Center never wrote (first: ${phantom.slice(0, 5).join(', ')})`)
  return [...received.values()].filter((t) => t > 1).length
}
