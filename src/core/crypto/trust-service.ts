import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import type { PartyCertificateView, TrustAnchorView, TrustCrlView, TrustView } from '../api/crypto-types'
import { refuse } from '../domain/errors'
import { certificateOfText, certificatesOfText, crlOfText } from './certificate-text'
import { refuseUnfitRecipient } from './encryption-recipient'
import { hex, parseCertificate, type CertificateInfo } from './trust/certificate'
import { issuedBy, maySignCrls, parseCrl } from './trust/crl'
import type { TrustRepo } from './trust/trust-repo'

interface AnchorRow {
  fingerprint: string
  der: Buffer
  added_at: number
}

interface CrlRow {
  id: number
  issuer: string
  der: Buffer
  this_update: number
  next_update: number | null
  added_at: number
}

interface PartyRow {
  fingerprint: string
  party: string
  subject: string
  not_after: number
  added_at: number
}

function anchorView(r: AnchorRow): TrustAnchorView {
  const c = parseCertificate(new Uint8Array(r.der))
  return { fingerprint: r.fingerprint, subject: c.subject, issuer: c.issuer, serial: c.serial, notBefore: c.notBefore.getTime(), notAfter: c.notAfter.getTime(), isCa: c.isCa, addedAt: r.added_at }
}

/**
 * A stored CRL as listed, against the CA certificates trusted now. One that only CAs whose key may not sign CRLs signed
 * (stored before trust.addCrl checked it) decides no revocation (chain.ts): listed beside the others, it must say so.
 */
function crlView(r: CrlRow, anchors: readonly CertificateInfo[]): TrustCrlView {
  const crl = parseCrl(new Uint8Array(r.der))
  const signers = anchors.filter((a) => issuedBy(crl, a))
  const untrusted = signers.length > 0 && !signers.some(maySignCrls) ? 'issuer_not_crl_signer' : null
  return { id: r.id, issuer: r.issuer, thisUpdate: r.this_update, nextUpdate: r.next_update, revokedCount: crl.revoked.size, addedAt: r.added_at, untrusted }
}

const partyView = (r: PartyRow): PartyCertificateView => ({ fingerprint: r.fingerprint, party: r.party, subject: r.subject, notAfter: r.not_after, addedAt: r.added_at })

/** The trust store the desk keeps (R12.1): operator's and participants' CA certificates, CRLs, parties' certificates. */
export class TrustService {
  constructor(
    private readonly db: Database,
    private readonly trust: TrustRepo
  ) {}

  list(): TrustView {
    return {
      anchors: (this.db.prepare('SELECT fingerprint, der, added_at FROM trust_anchors ORDER BY subject').all() as AnchorRow[]).map(anchorView),
      crls: (this.db.prepare('SELECT * FROM trust_crls ORDER BY issuer, this_update DESC').all() as CrlRow[]).map((r) => crlView(r, this.trust.store().anchors)),
      parties: (this.db.prepare('SELECT * FROM party_certificates ORDER BY party, not_after DESC').all() as PartyRow[]).map(partyView)
    }
  }

  /** Every certificate given must be a CA's, or none is taken; one already trusted is answered as it stands. */
  addAnchors(ctx: CallContext, text: string): TrustAnchorView[] {
    const by = ctx.requireUser().id
    const certificates = certificatesOfText(text, 'certificates')
    const notCa = certificates.find((c) => !c.isCa)
    if (notCa) refuse('VALIDATION', 'trust.not_ca', { subject: notCa.subject }, `certificates: ${notCa.subject} is not a CA certificate (basicConstraints cA is not set)`)
    ctx.subject = certificates.map((c) => c.fingerprint).join(', ')
    const insert = this.db.prepare('INSERT OR IGNORE INTO trust_anchors (fingerprint, der, subject, not_after, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)')
    for (const c of certificates) insert.run(c.fingerprint, Buffer.from(c.der), c.subject, c.notAfter.getTime(), ctx.now, by)
    this.trust.changed()
    return certificates.map((c) => this.anchor(c.fingerprint)!)
  }

  /** The reason is kept in the call's audit record, with its input. */
  removeAnchor(ctx: CallContext, fingerprint: string, _reason: string): TrustAnchorView {
    ctx.subject = fingerprint
    const anchor = this.anchor(fingerprint) ?? refuse('NOT_FOUND', 'trust.no_anchor', { fingerprint }, 'no trusted CA certificate has this fingerprint')
    this.db.prepare('DELETE FROM trust_anchors WHERE fingerprint = ?').run(fingerprint)
    this.trust.changed()
    return anchor
  }

