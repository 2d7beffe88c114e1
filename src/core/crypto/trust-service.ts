import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import type { PartyCertificateView, TrustAnchorView, TrustCrlView, TrustView } from '../api/crypto-types'
import type { TrustRepo } from './trust/trust-repo'

/** The trust store the desk keeps (R12.1): operator's and participants' CA certificates, CRLs, parties' certificates. */
export class TrustService {
  constructor(
    private readonly db: Database,
    private readonly trust: TrustRepo
  ) {}

  list(): TrustView {
    throw new Error('not yet built')
  }

  addAnchors(ctx: CallContext, text: string): TrustAnchorView[] {
    throw new Error('not yet built')
  }

  removeAnchor(ctx: CallContext, fingerprint: string, reason: string): TrustAnchorView {
    throw new Error('not yet built')
  }

  addCrl(ctx: CallContext, text: string): TrustCrlView {
    throw new Error('not yet built')
  }

  addPartyCertificate(ctx: CallContext, party: string, text: string): PartyCertificateView {
    throw new Error('not yet built')
  }

  removePartyCertificate(ctx: CallContext, fingerprint: string, reason: string): PartyCertificateView {
    throw new Error('not yet built')
  }
}
