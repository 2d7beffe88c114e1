import type { Database, Statement } from 'better-sqlite3'

// Past this many entries a cached read starts over, so memory stays bounded however large the registries grow.
const MAX_ENTRIES = 200_000

/**
 * The registry rows the Center reads on every request (participants, terminals, clients, instruments, the
 * accounts' own fields), kept across its transactions. Triggers count every change to those tables in
 * registry_version (migration 010), whichever service or connection made it. A transaction the Center owns
 * starts by reading the count and keeps what was cached only if it has not moved, and drops it at the end if
 * the transaction itself changed a registry (a bank's system account opened on first use). Inside a caller's
 * transaction, and outside the Center's, every read goes to the table: what such a transaction wrote may
 * still be rolled back.
 */
export class RegistryCache {
  private version = -1
  private active = false
  private readonly maps: Map<string, object>[] = []
  private readonly current: Statement<[], number>

  constructor(db: Database) {
    this.current = db.prepare<[], number>('SELECT version FROM registry_version WHERE id = 1').pluck()
  }

  /** Whether reads are being remembered now (inside a transaction the Center owns). */
  get caching(): boolean {
    return this.active
  }

  /** A Center transaction starts; `own` is false when it runs inside a transaction someone else opened. */
  begin(own: boolean): void {
    this.active = own
    if (!own) return
    const version = this.current.get()!
    if (version !== this.version) this.clear()
    this.version = version
  }

  /** The transaction is about to commit: anything it changed in a registry is read afresh next time. */
  end(): void {
    // After clear() the version is unknown, and the next begin() starts over anyway (no read: the database may have failed).
    if (this.active && this.version !== -1 && this.current.get() !== this.version) this.clear()
    this.active = false
  }

  /** Forgets everything (a request or a transaction rolled back: what it read may have gone with it). */
  clear(): void {
    for (const m of this.maps) m.clear()
    this.version = -1
  }

  /**
   * A read by key whose rows are remembered while the Center's transactions own it, and made afresh otherwise.
   * A row not found is not remembered: it may be created in the same transaction (a bank's system account), and
   * requests naming what does not exist (a card nobody issued) must not fill the memory.
   */
  reader<V extends object>(read: (key: string) => V | undefined): (key: string) => V | undefined {
    const map = new Map<string, V>()
    this.maps.push(map)
    return (key) => {
      if (!this.active) return read(key)
      const cached = map.get(key)
      if (cached) return cached
      const value = read(key)
      if (value === undefined) return undefined
      if (map.size >= MAX_ENTRIES) map.clear()
      map.set(key, value)
      return value
    }
  }
}
