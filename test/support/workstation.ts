import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ManualClock } from '../../src/core/domain/clock'
import { DEMO_PASSWORD } from '../../src/core/demo/seed'
import { DEMO_PIN } from '../../src/core/demo/pki-seed'
import type { PinRequest } from '../../src/core/crypto/keys/pin-prompt'
import type { CallResult, Participant } from '../../src/core/api/types'
import type { ScryptCost } from '../../src/core/security/password-hash'
import type { DiskFree } from '../../src/core/backups/disk-space'
import { openWorkstation, type Workstation } from '../../src/main/workstation'
import { immediate } from '../../src/main/dispatch'
import { qrPayloadOf } from '../../src/core/instruments/qr'

/** The fonts the product ships for PDF reports (build/fonts, packaged as resources). */
export const reportFonts = () => ({ regular: readFileSync('build/fonts/DejaVuSans.ttf'), bold: readFileSync('build/fonts/DejaVuSans-Bold.ttf') })

/** Cheap scrypt for tests: the product's cost is measured by `npm run bench -- signin`. */
export const TEST_COST: ScryptCost = { N: 1024, r: 8, p: 1 }
export const T0 = Date.UTC(2026, 10, 23, 4, 0, 0) // 09:00 Asia/Almaty

export interface TestWorkstation extends Workstation {
  clock: ManualClock
  dir: string
  call<T = unknown>(caller: string, name: string, input?: unknown): CallResult<T>
  /** A call whose answer may come after its transaction (a report). */
  callAsync<T = unknown>(caller: string, name: string, input?: unknown): Promise<CallResult<T>>
  ok<T = unknown>(caller: string, name: string, input?: unknown): T
  /** ok() for a call whose answer may come later (a report, the ledger check). */
  okAsync<T = unknown>(caller: string, name: string, input?: unknown): Promise<T>
  signIn(caller: string, login: string, password?: string): void
  /** What the PIN dialog was asked, in order, with the window that asked. */
  pinRequests: (PinRequest & { caller: string })[]
  /** The PINs the dialog answers with, one per request; then DEMO_PIN. null stands for Cancel; a function, for what happens while the dialog is open. */
  pinAnswers: (string | null | (() => string | null))[]
  dispose(): void
}

/** A workstation on a real SQLite file in a fresh temp folder, demo data seeded, time under test control. */
export function testWorkstation(o: { demo?: boolean; pkcs11Module?: string; copyOf?: { dir: string; now: number }; diskFree?: DiskFree } = {}): TestWorkstation {
  const dir = mkdtempSync(join(tmpdir(), 'ws-test-'))
  // A copy of a database made earlier (and its files), opened at the time it was left: fixtures made once.
  if (o.copyOf) cpSync(o.copyOf.dir, dir, { recursive: true })
  const clock = new ManualClock(o.copyOf?.now ?? T0)
  const pinRequests: TestWorkstation['pinRequests'] = []
  const pinAnswers: TestWorkstation['pinAnswers'] = []
  const pinPrompt = (caller: string, request: PinRequest): Promise<string | null> => {
    pinRequests.push({ ...request, caller })
    const answer = pinAnswers.length ? pinAnswers.shift()! : DEMO_PIN
    return Promise.resolve(typeof answer === 'function' ? answer() : answer)
  }
  const ws = openWorkstation({ dbPath: join(dir, 'ws.db'), demo: o.demo ?? true, clock, cost: TEST_COST, log: () => undefined, reportFonts, pkcs11Module: o.pkcs11Module ?? null, pinPrompt, diskFree: o.diskFree })
  const call = <T>(caller: string, name: string, input: unknown = {}): CallResult<T> => immediate(ws.dispatch(caller, name, input)) as CallResult<T>
  const valueOf = <T>(name: string, r: CallResult<T>): T => {
    if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message} ${(r.error.details ?? []).join('; ')}`)
    return r.value
  }
  const ok = <T>(caller: string, name: string, input: unknown = {}): T => valueOf(name, call<T>(caller, name, input))
  const callAsync = async <T>(caller: string, name: string, input: unknown = {}) => (await ws.dispatch(caller, name, input)) as CallResult<T>
  return {
    ...ws,
    clock,
    dir,
    call,
    callAsync,
    ok,
    okAsync: async <T>(caller: string, name: string, input: unknown = {}) => valueOf(name, await callAsync<T>(caller, name, input)),
    pinRequests,
    pinAnswers,
    signIn(caller: string, login: string, password = DEMO_PASSWORD) {
      ok(caller, 'session.signIn', { login, password })
    },
    dispose() {
      ws.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Every table's rows except the audit log: "nothing changed" means this is equal before and after. */
export function snapshot(ws: Workstation): string {
  const tables = ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log') ORDER BY name").pluck().all() as string[]
  return JSON.stringify(tables.map((t) => [t, ws.db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all()]))
}

export const auditCount = (ws: Workstation): number => ws.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number

/** A demo workstation with the operator signed in as caller 'ops', and the participants by code (P001 …). */
export function operatorWorkstation(): { ws: TestWorkstation; bank: Record<string, Participant> } {
  const ws = testWorkstation()
  ws.signIn('ops', 'operator')
  return { ws, bank: Object.fromEntries(ws.ok<Participant[]>('ops', 'participants.list').map((p) => [p.code, p])) }
}

/** The first accepted operation of the demo between Kaspi (P001) and Halyk (P002), in one currency: one to dispute. */
export function demoInterbankOperation(ws: Pick<Workstation, 'db'>): { seq: number; amountMinor: number; currency: string } {
  const row = ws.db
    .prepare(
      `SELECT o.seq, o.amount_minor AS amountMinor, o.currency FROM operations o
       JOIN participants k ON k.code = 'P001' AND k.id IN (o.issuer_id, o.acquirer_id, o.payee_participant_id)
       JOIN participants h ON h.code = 'P002' AND h.id IN (o.issuer_id, o.acquirer_id, o.payee_participant_id)
       WHERE o.status = 'accepted' AND o.original_seq IS NULL AND o.credit_currency IS NULL ORDER BY o.seq LIMIT 1`
    )
    .get() as { seq: number; amountMinor: number; currency: string } | undefined
  if (!row) throw new Error('the demo has no accepted P001 → P002 operation')
  return row
}

/**
 * The client's instrument on this account, as a terminal names its payer (R7.3): its QR code. A terminal may name
 * the payer by account requisites only to pay out cash, so terminal payments in tests go through the instrument.
 */
export function instrumentOf(ws: Pick<Workstation, 'db'>, iban: string): { qr: string } {
  const token = ws.db
    .prepare(`SELECT i.qr_token FROM instruments i JOIN accounts a ON a.id = i.account_id WHERE a.iban = ? AND i.status = 'active' AND i.qr_token IS NOT NULL ORDER BY i.kind, i.id LIMIT 1`)
    .pluck()
    .get(iban) as string | undefined
  if (!token) throw new Error(`no active instrument on ${iban}`)
  return { qr: qrPayloadOf(token) }
}
