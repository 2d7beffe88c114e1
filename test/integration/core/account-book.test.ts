// The account book (R7.5, ARCHITECTURE decision 4): the Center's batches log the accounts they change instead of
// rewriting their rows; the rows catch up behind it, and a crash leaves nothing an answer depended on.
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AccountBook } from '../../../src/core/accounts/account-book'
import type { Account, AuthorizationAnswer, LedgerVerification } from '../../../src/core/api/types'
import { createCenter } from '../../../src/core/center'
import { demoCardPan } from '../../../src/core/demo/seed'
import { createIdGenerator } from '../../../src/core/domain/ids'
import { openWorkstation } from '../../../src/main/workstation'
import { instrumentOf, testWorkstation, TEST_COST, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation

beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
})
afterEach(() => ws.dispose())

/** Every account's balance as its postings make it, its row's balance, and the balance the desk shows. */
function balances(w: { db: BetterSqlite3.Database } = ws) {
  return w.db
    .prepare(
      `SELECT a.iban, a.balance_minor AS row,
         coalesce((SELECT sum(amount_minor) FROM postings WHERE credit_account = a.id), 0) - coalesce((SELECT sum(amount_minor) FROM postings WHERE debit_account = a.id), 0) AS postings
       FROM accounts a ORDER BY a.iban`
    )
    .all() as { iban: string; row: number; postings: number }[]
}
const shown = () => new Map(ws.ok<Account[]>('op', 'accounts.list', {}).map((a) => [a.iban, a.balanceMinor]))
const logRows = (db = ws.db) => db.prepare('SELECT count(*) FROM account_state_log').pluck().get() as number

/** Twenty card payments at once (cards `first`…`first`+19): one batch, large enough to be logged rather than written through. */
const batch = (prefix: string, center = ws.center, first = 0): Promise<AuthorizationAnswer[]> =>
  Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      center.submit({ requestId: `${prefix}-${i}`, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(first + i) }, amount: `${10 + i}.00`, currency: 'KZT' }, 'T000001')
    )
  )

const idle = () => new Promise((resolve) => setTimeout(resolve, 300))

describe('a batch of the group commit', () => {
  it('logs its accounts instead of rewriting their rows; the desk shows the new balances at once, and the rows catch up when the Center is idle', async () => {
    const answers = await batch('b')
    expect(answers.filter((a) => a.status === 'accepted').length).toBeGreaterThanOrEqual(18)
    expect(logRows()).toBeGreaterThan(0)
    // What the desk shows is what the postings say, rows behind or not.
    const desk = shown()
    for (const b of balances()) expect(desk.get(b.iban)).toBe(b.postings)

    await idle()
    expect(logRows()).toBe(0)
    expect(balances().filter((b) => b.row !== b.postings)).toEqual([])
    expect(await ws.okAsync<LedgerVerification>('op', 'ledger.verify')).toMatchObject({ balanced: true, problems: [] })
  })

  it('writes the accounts out only once no batch has come for a while, not in the gaps of steady traffic', async () => {
    // No sweep, so only the idle write-out brings rows up to date; idle means 250 ms without a batch.
    const { center, book } = createCenter({ db: ws.db, clock: ws.clock, newId: createIdGenerator(ws.clock), sweepPerBatch: 0, settleIdleMs: 250 })
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    // Steady traffic: a batch every 20 ms or so for about half a second; the queue is empty between them. Each batch
    // logs its accounts as one row, and nothing is written out meanwhile, so every row stays.
    const rowsBefore = logRows()
    for (let i = 0; i < 15; i++) {
      await batch(`s${i}`, center, (i % 2) * 20)
      await pause(20)
    }
    expect(logRows()).toBe(rowsBefore + 15)
    expect(book.unsettled).toBeGreaterThan(0)
    // Then quiet: everything is written out.
    await pause(800)
    expect(book.unsettled).toBe(0)
    expect(logRows()).toBe(0)
    expect(balances().filter((b) => b.row !== b.postings)).toEqual([])
  })

  it('checks funds against the balance in memory, not the row behind it', async () => {
    // Card 25's account (the batches around it use cards 0-19): spend all but 1 tenge in one batch, then ask for 2 in the next.
    const iban = ws.db.prepare(`SELECT a.iban FROM instruments i JOIN accounts a ON a.id = i.account_id WHERE i.kind = 'card' ORDER BY i.rowid LIMIT 1 OFFSET 25`).pluck().get() as string
    const available = shown().get(iban)!
    const spend = (requestId: string, minor: number) =>
      ws.center.submit({ requestId, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(25) }, amount: (minor / 100).toFixed(2), currency: 'KZT' }, 'T000001')
    const [first] = await Promise.all([spend('f-1', available - 100), batch('f-fill')])
    expect(first.status).toBe('accepted')
    const [second] = await Promise.all([spend('f-2', 200), batch('f-fill-2')])
    expect(second).toMatchObject({ status: 'refused', reason: 'account.insufficient_funds' })
    expect(shown().get(iban)).toBe(100)
  })
})

