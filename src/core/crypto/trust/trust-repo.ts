// The trust store as the desk keeps it (trust_anchors, trust_crls): loaded once into a TrustStore and loaded
// again after a change made through this repo.
import type { Database } from 'better-sqlite3'
import { TrustStore } from './trust-store'

export class TrustRepo {
  private cached: TrustStore | null = null

  constructor(private readonly db: Database) {}

  /** The CA certificates and CRLs this desk trusts now. */
  store(): TrustStore {
    if (this.cached) return this.cached
    const store = new TrustStore()
    for (const { der } of this.db.prepare('SELECT der FROM trust_anchors').all() as { der: Buffer }[]) store.addCertificates(new Uint8Array(der))
    for (const { der } of this.db.prepare('SELECT der FROM trust_crls').all() as { der: Buffer }[]) store.addCrls(new Uint8Array(der))
    return (this.cached = store)
  }

  /** After a write to trust_anchors or trust_crls (rolled back or not, the next read reloads). */
  changed(): void {
    this.cached = null
  }
}
