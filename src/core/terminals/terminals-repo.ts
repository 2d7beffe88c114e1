import type { Database } from 'better-sqlite3'
import type { Terminal, TerminalKind, TerminalStatus } from '../api/types'
import { nextInSequence } from '../store/sequences'
import { statementCache } from '../store/statements'

interface Row {
  id: string
  code: string
  acquirer_id: string
  acquirer_name: string
  kind: TerminalKind
  serial: string
  address: string
  status: TerminalStatus
  certified_at: number | null
  certificate_ref: string | null
}

const SELECT = `SELECT t.id, t.code, t.acquirer_id, p.name AS acquirer_name, t.kind, t.serial, t.address, t.status, t.certified_at, t.certificate_ref
  FROM terminals t JOIN participants p ON p.id = t.acquirer_id`

const toTerminal = (r: Row): Terminal => ({
  id: r.id,
  code: r.code,
  acquirerId: r.acquirer_id,
  acquirerName: r.acquirer_name,
  kind: r.kind,
  serial: r.serial,
  address: r.address,
  status: r.status,
  certifiedAt: r.certified_at,
  certificateRef: r.certificate_ref
})

export interface NewTerminal {
  id: string
  acquirerId: string
  kind: TerminalKind
  serial: string
  address: string
  createdAt: number
}

/** SQL for the terminal registry. */
export class TerminalsRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  get(id: string): Terminal | undefined {
    const r = this.sql<[string], Row>(`${SELECT} WHERE t.id = ?`).get(id)
    return r && toTerminal(r)
  }

  /** All terminals, or one acquirer's (participant staff see only their own bank's devices). */
  list(acquirerId: string | null): Terminal[] {
    const rows = acquirerId
      ? this.sql<[string], Row>(`${SELECT} WHERE t.acquirer_id = ? ORDER BY t.code`).all(acquirerId)
      : this.sql<[], Row>(`${SELECT} ORDER BY t.code LIMIT 5000`).all()
    return rows.map(toTerminal)
  }

  hasSerial(acquirerId: string, serial: string): boolean {
    return this.sql<[string, string]>('SELECT 1 FROM terminals WHERE acquirer_id = ? AND serial = ?').get(acquirerId, serial) !== undefined
  }

  insert(t: NewTerminal): Terminal {
    const code = `T${String(nextInSequence(this.sql, 'terminal')).padStart(6, '0')}`
    this.sql(
      `INSERT INTO terminals (id, code, acquirer_id, kind, serial, address, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?)`
    ).run(t.id, code, t.acquirerId, t.kind, t.serial, t.address, t.createdAt)
    return this.get(t.id)!
  }

  certify(id: string, ref: string, by: string, now: number): void {
    this.sql('UPDATE terminals SET certified_at = ?, certified_by = ?, certificate_ref = ? WHERE id = ?').run(now, by, ref, id)
  }

  /** A new kind or address; a kind change also withdraws the certification, which was of the old kind of device (R8.4). */
  update(id: string, kind: TerminalKind, address: string, withdrawCertification: boolean): void {
    this.sql(
      `UPDATE terminals SET kind = ?, address = ?,
         certified_at = CASE WHEN ? THEN NULL ELSE certified_at END,
         certified_by = CASE WHEN ? THEN NULL ELSE certified_by END,
         certificate_ref = CASE WHEN ? THEN NULL ELSE certificate_ref END
       WHERE id = ?`
    ).run(kind, address, +withdrawCertification, +withdrawCertification, +withdrawCertification, id)
  }

  setStatus(id: string, status: TerminalStatus): void {
    this.sql('UPDATE terminals SET status = ? WHERE id = ?').run(status, id)
  }
}
