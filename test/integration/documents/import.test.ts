// Documents taken in as files (documents.import): decrypted with the user's key, the signature verified, stored
// only when it holds. Two test workstations seed separate demo PKIs (their own CA and keys), so a file one
// exports cannot be opened by the other; a file "from another desk of the same PKI" is therefore made here with
// the same CMS functions the desk uses, signed by a demo user's key from this database.
import { generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallResult } from '../../../src/core/api/types'
import type { DocumentExport, DocumentRow, OpenedDocument } from '../../../src/core/api/documents-types'
import { decryptCms, envelopeCms, signCms } from '../../../src/core/crypto/cms'
import { issueCertificate, publicKeyOf } from '../../../src/core/crypto/issue/issue-certificate'
import { CertificatesRepo } from '../../../src/core/crypto/keys/certificates-repo'
import { FileSigner } from '../../../src/core/crypto/software/file-signer'
import type { Signer } from '../../../src/core/crypto/signer'
import { DEMO_PIN } from '../../../src/core/demo/pki-seed'
import { encodePackage, PACKAGE_FORMAT, type DocumentPackage } from '../../../src/core/documents/package'
import type { TrustAnchorView } from '../../../src/core/api/types'
import { createTestChain } from '../../support/test-pki'
import { snapshot, T0, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
  for (const login of ['operator', 'kaspi.operator']) ws.signIn(login, login)
})
afterEach(() => ws.dispose())

const certificateOf = (login: string) => {
  const id = ws.db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(login) as string
  return new CertificatesRepo(ws.db).activeOf(id)[0]!
}
const signerOf = (login: string): Signer => {
  const c = certificateOf(login)
  return new FileSigner({ key: c.softwareKey!, certificate: c.der, id: c.fingerprint, askPassphrase: () => Promise.resolve(DEMO_PIN) })
}

const pkg = (change: Partial<DocumentPackage> = {}): DocumentPackage => ({
  format: PACKAGE_FORMAT, number: 'DOC-2026-000777', title: 'Tariff agreement', class: 'strictly_confidential', senderParty: 'operator',
  recipients: ['P001'], createdAt: new Date(T0).toISOString(), body: 'Signed at the other desk', attachments: [], ...change
})

/** A document file as a desk makes it: signed (attached) by `signer`, encrypted to kaspi.operator. */
async function documentFile(content: DocumentPackage, signer: Signer = signerOf('operator')): Promise<string> {
  const signed = await signCms({ content: encodePackage(content), detached: false, signer, signingTime: new Date(T0) })
  return reenvelope(signed)
}
const reenvelope = async (signedData: Uint8Array): Promise<string> =>
  Buffer.from(await envelopeCms({ content: signedData, recipients: [certificateOf('kaspi.operator').der] })).toString('base64')

const importFile = (base64: string, fileName = 'incoming.p7m'): Promise<CallResult<DocumentRow>> => ws.callAsync<DocumentRow>('kaspi.operator', 'documents.import', { fileName, base64 })

