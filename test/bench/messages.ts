// `npm run bench -- messages`: a participant's pacs.008 of 10,000 transactions imported (read, guarded,
// validated against the official schema, mapped, checked, stored and queued, with its pacs.002 written), and
// a camt.053 statement of as many movements exported (built, written, schema-validated); the import's peak
// memory, measured in a process of its own that does nothing else.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { OPERATOR_BIC } from '../../src/core/disputes/dispute-messages'
import { ManualClock } from '../../src/core/domain/clock'
import { openWorkstation } from '../../src/main/workstation'
import type { PaymentBatch } from '../../src/core/messages/types'
import type { Workstation } from '../../src/main/workstation'

const TRANSACTIONS = Number(process.env.BENCH_MESSAGES_TX ?? 10_000)

interface Account {
  iban: string
  name: string
  bic: string
  code: string
}

function batch(ws: Workstation): PaymentBatch {
  const accounts = ws.db.prepare(`SELECT a.iban, c.name, p.bic, p.code FROM accounts a JOIN clients c ON c.id = a.client_id JOIN participants p ON p.id = a.participant_id WHERE a.kind = 'client' AND a.currency = 'KZT'`).all() as Account[]
  const payers = accounts.filter((a) => a.code === 'P001')
  const payees = accounts.filter((a) => a.code !== 'P001')
  const party = (a: Account) => ({ name: a.name, iban: a.iban, bic: a.bic, idn: null, residency: '1' as const, sector: '9' })
  return {
    messageId: 'BENCH-10K',
    createdAt: ws.db.prepare('SELECT max(received_at) FROM operations').pluck().get() as number,
    settlementDate: ws.db.prepare(`SELECT day FROM operational_days WHERE state = 'open'`).pluck().get() as string,
    instructingBic: payers[0]!.bic,
    instructedBic: OPERATOR_BIC,
    transactions: Array.from({ length: TRANSACTIONS }, (_, i) => ({
      instructionId: `B-${i}`, endToEndId: `E-${i}`, txId: `B-${i}`, amountMinor: 100 + (i % 900), currency: 'KZT',
      debtor: party(payers[i % payers.length]!), creditor: party(payees[(i * 7) % payees.length]!), purposeCode: '119', remittance: `Оплата по счёту № ${i}`
    }))
  }
}

const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024)

/** In a process of its own, so its peak memory is the import's: opens the database, imports the file, reports. */
export async function importChild(dbPath: string, file: string, at: number): Promise<void> {
  const ws = openWorkstation({ dbPath, demo: false, clock: new ManualClock(at) })
  const bytes = readFileSync(file)
  const start = rssMb()
  const t = performance.now()
  const r = await ws.exchange.imports.importFile({ fileName: 'bench-10k.xml', bytes, party: 'P001', source: 'cli', by: null })
  const ms = performance.now() - t
  ws.close()
  process.stdout.write(JSON.stringify({ status: r.file.status, errors: r.file.errors.slice(0, 3), ms, rssStart: start, rssPeak: rssMb() }))
}

export async function benchMessages(): Promise<Record<string, number | string>> {
  // A workstation of its own, with a clock the bench moves: the statement is of a day that has closed.
  const dir = mkdtempSync(join(tmpdir(), 'bench-messages-'))
  const at = Date.now()
  const clock = new ManualClock(at)
  const dbPath = join(dir, 'bench.db')
  let ws = openWorkstation({ dbPath, demo: true, clock })
  try {
    const file = join(dir, 'bench-10k.xml')
    const bytes = Buffer.from(await ws.exchange.codecs.writer.write('pacs.008.001.08', batch(ws)), 'utf8')
    writeFileSync(file, bytes)
    ws.close()
    const child = spawnSync(process.execPath, [process.argv[1]!], { env: { ...process.env, BENCH_MESSAGES_CHILD: JSON.stringify({ dbPath, file, at }) }, encoding: 'utf8', maxBuffer: 1 << 20 })
    if (child.status !== 0) throw new Error(`the import process failed: ${child.stderr}`)
    const imported = JSON.parse(child.stdout) as { status: string; errors: unknown[]; ms: number; rssStart: number; rssPeak: number }
    if (imported.status !== 'queued') throw new Error(`the bench file was refused: ${JSON.stringify(imported.errors)}`)
    ws = openWorkstation({ dbPath, demo: false, clock })

    // The close executes the file in the next day; once that day has ended it closes, and its statement has the movements.
    const user = ws.db.prepare(`SELECT id FROM users WHERE login = 'clearing'`).pluck().get() as string
    ws.closer.closeByHand(user, 'clearing', 'bench')
    ws.closer.tick()
    const executedDay = ws.db.prepare(`SELECT op_day FROM operations WHERE source = 'file:P001' ORDER BY seq DESC LIMIT 1`).pluck().get() as string
    const accepted = ws.db.prepare(`SELECT count(*) FROM message_transactions WHERE status = 'ACSC'`).pluck().get() as number
    clock.advance(2 * 24 * 3600_000)
    ws.closer.tick()
    const participant = ws.db.prepare(`SELECT id, code, name, bic FROM participants WHERE code = 'P001'`).get() as { id: string; code: string; name: string; bic: string }
    const t = performance.now()
    const statement = await ws.exchange.exports.export({ type: 'camt.053.001.08', participant, day: executedDay, currency: 'KZT', out: null, by: null })
    const exportMs = performance.now() - t
    return {
      transactions: TRANSACTIONS,
      file_mb: Math.round((bytes.length / 1048576) * 10) / 10,
      import_ms: Math.round(imported.ms),
      pacs008_import_tx_per_s: Math.round(TRANSACTIONS / (imported.ms / 1000)),
      executed_at_close: accepted,
      export_entries: statement.entries,
      export_ms: Math.round(exportMs),
      camt053_export_tx_per_s: Math.round(statement.entries / (exportMs / 1000)),
      import_process_rss_at_start_mb: imported.rssStart,
      peak_rss_mb: imported.rssPeak
    }
  } finally {
    ws.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
