// `npm run bench -- clearing`: closing an operational day of a million operations across 50 participants —
// the cut-off, the last operations added to the day's figures (accumulated behind the Center during the day,
// as in the product), the multilateral netting with fees, the settlement instructions, the statements'
// figures — in a worker thread on its own connection, while the Center keeps authorizing on the main
// thread; the intake rate during the close is compared with the rate before it. The day's operations and
// postings are written directly (as the pipeline writes them) to keep the bench short.
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { bankCodeOf } from '../../src/core/accounts/accounts-repo'
import { ClearingAccumulator } from '../../src/core/clearing/accumulator'
import { DayClearing } from '../../src/core/clearing/day-clearing'
import { net } from '../../src/core/clearing/netting'
import { TariffsRepo } from '../../src/core/clearing/tariffs'
import { AccountBook } from '../../src/core/accounts/account-book'
import { RegistryCache } from '../../src/core/center/registry-cache'
import { AccountsRepo } from '../../src/core/accounts/accounts-repo'
import { systemClock } from '../../src/core/domain/clock'
import { createIdGenerator } from '../../src/core/domain/ids'
import { CloseQueue } from '../../src/core/opday/close-queue'
import { DayCloser, type CloseStep } from '../../src/core/opday/day-closer'
import { ParticipantsRepo } from '../../src/core/participants/participants-repo'
import { AuditLog } from '../../src/core/security/audit-log'
import { openDatabase } from '../../src/core/store/database'
import type { Workstation } from '../../src/main/workstation'

const OPS = Number(process.env.BENCH_CLEARING_OPS ?? 1_000_000)
const PARTICIPANTS = 50
const CLIENTS_PER_BANK = 20
const IN_FLIGHT = 96
const BASELINE_MS = 5_000

export interface CloseTimings {
  closeMs: number
  steps: Partial<Record<CloseStep, number>>
  nettingMs: number
  state: string
  positions: number
  instructions: number
}

/** Runs in the worker: the close of the day on a connection of its own, then the netting alone, timed. */
export function closeInWorker(dbPath: string): CloseTimings {
  const db = openDatabase(dbPath)
  const steps: Partial<Record<CloseStep, number>> = {}
  const t0 = performance.now()
  const clearing = new DayClearing(db, new ClearingAccumulator(db, new TariffsRepo(db)))
  const closer = new DayCloser({ db, clock: systemClock, audit: new AuditLog(db), queue: new CloseQueue(db), clearing, onStep: (step) => void (steps[step] = Math.round(performance.now() - t0)) })
  const [closed] = closer.tick()
  const closeMs = performance.now() - t0
  const t1 = performance.now()
  const netting = net(clearing.obligations(closed!.day), [], clearing.names())
  const nettingMs = performance.now() - t1
  const instructions = db.prepare('SELECT count(*) FROM settlement_instructions WHERE day = ?').pluck().get(closed!.day) as number
  db.close()
  return { closeMs, steps, nettingMs, state: closed!.state, positions: netting.positions.length, instructions }
}

/** 50 participants with settlement positions and client accounts; a day of operations with their postings, written directly. */
function day(ws: Workstation): { day: string; accounts: string[] } {
  const db = ws.db
  const newId = createIdGenerator(systemClock)
  const now = systemClock.now()
  const participants = new ParticipantsRepo(db)
  // Accounts are only opened here; no balance moves through this book.
  const accounts = new AccountsRepo(db, new AccountBook(db), new RegistryCache(db))
  const banks: { id: string; settlement: string; clients: string[] }[] = []
  db.transaction(() => {
    const existing = db.prepare('SELECT id, code FROM participants ORDER BY code').all() as { id: string; code: string }[]
    for (let i = existing.length; i < PARTICIPANTS; i++)
      existing.push(participants.insert({ id: newId(), name: `Bench Bank ${i + 1}`, bic: `BNCH${String(i).padStart(2, '0')}KZ`, bin: `9${String(i).padStart(11, '0')}`, issuer: true, acquirer: true, createdAt: now }))
    const insertClient = db.prepare('INSERT INTO clients (id, iin, name, created_at) VALUES (?, ?, ?, ?)')
    for (const p of existing) {
      const settlement = accounts.system(p.id, bankCodeOf(p.code), 'settlement', 'KZT', now, newId).id
      const clients: string[] = []
      for (let c = 0; c < CLIENTS_PER_BANK; c++) {
        const clientId = newId()
        insertClient.run(clientId, `C${p.code}${String(c).padStart(7, '0')}`, `Bench client ${p.code}-${c}`, now)
        clients.push(accounts.openClientAccount({ id: newId(), participantId: p.id, bankCode: bankCodeOf(p.code), clientId, currency: 'KZT', minBalanceMinor: -1_000_000_000_000, limitPerOpMinor: null, limitDailyMinor: null, now }).id)
      }
      banks.push({ id: p.id, settlement, clients })
    }
  })()
  const opDay = ws.center.inTransaction((_now, d) => d)
  const firstSeq = (db.prepare('SELECT coalesce(max(seq), 0) FROM operations').pluck().get() as number) + 1
  const op = db.prepare(
    `INSERT INTO operations (seq, source, request_id, request_hash, type, channel, method, op_day, received_at, amount_minor, currency, payer_account_id, payee_account_id,
       issuer_id, acquirer_id, payee_participant_id, two_phase, status, result_code, reason, checks) VALUES (?, ?, ?, 'bench', ?, ?, 'account', ?, ?, ?, 'KZT', ?, ?, ?, ?, ?, 0, ?, ?, ?, '[]')`
  )
  const posting = db.prepare(`INSERT INTO postings (operation_seq, leg, debit_account, credit_account, amount_minor, currency, kind, created_at) VALUES (?, ?, ?, ?, ?, 'KZT', ?, ?)`)
  const CHUNK = 50_000
  for (let start = 0; start < OPS; start += CHUNK) {
    db.transaction(() => {
      for (let i = start; i < Math.min(OPS, start + CHUNK); i++) {
        const seq = firstSeq + i
        const a = banks[(i * 7) % PARTICIPANTS]!
        const b = banks[(i * 13 + 1) % PARTICIPANTS]!
        const amount = 100_00 + ((i * 7919) % 500_000)
        const kind = i % 20
        const [type, channel] = kind < 8 ? ['transfer', 'app'] : kind < 14 ? ['payment', 'terminal'] : kind < 18 ? ['cash_withdrawal', 'terminal'] : ['top_up', 'app']
        const refused = kind === 19
        const payer = a.clients[i % CLIENTS_PER_BANK]!
        const payee = b.clients[(i >> 3) % CLIENTS_PER_BANK]!
        op.run(seq, 'bench', `b${i}`, type, channel, opDay, now, amount, payer, payee, a.id, channel === 'terminal' ? b.id : null, b.id, refused ? 'refused' : 'accepted', refused ? '1016' : '0000', refused ? 'account.insufficient_funds' : 'approved')
        if (refused) continue
        posting.run(seq, 1, payer, payee, amount, 'client', now)
        if (a !== b) posting.run(seq, 2, a.settlement, b.settlement, amount, 'interbank', now)
      }
    })()
    // As in the product, the day's clearing figures are added behind the Center while the day runs.
    while (ws.clearingAccumulator.catchUp() > 0);
  }
  return { day: opDay, accounts: banks.flatMap((b) => b.clients) }
}

