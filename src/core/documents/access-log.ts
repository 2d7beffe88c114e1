// Every opening, download, forward and export of a confidential document, and every refusal (R14.4–R14.5).
// Append-only: the table's triggers refuse updates and deletes.
import type { Database } from 'better-sqlite3'
import type { DocumentAccessEntry } from '../api/documents-types'
import { readCoded, storedCoded, type CodedText } from '../domain/coded-text'
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

  /** `detail`: a coded text the screens word, or a name (an attachment's, a file's) kept as it is. */
  record(documentId: string, actor: Actor, action: AccessAction, detail: CodedText | string | null, at: number): void {
    this.sql('INSERT INTO document_access (document_id, at, user_id, login, party, action, detail) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      documentId, at, actor.id, actor.login, actor.party, action, detail === null || typeof detail === 'string' ? detail : storedCoded(detail)
    )
  }

  of(documentId: string): DocumentAccessEntry[] {
    return this.sql<[string], Omit<DocumentAccessEntry, 'detail'> & { detail: string | null }>('SELECT id, at, login, party, action, detail FROM document_access WHERE document_id = ? ORDER BY id')
      .all(documentId)
      .map((e) => ({ ...e, detail: readCoded(e.detail) }))
  }
}
