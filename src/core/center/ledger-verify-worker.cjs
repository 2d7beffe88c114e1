// @ts-check
// The body of the ledger check's worker thread (ledger.ts): on a read-only connection of its own and in one read
// transaction, a snapshot that batches committing meanwhile do not change, it recomputes every balance and hold
// from the postings and compares them with the accounts' state. That state is the row overlaid with what the
// account book logged since (account_state_log, replayed as on recovery), so nothing has to be written out first
// and the Center's thread goes on authorizing while a million postings are summed here.
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)

/** @typedef {{ iban: string; problem: 'balance' | 'held' | 'minimum'; expected: number; actual: number }} Problem */

/** @param {import('better-sqlite3').Database} db */
function verify(db) {
  const all = (/** @type {string} */ sql) => /** @type {any[]} */ (db.prepare(sql).all())
  const totals = all('SELECT currency, sum(amount_minor) AS total FROM postings GROUP BY currency ORDER BY currency').map((r) => ({ currency: r.currency, debits: r.total, credits: r.total }))
  // Per account, in one pass over the postings each way: what they say.
  /** @type {Map<string, number>} */
  const derived = new Map()
  for (const r of all('SELECT credit_account AS id, sum(amount_minor) AS v FROM postings GROUP BY credit_account')) derived.set(r.id, (derived.get(r.id) ?? 0) + r.v)
  for (const r of all('SELECT debit_account AS id, sum(amount_minor) AS v FROM postings GROUP BY debit_account')) derived.set(r.id, (derived.get(r.id) ?? 0) - r.v)
  const holds = new Map(all(`SELECT account_id AS id, sum(amount_minor) AS v FROM holds WHERE state = 'active' GROUP BY account_id`).map((r) => [r.id, r.v]))
  // What is maintained: each row, and the newer states the book logged for it (a log row older than the row's own write is passed over).
  const accounts = all('SELECT rowid, id, iban, currency, balance_minor, held_minor, min_balance_minor, state_log_id FROM accounts')
  const byRowid = new Map(accounts.map((a) => [a.rowid, a]))
  for (const log of all('SELECT id, states FROM account_state_log ORDER BY id'))
    for (const [rowid, balance, held] of JSON.parse(log.states)) {
      const a = byRowid.get(rowid)
      if (a && a.state_log_id < log.id) Object.assign(a, { balance_minor: balance, held_minor: held })
    }
  /** @type {Problem[]} */
  const problems = []
  /** @type {Map<string, number>} */
  const sums = new Map()
  for (const a of accounts) {
    const balance = derived.get(a.id) ?? 0
    const held = holds.get(a.id) ?? 0
    if (balance !== a.balance_minor) problems.push({ iban: a.iban, problem: 'balance', expected: balance, actual: a.balance_minor })
    if (held !== a.held_minor) problems.push({ iban: a.iban, problem: 'held', expected: held, actual: a.held_minor })
    if (a.min_balance_minor !== null && a.balance_minor - a.held_minor < a.min_balance_minor)
      problems.push({ iban: a.iban, problem: 'minimum', expected: a.min_balance_minor, actual: a.balance_minor - a.held_minor })
    sums.set(a.currency, (sums.get(a.currency) ?? 0) + a.balance_minor)
  }
  // Debits and credits are the same rows, so per-currency sums of balances must be zero too.
  for (const [currency, s] of [...sums].sort(([x], [y]) => x.localeCompare(y))) if (s !== 0) problems.push({ iban: `*${currency}`, problem: 'balance', expected: 0, actual: s })
  const postings = /** @type {number} */ (db.prepare('SELECT count(*) FROM postings').pluck().get())
  return { balanced: problems.length === 0, totals, problems, postings, accounts: accounts.length }
}

const db = new Database(workerData.path, { readonly: true, fileMustExist: true })
try {
  parentPort?.postMessage({ result: db.transaction(() => verify(db))() })
} catch (e) {
  parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) })
} finally {
  db.close()
}