/** Transfers through the Center at full concurrency until told to stop; returns operations per second. */
function intake(ws: Workstation, accounts: string[], ibans: Map<string, string>, seed: number) {
  let stop = false
  let done = 0
  let next = seed
  const worker = async (): Promise<void> => {
    while (!stop) {
      const i = next++
      const a = ibans.get(accounts[(i * 31) % accounts.length]!)!
      const b = ibans.get(accounts[(i * 17 + 3) % accounts.length]!)!
      await ws.center.submit({ requestId: `intake-${i}`, type: 'transfer', channel: 'app', payer: { iban: a }, payee: { iban: b }, amount: '10.00', currency: 'KZT' }, 'app')
      done++
    }
  }
  const started = performance.now()
  const running = Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  return {
    async finish(): Promise<{ perS: number; count: number }> {
      stop = true
      await running
      return { perS: Math.round(done / ((performance.now() - started) / 1000)), count: done }
    }
  }
}

export async function benchClearing(ws: Workstation, dbPath: string, workerScript: string): Promise<Record<string, number | string>> {
  let t = performance.now()
  const { day: opDay, accounts } = day(ws)
  const generateMs = performance.now() - t
  const ibans = new Map((ws.db.prepare(`SELECT id, iban FROM accounts WHERE kind = 'client'`).all() as { id: string; iban: string }[]).map((r) => [r.id, r.iban]))

  // The product's background job: the clearing figures catch up every second (center-services).
  const accumulating = setInterval(() => ws.clearingAccumulator.catchUp(), 1_000)
  const base = intake(ws, accounts, ibans, 0)
  await new Promise((r) => setTimeout(r, BASELINE_MS))
  const baseline = await base.finish()

  const clearingUser = ws.db.prepare(`SELECT id FROM users WHERE login = 'clearing'`).pluck().get() as string
  t = performance.now()
  ws.closer.closeByHand(clearingUser, 'clearing', 'benchmark')
  const cutOffMs = performance.now() - t
  const during = intake(ws, accounts, ibans, 10_000_000)
  const timings = await new Promise<CloseTimings>((resolve, reject) => {
    const w = new Worker(workerScript, { workerData: { closeDb: dbPath } })
    w.once('message', resolve)
    w.once('error', reject)
  })
  // Seen from the main thread, the worker's answer waits behind the intake's callbacks: the close's own time is the worker's.
  const wallMs = performance.now() - t
  const duringClose = await during.finish()
  clearInterval(accumulating)
  const operations = ws.db.prepare('SELECT operations FROM operational_days WHERE day = ?').pluck().get(opDay) as number
  return {
    day: opDay,
    operations,
    participants: PARTICIPANTS,
    generate_ms: Math.round(generateMs),
    close_day_ms: Math.round(cutOffMs + timings.closeMs),
    close_wall_ms: Math.round(wallMs),
    close_steps_ms: JSON.stringify(timings.steps),
    netting_ms: Math.round(timings.nettingMs),
    state: timings.state,
    net_positions: timings.positions,
    instructions: timings.instructions,
    intake_per_s_before_close: baseline.perS,
    intake_per_s_during_close: duringClose.perS,
    intake_during_close_ratio: Math.round((duringClose.perS / baseline.perS) * 100) / 100
  }
}
