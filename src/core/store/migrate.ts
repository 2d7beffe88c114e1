import type { Database } from 'better-sqlite3'

export interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Applies the migrations the database has not seen, each in its own transaction together with its
 * record in schema_migrations, so a failed migration leaves the previous version intact.
 */
export function migrate(db: Database, migrations: readonly Migration[], now: number): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`)
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]
  )
  const versions = migrations.map((m) => m.version)
  if (new Set(versions).size !== versions.length) throw new Error('two migrations share a version number')
  const newest = Math.max(0, ...applied)
  const known = Math.max(0, ...versions)
  if (newest > known) throw new Error(`the database is at schema version ${newest}, newer than this program (${known}); use a newer version of the program`)
  const done: number[] = []
  for (const m of migrations) {
    if (applied.has(m.version)) continue
    db.transaction(() => {
      db.exec(m.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now)
    })()
    done.push(m.version)
  }
  return done
}