describe('after a crash', () => {
  it('replays the log over the rows on open: every balance is the one the answers were given on', async () => {
    await batch('c1')
    await batch('c2')
    const before = shown()
    expect(logRows()).toBeGreaterThan(0)
    // A crash: the file is left as it is, without the rows being brought up to date.
    ws.db.close()
    const reopened = openWorkstation({ dbPath: `${ws.dir}/ws.db`, demo: true, clock: ws.clock, cost: TEST_COST })
    try {
      expect(logRows(reopened.db)).toBe(0)
      const after = balances(reopened)
      expect(after.filter((b) => b.row !== b.postings)).toEqual([])
      for (const b of after) expect(b.row).toBe(before.get(b.iban))
    } finally {
      reopened.close()
      ws.close = () => undefined
    }
  })
})

describe('after a crash, an account written out since it was logged', () => {
  it('is not taken back to its logged state by the replay', async () => {
    // No sweep: the first batch's log row stays until the crash.
    const { center } = createCenter({ db: ws.db, clock: ws.clock, newId: createIdGenerator(ws.clock), sweepPerBatch: 0 })
    await batch('x1', center)
    // A single call (written through at once) on a card the batch logged, then a batch on other cards, then the crash.
    const single = await center.submit({ requestId: 'x-single', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { pan: demoCardPan(1) }, amount: '3.00', currency: 'KZT' }, 'T000001')
    expect(single.status).toBe('accepted')
    await batch('x2', center, 20)
    expect(logRows()).toBe(2)
    const before = shown()
    ws.db.close()
    const reopened = openWorkstation({ dbPath: `${ws.dir}/ws.db`, demo: true, clock: ws.clock, cost: TEST_COST })
    try {
      for (const b of balances(reopened)) expect([b.iban, b.row]).toEqual([b.iban, before.get(b.iban)])
      expect(balances(reopened).filter((b) => b.row !== b.postings)).toEqual([])
    } finally {
      reopened.close()
      ws.close = () => undefined
    }
  })
})

describe('more than one writer', () => {
  it('a Center on another connection to the file sees this one’s unsettled accounts, and this one sees its changes', async () => {
    await batch('w1')
    const other = new BetterSqlite3(`${ws.dir}/ws.db`)
    other.pragma('busy_timeout = 5000')
    try {
      const c = createCenter({ db: other, clock: ws.clock, newId: createIdGenerator(ws.clock) })
      await batch('w2', c.center)
      await batch('w3')
      const desk = shown()
      for (const b of balances()) expect(desk.get(b.iban)).toBe(b.postings)
      expect(await ws.okAsync<LedgerVerification>('op', 'ledger.verify')).toMatchObject({ balanced: true, problems: [] })
    } finally {
      other.close()
    }
  })

  it('forgets the changes of a transaction its caller rolled back', async () => {
    const payer = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).find((a) => a.currency === 'KZT' && a.balanceMinor > 1000)!
    expect(() =>
      ws.db.transaction(() => {
        const a = ws.center.authorize({ requestId: 'rb-1', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, payer.iban), amount: '5.00', currency: 'KZT' }, 'T000001')
        expect(a.status).toBe('accepted')
        throw new Error('the caller gives up')
      })()
    ).toThrow('the caller gives up')
    expect(shown().get(payer.iban)).toBe(payer.balanceMinor)
    expect((await ws.okAsync<LedgerVerification>('op', 'ledger.verify')).balanced).toBe(true)
  })
})

