import type { Database } from 'better-sqlite3'
import { statementCache } from '../store/statements'

/** What the Center changes in an account: its balance, the amount on hold and what it has spent today. */
export interface AccountState {
  balance: number
  held: number
  dayDebitDay: string | null
  dayDebit: number
}

/** An account whose state in memory is newer than its row. */
interface Dirty extends AccountState {
  id: string
  rowid: number
  /** The first log row holding a state of it that the table does not have yet (0: none written yet). */
  logId: number
}

/** How a transaction's account changes are made durable (see AccountBook.flush). */
export interface Durability {
  /** Write the accounts the transaction touched to their rows now (single requests, the desk's calls). */
  writeThrough: boolean
  /** Then write out the unsettled accounts among the next this many rows of the table: a sweep through it, batch by batch. */
  sweep: number
  /** Then write out this many of the accounts longest behind (idle moments). */
  oldest: number
}

/** An account's state as its row has it, with where the row is. */
interface Known extends AccountState {
  id: string
  rowid: number
}

// Past this many accounts known to match their rows, the book starts that list over (memory stays bounded).
const MAX_KNOWN = 200_000

type LoggedState = [rowid: number, balance: number, held: number, dayDebitDay: string | null, dayDebit: number]

/** The columns of an account row that the book may hold newer values of. */
export interface AccountRow {
  id: string
  balance_minor: number
  held_minor: number
  day_debit_day?: string | null
  day_debit_minor?: number
}

/**
 * The accounts' running state, TigerBeetle style: the Center changes balances, holds and daily spending
 * here, and each transaction makes them durable by appending the changed accounts' new state to
 * account_state_log (one row per transaction, sequential pages), instead of rewriting each account's row —
 * a random page per account per batch, which is what bounded the Center's rate. The rows are brought up to
 * date behind it (`settle`), oldest first. Reads of accounts go through `overlay`, so every service in this
 * process sees the current state; another process sees the table, which lags by the unsettled accounts.
 *
 * Crash safety: the log row commits with the operations and postings that produced it. On open (and
 * whenever the generation in the table is not the one this book wrote last — another connection's Center,
 * or a rolled-back transaction) the book replays what is left of the log over the table and starts afresh.
 */
export class AccountBook {
  private readonly sql: ReturnType<typeof statementCache>
  // Insertion order is the order of logId: the first entry is the one longest behind.
  private dirty = new Map<string, Dirty>()
  private readonly dirtyByRowid = new Map<number, string>()
  /** Accounts whose row was read or written by this book and matches it: changing them needs no read. */
  private readonly clean = new Map<string, Known>()
  private sweepAt = 1
  private lastRowid = 0
  /** Accounts changed by the transaction in progress. */
  private readonly touched = new Set<string>()
  /** Each change's previous entry, so a request rolled back alone takes its changes with it. */
  private readonly undo: [id: string, previous: Dirty | undefined, wasTouched: boolean][] = []
  private generation = -1
  /** The newest log row: every state in memory is at least as new. */
  private lastLogId = 0

  constructor(private readonly db: Database) {
    this.sql = statementCache(db)
  }

  /** Accounts whose row is behind (for tests and the bench). */
  get unsettled(): number {
    return this.dirty.size
  }

  /** Call when a Center transaction starts, under the write lock: reloads if the table moved without this book. */
  begin(): void {
    if (this.tableGeneration() !== this.generation) this.recover()
    this.touched.clear()
    this.undo.length = 0
  }

  /** For reads outside the Center's transactions: the same check as begin(). */
  sync(): void {
    if (this.tableGeneration() !== this.generation) this.db.transaction(() => this.recover()).immediate()
  }

  /** A row with the newer state from memory, if the book has one. */
  overlay<T extends AccountRow>(row: T): T
  overlay<T extends AccountRow>(row: T | undefined): T | undefined
  overlay<T extends AccountRow>(row: T | undefined): T | undefined {
    const d = row && this.dirty.get(row.id)
    if (d) {
      row.balance_minor = d.balance
      row.held_minor = d.held
      if ('day_debit_minor' in row) {
        row.day_debit_day = d.dayDebitDay
        row.day_debit_minor = d.dayDebit
      }
    }
    return row
  }

  /** An account's current state: from memory, or from its row (read once, then remembered). */
  state(id: string): AccountState {
    return this.dirty.get(id) ?? this.known(id)
  }

  /** Moves money: the debited account's balance goes down, the credited one's up. */
  move(debit: string, credit: string, amount: number): void {
    this.change(debit).balance -= amount
    this.change(credit).balance += amount
  }

  hold(id: string, amount: number): void {
    this.change(id).held += amount
  }

  release(id: string, amount: number): void {
    this.change(id).held -= amount
  }

  /** Counts a debit against the daily limit of the operational day; a new day starts from zero. */
  addDayDebit(id: string, day: string, amount: number): void {
    const s = this.change(id)
    s.dayDebit = s.dayDebitDay === day ? s.dayDebit + amount : amount
    s.dayDebitDay = day
  }

  /** Takes a debit back from the day's count, if the count is still that day's. */
  returnDayDebit(id: string, day: string, amount: number): void {
    const row = this.dirty.has(id) ? undefined : this.known(id)
    if ((row ?? this.dirty.get(id)!).dayDebitDay !== day) return
    const s = this.change(id, row)
    s.dayDebit = Math.max(0, s.dayDebit - amount)
  }

  mark(): number {
    return this.undo.length
  }

