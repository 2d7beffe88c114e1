import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../src/core/store/database'
import { migrate } from '../../../../src/core/store/migrate'
import { MIGRATIONS } from '../../../../src/core/store/migrations'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-migrate-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('storage', () => {
  it('opens a file in WAL mode with foreign keys on and full sync', () => {
    const db = openDatabase(join(dir, 'nested', 'a.db'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    db.prepare('CREATE TABLE t (x)').run()
    for (const f of ['a.db', 'a.db-wal', 'a.db-shm']) expect(statSync(join(dir, 'nested', f)).mode & 0o777, f).toBe(0o600)
    db.close()
  })

  it('applies the bundled migrations once, in order', () => {
    const db = openDatabase(join(dir, 'a.db'))
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b))
    expect(migrate(db, MIGRATIONS, 1)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(migrate(db, MIGRATIONS, 2)).toEqual([])
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length)
    db.close()
  })

  it('rolls a failing migration back entirely and keeps the earlier ones', () => {
    const db = openDatabase(join(dir, 'a.db'))
    const bad = [
      { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' }
    ]
    expect(() => migrate(db, bad, 1)).toThrow(/nowhere/)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all()
    expect(tables).toEqual(['a', 'schema_migrations'])
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1])
    db.close()
  })

  it('refuses a database from a newer program', () => {
    const db = openDatabase(join(dir, 'a.db'))
    migrate(db, [{ version: 7, name: 'future', sql: 'SELECT 1;' }], 1)
    expect(() => migrate(db, [{ version: 1, name: 'old', sql: 'SELECT 1;' }], 2)).toThrow(/newer than this program/)
    db.close()
  })

  it('refuses two migrations with one version', () => {
    const db = openDatabase(join(dir, 'a.db'))
    expect(() => migrate(db, [{ version: 1, name: 'a', sql: '' }, { version: 1, name: 'b', sql: '' }], 1)).toThrow(/share a version/)
    db.close()
  })
})
