import type { Database } from 'better-sqlite3'
import type { Account, AccountKind, AccountStatus } from '../api/types'
import type { RegistryCache } from '../center/registry-cache'
import { ibanCheckDigits } from '../domain/iban'
import { nextInSequence } from '../store/sequences'
import { statementCache } from '../store/statements'
import type { AccountBook } from './account-book'

/** An account as the Center's checks and the ledger see it. */
export interface AccountRecord {
  id: string
  iban: string
  participant_id: string
  client_id: string | null
  client_iin: string | null
  kind: AccountKind
  currency: string
  balance_minor: number
  held_minor: number
  min_balance_minor: number | null
  limit_per_op_minor: number | null
  limit_daily_minor: number | null
  day_debit_day: string | null
  day_debit_minor: number
  status: AccountStatus
}

// The client's IIN comes with the account in the same statement: the Center stamps it on every operation.
const RECORD = `id, iban, participant_id, client_id, (SELECT iin FROM clients WHERE clients.id = accounts.client_id) AS client_iin, kind,
  currency, balance_minor, held_minor, min_balance_minor, limit_per_op_minor, limit_daily_minor, day_debit_day, day_debit_minor, status`

const VIEW = `SELECT a.id, a.iban, a.participant_id, p.code AS participant_code, a.kind, a.client_id, c.name AS client_name, c.iin AS client_iin,
  a.currency, a.balance_minor, a.held_minor, a.min_balance_minor, a.limit_per_op_minor, a.limit_daily_minor, a.status, a.status_reason, a.created_at
  FROM accounts a JOIN participants p ON p.id = a.participant_id LEFT JOIN clients c ON c.id = a.client_id`

interface ViewRow {
  id: string
  iban: string
  participant_id: string
  participant_code: string
  kind: AccountKind
  client_id: string | null
  client_name: string | null
  client_iin: string | null
  currency: string
  balance_minor: number
  held_minor: number
  min_balance_minor: number | null
  limit_per_op_minor: number | null
  limit_daily_minor: number | null
  status: AccountStatus
  status_reason: string | null
  created_at: number
}

const toAccount = (r: ViewRow): Account => ({
  id: r.id,
  iban: r.iban,
  participantId: r.participant_id,
  participantCode: r.participant_code,
  kind: r.kind,
  clientId: r.client_id,
  clientName: r.client_name,
  clientIin: r.client_iin,
  currency: r.currency,
  balanceMinor: r.balance_minor,
  heldMinor: r.held_minor,
  availableMinor: r.balance_minor - r.held_minor,
  minBalanceMinor: r.min_balance_minor,
  limitPerOpMinor: r.limit_per_op_minor,
  limitDailyMinor: r.limit_daily_minor,
  status: r.status,
  statusReason: r.status_reason,
  createdAt: r.created_at
})

// System accounts get a fixed number per kind: 9, the kind's digit, eight zeros.
const SYSTEM_NUMBER: Record<Exclude<AccountKind, 'client'>, string> = { settlement: '9100000000', cash: '9200000000', merchant: '9300000000', fx: '9400000000' }

export interface AccountFilter {
  participantId: string | null
  clientId?: string | undefined
  kind?: AccountKind | undefined
  query?: string | undefined
}

/**
 * SQL for accounts: client accounts and participants' system accounts. Balances, holds and the day's
 * spending are read through the Center's account book, which may hold newer values than the rows.
 */
export class AccountsRepo {
  private readonly sql: ReturnType<typeof statementCache>
  // The registry fields of the accounts the Center looks up, by what it looks them up with; the state is the book's.
  private readonly byId: (id: string) => AccountRecord | undefined
  private readonly byIban: (iban: string) => AccountRecord | undefined
  private readonly byClient: (key: string) => AccountRecord | undefined
  private readonly bySystemKey: (key: string) => AccountRecord | undefined

  constructor(
    db: Database,
    private readonly book: AccountBook,
    private readonly registry: RegistryCache
  ) {
    this.sql = statementCache(db)
    this.byId = registry.reader((id) => this.sql<[string], AccountRecord>(`SELECT ${RECORD} FROM accounts WHERE id = ?`).get(id))
    this.byIban = registry.reader((iban) => this.sql<[string], AccountRecord>(`SELECT ${RECORD} FROM accounts WHERE iban = ?`).get(iban))
    this.byClient = registry.reader((key) => {
      const [clientId, currency, participantId] = key.split(' ') as [string, string, string | undefined]
      return participantId === undefined
        ? this.sql<[string, string], AccountRecord>(`SELECT ${RECORD} FROM accounts WHERE client_id = ? AND currency = ? ORDER BY status <> 'open', created_at LIMIT 1`).get(clientId, currency)
        : this.sql<[string, string, string], AccountRecord>(
            `SELECT ${RECORD} FROM accounts WHERE client_id = ? AND participant_id = ? AND currency = ? ORDER BY status <> 'open', created_at LIMIT 1`
          ).get(clientId, participantId, currency)
    })
    this.bySystemKey = registry.reader((key) => {
      const [participantId, kind, currency] = key.split(' ') as [string, string, string]
      return this.sql<[string, string, string], AccountRecord>(`SELECT ${RECORD} FROM accounts WHERE participant_id = ? AND kind = ? AND currency = ?`).get(participantId, kind, currency)
    })
  }

