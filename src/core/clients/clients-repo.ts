import type { Database } from 'better-sqlite3'
import type { Client } from '../api/types'
import { statementCache } from '../store/statements'

interface Row {
  id: string
  iin: string
  name: string
  created_at: number
}

const toClient = (r: Row): Client => ({ id: r.id, iin: r.iin, name: r.name, createdAt: r.created_at })

/** SQL for clients (R1.1.7). */
export class ClientsRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  get(id: string): Client | undefined {
    const r = this.sql<[string], Row>('SELECT id, iin, name, created_at FROM clients WHERE id = ?').get(id)
    return r && toClient(r)
  }

  byIin(iin: string): Client | undefined {
    const r = this.sql<[string], Row>('SELECT id, iin, name, created_at FROM clients WHERE iin = ?').get(iin)
    return r && toClient(r)
  }

  /** Clients by IIN prefix or name; for participant staff only those with an account at their bank. */
  search(query: string | undefined, participantId: string | null, limit: number): Client[] {
    const like = query ? `%${query.replace(/[%_]/g, '')}%` : '%'
    const rows = participantId
      ? this.sql<[string, string, string, number], Row>(
          `SELECT c.id, c.iin, c.name, c.created_at FROM clients c
           WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.client_id = c.id AND a.participant_id = ?) AND (c.iin LIKE ? OR c.name LIKE ?)
           ORDER BY c.name LIMIT ?`
        ).all(participantId, like, like, limit)
      : this.sql<[string, string, number], Row>('SELECT id, iin, name, created_at FROM clients WHERE iin LIKE ? OR name LIKE ? ORDER BY name LIMIT ?').all(like, like, limit)
    return rows.map(toClient)
  }

  /** Whether the client holds an account at the participant: what lets its staff see the client. */
  hasAccountAt(clientId: string, participantId: string): boolean {
    return this.sql<[string, string], { one: number }>('SELECT 1 AS one FROM accounts WHERE client_id = ? AND participant_id = ? LIMIT 1').get(clientId, participantId) !== undefined
  }

  rename(id: string, name: string): Client {
    this.sql('UPDATE clients SET name = ? WHERE id = ?').run(name, id)
    return this.get(id)!
  }

  insert(c: { id: string; iin: string; name: string; createdAt: number }): Client {
    this.sql('INSERT INTO clients (id, iin, name, created_at) VALUES (?, ?, ?, ?)').run(c.id, c.iin, c.name, c.createdAt)
    return this.get(c.id)!
  }
}
