// Every opening, download, forward and export of a confidential document, and every refusal (R14.4–R14.5).
// Append-only: the table's triggers refuse updates and deletes.
import type { Database } from 'better-sqlite3'
import type { DocumentAccessEntry } from '../api/documents-types'
import { statementCache } from '../store/statements'

export type AccessAction = DocumentAccessEntry['action']

/** Who acted: the signed-in user and the party they act for. */
export interface Actor {
  id: string
  login: string
  party: string
}

export class DocumentAccessLog {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  record(documentId: string, actor: Actor, action: AccessAction, detail: string | null, at: number): void {
    this.sql('INSERT INTO document_access (document_id, at, user_id, login, party, action, detail) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      documentId, at, actor.id, actor.login, actor.party, action, detail
    )
  }

  of(documentId: string): DocumentAccessEntry[] {
    return this.sql<[string], DocumentAccessEntry>('SELECT id, at, login, party, action, detail FROM document_access WHERE document_id = ? ORDER BY id').all(documentId)
  }
}
