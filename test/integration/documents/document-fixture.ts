// A confidential document ready in a test database, for a test whose fixture is synchronous (the generated
// dispatcher contract test). Signing is asynchronous and each test workstation seeds its own demo keys, so:
// the signed contents are made once, when this module loads (top-level await), by a fixture signer under a
// fixture CA; each database then trusts that CA and gets the document encrypted to its own 'operator'
// certificate by `openssl cms -encrypt` (synchronous, and an envelope the desk must read anyway).
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { signCms } from '../../../src/core/crypto/cms'
import { issueCertificate, keyIdentifier, publicKeyOf, type NameAttribute } from '../../../src/core/crypto/issue/issue-certificate'
import { CertificatesRepo } from '../../../src/core/crypto/keys/certificates-repo'
import { FileSigner } from '../../../src/core/crypto/software/file-signer'
import { parseCertificate } from '../../../src/core/crypto/trust/certificate'
import { toPem } from '../../../src/core/crypto/trust/pem'
import { DocumentAccessLog } from '../../../src/core/documents/access-log'
import { DocumentsRepo } from '../../../src/core/documents/documents-repo'
import { sha256Hex } from '../../../src/core/domain/digest'
import { contentSize, encodePackage, PACKAGE_FORMAT, type DocumentPackage } from '../../../src/core/documents/package'
import { T0 } from '../../support/workstation'

const DAY = 86_400_000
const caKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
const caSubject: [NameAttribute, string][] = [['C', 'KZ'], ['O', 'Contract fixture'], ['CN', 'Fixture Documents CA']]
const caDer = issueCertificate({ subject: caSubject, publicKey: publicKeyOf(caKey), notBefore: new Date(T0 - DAY), notAfter: new Date(T0 + 3650 * DAY), ca: true, usage: ['keyCertSign', 'cRLSign'] }, { subject: caSubject, key: caKey, keyId: null })
const ca = parseCertificate(caDer)

const signerKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
const signerDer = issueCertificate(
  { subject: [['C', 'KZ'], ['O', 'Kaspi Bank JSC'], ['CN', 'Asel Omarova']], publicKey: publicKeyOf(signerKey), notBefore: new Date(T0 - DAY), notAfter: new Date(T0 + 730 * DAY), ca: false, usage: ['digitalSignature', 'nonRepudiation'] },
  { subject: caSubject, key: caKey, keyId: keyIdentifier(publicKeyOf(caKey)) }
)
const signer = new FileSigner({ key: new TextEncoder().encode(signerKey.export({ type: 'pkcs8', format: 'pem' }) as string), certificate: signerDer, id: 'fixture signer' })
const signerInfo = parseCertificate(signerDer)

const attachment = Buffer.from('Reconciliation, November: 1 000 000.00 KZT')
/** A document P001 sends to the operator. */
const documentOf = (number: string): DocumentPackage => ({
  format: PACKAGE_FORMAT, number, title: 'Reconciliation act', class: 'confidential', senderParty: 'P001', recipients: ['operator'],
  createdAt: new Date(T0).toISOString(), body: 'Please confirm the reconciliation act.',
  attachments: [{ name: 'act.txt', mediaType: 'text/plain', size: attachment.length, sha256: sha256Hex(attachment), base64: attachment.toString('base64') }]
})
const signed = async (p: DocumentPackage): Promise<Uint8Array> => signCms({ content: encodePackage(p), detached: false, signer, signingTime: new Date(T0) })

const stored = documentOf('DOC-2026-000001')
const storedSignedData = await signed(stored)
const importable = documentOf('DOC-2026-000900')
const importableSignedData = await signed(importable)

export interface DocumentFixture {
  /** The stored document's id: from P001 to the operator, readable by 'operator'. */
  id: string
  /** A document file to the operator that is not in the database yet (made when first asked: no database change). */
  importable: () => { fileName: string; base64: string }
}

/** Trusts the fixture CA and stores the document, encrypted to the certificate 'operator' decrypts with now. */
export function installDocumentFixture(db: Database, dir: string): DocumentFixture {
  const userId = (login: string): string => db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(login) as string
  const [operatorCertificate] = new CertificatesRepo(db).activeOf(userId('operator'))
  const certificatePath = join(dir, 'fixture-operator.pem')
  writeFileSync(certificatePath, toPem(operatorCertificate!.der, 'CERTIFICATE'))
  const envelope = (signedData: Uint8Array, name: string): Uint8Array => {
    writeFileSync(join(dir, `${name}.p7s`), signedData)
    execFileSync('openssl', ['cms', '-encrypt', '-aes256', '-binary', '-in', join(dir, `${name}.p7s`), '-recip', certificatePath, '-outform', 'DER', '-out', join(dir, `${name}.p7m`)])
    return new Uint8Array(readFileSync(join(dir, `${name}.p7m`)))
  }
  const storedEnvelope = envelope(storedSignedData, stored.number)
  const id = '01KF1XTVREDCC0NF1DENT1A100'
  const sender = { id: userId('kaspi.operator'), login: 'kaspi.operator', party: 'P001' }
  db.transaction(() => {
    db.prepare('INSERT INTO trust_anchors (fingerprint, der, subject, not_after, added_at, added_by) VALUES (?, ?, ?, ?, ?, NULL)').run(ca.fingerprint, Buffer.from(caDer), ca.subject, ca.notAfter.getTime(), T0)
    new DocumentsRepo(db).insert({
      id, number: stored.number, senderParty: 'P001', createdBy: sender.id, createdAt: T0, title: stored.title, class: stored.class,
      envelope: storedEnvelope, envelopeSha256: sha256Hex(storedEnvelope), signerFingerprint: signerInfo.fingerprint, signerSubject: signerInfo.subject,
      attachmentCount: 1, size: contentSize(stored), origin: 'composed', forwardedFrom: null, consentId: null, recipients: ['operator']
    })
    new DocumentAccessLog(db).record(id, sender, 'send', null, T0)
  })()
  let file: { fileName: string; base64: string } | null = null
  return {
    id,
    importable: () => (file ??= { fileName: `${importable.number}.p7m`, base64: Buffer.from(envelope(importableSignedData, importable.number)).toString('base64') })
  }
}