describe('documents.import', () => {
  it('takes in a signed, encrypted file addressed to the party, once', async () => {
    const base64 = await documentFile(pkg())
    const r = await importFile(base64)
    expect(r).toMatchObject({ ok: true, value: { number: 'DOC-2026-000777', senderParty: 'operator', recipients: ['P001'], origin: 'imported', class: 'strictly_confidential', createdAt: T0, createdBy: null } })
    if (!r.ok) return
    expect(r.value.signerSubject).toContain('CN=Marat Abenov')
    expect(ws.pinRequests).toMatchObject([{ caller: 'kaspi.operator', purpose: 'decrypt' }])
    const opened = await ws.callAsync<OpenedDocument>('kaspi.operator', 'documents.open', { id: r.value.id })
    expect(opened).toMatchObject({ ok: true, value: { body: 'Signed at the other desk', verification: { valid: true } } })
    expect(ws.ok('kaspi.operator', 'documents.accessLog', { id: r.value.id })).toMatchObject([{ action: 'import', login: 'kaspi.operator', detail: { code: 'text', message: 'incoming.p7m' } }, { action: 'open' }])
    expect(await importFile(base64)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    // A new document numbered here continues after the imported number of the year.
    const sent = await ws.callAsync<DocumentRow>('operator', 'documents.send', { title: 'Next one', body: 'x', recipients: ['P001'] })
    expect(sent).toMatchObject({ ok: true, value: { number: 'DOC-2026-000778' } })
  })

  it.each([
    ['its content changed', 'content_changed', 'trust.verification_content_changed', (sd: Uint8Array) => flipAt(sd, Buffer.from(sd).indexOf('Reconciliation'))],
    // Named with the certificate whose key it does not verify with.
    ['its signature changed', 'signature_invalid', 'trust.signature_not_of_key', (sd: Uint8Array) => flipAt(sd, sd.length - 1)]
  ])('refuses a file whose SignedData had %s, naming the failure, and stores nothing', async (_label, code, rule, alter) => {
    const sent = await ws.callAsync<DocumentRow>('operator', 'documents.send', { title: 'Reconciliation act', body: 'Reconciliation: 1 000 000 KZT', recipients: ['P001'] })
    expect(sent.ok).toBe(true)
    if (!sent.ok) return
    const exported = await ws.callAsync<DocumentExport>('kaspi.operator', 'documents.export', { id: sent.value.id })
    if (!exported.ok) throw new Error(exported.error.message)
    const signedData = await decryptCms({ cms: Buffer.from(exported.value.base64!, 'base64'), signer: signerOf('kaspi.operator') })
    const before = snapshot(ws)
    const r = await importFile(await reenvelope(alter(signedData)))
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(code) } })
    // Each failure is a reason the screens word; its code marks the refusal a signature's (R14.2).
    if (!r.ok) expect(r.error.reasons).toContainEqual({ rule, params: expect.objectContaining({ signatureFailure: code }) })
    expect(snapshot(ws)).toBe(before)
  })

  // «Содержимое изменено после подписания (attachment act.pdf does not match its signed digest)»: which attachment was
  // in the check's English only (R14.2).
  it('refuses a file whose attachment is not the one its signer listed, naming the attachment, and stores nothing', async () => {
    const bytes = Buffer.from('%PDF-1.7 reconciliation')
    const listed = { name: 'act.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: 'ab'.repeat(32), base64: bytes.toString('base64') }
    const before = snapshot(ws)
    const r = await importFile(await documentFile(pkg({ attachments: [listed] })))
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: ['content_changed: attachment act.pdf does not match its signed digest'],
        reasons: [{ rule: 'documents.attachment_changed', params: { attachment: 'act.pdf', signatureFailure: 'content_changed' } }]
      }
    })
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses a signature by a key the desk does not trust', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
    const subject = [['C', 'KZ'], ['CN', 'Stranger']] as const
    const der = issueCertificate({ subject, publicKey: publicKeyOf(key), notBefore: new Date(T0 - 86_400_000), notAfter: new Date(T0 + 86_400_000 * 365), ca: false, usage: ['digitalSignature'] }, { subject, key, keyId: null })
    const stranger = new FileSigner({ key: new TextEncoder().encode(key.export({ type: 'pkcs8', format: 'pem' }) as string), certificate: der, id: 'stranger' })
    const before = snapshot(ws)
    expect(await importFile(await documentFile(pkg(), stranger))).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('untrusted_chain') } })
    expect(snapshot(ws)).toBe(before)
  })

  // The refusal said «Certificate … (CN=…: basicConstraints cA is not set)», the check's English: now the CA that may not
  // issue and why, as a refused binding says it; the English stays in the lines, for the log (R12.1, R14.2).
  it('refuses a signature under a certificate that is not a CA, naming it and why, and stores nothing', async () => {
    ws.signIn('admin', 'admin')
    const chain = await createTestChain(new Date(T0), 'Posing', { sub: { ca: false } })
    ws.ok('admin', 'trust.addAnchors', { certificates: chain.root.pem })
    const signed = await signCms({ content: encodePackage(pkg()), detached: false, signer: chain.leaf.signer, chain: [chain.sub.der], signingTime: new Date(T0) })
    const before = snapshot(ws)
    expect(await importFile(await reenvelope(signed))).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: expect.stringContaining('(invalid_ca)'),
        details: ['invalid_ca: CN=Posing Sub CA, C=KZ: basicConstraints cA is not set'],
        reasons: [{ rule: 'trust.chain_invalid_ca', params: { chainFailure: 'invalid_ca', certificate: 'CN=Posing Sub CA, C=KZ', caProblem: 'not_ca' } }]
      }
    })
    expect(snapshot(ws)).toBe(before)
  })

  // A document whose CA is no longer trusted opens with its report saying so: the report named the failure with the
  // check's English beneath («no trusted issuer found for "CN=…"»); each chain failure now carries its reason (R14.2).
  it('opens a document whose CA is no longer trusted with the chain failure as its reason: the certificate and its issuer', async () => {
    ws.signIn('admin', 'admin')
    const chain = await createTestChain(new Date(T0), 'Former', {})
    const [root] = ws.ok<TrustAnchorView[]>('admin', 'trust.addAnchors', { certificates: chain.root.pem })
    const signed = await signCms({ content: encodePackage(pkg()), detached: false, signer: chain.leaf.signer, chain: [chain.sub.der], signingTime: new Date(T0) })
    const imported = await importFile(await reenvelope(signed))
    if (!imported.ok) throw new Error(imported.error.message)
    ws.ok('admin', 'trust.removeAnchor', { fingerprint: root!.fingerprint, reason: 'CA key compromised' })
    const opened = await ws.callAsync<OpenedDocument>('kaspi.operator', 'documents.open', { id: imported.value.id })
    const failure = {
      code: 'untrusted_chain',
      detail: 'CN=Former Sub CA, C=KZ: no trusted issuer found for "CN=Former Root CA, C=KZ"',
      reason: { rule: 'trust.chain_untrusted_chain', params: { chainFailure: 'untrusted_chain', certificate: 'CN=Former Sub CA, C=KZ', issuer: 'CN=Former Root CA, C=KZ' } }
    }
    expect(opened).toMatchObject({ ok: true, value: { verification: { valid: false, failures: [failure], signers: [{ failures: [failure] }] } } })
  })

  // A validly signed file holding no document showed «the document cannot be read: the signed content is not a document (…)»
  // in English: now by its rule, worded kk/ru/en, the English kept in the lines for the log (R14.2).
  it.each([
    ['text that is not a document', 'Акт сверки за ноябрь', /^the signed content is not a document/],
    ['JSON of another format', JSON.stringify({ format: 'invoice/1', number: 7 }), /^the signed content is not a .* document/]
  ])('refuses a validly signed file holding %s, by its rule, and stores nothing', async (_label, content, detail) => {
    const signed = await signCms({ content: new TextEncoder().encode(content), detached: false, signer: signerOf('operator'), signingTime: new Date(T0) })
    const before = snapshot(ws)
    const r = await importFile(await reenvelope(signed))
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', reasons: [{ rule: 'documents.not_a_document', params: {} }], details: [expect.stringMatching(detail)] } })
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses a file addressed to another party, one whose number is already here, and one that is not an envelope', async () => {
    const before = snapshot(ws)
    expect(await importFile(await documentFile(pkg({ recipients: ['P002'] })))).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('not to your party') } })
    expect(await importFile(Buffer.from('not a CMS file').toString('base64'))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(snapshot(ws)).toBe(before)
    expect(await importFile(await documentFile(pkg()))).toMatchObject({ ok: true })
    expect(await importFile(await documentFile(pkg({ body: 'another copy' })))).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('DOC-2026-000777') } })
  })
})

function flipAt(bytes: Uint8Array, at: number): Uint8Array {
  expect(at).toBeGreaterThanOrEqual(0)
  const changed = new Uint8Array(bytes)
  changed[at]! ^= 0x01
  return changed
}
