import type { Database } from 'better-sqlite3'
import type { ParticipantStatus, TerminalKind, TerminalStatus } from '../api/types'
import { statementCache } from '../store/statements'

export interface ParticipantRecord {
  id: string
  code: string
  name: string
  bic: string
  status: ParticipantStatus
  is_issuer: number
  is_acquirer: number
}

export interface TerminalRecord {
  id: string
  code: string
  acquirer_id: string
  kind: TerminalKind
  status: TerminalStatus
  certified_at: number | null
}

/** The registry reads the Center's checks make on every request: by primary or unique key, statements prepared once. */
export class CenterLookups {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  participant(id: string): ParticipantRecord | undefined {
    return this.sql<[string], ParticipantRecord>('SELECT id, code, name, bic, status, is_issuer, is_acquirer FROM participants WHERE id = ?').get(id)
  }

  terminal(code: string): TerminalRecord | undefined {
    return this.sql<[string], TerminalRecord>('SELECT id, code, acquirer_id, kind, status, certified_at FROM terminals WHERE code = ?').get(code)
  }

  terminalById(id: string): TerminalRecord | undefined {
    return this.sql<[string], TerminalRecord>('SELECT id, code, acquirer_id, kind, status, certified_at FROM terminals WHERE id = ?').get(id)
  }

  clientByIin(iin: string): { id: string; name: string } | undefined {
    return this.sql<[string], { id: string; name: string }>('SELECT id, name FROM clients WHERE iin = ?').get(iin)
  }

  client(id: string): { iin: string; name: string } | undefined {
    return this.sql<[string], { iin: string; name: string }>('SELECT iin, name FROM clients WHERE id = ?').get(id)
  }
}
