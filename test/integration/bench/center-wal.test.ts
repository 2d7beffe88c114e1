import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { walByTree } from '../../bench/center-wal'

// The bench's WAL breakdown (R7.5): every frame of the WAL is put down to the table or index its page belongs to.
describe('walByTree', () => {
  let dir: string
  let db: Database.Database
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wal-by-tree-'))
    db = new Database(join(dir, 'w.db'))
    db.pragma('journal_mode = WAL')
    db.exec('CREATE TABLE appended (id INTEGER PRIMARY KEY, v TEXT NOT NULL); CREATE TABLE scattered (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID')
    // Enough rows that a random key lands on another leaf than the last one.
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) db.prepare('INSERT INTO scattered (k, v) VALUES (?, ?)').run(`k${(i * 7919) % 20_000}`.padEnd(40, 'x'), 'v')
    })()
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('puts each batch’s pages down to its b-trees: appends touch few pages, scattered keys one leaf each', async () => {
    const appendRow = db.prepare('INSERT INTO appended (v) VALUES (?)')
    const scatterRow = db.prepare('INSERT INTO scattered (k, v) VALUES (?, ?)')
    const figures = await walByTree(db, async () => {
      for (let b = 0; b < 10; b++)
        db.transaction(() => {
          for (let i = 0; i < 20; i++) {
            appendRow.run('a'.repeat(20))
            scatterRow.run(`k${((b * 20 + i) * 104_729) % 20_000}-${b}-${i}`.padEnd(40, 'y'), 'v')
          }
        })()
      return { operations: 200, batches: 10 }
    })
    const byTree = new Map(figures.center_wal_pages_per_batch_by_tree.split(' / ').map((s) => [s.slice(0, s.lastIndexOf(' ')), Number(s.slice(s.lastIndexOf(' ') + 1))]))
    // 20 rows of 30 bytes appended a batch fit on one leaf; 20 keys spread over the index dirty a leaf nearly each.
    expect(byTree.get('appended')).toBeGreaterThanOrEqual(1)
    expect(byTree.get('appended')).toBeLessThan(3)
    expect(byTree.get('scattered')).toBeGreaterThan(10)
    expect(figures.center_wal_pages_per_batch).toBeGreaterThanOrEqual(byTree.get('scattered')! + byTree.get('appended')!)
    expect(figures.center_wal_kb_per_op).toBeCloseTo((figures.center_wal_pages_per_batch * 10 * (24 + 4096)) / 1024 / 200, 1)
    // Left as found: the WAL emptied and automatic checkpoints back on.
    expect(statSync(join(dir, 'w.db-wal')).size).toBe(0)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
  })
})