  record(id: string): AccountRecord | undefined {
    return this.withState(this.byId(id))
  }

  recordByIban(iban: string): AccountRecord | undefined {
    return this.withState(this.byIban(iban))
  }

  /** A client's first open account in a currency (a request that names the payer by IIN, R7.3). */
  clientAccountIn(clientId: string, currency: string): AccountRecord | undefined {
    return this.withState(this.byClient(`${clientId} ${currency}`))
  }

  /** A client's account in a currency at one bank (the credited side of a currency exchange). */
  clientAccountAt(clientId: string, participantId: string, currency: string): AccountRecord | undefined {
    return this.withState(this.byClient(`${clientId} ${currency} ${participantId}`))
  }

  /** A participant's system account of a kind and currency, opened on first use. */
  system(participantId: string, bankCode: string, kind: Exclude<AccountKind, 'client'>, currency: string, now: number, newId: () => string): AccountRecord {
    const found = this.bySystemKey(`${participantId} ${kind} ${currency}`)
    if (found) return this.withState(found)!
    const id = newId()
    const iban = makeIban(bankCode, currency, SYSTEM_NUMBER[kind])
    this.sql(`INSERT INTO accounts (id, iban, participant_id, client_id, kind, currency, status, created_at) VALUES (?, ?, ?, NULL, ?, ?, 'open', ?)`).run(
      id, iban, participantId, kind, currency, now
    )
    return this.record(id)!
  }

  /**
   * The account with its current balance, holds and day's spending. A remembered row (the Center's own
   * transaction, where the book has checked that no other connection wrote) is copied with the book's state;
   * a row just read takes only what the book holds newer than it.
   */
  private withState(r: AccountRecord | undefined): AccountRecord | undefined {
    if (!r || !this.registry.caching) return this.book.overlay(r)
    const s = this.book.state(r.id)
    return { ...r, balance_minor: s.balance, held_minor: s.held, day_debit_day: s.dayDebitDay, day_debit_minor: s.dayDebit }
  }

  openClientAccount(a: { id: string; participantId: string; bankCode: string; clientId: string; currency: string; minBalanceMinor: number; limitPerOpMinor: number | null; limitDailyMinor: number | null; now: number }): Account {
    const number = String(nextInSequence(this.sql, 'client_account')).padStart(10, '0')
    this.sql(
      `INSERT INTO accounts (id, iban, participant_id, client_id, kind, currency, min_balance_minor, limit_per_op_minor, limit_daily_minor, status, created_at)
       VALUES (?, ?, ?, ?, 'client', ?, ?, ?, ?, 'open', ?)`
    ).run(a.id, makeIban(a.bankCode, a.currency, number), a.participantId, a.clientId, a.currency, a.minBalanceMinor, a.limitPerOpMinor, a.limitDailyMinor, a.now)
    return this.get(a.id)!
  }

  get(id: string): Account | undefined {
    this.book.sync()
    const r = this.book.overlay(this.sql<[string], ViewRow>(`${VIEW} WHERE a.id = ?`).get(id))
    return r && toAccount(r)
  }

  list(f: AccountFilter): Account[] {
    const where: string[] = []
    const args: (string | number)[] = []
    if (f.participantId) where.push('a.participant_id = ?'), args.push(f.participantId)
    if (f.clientId) where.push('a.client_id = ?'), args.push(f.clientId)
    if (f.kind) where.push('a.kind = ?'), args.push(f.kind)
    if (f.query) {
      where.push('(a.iban LIKE ? OR c.iin LIKE ? OR c.name LIKE ?)')
      const like = `%${f.query.replace(/[%_]/g, '')}%`
      args.push(like.toUpperCase(), like, like)
    }
    const sql = `${VIEW} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.code, a.kind <> 'client', a.created_at LIMIT 1000`
    this.book.sync()
    return this.sql<(string | number)[], ViewRow>(sql)
      .all(...args)
      .map((r) => toAccount(this.book.overlay(r)))
  }

  setLimits(id: string, perOp: number | null, daily: number | null): void {
    this.sql('UPDATE accounts SET limit_per_op_minor = ?, limit_daily_minor = ? WHERE id = ?').run(perOp, daily, id)
  }

  setStatus(id: string, status: AccountStatus, reason: string): void {
    this.sql('UPDATE accounts SET status = ?, status_reason = ? WHERE id = ?').run(status, reason, id)
  }

  /** Takes a debit back from the day's count, if the count is still that day's (a client account's only). */
  returnDayDebit(id: string, day: string, amount: number): void {
    this.book.returnDayDebit(id, day, amount)
  }

  /** Counts a debit against the account's daily limit for the operational day. */
  addDayDebit(id: string, day: string, amount: number): void {
    this.book.addDayDebit(id, day, amount)
  }
}

/** A KZ IBAN: the bank's 3-digit code, the currency, a 10-character number, with MOD-97 check digits. */
export function makeIban(bankCode: string, currency: string, number: string): string {
  const bban = `${bankCode}${currency}${number}`
  return `KZ${ibanCheckDigits('KZ', bban)}${bban}`
}

/** The 3-digit bank code in a participant's IBANs, from its system code (P001 → 001). */
export const bankCodeOf = (participantCode: string): string => participantCode.slice(1).padStart(3, '0').slice(-3)