describe('a Center call inside another of its transactions', () => {
  it('joins it: both requests’ accounts are written when the outer one commits, and a failing inner one takes only its own back', () => {
    // Accounts a terminal can debit: through a client's instrument on them.
    const withInstrument = ws.db.prepare(`SELECT 1 FROM instruments i JOIN accounts a ON a.id = i.account_id WHERE a.iban = ? AND i.status = 'active'`).pluck()
    const payers = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).filter((a) => a.currency === 'KZT' && a.balanceMinor > 1000 && withInstrument.get(a.iban))
    const pay = (requestId: string, iban: string, amount = '5.00') =>
      ws.center.authorize({ requestId, type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, iban), amount, currency: 'KZT' }, 'T000001')
    ws.center.inTransaction(() => {
      expect(pay('n-1', payers[0]!.iban).status).toBe('accepted')
      expect(() => ws.center.inTransaction(() => {
        pay('n-2', payers[1]!.iban)
        throw new Error('the inner call fails')
      })).toThrow('the inner call fails')
    })
    expect(balances().filter((b) => b.row !== b.postings)).toEqual([])
    expect(shown().get(payers[0]!.iban)).toBe(payers[0]!.balanceMinor - 500)
    expect(shown().get(payers[1]!.iban)).toBe(payers[1]!.balanceMinor)
    expect(ws.db.prepare(`SELECT count(*) FROM operations WHERE request_id IN ('n-1', 'n-2')`).pluck().get()).toBe(1)
  })
})

describe('the book itself', () => {
  const ids = () => ws.db.prepare(`SELECT id FROM accounts WHERE kind = 'client' ORDER BY rowid LIMIT 3`).pluck().all() as string[]
  const row = (id: string) => ws.db.prepare('SELECT balance_minor AS balance, held_minor AS held, day_debit_day AS day, day_debit_minor AS dayDebit FROM accounts WHERE id = ?').get(id)

  it('takes back what a request rolled back alone changed, and keeps the rest', () => {
    const book = new AccountBook(ws.db)
    const [a, b, c] = ids() as [string, string, string]
    const start = { a: row(a), b: row(b), c: row(c) }
    ws.db.transaction(() => {
      book.begin()
      book.move(a, b, 500)
      const mark = book.mark()
      book.move(b, c, 200)
      book.hold(a, 50)
      book.addDayDebit(a, '2026-11-23', 700)
      book.rollbackTo(mark)
      book.flush({ writeThrough: false, sweep: 0, oldest: 0 })
    }).immediate()
    expect(book.unsettled).toBe(2)
    ws.db.transaction(() => book.flush({ writeThrough: true, sweep: 0, oldest: book.unsettled })).immediate()
    expect(row(a)).toEqual({ ...(start.a as object), balance: (start.a as { balance: number }).balance - 500 })
    expect(row(b)).toEqual({ ...(start.b as object), balance: (start.b as { balance: number }).balance + 500 })
    expect(row(c)).toEqual(start.c)
    expect(logRows()).toBe(0)
  })

  it('counts the day’s debits per operational day and gives them back only on that day', () => {
    const book = new AccountBook(ws.db)
    const [a] = ids() as [string]
    ws.db.transaction(() => {
      book.begin()
      book.addDayDebit(a, '2026-11-23', 300)
      book.addDayDebit(a, '2026-11-23', 200)
      book.returnDayDebit(a, '2026-11-22', 500)
      book.returnDayDebit(a, '2026-11-23', 100)
      book.flush({ writeThrough: true, sweep: 0, oldest: 0 })
    }).immediate()
    expect(row(a)).toMatchObject({ day: '2026-11-23', dayDebit: 400 })
    ws.db.transaction(() => {
      book.begin()
      book.addDayDebit(a, '2026-11-24', 50)
      book.flush({ writeThrough: true, sweep: 0, oldest: 0 })
    }).immediate()
    expect(row(a)).toMatchObject({ day: '2026-11-24', dayDebit: 50 })
  })

  it('refuses to write a state that takes a client account below its minimum, and then reloads from the rows', () => {
    const book = new AccountBook(ws.db)
    const [a, b] = ids() as [string, string]
    const before = row(a)
    expect(() =>
      ws.db.transaction(() => {
        book.begin()
        book.move(a, b, (before as { balance: number }).balance + 1_000_000_00)
        book.flush({ writeThrough: true, sweep: 0, oldest: 0 })
      }).immediate()
    ).toThrow(/CHECK/)
    ws.db.transaction(() => book.begin()).immediate()
    expect(book.unsettled).toBe(0)
    expect(row(a)).toEqual(before)
  })
})
