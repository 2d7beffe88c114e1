import type { Database } from 'better-sqlite3'
import type { Participant, ParticipantStatus, ParticipantStatusChange, ParticipantStatusNotice } from '../api/types'
import { participantDestination, SETTLEMENT_BANK, writeMessage } from '../center/outbox'
import { readCoded } from '../domain/coded-text'
import { bankOfBic } from '../domain/identifiers'
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

  /** The participant with that BIC, in either spelling of a head office's (CASPKZKA, CASPKZKAXXX), or that BIN. */
  findByBicOrBin(bic: string, bin: string): Participant | undefined {
    const r = this.sql<[string, string], Row>(`SELECT ${COLUMNS} FROM participants WHERE substr(bic, 1, 8) = ? OR bin = ?`).get(bankOfBic(bic), bin)
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

  /** Corrects the name and the participation type; the code, BIC and BIN are never rewritten. */
  update(id: string, p: { name: string; issuer: boolean; acquirer: boolean }, now: number): void {
    this.sql('UPDATE participants SET name = ?, is_issuer = ?, is_acquirer = ?, updated_at = ? WHERE id = ?').run(p.name, p.issuer ? 1 : 0, p.acquirer ? 1 : 0, now, id)
  }

  /** What still works under a participant's roles: its terminals in service, its client accounts and instruments not closed. */
  heldUnderRoles(id: string): { terminals: number; accounts: number; instruments: number } {
    return this.sql<[string, string, string], { terminals: number; accounts: number; instruments: number }>(
      `SELECT (SELECT count(*) FROM terminals WHERE acquirer_id = ? AND status = 'active') AS terminals,
              (SELECT count(*) FROM accounts WHERE participant_id = ? AND kind = 'client' AND status <> 'closed') AS accounts,
              (SELECT count(*) FROM instruments WHERE issuer_id = ? AND status <> 'closed') AS instruments`
    ).get(id, id, id)!
  }

  setStatus(id: string, status: ParticipantStatus, reason: string | null, now: number): void {
    this.sql('UPDATE participants SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(status, reason, now, id)
  }

  /**
   * Keeps a change of status and sends its notice to the settlement bank and every participant still served
   * (the one concerned always, even when terminated now) through the outbox, in the caller's transaction (R9.3.2).
   */
  recordChange(p: Participant, from: ParticipantStatus, notice: ParticipantStatusNotice, by: string | null): void {
    const served = this.sql<[string], string>("SELECT code FROM participants WHERE status <> 'terminated' OR id = ? ORDER BY code").pluck().all(p.id)
    const ids = [SETTLEMENT_BANK, ...served.map(participantDestination)].map((destination) =>
      writeMessage(this.sql, { destination, kind: 'notice', firstSeq: 0, lastSeq: 0, operations: 0, payload: notice, now: notice.at })
    )
    this.sql(
      `INSERT INTO participant_status_changes (participant_id, from_status, to_status, reason, day, at, by_user, first_notice, last_notice)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(p.id, from, notice.to, notice.reason, notice.day, notice.at, by, Math.min(...ids), Math.max(...ids))
  }

  /** A participant's changes of status, newest first, with their notices' delivery. */
  history(id: string): ParticipantStatusChange[] {
    const rows = this.sql<[string], HistoryRow>(
      `SELECT c.id, c.from_status, c.to_status, c.reason, c.day, c.at, u.display_name AS by_name, c.first_notice, c.last_notice
       FROM participant_status_changes c LEFT JOIN users u ON u.id = c.by_user WHERE c.participant_id = ? ORDER BY c.id DESC`
    ).all(id)
    const notices = this.sql<[number, number], { destination: string; delivered_at: number | null; last_error: string | null }>(
      'SELECT destination, delivered_at, last_error FROM outbox WHERE id BETWEEN ? AND ? ORDER BY id'
    )
    return rows.map((r) => {
      const sent = notices.all(r.first_notice, r.last_notice)
      const waiting = sent.filter((n) => n.delivered_at === null)
      return {
        id: r.id,
        from: r.from_status,
        to: r.to_status,
        reason: r.reason,
        day: r.day,
        at: r.at,
        by: r.by_name,
        notices: sent.length,
        delivered: sent.length - waiting.length,
        waiting: waiting.map((n) => n.destination),
        lastError: readCoded(waiting.find((n) => n.last_error !== null)?.last_error ?? null)
      }
    })
  }
}

interface HistoryRow {
  id: number
  from_status: ParticipantStatus
  to_status: ParticipantStatus
  reason: string
  day: string
  at: number
  by_name: string | null
  first_notice: number
  last_notice: number
}
