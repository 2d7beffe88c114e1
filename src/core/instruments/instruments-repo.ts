import type { Database } from 'better-sqlite3'
import type { Instrument, InstrumentKind, InstrumentStatus } from '../api/types'
import type { RegistryCache } from '../center/registry-cache'
import { statementCache } from '../store/statements'

/** An instrument as the Center's checks see it. */
export interface InstrumentRecord {
  id: string
  kind: InstrumentKind
  account_id: string
  client_id: string
  issuer_id: string
  pan_masked: string | null
  expiry: string | null
  status: InstrumentStatus
}

const RECORD = 'id, kind, account_id, client_id, issuer_id, pan_masked, expiry, status'

const VIEW = `SELECT i.id, i.kind, i.account_id, a.iban, a.currency, i.client_id, c.name AS client_name, c.iin AS client_iin, i.issuer_id,
  p.code AS issuer_code, i.pan_masked, i.wallet_no, i.expiry, i.holder_name, i.status, i.status_reason, i.created_at, i.qr_token
  FROM instruments i JOIN accounts a ON a.id = i.account_id JOIN clients c ON c.id = i.client_id JOIN participants p ON p.id = i.issuer_id`

interface ViewRow {
  id: string
  kind: InstrumentKind
  account_id: string
  iban: string
  currency: string
  client_id: string
  client_name: string
  client_iin: string
  issuer_id: string
  issuer_code: string
  pan_masked: string | null
  wallet_no: string | null
  expiry: string | null
  holder_name: string
  status: InstrumentStatus
  status_reason: string | null
  created_at: number
  qr_token: string
}

const toInstrument = (r: ViewRow): Instrument => ({
  id: r.id,
  kind: r.kind,
  accountId: r.account_id,
  iban: r.iban,
  currency: r.currency,
  clientId: r.client_id,
  clientName: r.client_name,
  clientIin: r.client_iin,
  issuerId: r.issuer_id,
  issuerCode: r.issuer_code,
  panMasked: r.pan_masked,
  walletNo: r.wallet_no,
  expiry: r.expiry,
  holderName: r.holder_name,
  status: r.status,
  statusReason: r.status_reason,
  createdAt: r.created_at
})

export interface NewInstrument {
  id: string
  kind: InstrumentKind
  accountId: string
  clientId: string
  issuerId: string
  panHash: string | null
  panMasked: string | null
  walletNo: string | null
  expiry: string | null
  holderName: string
  qrToken: string
  createdAt: number
  createdBy: string | null
}

/** SQL for payment instruments. The PAN is never stored: only its keyed hash and its masked form. */
export class InstrumentsRepo {
  private readonly sql: ReturnType<typeof statementCache>
  /** By the hash of its PAN: the Center's lookup of a card. */
  readonly byPanHash: (hash: string) => InstrumentRecord | undefined
  readonly byWallet: (walletNo: string) => InstrumentRecord | undefined
  readonly byQrToken: (token: string) => InstrumentRecord | undefined

  constructor(db: Database, registry: RegistryCache) {
    this.sql = statementCache(db)
    this.byPanHash = registry.reader((hash) => this.sql<[string], InstrumentRecord>(`SELECT ${RECORD} FROM instruments WHERE pan_hash = ?`).get(hash))
    this.byWallet = registry.reader((walletNo) => this.sql<[string], InstrumentRecord>(`SELECT ${RECORD} FROM instruments WHERE wallet_no = ?`).get(walletNo))
    this.byQrToken = registry.reader((token) => this.sql<[string], InstrumentRecord>(`SELECT ${RECORD} FROM instruments WHERE qr_token = ?`).get(token))
  }

  get(id: string): (Instrument & { qrToken: string }) | undefined {
    const r = this.sql<[string], ViewRow>(`${VIEW} WHERE i.id = ?`).get(id)
    return r && { ...toInstrument(r), qrToken: r.qr_token }
  }

  list(f: { issuerId: string | null; clientId?: string | undefined; query?: string | undefined }): Instrument[] {
    const where: string[] = []
    const args: string[] = []
    if (f.issuerId) where.push('i.issuer_id = ?'), args.push(f.issuerId)
    if (f.clientId) where.push('i.client_id = ?'), args.push(f.clientId)
    if (f.query) {
      const like = `%${f.query.replace(/[%_]/g, '')}%`
      where.push('(i.pan_masked LIKE ? OR i.wallet_no LIKE ? OR c.iin LIKE ? OR c.name LIKE ? OR i.holder_name LIKE ?)')
      args.push(like, like, like, like, like.toUpperCase())
    }
    return this.sql<string[], ViewRow>(`${VIEW} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.created_at DESC LIMIT 1000`)
      .all(...args)
      .map(toInstrument)
  }

  /** An account's instruments in service (by its client first: instruments are indexed by client, not by account). */
  activeOn(clientId: string, accountId: string): Instrument[] {
    return this.sql<[string, string], ViewRow>(`${VIEW} WHERE i.client_id = ? AND i.account_id = ? AND i.status = 'active' ORDER BY i.created_at`)
      .all(clientId, accountId)
      .map(toInstrument)
  }

  insert(n: NewInstrument): void {
    this.sql(
      `INSERT INTO instruments (id, kind, account_id, client_id, issuer_id, pan_hash, pan_masked, wallet_no, expiry, holder_name, qr_token, status, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`
    ).run(n.id, n.kind, n.accountId, n.clientId, n.issuerId, n.panHash, n.panMasked, n.walletNo, n.expiry, n.holderName, n.qrToken, n.createdAt, n.createdBy)
  }

  setStatus(id: string, status: InstrumentStatus, reason: string | null): void {
    this.sql('UPDATE instruments SET status = ?, status_reason = ? WHERE id = ?').run(status, reason, id)
  }
}
