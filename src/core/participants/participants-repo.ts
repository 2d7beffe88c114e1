import type { Database } from 'better-sqlite3'
import type { Participant, ParticipantStatus } from '../api/types'
import { nextInSequence } from '../store/sequences'
import { statementCache } from '../store/statements'

interface Row {
  id: string
  code: string
  name: string
  bic: string
  bin: string
  status: ParticipantStatus
  is_issuer: number
  is_acquirer: number
  status_reason: string | null
}

const codeOf = (n: number): string => `P${String(n).padStart(3, '0')}`

const COLUMNS = 'id, code, name, bic, bin, status, is_issuer, is_acquirer, status_reason'

const toParticipant = (r: Row): Participant => ({
  id: r.id,
  code: r.code,
  name: r.name,
  bic: r.bic,
  bin: r.bin,
  status: r.status,
  issuer: r.is_issuer === 1,
  acquirer: r.is_acquirer === 1,
  statusReason: r.status_reason
})

export interface NewParticipant {
  id: string
  name: string
  bic: string
  bin: string
  issuer: boolean
  acquirer: boolean
  createdAt: number
}

/** SQL for the participant registry. */
export class ParticipantsRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  get(id: string): Participant | undefined {
    const r = this.sql<[string], Row>(`SELECT ${COLUMNS} FROM participants WHERE id = ?`).get(id)
    return r && toParticipant(r)
  }

  /** All participants, or only one (participant staff see their own bank alone). */
  list(onlyId: string | null): Participant[] {
    const rows = onlyId
      ? this.sql<[string], Row>(`SELECT ${COLUMNS} FROM participants WHERE id = ? ORDER BY code`).all(onlyId)
      : this.sql<[], Row>(`SELECT ${COLUMNS} FROM participants ORDER BY code`).all()
    return rows.map(toParticipant)
  }

  findByBicOrBin(bic: string, bin: string): Participant | undefined {
    const r = this.sql<[string, string], Row>(`SELECT ${COLUMNS} FROM participants WHERE bic = ? OR bin = ?`).get(bic, bin)
    return r && toParticipant(r)
  }

  /** The code the next registration gets. */
  nextCode(): string {
    return codeOf(this.sql<[], number>("SELECT next FROM code_sequences WHERE name = 'participant'").pluck().get()!)
  }

  /** Registers a participant under the next code (P001, P002 …), allocated by the system (R8.3). */
  insert(p: NewParticipant): Participant {
    const code = codeOf(nextInSequence(this.sql, 'participant'))
    this.sql(
      `INSERT INTO participants (id, code, name, bic, bin, status, is_issuer, is_acquirer, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)`
    ).run(p.id, code, p.name, p.bic, p.bin, p.issuer ? 1 : 0, p.acquirer ? 1 : 0, p.createdAt, p.createdAt)
    return this.get(p.id)!
  }

  setStatus(id: string, status: ParticipantStatus, reason: string | null, now: number): void {
    this.sql('UPDATE participants SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(status, reason, now, id)
  }
}
