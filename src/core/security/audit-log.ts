import { isValidPan, maskPan } from '../domain/pan'
import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { statementCache } from '../store/statements'
import type { AuditPage, AuditRecord, AuditVerification } from '../api/types'
import { refuse } from '../domain/errors'
import type { AuditChange } from './audit-change'

/** What a caller records; the log adds the sequence number and the chain hash. */
export type AuditEntry = Omit<AuditRecord, 'seq' | 'hash'>

export interface AuditFilter {
  beforeSeq?: number | undefined
  limit: number
  actor?: string | undefined
  action?: string | undefined
  outcome?: 'ok' | 'error' | undefined
}

const GENESIS = '0'.repeat(64)

interface Row {
  seq: number
  at: number
  actor_id: string | null
  actor_login: string | null
  session_id: string | null
  action: string
  outcome: 'ok' | 'error'
  error_code: string | null
  subject: string | null
  detail: string | null
  prev_hash: string
  hash: string
}

/** The hash covers every field of the record and the previous record's hash, in a fixed order. */
function chainHash(prevHash: string, r: Omit<Row, 'prev_hash' | 'hash'>): string {
  const body = JSON.stringify([r.seq, r.at, r.actor_id, r.actor_login, r.session_id, r.action, r.outcome, r.error_code, r.subject, r.detail])
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex')
}

const SECRET_KEY = /password|pin|secret|otp/i
// A figure of the password policy (passwordMinLength, oneTimePasswordHours …) is no secret: an auditor reads its change.
const POLICY_FIGURE = /(Length|History|Days|Hours)$/
// A confidential document's text and any file's content stay out of the log (R14.2, R14.5): only their size.
const CONTENT_KEY = /^(body|base64)$/

// 13–19 digits, alone or grouped by spaces or dashes: a card number as staff type it into a reason or a note.
const PAN_LIKE = /(?<![\d.,])\d(?:[ -]?\d){12,18}(?![\d.,]\d)/g

/** A text with every card number in it masked; digits that fail Luhn (ids, amounts) are left as they are. */
const maskPansIn = (text: string): string =>
  text.replace(PAN_LIKE, (found) => {
    const digits = found.replace(/[ -]/g, '')
    return isValidPan(digits) ? maskPan(digits) : found
  })

/**
 * Input as recorded in the log, with an edit's previous and new values of the fields it changed beside it: secrets
 * replaced, card numbers masked (in the old values too), length capped so one call cannot bloat the log.
 */
export function auditDetail(input: unknown, change?: AuditChange | null): string | null {
  if (change) return auditDetail({ ...(typeof input === 'object' && input !== null ? input : { input }), ...change })
  if (input === undefined || input === null) return null
  const text = JSON.stringify(input, (key, value: unknown) => {
    // A card number is recorded only masked (PCI DSS 3.4), and only if it is one.
    if (key === 'pan') return typeof value === 'string' && isValidPan(value) ? maskPan(value) : '***'
    if (key && CONTENT_KEY.test(key)) return typeof value === 'string' ? `[withheld: ${value.length} characters]` : '[withheld]'
    if (key && SECRET_KEY.test(key) && !(POLICY_FIGURE.test(key) && typeof value === 'number')) return '***'
    return typeof value === 'string' ? maskPansIn(value) : value
  })
  if (text === '{}') return null
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text
}

export class AuditLog {
  private readonly head
  private readonly insert
  private readonly upTo
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
    this.head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_login, session_id, action, outcome, error_code, subject, detail, prev_hash, hash)
       VALUES (@seq, @at, @actor_id, @actor_login, @session_id, @action, @outcome, @error_code, @subject, @detail, @prev_hash, @hash)`
    )
    this.upTo = db.prepare<[number], Row>('SELECT * FROM audit_log WHERE seq <= ? ORDER BY seq')
  }

  /** Appends one record; call inside the transaction of the change it records. */
  append(e: AuditEntry): number {
    const last = this.head.get()
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: e.at,
      actor_id: e.actorId,
      actor_login: e.actorLogin,
      session_id: e.sessionId,
      action: e.action,
      outcome: e.outcome,
      error_code: e.errorCode,
      subject: e.subject,
      detail: e.detail
    }
    const prev_hash = last?.hash ?? GENESIS
    this.insert.run({ ...row, prev_hash, hash: chainHash(prev_hash, row) })
    return row.seq
  }

  /**
   * Walks the chain from its first record, through `throughSeq` (the newest a list showed) or to its end, and names the
   * first record that was altered, removed or re-linked.
   */
  verify(throughSeq?: number): AuditVerification {
    const newest = this.head.get()?.seq ?? 0
    if (throughSeq !== undefined && throughSeq > newest) refuse('NOT_FOUND', 'audit.no_record', { seq: throughSeq, newest }, `the audit log has no record #${throughSeq}; its newest is #${newest}`)
    const last = throughSeq ?? newest
    let expectedSeq = 1
    let prevHash = GENESIS
    let count = 0
    for (const row of this.upTo.iterate(last)) {
      if (row.seq !== expectedSeq)
        return { intact: false, records: count, firstBroken: { seq: expectedSeq, problem: 'missing', reason: `record ${expectedSeq} is missing (next present is ${row.seq})` } }
      if (row.prev_hash !== prevHash)
        return { intact: false, records: count, firstBroken: { seq: row.seq, problem: 'unlinked', reason: 'does not link to the previous record' } }
      if (chainHash(prevHash, row) !== row.hash)
        return { intact: false, records: count, firstBroken: { seq: row.seq, problem: 'altered', reason: 'content does not match its hash' } }
      prevHash = row.hash
      expectedSeq++
      count++
    }
    // The record the list showed last, removed since (newer ones present).
    if (expectedSeq <= last)
      return { intact: false, records: count, firstBroken: { seq: expectedSeq, problem: 'missing', reason: `record ${expectedSeq} is missing` } }
    return { intact: true, records: count, headHash: count ? prevHash : null }
  }

  list(f: AuditFilter): AuditPage {
    const where: string[] = []
    const args: Record<string, unknown> = {}
    if (f.actor) (where.push('actor_login = @actor COLLATE NOCASE'), (args.actor = f.actor))
    if (f.action) (where.push('action LIKE @action'), (args.action = `${f.action.replace(/[%_]/g, '')}%`))
    if (f.outcome) (where.push('outcome = @outcome'), (args.outcome = f.outcome))
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : ''
    const total = this.sql(`SELECT count(*) FROM audit_log ${filter}`).pluck().get(args) as number
    const page = f.beforeSeq ? `${filter ? `${filter} AND` : 'WHERE'} seq < @beforeSeq` : filter
    const rows = this.sql<Record<string, unknown>, Row>(`SELECT * FROM audit_log ${page} ORDER BY seq DESC LIMIT @limit`).all({
      ...args,
      beforeSeq: f.beforeSeq,
      limit: f.limit
    })
    return { total, records: rows.map(toRecord), headSeq: this.head.get()?.seq ?? null }
  }
}

const toRecord = (r: Row): AuditRecord => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  actorLogin: r.actor_login,
  sessionId: r.session_id,
  action: r.action,
  outcome: r.outcome,
  errorCode: r.error_code,
  subject: r.subject,
  detail: r.detail,
  hash: r.hash
})
