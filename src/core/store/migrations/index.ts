import type { Migration } from '../migrate'

// Bundled at build time, so the packaged app and the CLI carry their schema with them.
const files = import.meta.glob<string>('./*.sql', { query: '?raw', import: 'default', eager: true })

export const MIGRATIONS: readonly Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const match = /\/(\d{3})_([a-z0-9_]+)\.sql$/.exec(path)
    if (!match) throw new Error(`migration file name must be NNN_name.sql: ${path}`)
    return { version: Number(match[1]), name: match[2]!, sql }
  })
  .sort((a, b) => a.version - b.version)
