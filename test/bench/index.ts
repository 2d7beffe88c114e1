// `npm run bench -- [area…]`: one JSON line per area, measured on a real SQLite file in a temp folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { DEMO_PASSWORD } from '../../src/core/demo/seed'
import { AuditLog } from '../../src/core/security/audit-log'
import { openWorkstation, type Workstation } from '../../src/main/workstation'
import { immediate } from '../../src/main/dispatch'
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { benchCenter } from './center'
import { benchJournalKeys } from './journal-keys'
import { benchClearing, closeInWorker } from './clearing'
import { benchMessages, importChild } from './messages'
import { benchCrypto } from './crypto'

type Figures = Record<string, number | string>
/** An area runs on a demo workstation the harness opens, or (standalone) makes its own or needs none. */
type Area = { standalone?: false; run(ws: Workstation): Figures | Promise<Figures> } | { standalone: true; run(): Promise<Figures> }

const signedIn = (ws: Workstation, caller: string, login: string): void => {
  const r = immediate(ws.dispatch(caller, 'session.signIn', { login, password: DEMO_PASSWORD }))
  if (!r.ok) throw new Error(`sign-in failed: ${r.error.code}`)
}

const AREAS: Record<string, Area> = {
  // Full path of a call: session limits, permission, schema, transaction. An audited call also appends to
  // the hash chain and waits for the fsync (synchronous=FULL); session.state (polling) is not audited.
  dispatch: {
    run(ws) {
      signedIn(ws, 'bench', 'admin')
      const time = (name: string, n: number): number => {
        const t = performance.now()
        for (let i = 0; i < n; i++) if (!immediate(ws.dispatch('bench', name, {})).ok) throw new Error(`${name} failed`)
        return ((performance.now() - t) / n) * 1000
      }
      const audited = time('participants.list', 5_000)
      const polling = time('session.state', 20_000)
      return {
        audited_calls_per_s: Math.round(1e6 / audited),
        audited_us_per_call: Math.round(audited),
        unaudited_calls_per_s: Math.round(1e6 / polling),
        unaudited_us_per_call: Math.round(polling)
      }
    }
  },
  // Appending to the hash chain and verifying it.
  audit: {
    run(ws) {
      const log = new AuditLog(ws.db)
      const n = 100_000
      let t = performance.now()
      ws.db.transaction(() => {
        for (let i = 0; i < n; i++)
          log.append({ at: i, actorId: null, actorLogin: 'bench', sessionId: null, action: 'bench.append', outcome: 'ok', errorCode: null, subject: null, detail: `{"i":${i}}` })
      })()
      const appendMs = performance.now() - t
      t = performance.now()
      const v = log.verify()
      const verifyMs = performance.now() - t
      if (!v.intact) throw new Error('chain broken')
      return { records: v.records, appends_per_s: Math.round((n / appendMs) * 1000), verify_ms: Math.round(verifyMs), verify_records_per_s: Math.round((v.records / verifyMs) * 1000) }
    }
  },
  center: { run: benchCenter },
  'journal-keys': { run: benchJournalKeys },
  clearing: { run: (ws) => benchClearing(ws, ws.dbPath, process.argv[1]!) },
  messages: { run: () => benchMessages(), standalone: true },
  crypto: { run: () => benchCrypto(), standalone: true },
  // Sign-in cost at the product's scrypt parameters (N=2^15, r=8, p=1).
  signin: {
    run(ws) {
      const n = 20
      const t = performance.now()
      for (let i = 0; i < n; i++) signedIn(ws, `bench-${i}`, 'operator')
      const ms = performance.now() - t
      return { signins: n, ms_per_signin: Math.round(ms / n) }
    }
  }
}

const wanted = !isMainThread || process.env.BENCH_MESSAGES_CHILD ? [] : process.argv.slice(2).filter((a) => !a.startsWith('-'))
const unknown = wanted.filter((a) => !(a in AREAS))
if (unknown.length) {
  console.error(`unknown area(s): ${unknown.join(', ')}; areas: ${Object.keys(AREAS).join(', ')}`)
  process.exit(2)
}
async function main(): Promise<void> {
  for (const name of wanted.length ? wanted : Object.keys(AREAS)) {
    const area = AREAS[name]!
    if (area.standalone) {
      console.log(JSON.stringify({ area: name, node: process.version, ...(await area.run()) }))
      continue
    }
    const dir = mkdtempSync(join(tmpdir(), 'workstation-bench-'))
    const ws = openWorkstation({ dbPath: join(dir, 'bench.db'), demo: true })
    try {
      console.log(JSON.stringify({ area: name, node: process.version, ...(await area.run(ws)) }))
    } finally {
      ws.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
// The clearing bench runs the day's close in a worker thread of this same script; the messages bench its
// import in a child process of it.
const importChildArgs = process.env.BENCH_MESSAGES_CHILD
if (importChildArgs) {
  const a = JSON.parse(importChildArgs) as { dbPath: string; file: string; at: number }
  importChild(a.dbPath, a.file, a.at).catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
} else if (isMainThread)
  main().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
else parentPort!.postMessage(closeInWorker((workerData as { closeDb: string }).closeDb))