  /** Takes back the changes made after the mark (their request's savepoint was rolled back). */
  rollbackTo(mark: number): void {
    while (this.undo.length > mark) {
      const [id, previous, wasTouched] = this.undo.pop()!
      if (previous) this.dirty.set(id, previous)
      else this.forget(id)
      if (!wasTouched) this.touched.delete(id)
    }
  }

  /**
   * Makes the transaction's changes durable, just before it commits: the accounts it touched are written to
   * their rows or appended to the log as one row; then some unsettled accounts are written out (a sweep
   * through the table's next rows, whose pages are few and adjacent, or the oldest), and the log rows no
   * account needs any more are deleted. If the transaction then fails, the generation tells the next one to reload.
   */
  flush(o: Durability): void {
    if (!this.touched.size && !((o.sweep > 0 || o.oldest > 0) && this.dirty.size)) return
    // First, so that a failure below leaves a generation the table does not have, and the next transaction reloads.
    this.bumpGeneration()
    if (o.writeThrough) for (const id of this.touched) this.settle(this.dirty.get(id)!)
    else if (this.touched.size) this.log()
    for (let k = 0; k < o.sweep && this.dirty.size; k++) {
      if (this.sweepAt > this.lastRowid) this.sweepAt = 1
      const id = this.dirtyByRowid.get(this.sweepAt++)
      if (id) this.settle(this.dirty.get(id)!)
    }
    let n = 0
    for (const d of this.dirty.values()) {
      if (n++ >= o.oldest) break
      this.settle(d)
    }
    const oldest = this.dirty.values().next().value
    if (oldest) this.sql('DELETE FROM account_state_log WHERE id < ?').run(oldest.logId)
    else this.sql('DELETE FROM account_state_log').run()
    this.touched.clear()
    this.undo.length = 0
  }

  /** Appends the touched accounts' states as one log row; each keeps the first row the table lacks. */
  private log(): void {
    const states: LoggedState[] = []
    for (const id of this.touched) {
      const d = this.dirty.get(id)!
      states.push([d.rowid, d.balance, d.held, d.dayDebitDay, d.dayDebit])
    }
    this.lastLogId = Number(this.sql('INSERT INTO account_state_log (states) VALUES (?)').run(JSON.stringify(states)).lastInsertRowid)
    for (const id of this.touched) {
      const d = this.dirty.get(id)!
      if (d.logId === 0) d.logId = this.lastLogId
    }
  }

  /** Replays the log over the table (skipping what a row is already past), deletes it and forgets what was in memory. */
  private recover(): void {
    const update = this.sql(
      'UPDATE accounts SET balance_minor = @balance, held_minor = @held, day_debit_day = @day, day_debit_minor = @dayDebit, state_log_id = @log WHERE rowid = @rowid AND state_log_id < @log'
    )
    for (const r of this.sql<[], { id: number; states: string }>('SELECT id, states FROM account_state_log ORDER BY id').all())
      for (const [rowid, balance, held, day, dayDebit] of JSON.parse(r.states) as LoggedState[]) update.run({ balance, held, day, dayDebit, log: r.id, rowid })
    this.sql('DELETE FROM account_state_log').run()
    this.lastLogId = this.sql<[], number>(`SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'account_state_log'`).pluck().get()!
    this.dirty = new Map()
    this.dirtyByRowid.clear()
    this.clean.clear()
    this.touched.clear()
    this.undo.length = 0
    this.bumpGeneration()
  }

  private settle(d: Dirty): void {
    this.sql('UPDATE accounts SET balance_minor = ?, held_minor = ?, day_debit_day = ?, day_debit_minor = ?, state_log_id = ? WHERE rowid = ?').run(
      d.balance, d.held, d.dayDebitDay, d.dayDebit, this.lastLogId, d.rowid
    )
    this.forget(d.id)
    this.remember({ id: d.id, rowid: d.rowid, balance: d.balance, held: d.held, dayDebitDay: d.dayDebitDay, dayDebit: d.dayDebit })
  }

  private forget(id: string): void {
    const d = this.dirty.get(id)
    if (!d) return
    this.dirty.delete(id)
    this.dirtyByRowid.delete(d.rowid)
  }

  private bumpGeneration(): void {
    this.generation = this.tableGeneration() + 1
    this.sql('UPDATE account_state SET generation = ? WHERE id = 1').run(this.generation)
  }

  private tableGeneration(): number {
    return this.sql<[], number>('SELECT generation FROM account_state WHERE id = 1').pluck().get()!
  }

  /** The account's entry for a change in this transaction (from its row, read once, if not held yet), remembering the previous one for a rollback. */
  private change(id: string, row = this.dirty.has(id) ? undefined : this.known(id)): Dirty {
    const previous = this.dirty.get(id)
    this.undo.push([id, previous && { ...previous }, this.touched.has(id)])
    this.touched.add(id)
    if (previous) return previous
    const d: Dirty = { ...row!, logId: 0 }
    this.clean.delete(id)
    this.dirty.set(id, d)
    this.dirtyByRowid.set(d.rowid, id)
    this.lastRowid = Math.max(this.lastRowid, d.rowid)
    return d
  }

  /** An account not in memory as its row has it: remembered, or read once. */
  private known(id: string): Known {
    const k = this.clean.get(id)
    if (k) return k
    const r = this.sql<[string], Known>(
      'SELECT id, rowid, balance_minor AS balance, held_minor AS held, day_debit_day AS dayDebitDay, day_debit_minor AS dayDebit FROM accounts WHERE id = ?'
    ).get(id)
    if (!r) throw new Error(`no account ${id}`)
    this.remember(r)
    return r
  }

  private remember(k: Known): void {
    if (this.clean.size >= MAX_KNOWN) this.clean.clear()
    this.clean.set(k.id, k)
  }
}
