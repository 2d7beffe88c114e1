import type { Database } from 'better-sqlite3'
import type { ParticipantStatus, TerminalKind, TerminalStatus } from '../api/types'
import { statementCache } from '../store/statements'
import type { RegistryCache } from './registry-cache'

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

/**
 * The registry reads the Center's checks make on every request, remembered across its transactions until a
 * registry changes (RegistryCache), so a suspension or a blocking takes effect from the next batch.
 */
export class CenterLookups {
  private readonly sql: ReturnType<typeof statementCache>
  readonly participant: (id: string) => ParticipantRecord | undefined
  readonly terminal: (code: string) => TerminalRecord | undefined
  readonly clientByIin: (iin: string) => { id: string; name: string } | undefined

  constructor(db: Database, registry: RegistryCache) {
    this.sql = statementCache(db)
    this.participant = registry.reader((id) => this.sql<[string], ParticipantRecord>('SELECT id, code, name, bic, status, is_issuer, is_acquirer FROM participants WHERE id = ?').get(id))
    this.terminal = registry.reader((code) => this.sql<[string], TerminalRecord>('SELECT id, code, acquirer_id, kind, status, certified_at FROM terminals WHERE code = ?').get(code))
    this.clientByIin = registry.reader((iin) => this.sql<[string], { id: string; name: string }>('SELECT id, name FROM clients WHERE iin = ?').get(iin))
  }

  terminalById(id: string): TerminalRecord | undefined {
    return this.sql<[string], TerminalRecord>('SELECT id, code, acquirer_id, kind, status, certified_at FROM terminals WHERE id = ?').get(id)
  }
}