  /** A CRL counts only when a trusted CA allowed to sign CRLs signed it; the same CRL again is answered as it stands. */
  addCrl(ctx: CallContext, text: string): TrustCrlView {
    const by = ctx.requireUser().id
    const crl = crlOfText(text, 'crl')
    const ca = this.trust.store().anchors.find((a) => issuedBy(crl, a)) ?? refuse('CONFLICT', 'trust.crl_issuer_untrusted', {}, 'the CRL is not signed by a trusted CA: add the CA certificate first')
    // Its CRLs decide nothing (RFC 5280 6.3.3 (f)): stored and listed, one would pass for a revocation list that counts.
    if (!maySignCrls(ca)) {
      const keyUsage = (ca.keyUsage ?? []).join(', ')
      refuse('CONFLICT', 'trust.crl_issuer_not_crl_signer', { issuer: ca.subject, keyUsage, keyUsageNeeded: 'cRLSign' }, `the CRL's issuer ${ca.subject} may not sign CRLs: its key usage (${keyUsage}) lacks cRLSign`)
    }
    const sha256 = hex(createHash('sha256').update(crl.der).digest())
    this.db
      .prepare('INSERT OR IGNORE INTO trust_crls (sha256, issuer, der, this_update, next_update, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(sha256, ca.subject, Buffer.from(crl.der), crl.thisUpdate.getTime(), crl.nextUpdate?.getTime() ?? null, ctx.now, by)
    this.trust.changed()
    const row = this.db.prepare('SELECT * FROM trust_crls WHERE sha256 = ?').get(sha256) as CrlRow
    ctx.subject = String(row.id)
    return crlView(row, this.trust.store().anchors)
  }

  addPartyCertificate(ctx: CallContext, party: string, text: string): PartyCertificateView {
    const by = ctx.requireUser().id
    if (party !== 'operator' && party !== 'settlement_bank' && !this.db.prepare('SELECT 1 FROM participants WHERE code = ?').get(party)) refuse('NOT_FOUND', 'trust.no_participant', { party }, `no participant with code ${party}`)
    const c = certificateOfText(text, 'certificate')
    ctx.subject = c.fingerprint
    if (c.isCa) refuse('VALIDATION', 'trust.certificate_is_ca', { subject: c.subject }, `certificate: ${c.subject} is a CA certificate, not a party's encryption certificate`)
    // Documents to the party are encrypted to this key (R14.2): it must be one a file could be encrypted to now.
    refuseUnfitRecipient(c, ctx.now, (problem) => `certificate: ${c.subject} ${problem}`)
    // Nor to a key its CA has revoked.
    const revoked = this.trust.store().revocationOf(c, new Date(ctx.now))
    if (revoked) refuse('CONFLICT', 'trust.certificate_revoked', { subject: c.subject }, `the certificate ${c.subject} is revoked (${revoked.certificate}: ${revoked.detail})`)
    const known = this.party(c.fingerprint)
    if (known) refuse('CONFLICT', 'trust.party_certificate_known', { party: known.party }, `the certificate is already registered for ${known.party}`)
    this.db
      .prepare('INSERT INTO party_certificates (fingerprint, party, der, subject, not_after, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(c.fingerprint, party, Buffer.from(c.der), c.subject, c.notAfter.getTime(), ctx.now, by)
    return this.party(c.fingerprint)!
  }

  /** The reason is kept in the call's audit record, with its input. */
  removePartyCertificate(ctx: CallContext, fingerprint: string, _reason: string): PartyCertificateView {
    ctx.subject = fingerprint
    const known = this.party(fingerprint) ?? refuse('NOT_FOUND', 'trust.no_party_certificate', { fingerprint }, 'no party certificate has this fingerprint')
    this.db.prepare('DELETE FROM party_certificates WHERE fingerprint = ?').run(fingerprint)
    return known
  }

  private anchor(fingerprint: string): TrustAnchorView | null {
    const row = this.db.prepare('SELECT fingerprint, der, added_at FROM trust_anchors WHERE fingerprint = ?').get(fingerprint) as AnchorRow | undefined
    return row ? anchorView(row) : null
  }

  private party(fingerprint: string): PartyCertificateView | null {
    const row = this.db.prepare('SELECT * FROM party_certificates WHERE fingerprint = ?').get(fingerprint) as PartyRow | undefined
    return row ? partyView(row) : null
  }
}
