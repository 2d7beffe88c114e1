import type { Database } from 'better-sqlite3'
import type { LedgerVerification, PostingRow } from '../api/types'
import type { AccountBook } from '../accounts/account-book'
import { statementCache } from '../store/statements'

export type PostingKind = PostingRow['kind']

/** One movement of money: from the debited account to the credited one, in one currency. */
export interface Transfer {
  debit: string
  credit: string
  amount: number
  currency: string
  kind: PostingKind
}

/**
 * The double-entry ledger (TigerBeetle-style transfers: each posting names both sides, so debits equal
 * credits by construction). Balances are maintained with each posting (balance = credits − debits) in the
 * account book, which writes them to the accounts table behind the Center; the table's CHECK refuses
 * anything that would take a client account below its minimum. Postings are immutable (triggers);
 * corrections are new postings.
 */
export class Ledger {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(
    private readonly db: Database,
    private readonly book: AccountBook
  ) {
    this.sql = statementCache(db)
  }

  post(operationSeq: number, leg: number, t: Transfer, now: number): void {
    this.sql('INSERT INTO postings (operation_seq, leg, debit_account, credit_account, amount_minor, currency, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      operationSeq, leg, t.debit, t.credit, t.amount, t.currency, t.kind, now
    )
    this.book.move(t.debit, t.credit, t.amount)
  }

  /** Reserves an amount of a two-phase operation until it is completed, voided or expires. */
  hold(operationSeq: number, accountId: string, amount: number, expiresAt: number): void {
    this.sql(`INSERT INTO holds (operation_seq, account_id, amount_minor, expires_at, state) VALUES (?, ?, ?, ?, 'active')`).run(operationSeq, accountId, amount, expiresAt)
    this.book.hold(accountId, amount)
  }

  activeHold(operationSeq: number): { account_id: string; amount_minor: number; expires_at: number } | undefined {
    return this.sql<[number], { account_id: string; amount_minor: number; expires_at: number }>(
      `SELECT account_id, amount_minor, expires_at FROM holds WHERE operation_seq = ? AND state = 'active'`
    ).get(operationSeq)
  }

  release(operationSeq: number, state: 'completed' | 'voided' | 'expired', now: number): void {
    const h = this.activeHold(operationSeq)
    if (!h) throw new Error(`no active hold for operation ${operationSeq}`)
    this.sql('UPDATE holds SET state = ?, closed_at = ? WHERE operation_seq = ?').run(state, now, operationSeq)
    this.book.release(h.account_id, h.amount_minor)
  }

  /** Holds whose time ran out, oldest first. */
  expiredHolds(now: number, limit: number): number[] {
    return this.sql<[number, number], number>(`SELECT operation_seq FROM holds WHERE state = 'active' AND expires_at <= ? ORDER BY expires_at LIMIT ?`)
      .pluck()
      .all(now, limit)
  }

  /** An operation's postings, in leg order (a reversal mirrors them). */
  postingsOf(operationSeq: number): { debit_account: string; credit_account: string; amount_minor: number; currency: string }[] {
    return this.sql<[number], { debit_account: string; credit_account: string; amount_minor: number; currency: string }>(
      'SELECT debit_account, credit_account, amount_minor, currency FROM postings WHERE operation_seq = ? ORDER BY leg'
    ).all(operationSeq)
  }

  /**
   * Recomputes everything from the postings and holds: debits equal credits per currency, every maintained
   * balance and hold total matches, no client account below its minimum.
   */
  verify(): LedgerVerification {
    // The rows must carry everything the book holds before they are compared with the postings.
    this.db.transaction(() => {
      this.book.begin()
      this.book.settleAll()
    }).immediate()
    const totals = this.sql<[], { currency: string; total: number }>('SELECT currency, sum(amount_minor) AS total FROM postings GROUP BY currency ORDER BY currency')
      .all()
      .map((r) => ({ currency: r.currency, debits: r.total, credits: r.total }))
    // Per account, in one pass over the postings: what they say against what is maintained.
    const derived = new Map<string, number>()
    const add = (id: string, v: number) => derived.set(id, (derived.get(id) ?? 0) + v)
    for (const r of this.sql<[], { id: string; v: number }>('SELECT credit_account AS id, sum(amount_minor) AS v FROM postings GROUP BY credit_account').all()) add(r.id, r.v)
    for (const r of this.sql<[], { id: string; v: number }>('SELECT debit_account AS id, sum(amount_minor) AS v FROM postings GROUP BY debit_account').all()) add(r.id, -r.v)
    const holds = new Map(
      this.sql<[], { id: string; v: number }>(`SELECT account_id AS id, sum(amount_minor) AS v FROM holds WHERE state = 'active' GROUP BY account_id`).all().map((r) => [r.id, r.v])
    )
    const problems: LedgerVerification['problems'] = []
    const rows = this.sql<[], { id: string; iban: string; balance_minor: number; held_minor: number; min_balance_minor: number | null }>(
      'SELECT id, iban, balance_minor, held_minor, min_balance_minor FROM accounts'
    ).all()
    for (const r of rows) {
      const balance = derived.get(r.id) ?? 0
      const held = holds.get(r.id) ?? 0
      if (balance !== r.balance_minor) problems.push({ iban: r.iban, problem: 'balance', expected: balance, actual: r.balance_minor })
      if (held !== r.held_minor) problems.push({ iban: r.iban, problem: 'held', expected: held, actual: r.held_minor })
      if (r.min_balance_minor !== null && r.balance_minor - r.held_minor < r.min_balance_minor)
        problems.push({ iban: r.iban, problem: 'minimum', expected: r.min_balance_minor, actual: r.balance_minor - r.held_minor })
    }
    // Debits and credits are the same rows, so per-currency sums of balances must be zero too.
    const sums = this.sql<[], { currency: string; s: number }>('SELECT currency, sum(balance_minor) AS s FROM accounts GROUP BY currency').all()
    const unbalanced = sums.filter((s) => s.s !== 0)
    for (const u of unbalanced) problems.push({ iban: `*${u.currency}`, problem: 'balance', expected: 0, actual: u.s })
    const postings = this.sql<[], number>('SELECT count(*) FROM postings').pluck().get() ?? 0
    return { balanced: problems.length === 0, totals, problems, postings, accounts: rows.length }
  }
}
