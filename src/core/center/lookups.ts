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

/**
 * The registry reads the Center's checks make on every request. Participants and terminals are read once
 * per transaction (a batch of the group commit) and remembered until `reset()`, which the Center calls
 * when each transaction starts, so a suspension or a blocking takes effect from the next batch.
 */
export class CenterLookups {
  private readonly sql: ReturnType<typeof statementCache>
  private participants = new Map<string, ParticipantRecord | undefined>()
  private terminals = new Map<string, TerminalRecord | undefined>()
  private others = new Map<string, unknown>()

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  reset(): void {
    this.participants = new Map()
    this.terminals = new Map()
    this.others = new Map()
  }

  /** Any other read worth doing once per transaction (a bank's system account: its id, not its balance). */
  remember<T>(key: string, read: () => T): T {
    if (!this.others.has(key)) this.others.set(key, read())
    return this.others.get(key) as T
  }

  participant(id: string): ParticipantRecord | undefined {
    if (!this.participants.has(id))
      this.participants.set(id, this.sql<[string], ParticipantRecord>('SELECT id, code, name, bic, status, is_issuer, is_acquirer FROM participants WHERE id = ?').get(id))
    return this.participants.get(id)
  }

  terminal(code: string): TerminalRecord | undefined {
    if (!this.terminals.has(code))
      this.terminals.set(code, this.sql<[string], TerminalRecord>('SELECT id, code, acquirer_id, kind, status, certified_at FROM terminals WHERE code = ?').get(code))
    return this.terminals.get(code)
  }

  terminalById(id: string): TerminalRecord | undefined {
    return this.sql<[string], TerminalRecord>('SELECT id, code, acquirer_id, kind, status, certified_at FROM terminals WHERE id = ?').get(id)
  }

  clientByIin(iin: string): { id: string; name: string } | undefined {
    return this.sql<[string], { id: string; name: string }>('SELECT id, name FROM clients WHERE iin = ?').get(iin)
  }
}
