// WAL checkpoints on a worker thread (ARCHITECTURE decision 4): the writer never copies pages back itself, and
// the WAL stays bounded because the worker does.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCheckpointer } from '../../../src/core/store/checkpointer'
import { openDatabase } from '../../../src/core/store/database'

let dir: string
let db: Database

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'checkpointer-'))
  db = openDatabase(join(dir, 'c.db'))
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, pad TEXT NOT NULL) STRICT')
})
afterEach(() => {
  if (db.open) db.close()
  rmSync(dir, { recursive: true, force: true })
})

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** 40 MB of rows in 400 commits of 100 KB. */
function write(): void {
  const insert = db.prepare('INSERT INTO t (pad) VALUES (?)')
  for (let c = 0; c < 400; c++)
    db.transaction(() => {
      for (let i = 0; i < 25; i++) insert.run('x'.repeat(4000))
    })()
}

/**
 * The WAL's pages and how many of them have been copied to the database file, read from the wal-index (the
 * -shm file: mxFrame at byte 16 of its header, nBackfill at byte 96), without checkpointing anything.
 */
function walProgress(): { pages: number; copied: number } {
  const shm = readFileSync(join(dir, 'c.db-shm'))
  return { pages: shm.readUInt32LE(16), copied: shm.readUInt32LE(96) }
}

describe('the checkpointer', () => {
  it('turns the writer’s own checkpoints off and keeps the WAL bounded from its worker', async () => {
    const checkpointer = startCheckpointer(db, { intervalMs: 10 })
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
      write()
      expect(walProgress().pages).toBeGreaterThan(10_000)
      // The worker copies the pages behind the writer's back …
      for (let waited = 0; walProgress().copied < walProgress().pages && waited < 10_000; waited += 50) await pause(50)
      expect(walProgress().copied).toBe(walProgress().pages)
      // … and the writer's next commit starts the WAL over.
      db.prepare('INSERT INTO t (pad) VALUES (?)').run('y')
      expect(walProgress().pages).toBeLessThan(10)
    } finally {
      await checkpointer.stop()
    }
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(db.prepare(`SELECT count(*) FROM t WHERE pad <> 'y'`).pluck().get()).toBe(10_000)
  })

  it('leaves a few pages for a while, so that each small commit is not followed by a sync of the file', async () => {
    const checkpointer = startCheckpointer(db, { intervalMs: 10, minPages: 100, maxWaitMs: 500 })
    try {
      // Let it see an empty WAL first: the wait counts from its last copy.
      await pause(50)
      db.prepare('INSERT INTO t (pad) VALUES (?)').run('x'.repeat(4000))
      await pause(150)
      expect(walProgress()).toMatchObject({ copied: 0 })
      expect(walProgress().pages).toBeGreaterThan(0)
      for (let waited = 0; walProgress().copied < walProgress().pages && waited < 3_000; waited += 50) await pause(50)
      expect(walProgress().copied).toBe(walProgress().pages)
    } finally {
      await checkpointer.stop()
    }
  })

  it('is what empties the WAL: with the writer’s checkpoints off and no worker, it keeps every page', async () => {
    db.pragma('wal_autocheckpoint = 0')
    write()
    await pause(300)
    expect(walProgress()).toMatchObject({ copied: 0 })
    db.prepare('INSERT INTO t (pad) VALUES (?)').run('y')
    expect(walProgress().pages).toBeGreaterThan(10_000)
  })

  it('refuses an in-memory database, which has no WAL', () => {
    const memory = openDatabase(':memory:')
    expect(() => startCheckpointer(memory)).toThrow(/in-memory/)
    memory.close()
  })
})
