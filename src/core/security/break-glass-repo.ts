import type { Database } from 'better-sqlite3'
import type { BreakGlassNotice } from '../api/types'
import { statementCache } from '../store/statements'

export interface NewBreakGlassReset {
  id: string
  userId: string
  at: number
  actor: string
  supersededApprovalId: string | null
}

interface NoticeRow {
  id: string
  subject_login: string
  subject_display_name: string
  at: number
  actor: string
}

const SELECT_NOTICE = `SELECT r.id, s.login AS subject_login, s.display_name AS subject_display_name, r.at, r.actor
  FROM break_glass_resets r JOIN users s ON s.id = r.user_id`

const toNotice = (r: NoticeRow): BreakGlassNotice => ({ id: r.id, subjectLogin: r.subject_login, subjectDisplayName: r.subject_display_name, at: r.at, actor: r.actor })

/** SQL for break-glass resets (R12.4) and the other administrators' acknowledgements of them. */
export class BreakGlassRepo {
  private readonly sql: ReturnType<typeof statementCache>

  constructor(db: Database) {
    this.sql = statementCache(db)
  }

  insert(r: NewBreakGlassReset): void {
    this.sql('INSERT INTO break_glass_resets (id, user_id, at, actor, superseded_approval_id) VALUES (@id, @userId, @at, @actor, @supersededApprovalId)').run(r)
  }

  /**
   * The resets an administrator is to be told of and has not acknowledged: another administrator's, made while this
   * one was an administrator's account already (a later one was not there to be told).
   */
  noticesFor(adminId: string): BreakGlassNotice[] {
    return this.sql<[string, string, string], NoticeRow>(
      `${SELECT_NOTICE} WHERE r.user_id <> ? AND r.at >= (SELECT created_at FROM users WHERE id = ?)
         AND NOT EXISTS (SELECT 1 FROM break_glass_acknowledgements a WHERE a.reset_id = r.id AND a.user_id = ?)
       ORDER BY r.at, r.id`
    )
      .all(adminId, adminId, adminId)
      .map(toNotice)
  }

  notice(id: string): BreakGlassNotice | undefined {
    const r = this.sql<[string], NoticeRow>(`${SELECT_NOTICE} WHERE r.id = ?`).get(id)
    return r && toNotice(r)
  }

  acknowledged(resetId: string, userId: string): boolean {
    return this.sql('SELECT 1 FROM break_glass_acknowledgements WHERE reset_id = ? AND user_id = ?').get(resetId, userId) !== undefined
  }

  acknowledge(resetId: string, userId: string, at: number): void {
    this.sql('INSERT INTO break_glass_acknowledgements (reset_id, user_id, at) VALUES (?, ?, ?)').run(resetId, userId, at)
  }
}
