import BetterSqlite3 from 'better-sqlite3'
import type { TerminalKind } from '../../core/api/types'
import { demoCardPan } from '../../core/demo/seed'
import { panHasher } from '../../core/instruments/pan-key'
import { qrPayloadOf } from '../../core/instruments/qr'
import type { TerminalCredentials } from './client'

// What the simulator knows of the world it drives: terminals with their keys, cards, accounts and QR
// codes. It reads them from the Center's database (read-only): a demo and test tool on the same machine.
// PANs are never stored by the Center, so cards are the demo's deterministic ones, found by their keyed
// hash (a mask would match other cards of the same BIN in a large population).

export interface SimTerminal extends TerminalCredentials {
  kind: TerminalKind
  certified: boolean
}

export interface SimCard {
  pan: string
  expiry: string
  /** The card's account: a top-up may name it instead of the card. */
  iban: string
  currency: string
  active: boolean
}

export interface SimAccount {
  iban: string
  currency: string
  iin: string
}

export interface Fixture {
  terminals: SimTerminal[]
  cards: SimCard[]
  accounts: SimAccount[]
  /** Instruments' QR payloads (R3.2.1), for QR payments. */
  qrPayloads: string[]
}

export function loadFixture(dbPath: string): Fixture {
  const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true })
  try {
    const terminals = db
      .prepare(
        `SELECT t.code AS terminalCode, k.key_id AS keyId, k.secret, t.kind, t.certified_at IS NOT NULL AND t.status = 'active' AS certified
         FROM terminal_keys k JOIN terminals t ON t.id = k.terminal_id ORDER BY t.code`
      )
      .all() as (Omit<SimTerminal, 'certified'> & { certified: number })[]
    const hash = panHasher(db)
    const card = db.prepare(`SELECT i.expiry, i.status, a.iban, a.currency FROM instruments i JOIN accounts a ON a.id = i.account_id WHERE i.pan_hash = ?`)
    const cards: SimCard[] = []
    // The demo's cards are numbered from 0; stop at the first number the database does not hold.
    for (let i = 0; ; i++) {
      const pan = demoCardPan(i)
      const row = card.get(hash(pan)) as { expiry: string; status: string; iban: string; currency: string } | undefined
      if (!row) break
      cards.push({ pan, expiry: row.expiry, iban: row.iban, currency: row.currency, active: row.status === 'active' })
    }
    const accounts = db
      .prepare(`SELECT a.iban, a.currency, c.iin FROM accounts a JOIN clients c ON c.id = a.client_id WHERE a.kind = 'client' AND a.status = 'open' ORDER BY a.iban`)
      .all() as SimAccount[]
    const qrPayloads = (db.prepare(`SELECT qr_token FROM instruments WHERE status = 'active' ORDER BY id`).pluck().all() as string[]).map(qrPayloadOf)
    return { terminals: terminals.map((t) => ({ ...t, certified: t.certified === 1 })), cards, accounts, qrPayloads }
  } finally {
    db.close()
  }
}
