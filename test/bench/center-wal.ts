// Where the Center's WAL comes from: which b-trees (tables and indexes) the pages it writes per batch belong to.
// The WAL is what each answer waits for (written and fsynced before it), and what the checkpointer copies back,
// so a b-tree that dirties many pages per batch costs every operation. Read from the WAL file's frame headers.
import type { Database } from 'better-sqlite3'
import { readFileSync } from 'node:fs'

export interface WalByTree {
  center_wal_kb_per_op: number
  center_wal_pages_per_batch: number
  /** The b-trees writing the most pages per batch, as "name pages/batch", most first. */
  center_wal_pages_per_batch_by_tree: string
}

// The WAL file's header is 32 bytes; each frame is a 24-byte header (its first 4 bytes the page number) and a page.
const WAL_HEADER = 32
const FRAME_HEADER = 24
// Names an automatic index by the constraint it enforces.
const NAMES: Record<string, string> = { sqlite_autoindex_operations_1: 'operations(source,request_id)' }
const SHOWN = 8

/**
 * Runs `traffic` (it returns how many operations it made in how many batches) with the WAL emptied first and no
 * checkpoint meanwhile (the caller has stopped the checkpointer), then attributes every frame the WAL holds to
 * the b-tree its page belongs to (dbstat). The WAL is emptied again afterwards and automatic checkpoints restored.
 */
export async function walByTree(db: Database, traffic: () => Promise<{ operations: number; batches: number }>): Promise<WalByTree> {
  db.pragma('wal_checkpoint(TRUNCATE)')
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number
  db.pragma('wal_autocheckpoint = 0')
  try {
    const { operations, batches } = await traffic()
    const wal = readFileSync(`${db.name}-wal`)
    const pageSize = wal.readUInt32BE(8)
    const owner = new Map(db.prepare('SELECT pageno, name FROM dbstat').raw().all() as [number, string][])
    const byTree = new Map<string, number>()
    let frames = 0
    for (let at = WAL_HEADER; at + FRAME_HEADER + pageSize <= wal.length; at += FRAME_HEADER + pageSize) {
      const tree = owner.get(wal.readUInt32BE(at)) ?? 'free'
      byTree.set(tree, (byTree.get(tree) ?? 0) + 1)
      frames++
    }
    const perBatch = (pages: number): string => (pages / Math.max(1, batches)).toFixed(1)
    return {
      center_wal_kb_per_op: Number(((frames * (FRAME_HEADER + pageSize)) / 1024 / Math.max(1, operations)).toFixed(2)),
      center_wal_pages_per_batch: Number(perBatch(frames)),
      center_wal_pages_per_batch_by_tree: [...byTree]
        .sort((a, b) => b[1] - a[1])
        .slice(0, SHOWN)
        .map(([tree, pages]) => `${NAMES[tree] ?? tree} ${perBatch(pages)}`)
        .join(' / ')
    }
  } finally {
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.pragma(`wal_autocheckpoint = ${autocheckpoint}`)
  }
}
