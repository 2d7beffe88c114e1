// Migration 013: the outbox found through sets of notices instead of an index by destination (R7.5.4).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { messagePayload, Outbox, type OperationNotice } from '../../../../src/core/center/outbox'
import { openDatabase } from '../../../../src/core/store/database'
import { migrate } from '../../../../src/core/store/migrate'
import { MIGRATIONS } from '../../../../src/core/store/migrations'

let dir: string
let db: Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-outbox-set-'))
  db = openDatabase(join(dir, 'a.db'))
  migrate(db, MIGRATIONS.filter((m) => m.version < 13), 1)
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const notice = (operation: number): OperationNotice => ({ operation, requestId: `r${operation}`, type: 'payment', status: 'accepted', amountMinor: 100 * operation, currency: 'KZT', opDay: '2026-11-22', documentNo: null, at: 1 })
const message = (on: Database) => on.prepare('INSERT INTO outbox (destination, kind, first_seq, last_seq, operations, payload, notices_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1)')

it('gives each message written before the sets a set of its own, keeps what its destination receives, and drops the index by destination', () => {
  const insert = message(db)
  // Before 011: the notices in the payload. After it: a set, and positions in it. A settlement instruction has neither.
  const legacyPayload = { operations: [notice(5), notice(7)] }
  const legacy = Number(insert.run('participant:P001', 'confirmation', 5, 7, 2, JSON.stringify(legacyPayload), null).lastInsertRowid)
  const set = Number(db.prepare('INSERT INTO outbox_notices (notices) VALUES (?)').run(JSON.stringify([notice(8), notice(9)])).lastInsertRowid)
  const toBank = Number(insert.run('settlement-bank', 'confirmation', 8, 9, 2, '[0,1]', set).lastInsertRowid)
  const toP002 = Number(insert.run('abs:P002', 'abs', 9, 9, 1, '[1]', set).lastInsertRowid)
  const instruction = JSON.stringify({ day: '2026-11-22', instructions: [{ id: 'i1', operation: null }] })
  const settlement = Number(insert.run('settlement-bank', 'settlement', 1, 9, 4, instruction, null).lastInsertRowid)

  expect(migrate(db, MIGRATIONS, 2)).toEqual(MIGRATIONS.filter((m) => m.version >= 13).map((m) => m.version))

  const row = (id: number) => db.prepare('SELECT o.payload, o.notices_id, n.notices, n.first_seq, n.last_seq FROM outbox o LEFT JOIN outbox_notices n ON n.id = o.notices_id WHERE o.id = ?').get(id) as { payload: string; notices_id: number | null; notices: string | null; first_seq: number | null; last_seq: number | null }
  const converted = row(legacy)
  expect(converted.notices_id).not.toBeNull()
  expect(converted.notices_id).not.toBe(set)
  expect(JSON.parse(converted.payload)).toEqual([0, 1])
  expect(messagePayload(converted.payload, converted.notices)).toEqual(legacyPayload)
  expect([converted.first_seq, converted.last_seq]).toEqual([5, 7])
  expect(row(toBank)).toMatchObject({ notices_id: set, payload: '[0,1]', first_seq: 8, last_seq: 9 })
  expect(row(settlement)).toMatchObject({ notices_id: null, payload: instruction })
  const indexes = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('outbox', 'outbox_notices') AND sql IS NOT NULL ORDER BY name`).pluck().all()
  expect(indexes).toEqual(['outbox_notices_first', 'outbox_pending', 'outbox_set'])

  // An operation's messages: only those carrying its notice, to the destinations asked for; never the instruction.
  const outbox = new Outbox(db)
  const ids = (seq: number, destinations: string[]) => outbox.of(seq, destinations).map((m) => m.id)
  expect(ids(7, ['participant:P001', 'settlement-bank'])).toEqual([legacy])
  expect(ids(9, ['settlement-bank', 'abs:P002'])).toEqual([toBank, toP002])
  expect(ids(9, ['settlement-bank'])).toEqual([toBank])
  expect(ids(8, ['settlement-bank', 'abs:P002'])).toEqual([toBank])
  expect(ids(6, ['participant:P001', 'settlement-bank'])).toEqual([])
})

it('writes each set with the range of the operations its notices name, a follow-up’s older one included', () => {
  migrate(db, MIGRATIONS, 2)
  const outbox = new Outbox(db)
  // A batch: two new operations, and the expiry of an older one's hold.
  outbox.add('settlement-bank', 'confirmation', notice(41))
  outbox.add('participant:P001', 'confirmation', notice(42))
  outbox.add('settlement-bank', 'confirmation', notice(17))
  db.transaction(() => outbox.flush(1))()
  expect(db.prepare('SELECT first_seq, last_seq FROM outbox_notices').all()).toEqual([{ first_seq: 17, last_seq: 42 }])
  expect(outbox.of(17, ['settlement-bank']).map((m) => m.destination)).toEqual(['settlement-bank'])
  expect(outbox.of(42, ['settlement-bank', 'participant:P001']).map((m) => m.destination)).toEqual(['participant:P001'])
})
