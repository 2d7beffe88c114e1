// Migration 015: the outbox takes notices of a participant's status (R9.3.2), and keeps every message it had.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openDatabase } from '../../../../src/core/store/database'
import { migrate } from '../../../../src/core/store/migrate'
import { MIGRATIONS } from '../../../../src/core/store/migrations'

let dir: string
let db: Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-outbox-notice-'))
  db = openDatabase(join(dir, 'a.db'))
  migrate(db, MIGRATIONS.filter((m) => m.version < 15), 1)
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const insert = (kind: string) =>
  db.prepare("INSERT INTO outbox (destination, kind, first_seq, last_seq, operations, payload, created_at) VALUES ('participant:P001', ?, 0, 0, 0, '{}', 5)").run(kind)

it('keeps each message whole, its delivery state included, and takes the notice kind only from 015', () => {
  const set = Number(db.prepare("INSERT INTO outbox_notices (notices, first_seq, last_seq) VALUES ('[]', 3, 4)").run().lastInsertRowid)
  db.prepare(
    `INSERT INTO outbox (id, destination, kind, first_seq, last_seq, operations, payload, created_at, attempts, next_attempt_at, delivered_at, last_error, notices_id)
     VALUES (7, 'abs:P002', 'abs', 3, 4, 2, '[0,1]', 11, 3, 99, NULL, 'timeout', ?), (8, 'settlement-bank', 'settlement', 1, 4, 4, '{"day":"2026-11-22"}', 12, 1, 0, 13, NULL, NULL)`
  ).run(set)
  const before = db.prepare('SELECT * FROM outbox ORDER BY id').all()
  expect(() => insert('notice')).toThrow(/CHECK constraint/)

  migrate(db, MIGRATIONS, 2)
  expect(db.prepare('SELECT * FROM outbox ORDER BY id').all()).toEqual(before)
  expect(() => insert('notice')).not.toThrow()
  expect(() => insert('gossip')).toThrow(/CHECK constraint/)
  expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([])
})
