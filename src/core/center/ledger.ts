import type { Database } from 'better-sqlite3'
import type { LedgerVerification, PostingRow } from '../api/types'
import type { AccountBook } from '../accounts/account-book'
import { runSqliteTask } from '../store/sqlite-worker'
import { statementCache } from '../store/statements'
import verifyWorker from './ledger-verify-worker.cjs?raw'

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
   * Recomputes everything from the postings and holds (debits equal credits per currency, every maintained balance
   * and hold matches, no account below its minimum) on a worker thread, over a snapshot of the committed ledger:
   * summing a million postings here held the Center's connection, and so every authorization, for seconds.
   */
  verify(): Promise<LedgerVerification> {
    if (this.db.memory) return Promise.reject(new Error('the ledger check reads the database file: an in-memory database has none'))
    return runSqliteTask<LedgerVerification>(verifyWorker, { path: this.db.name })
  }
}
