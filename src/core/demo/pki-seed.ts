// The demo database's signing keys (R14.2 on a machine without tokens): an operator CA the desk trusts, a
// certificate for each member of staff with its key in a file protected by DEMO_PIN, and an encryption
// certificate for the settlement bank, whose staff work outside the desk.
import { generateKeyPairSync } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { iinCheckDigit } from '../domain/identifiers'
import { issueCertificate, keyIdentifier, publicKeyOf, type NameAttribute } from '../crypto/issue/issue-certificate'
import { parseCertificate } from '../crypto/trust/certificate'
import { CertificatesRepo } from '../crypto/keys/certificates-repo'
import { DEMO_PARTICIPANTS, DEMO_USERS } from './seed'

/** The PIN of every demo key (asked in the PIN dialog, like a token's). */
export const DEMO_PIN = '1234'
export const OPERATOR_BIN = '010140000143'
const YEAR = 365 * 24 * 3600_000

/** A valid IIN for the n-th demo person (born 198n, 15th of a month; the check digit computed, not made up). */
function demoIin(n: number): string {
  for (let serial = 1; ; serial++) {
    const first11 = `8${n % 10}0${1 + (n % 9)}153${String(serial).padStart(4, '0')}`
    const check = iinCheckDigit(first11)
    if (check !== null) return `${first11}${check}`
  }
}

export function seedDemoPki(db: Database, now: number): void {
  const caKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
  const caSubject: [NameAttribute, string][] = [['C', 'KZ'], ['O', 'Payment System Operator (demo)'], ['OU', `BIN${OPERATOR_BIN}`], ['CN', 'Operator Demo CA']]
  const caDer = issueCertificate(
    { subject: caSubject, publicKey: publicKeyOf(caKey), notBefore: new Date(now - 24 * 3600_000), notAfter: new Date(now + 10 * YEAR), ca: true, usage: ['keyCertSign', 'cRLSign'] },
    { subject: caSubject, key: caKey, keyId: null }
  )
  const issuer = { subject: caSubject, key: caKey, keyId: keyIdentifier(publicKeyOf(caKey)) }
  const ca = parseCertificate(caDer)
  const certificates = new CertificatesRepo(db)
  const issue = (subject: [NameAttribute, string][], usage: ('digitalSignature' | 'nonRepudiation' | 'keyAgreement')[]) => {
    const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
    const der = issueCertificate({ subject, publicKey: publicKeyOf(key), notBefore: new Date(now - 24 * 3600_000), notAfter: new Date(now + 2 * YEAR), ca: false, usage }, issuer)
    return { key, der, info: parseCertificate(der) }
  }
  db.transaction(() => {
    db.prepare('INSERT INTO trust_anchors (fingerprint, der, subject, not_after, added_at, added_by) VALUES (?, ?, ?, ?, ?, NULL)').run(ca.fingerprint, Buffer.from(caDer), ca.subject, ca.notAfter.getTime(), now)
    DEMO_USERS.forEach((u, n) => {
      const user = db.prepare('SELECT id FROM users WHERE login = ?').get(u.login) as { id: string } | undefined
      if (!user) return
      const org = u.participant ? DEMO_PARTICIPANTS.find((p) => p.code === u.participant)! : null
      const { key, der, info } = issue(
        [['C', 'KZ'], ['O', org ? org.name : 'Payment System Operator (demo)'], ['OU', `BIN${org ? org.bin : OPERATOR_BIN}`], ['CN', u.displayName.replace(/ \(.*\)$/, '')], ['serialNumber', `IIN${demoIin(n)}`]],
        ['digitalSignature', 'nonRepudiation', 'keyAgreement']
      )
      const softwareKey = key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: DEMO_PIN })
      certificates.insert({ fingerprint: info.fingerprint, userId: user.id, der, subject: info.subject, keyAlgorithm: 'EC-P256', notAfter: info.notAfter.getTime(), softwareKey: new TextEncoder().encode(softwareKey as string), boundAt: now, boundBy: null })
    })
    const bank = issue([['C', 'KZ'], ['O', 'Settlement Bank (demo)'], ['CN', 'Settlement Bank documents']], ['keyAgreement'])
    db.prepare('INSERT INTO party_certificates (fingerprint, party, der, subject, not_after, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, NULL)').run(
      bank.info.fingerprint, 'settlement_bank', Buffer.from(bank.der), bank.info.subject, bank.info.notAfter.getTime(), now
    )
  })()
}
