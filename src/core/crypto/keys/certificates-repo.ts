import type { Database } from 'better-sqlite3'
import type { BoundCertificate } from '../../api/crypto-types'
import type { KeyAlgorithm } from '../signer'
import { commonNameIn } from '../trust/identity'

export interface BoundCertificateRecord {
  fingerprint: string
  userId: string
  der: Uint8Array
  subject: string
  keyAlgorithm: KeyAlgorithm
  notAfter: number
  /** Encrypted PKCS#8 (PEM) of a demo key; null when the key is on a token. */
  softwareKey: Uint8Array | null
  status: 'active' | 'unbound'
  boundAt: number
  boundBy: string | null
}

interface Row {
  fingerprint: string
  user_id: string
  der: Buffer
  subject: string
  key_algorithm: KeyAlgorithm
  not_after: number
  software_key: Buffer | null
  status: 'active' | 'unbound'
  bound_at: number
  bound_by: string | null
}

const record = (r: Row): BoundCertificateRecord => ({
  fingerprint: r.fingerprint,
  userId: r.user_id,
  der: new Uint8Array(r.der),
  subject: r.subject,
  keyAlgorithm: r.key_algorithm,
  notAfter: r.not_after,
  softwareKey: r.software_key ? new Uint8Array(r.software_key) : null,
  status: r.status,
  boundAt: r.bound_at,
  boundBy: r.bound_by
})

/** Certificates bound to staff (user_certificates): whose key signs and decrypts for whom. */
export class CertificatesRepo {
  constructor(private readonly db: Database) {}

  insert(c: Omit<BoundCertificateRecord, 'status'>): void {
    this.db
      .prepare(
        `INSERT INTO user_certificates (fingerprint, user_id, der, subject, key_algorithm, not_after, software_key, status, bound_at, bound_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`
      )
      .run(c.fingerprint, c.userId, Buffer.from(c.der), c.subject, c.keyAlgorithm, c.notAfter, c.softwareKey ? Buffer.from(c.softwareKey) : null, c.boundAt, c.boundBy)
  }

  get(fingerprint: string): BoundCertificateRecord | null {
    const row = this.db.prepare('SELECT * FROM user_certificates WHERE fingerprint = ?').get(fingerprint) as Row | undefined
    return row ? record(row) : null
  }

  /** The user's active certificates, the one valid longest first (the one a signature uses). */
  activeOf(userId: string): BoundCertificateRecord[] {
    return (this.db.prepare(`SELECT * FROM user_certificates WHERE user_id = ? AND status = 'active' ORDER BY not_after DESC`).all(userId) as Row[]).map(record)
  }

  listOf(userId: string | null): BoundCertificate[] {
    const rows = this.db
      .prepare(
        `SELECT c.*, u.login FROM user_certificates c JOIN users u ON u.id = c.user_id
         WHERE (? IS NULL OR c.user_id = ?) ORDER BY c.status, u.login, c.not_after DESC`
      )
      .all(userId, userId) as (Row & { login: string })[]
    return rows.map((r) => ({
      fingerprint: r.fingerprint,
      userId: r.user_id,
      login: r.login,
      subject: r.subject,
      commonName: commonNameIn(r.subject),
      keyAlgorithm: r.key_algorithm,
      notAfter: r.not_after,
      keyStore: r.software_key ? 'software' : 'token',
      status: r.status,
      boundAt: r.bound_at
    }))
  }

  unbind(fingerprint: string, at: number): void {
    this.db.prepare(`UPDATE user_certificates SET status = 'unbound', unbound_at = ? WHERE fingerprint = ?`).run(at, fingerprint)
  }

  /**
   * The active certificates of a party's staff who may read its documents: what a document to the party is
   * encrypted to (R14.2, R14.5). `users` decides which of them hold the permission.
   */
  activeOfParty(party: string): (BoundCertificateRecord & { roles: string })[] {
    const rows = this.db
      .prepare(
        `SELECT c.*, (SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = u.id) AS roles FROM user_certificates c
         JOIN users u ON u.id = c.user_id
         LEFT JOIN participants p ON p.id = u.participant_id
         WHERE c.status = 'active' AND u.status = 'active'
           AND ((? = 'operator' AND u.kind = 'operator') OR (u.kind = 'participant' AND p.code = ?))`
      )
      .all(party, party) as (Row & { roles: string })[]
    return rows.map((r) => ({ ...record(r), roles: r.roles }))
  }
}
