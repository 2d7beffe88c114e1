// Generated from the call contract: every call gets the same refusals, so a new call cannot skip them.
import { execFileSync } from 'node:child_process'
import BetterSqlite3 from 'better-sqlite3'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { contract } from '../../../src/core/api/contract'
import { CALL_NAMES, type CallName } from '../../../src/core/api/names'
import type { Account, Instrument, OperationsPage, Participant, Terminal, UserRow } from '../../../src/core/api/types'
import { DEMO_USERS } from '../../../src/core/demo/seed'
import { ROLES, rolesWith, type Role } from '../../../src/core/security/roles'
import { auditCount, snapshot, T0, TEST_COST, testWorkstation, type TestWorkstation } from '../../support/workstation'
import { breakGlassReset } from '../../../src/core/security/break-glass'
import { toPem } from '../../../src/core/crypto/trust/pem'
import { createSoftHsm, softHsmMissing, type SoftHsm } from '../../support/softhsm'
import { createTestPki, type TestPki } from '../../support/test-pki'
import { installDocumentFixture, type DocumentFixture } from '../documents/document-fixture'
import { caseAwaitingDecision, certificatePem, importableBundle } from '../disputes/bundle-fixture'
import { writeCamt056 } from '../../../src/core/messages/iso/camt056'

// crypto.* and trust.*: a test PKI whose root every fixture trusts, and a SoftHSM2 token for crypto.generateKey.
let pki: TestPki
let hsm: SoftHsm | null = null
let tokenSlot = 0
beforeAll(async () => {
  pki = await createTestPki(new Date(T0))
  if (softHsmMissing()) return
  hsm = createSoftHsm()
  tokenSlot = Number(/^Slot (\d+)$/m.exec(execFileSync('softhsm2-util', ['--show-slots'], { encoding: 'utf8' }))![1])
}, 60_000)
beforeAll(async () => {
  template = await buildTemplate()
}, 60_000)
afterAll(() => {
  hsm?.cleanup()
  if (template) rmSync(template.dir, { recursive: true, force: true })
})

interface Fixture {
  ws: TestWorkstation
  /** Cases filed by Kaspi against the Kaspi–Halyk operation, one in each state a disputes.* call acts on. */
  cases: { application: string; review: string; awaiting: string; decided: string; evidenceId: number }
  kaspi: string
  halyk: string
  operatorId: string
  newcomerId: string
  approvalId: string
  /** A break-glass reset of third.admin's password, made at the command line: admin is told of it. */
  breakGlassId: string
  certifiedTerminal: string
  uncertifiedTerminal: string
  clientId: string
  accountId: string
  ibans: string[]
  instrumentId: string
  operationSeq: number
  /** The demo's cleared day (yesterday) and four later cleared days, one per settlement state to act on. */
  days: { computed: string; submitted: string; approved: string; instructed: string; confirmed: string }
  failedDay: string
  messageFileId: number
  /** A document in the workstation's folder; its signature (openssl, test PKI) and an envelope to operator, made when asked. */
  document: { path: string; signature: () => string; envelope: () => string }
  /** documents.*: a document from P001 to the operator, and a file of another one to import. */
  documents: DocumentFixture
  /** A backup of the template's database, for backups.verify. */
  backup: string
}

/** The fixture's data, made once: every test opens its own copy of the database it was made in. */
type Template = Omit<Fixture, 'ws' | 'document'> & { dir: string; now: number }
let template: Template

async function buildTemplate(): Promise<Template> {
  const ws = testWorkstation(hsm ? { pkcs11Module: hsm.module } : {})
  ws.signIn('setup', 'admin')
  ws.ok('setup', 'trust.addAnchors', { certificates: pki.root.pem })
  const participants = ws.ok<Participant[]>('setup', 'participants.list')
  const users = ws.ok<UserRow[]>('setup', 'users.list', {})
  const byLogin = (l: string) => users.find((u) => u.login === l)!.id
  const pending = ws.ok<{ status: string; approvalId: string }>('setup', 'users.create', {
    login: 'second.admin', displayName: 'Second Admin', kind: 'operator', roles: ['administrator']
  })
  const third = ws.ok<{ approvalId: string }>('setup', 'users.create', { login: 'third.admin', displayName: 'Third Admin', kind: 'operator', roles: ['administrator'] })
  ws.signIn('checker', 'admin2')
  ws.ok('checker', 'approvals.approve', { approvalId: third.approvalId })
  ws.ok('checker', 'session.signOut')
  ws.ok('setup', 'session.signOut')
  ws.signIn('setup', 'operator')
  const terminals = ws.ok<Terminal[]>('setup', 'terminals.list', {})
  const accounts = ws.ok<Account[]>('setup', 'accounts.list', { kind: 'client', participantId: participants.find((p) => p.code === 'P001')!.id })
  const instruments = ws.ok<Instrument[]>('setup', 'instruments.list', { clientId: accounts[0]!.clientId! })
  const kaspiId = participants.find((p) => p.code === 'P001')!.id
  const halykId = participants.find((p) => p.code === 'P002')!.id
  const page = ws.ok<OperationsPage>('setup', 'operations.list', { status: 'accepted', participantId: kaspiId, limit: 500 })
  // An operation between Kaspi and Halyk: both banks' staff may open it.
  const shared = page.rows.find((r) => [r.issuerId, r.acquirerId, r.payeeParticipantId].includes(halykId))!
  ws.ok('setup', 'session.signOut')
  // Four more days pass and close (each cleared, empty); each settlement is moved to the state its call acts on.
  for (let i = 0; i < 4; i++) {
    ws.clock.advance(24 * 3600_000)
    ws.closer.tick()
  }
  const [confirmed, computed, submitted, approved, instructed] = ['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']
  ws.signIn('maker', 'clearing2')
  ws.signIn('checker', 'clearing')
  for (const d of [submitted, approved, instructed, confirmed]) ws.ok('maker', 'settlement.submit', { day: d })
  for (const d of [approved, instructed, confirmed]) ws.ok('checker', 'settlement.approve', { day: d })
  for (const d of [instructed, confirmed]) ws.ok('checker', 'settlement.instruct', { day: d })
  ws.ok('checker', 'settlement.confirm', { day: confirmed, bankReference: 'SB-0001' })
  ws.ok('maker', 'session.signOut')
  ws.ok('checker', 'session.signOut')
  const failedDay = '2026-11-01'
  ws.db.prepare(`INSERT INTO operational_days (day, state, opened_at, closed_at, close_kind, failure) VALUES (?, 'failed', ?, ?, 'catch_up', 'disk full')`).run(failedDay, T0, T0)
  const messageFileId = Number(
    ws.db.prepare(`INSERT INTO message_files (direction, party, format, file_name, sha256, bytes, status, source, received_at) VALUES ('in', 'P001', 'unknown', 'x.xml', 'x', 1, 'refused', 'cli', ?)`).run(T0).lastInsertRowid
  )
  const documentPath = join(ws.dir, 'document.txt')
  writeFileSync(documentPath, 'Reconciliation act 2026-11-23\n')
  const documents = installDocumentFixture(ws.db, ws.dir)
  ws.signIn('applicant', 'kaspi.operator')
  ws.signIn('analyst', 'disputes')
  const fileCase = (): string =>
    ws.ok<{ id: string }>('applicant', 'disputes.file', {
      operationSeq: shared.seq, reason: 'FRAD', amount: '1.00', description: 'contract fixture: a card-not-present claim',
      evidence: [{ kind: 'receipt', name: 'receipt.txt', mediaType: 'text/plain', base64: Buffer.from('receipt').toString('base64') }]
    }).id
  const cases = { application: fileCase(), review: fileCase(), awaiting: fileCase(), decided: fileCase(), evidenceId: 1 }
  for (const id of [cases.review, cases.awaiting, cases.decided]) ws.ok('analyst', 'disputes.take', { id })
  ws.ok('analyst', 'disputes.requestInformation', { id: cases.awaiting, from: 'applicant', question: 'Please send the client’s written claim' })
  // A rejection within its appeal period; the signed decision itself is not needed by the calls that act on it.
  ws.db.prepare(`UPDATE disputes SET stage = 'decision', status = 'rejected', appeal_by = ? WHERE id = ?`).run(ws.clock.now() + 10 * 24 * 3600_000, cases.decided)
  ws.ok('applicant', 'session.signOut')
  ws.ok('analyst', 'session.signOut')
  ws.signIn('setup', 'admin')
  const backup = await ws.callAsync<{ name: string }>('setup', 'backups.create', {})
  if (!backup.ok) throw new Error(`backups.create failed: ${backup.error.message}`)
  ws.ok('setup', 'session.signOut')
  const data = {
    backup: backup.value.name,
    dir: ws.dir,
    now: ws.clock.now(),
    cases,
    documents,
    days: { computed, submitted, approved, instructed, confirmed },
    failedDay,
    messageFileId,
    clientId: accounts[0]!.clientId!,
    accountId: accounts[0]!.id,
    ibans: accounts.map((a) => a.iban),
    instrumentId: instruments[0]!.id,
    operationSeq: shared.seq,
    certifiedTerminal: terminals.find((t) => t.certifiedAt !== null)!.id,
    uncertifiedTerminal: terminals.find((t) => t.certifiedAt === null)!.id,
    kaspi: participants.find((p) => p.code === 'P001')!.id,
    halyk: participants.find((p) => p.code === 'P002')!.id,
    operatorId: byLogin('operator'),
    newcomerId: byLogin('newcomer'),
    approvalId: pending.approvalId
  }
  ws.close()
  const dbPath = join(ws.dir, 'ws.db')
  breakGlassReset({ dbPath, login: 'third.admin', clock: ws.clock, actor: 'os:contract', cost: TEST_COST })
  const db = new BetterSqlite3(dbPath, { readonly: true })
  const breakGlassId = db.prepare('SELECT id FROM break_glass_resets').pluck().get() as string
  db.close()
  return { ...data, breakGlassId }
}

/** A fresh copy of the template's database and files, at the template's time, for one test. */
function fixture(): Fixture {
  const { dir, now, ...data } = template
  const ws = testWorkstation({ ...(hsm ? { pkcs11Module: hsm.module } : {}), copyOf: { dir, now } })
  const documentPath = join(ws.dir, 'document.txt')
  const made = (name: string, make: (out: string) => void): string => {
    const out = join(ws.dir, name)
    if (!existsSync(out)) make(out)
    return out
  }
  const document = {
    path: documentPath,
    signature: () => made('document.openssl.p7s', (out) => execFileSync('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-in', documentPath, '-signer', pki.rsa.certPath, '-inkey', pki.rsa.keyPath, '-out', out])),
    envelope: () =>
      made('to-operator.p7e', (out) => {
        const der = ws.db.prepare(`SELECT c.der FROM user_certificates c JOIN users u ON u.id = c.user_id WHERE u.login = 'operator'`).pluck().get() as Buffer
        const certificate = made('operator.pem', (pem) => writeFileSync(pem, toPem(new Uint8Array(der), 'CERTIFICATE')))
        execFileSync('openssl', ['cms', '-encrypt', '-aes256', '-binary', '-in', documentPath, '-recip', certificate, '-outform', 'DER', '-out', out])
      })
  }
  return { ...data, ws, document }
}

/** A valid input for every call (the compiler insists on one per call). */
const EXAMPLES: { [N in CallName]: (f: Fixture) => unknown } = {
  'session.state': () => ({}),
  'session.signIn': () => ({ login: 'operator', password: 'Qazaq#Demo2026' }),
  'session.changePassword': () => ({ currentPassword: 'Qazaq#Demo2026', newPassword: 'Fresh#Password2027' }),
  'session.unlock': () => ({ password: 'Qazaq#Demo2026' }),
  'session.signOut': () => ({}),
  'session.heartbeat': () => ({}),
  'session.setLocale': () => ({ locale: 'en' }),
  'users.list': (f) => ({ participantId: f.kaspi }),
  'users.create': (f) => ({ login: 'new.teller', displayName: 'New Teller', kind: 'participant', participantId: f.kaspi, roles: ['participant_viewer'] }),
  'users.block': (f) => ({ userId: f.operatorId, reason: 'left the bank' }),
  'users.unblock': (f) => ({ userId: f.operatorId }),
  'users.resetPassword': (f) => ({ userId: f.operatorId }),
  'users.setRoles': (f) => ({ userId: f.operatorId, roles: ['clearing_officer'] }),
  'users.breakGlassNotices': () => ({}),
  'users.acknowledgeBreakGlass': (f) => ({ resetId: f.breakGlassId }),
  'approvals.list': () => ({ status: 'pending' }),
  'approvals.approve': (f) => ({ approvalId: f.approvalId }),
  'approvals.reject': (f) => ({ approvalId: f.approvalId, reason: 'not needed' }),
  'audit.list': () => ({ limit: 10 }),
  'audit.verify': () => ({}),
  'settings.get': () => ({}),
  'settings.update': () => ({ inactivityMinutes: 10 }),
  'backups.list': () => ({}),
  'backups.storage': () => ({}),
  'backups.create': () => ({}),
  'backups.verify': (f) => ({ name: f.backup }),
  'participants.list': () => ({}),
  'participants.create': () => ({ name: 'Altyn Bank JSC', bic: 'ATYNKZKA', bin: '100840001116', issuer: true, acquirer: false }),
  'participants.update': (f) => ({ participantId: f.halyk, name: 'Halyk Bank JSC', issuer: true, acquirer: true }),
  'participants.setStatus': (f) => ({ participantId: f.halyk, status: 'suspended', reason: 'AML review' }),
  'participants.history': (f) => ({ participantId: f.halyk }),
  'terminals.list': (f) => ({ acquirerId: f.kaspi }),
  'terminals.create': (f) => ({ acquirerId: f.kaspi, kind: 'pos', serial: 'POS-NEW-0001', address: 'Almaty, Dostyk Ave 1' }),
  'terminals.update': (f) => ({ terminalId: f.certifiedTerminal, kind: 'atm', address: 'Almaty, Satpaev St 30' }),
  'terminals.certify': (f) => ({ terminalId: f.uncertifiedTerminal, certificateRef: 'CERT-2026-001' }),
  'terminals.setStatus': (f) => ({ terminalId: f.certifiedTerminal, status: 'blocked' }),
  'terminals.issueKey': (f) => ({ terminalId: f.certifiedTerminal }),
  'clients.list': () => ({ query: 'a', limit: 20 }),
  'clients.create': () => ({ iin: '061211600012', name: 'Aibek Tulegenov' }),
  'clients.update': (f) => ({ clientId: f.clientId, name: 'Aigerim Nurlanovna Sadykova' }),
  'accounts.list': (f) => ({ participantId: f.kaspi }),
  'accounts.open': (f) => ({ clientId: f.clientId, participantId: f.kaspi, currency: 'EUR', limitDaily: '10000.00' }),
  'accounts.setLimits': (f) => ({ accountId: f.accountId, limitPerOp: '50000', limitDaily: null }),
  'accounts.setStatus': (f) => ({ accountId: f.accountId, status: 'blocked', reason: 'court order' }),
  'instruments.list': (f) => ({ issuerId: f.kaspi }),
  'instruments.issue': (f) => ({ kind: 'card', accountId: f.accountId, holderName: 'AIGERIM NURLANOVNA', expiry: '2030-12' }),
  'instruments.setStatus': (f) => ({ instrumentId: f.instrumentId, status: 'blocked', reason: 'reported lost' }),
  'instruments.qr': (f) => ({ instrumentId: f.instrumentId }),
  'rates.list': () => ({ base: 'USD' }),
  'rates.set': (f) => ({ base: 'USD', quote: 'KZT', rate: '515.10', effectiveFrom: f.ws.clock.now() + 3600_000 }),
  'operations.list': (f) => ({ participantId: f.kaspi, limit: 20 }),
  'operations.feed': (f) => ({ participantId: f.kaspi, afterSeq: 0 }),
  'operations.get': (f) => ({ seq: f.operationSeq }),
  'operations.submit': (f) => ({ requestId: 'contract-1', type: 'transfer', channel: 'app', payer: { iban: f.ibans[0] }, payee: { iban: f.ibans[1] }, amount: '10.00', currency: 'KZT' }),
  'operations.complete': (f) => ({ seq: f.operationSeq, requestId: 'contract-complete' }),
  'operations.reverse': (f) => ({ seq: f.operationSeq, reason: 'customer dispute', requestId: 'contract-reverse' }),
  'operations.stats': () => ({}),
  'ledger.verify': () => ({}),
  'opday.overview': () => ({}),
  'opday.list': () => ({ limit: 10 }),
  'opday.close': () => ({ reason: 'the settlement bank closes early today' }),
  'opday.retry': (f) => ({ day: f.failedDay }),
  'clearing.result': (f) => ({ day: f.days.confirmed }),
  'clearing.cellOperations': (f) => ({ day: f.days.confirmed, payer: 'P001', payee: 'P002' }),
  'settlement.submit': (f) => ({ day: f.days.computed }),
  'settlement.approve': (f) => ({ day: f.days.submitted }),
  'settlement.instruct': (f) => ({ day: f.days.approved }),
  'settlement.confirm': (f) => ({ day: f.days.instructed, bankReference: 'SB-2026-0001' }),
  'settlement.finalize': (f) => ({ day: f.days.confirmed }),
  'settlement.funds': () => ({}),
  'settlement.setFunds': (f) => ({ participantId: f.halyk, currency: 'KZT', settlement: '1000000.00', current: '0', insurance: '5000.00' }),
  'settlement.setModel': (f) => ({ participantId: f.halyk, model: 'gross' }),
  'fees.tariffs': () => ({}),
  'fees.setTariff': (f) => ({ participantId: f.kaspi, payerRole: 'issuer', type: 'transfer', channel: 'app', currency: 'KZT', fixed: '0', percentBp: 15, min: '10.00', max: '1000.00', effectiveFrom: '2026-12-01' }),
  'fees.day': (f) => ({ day: f.days.confirmed }),
  'reports.clearing': (f) => ({ day: f.days.confirmed, participantId: f.kaspi, format: 'csv' }),
  'reports.statement': (f) => ({ day: f.days.confirmed, participantId: f.kaspi, format: 'pdf' }),
  'reports.regulatory': () => ({ from: '2026-11-22', to: '2026-11-26', format: 'csv' }),
  'messages.validate': () => ({ path: join(process.cwd(), 'build/iso20022/xsd/SOURCES.txt') }),
  'messages.import': () => ({ path: join(process.cwd(), 'build/iso20022/xsd/SOURCES.txt'), participantCode: 'P001' }),
  'messages.upload': () => ({ fileName: 'note.xml', base64: Buffer.from('<note/>').toString('base64'), participantCode: 'P001' }),
  'messages.export': (f) => ({ type: 'camt.053.001.08', participantCode: 'P001', day: f.days.confirmed }),
  'messages.list': () => ({ direction: 'in' }),
  'messages.get': (f) => ({ id: f.messageFileId }),
  'messages.status': (f) => ({ id: f.messageFileId }),
  'crypto.tokens': () => ({}),
  // crypto.*, trust.*: filled by the crypto services' work
  'crypto.signFile': (f) => ({ path: f.document.path, out: join(f.ws.dir, 'document.p7s'), detached: true }),
  'crypto.verifyFile': (f) => ({ path: f.document.path, signature: f.document.signature() }),
  'crypto.encryptFile': (f) => ({ path: f.document.path, out: join(f.ws.dir, 'document.p7e'), recipients: [pki.rsa.certPath, pki.ec.certPath] }),
  'crypto.decryptFile': (f) => ({ path: f.document.envelope(), out: join(f.ws.dir, 'document.opened.txt') }),
  'crypto.certificates': () => ({}),
  'crypto.bindCertificate': () => ({ certificate: pki.rsa.pem }),
  // A .p12 of the test PKI's RSA key; its passphrase is the one the test PIN dialog answers with (DEMO_PIN).
  'crypto.importKeyFile': (f) => {
    const p12 = join(f.ws.dir, 'rsa.p12')
    if (!existsSync(p12)) execFileSync('openssl', ['pkcs12', '-export', '-inkey', pki.rsa.keyPath, '-in', pki.rsa.certPath, '-certfile', pki.rootPath, '-passout', 'pass:1234', '-out', p12])
    return { fileName: 'rsa.p12', base64: readFileSync(p12).toString('base64') }
  },
  'crypto.unbindCertificate': (f) => ({ fingerprint: f.ws.db.prepare('SELECT fingerprint FROM user_certificates WHERE user_id = ?').pluck().get(f.operatorId), reason: 'token lost' }),
  // Needs a token: the SoftHSM2 one made for this file.
  'crypto.generateKey': () => ({ slot: tokenSlot, label: 'contract key', algorithm: 'EC-P256', commonName: 'Marat Abenov' }),
  'crypto.exportCertificate': () => ({}),
  'trust.list': () => ({}),
  'trust.addAnchors': () => ({ certificates: pki.foreignRoot.pem }),
  'trust.removeAnchor': (f) => ({ fingerprint: f.ws.db.prepare(`SELECT fingerprint FROM trust_anchors WHERE subject LIKE '%Operator Demo CA%'`).pluck().get(), reason: 'CA replaced' }),
  'trust.addCrl': () => ({ crl: pki.crlPem }),
  'trust.addPartyCertificate': () => ({ party: 'P001', certificate: pki.ec.pem }),
  'trust.removePartyCertificate': (f) => ({ fingerprint: f.ws.db.prepare(`SELECT fingerprint FROM party_certificates WHERE party = 'settlement_bank'`).pluck().get(), reason: 'certificate replaced' }),
  // documents.*: the fixture's document is from P001 to the operator, so 'operator' opens and forwards it.
  'documents.parties': () => ({}),
  'documents.list': () => ({ box: 'inbox' }),
  'documents.send': () => ({ title: 'Tariff notice', body: 'New tariffs from 1 December.', recipients: ['P001'], attachments: [{ name: 'tariffs.csv', mediaType: 'text/csv', base64: Buffer.from('type;fee\ntransfer;0.15%\n').toString('base64') }] }),
  'documents.open': (f) => ({ id: f.documents.id }),
  'documents.download': (f) => ({ id: f.documents.id, index: 0 }),
  'documents.forward': (f) => ({ id: f.documents.id, party: 'P002', consent: { grantedBy: 'P001', reference: 'CONSENT-2026-7', grantedOn: '2026-11-20' } }),
  'documents.export': (f) => ({ id: f.documents.id }),
  'documents.import': (f) => f.documents.importable(),
  'disputes.addFinding': (f) => ({ id: caseAwaitingDecision(f.ws.db), text: 'The terminal log shows the card present' }),
  'disputes.exportBundle': (f) => ({ id: caseAwaitingDecision(f.ws.db), recipientCertificate: certificatePem(f.ws.db, 'disputes') }),
  // A case signed by and encrypted to the analyst's own demo key with openssl (synchronous; nothing written to the database).
  'disputes.importBundle': (f) => importableBundle(f.ws.db, f.ws.dir, 'disputes', f.ws.clock.now()),
  'documents.accessLog': (f) => ({ id: f.documents.id }),
  'disputes.list': () => ({}),
  'disputes.get': (f) => ({ id: f.cases.review }),
  'disputes.file': (f) => ({ operationSeq: f.operationSeq, reason: 'DUPL', amount: '1.00', description: 'The client was charged twice for one purchase' }),
  'disputes.importMessage': (f) => ({
    fileName: 'camt056.xml',
    participantCode: 'P001',
    base64: Buffer.from(
      writeCamt056({
        assignmentId: 'KASPI-CXL-0001', createdAt: f.ws.clock.now(), assignerBic: 'CASPKZKA', assigneeBic: 'HSBKKZKX', caseId: 'KASPI-CASE-1', creatorBic: 'CASPKZKA',
        transactions: [{ cancellationId: 'CXL-1', originalMessageId: `OP-${f.operationSeq}`, originalEndToEndId: 'unknown', originalTxId: `OP-${f.operationSeq}`, amountMinor: 100, currency: 'KZT', reason: 'DUPL', info: 'charged twice' }]
      })
    ).toString('base64')
  }),
  'disputes.take': (f) => ({ id: f.cases.application }),
  'disputes.requestInformation': (f) => ({ id: f.cases.review, from: 'respondent', question: 'Please send the beneficiary’s statement' }),
  'disputes.answer': (f) => ({ id: f.cases.awaiting, text: 'The client’s claim is attached', evidence: [{ kind: 'correspondence', name: 'claim.txt', mediaType: 'text/plain', base64: Buffer.from('claim').toString('base64') }] }),
  'disputes.addEvidence': (f) => ({ id: f.cases.review, evidence: { kind: 'statement', name: 'statement.csv', mediaType: 'text/csv', base64: Buffer.from('a;b\n').toString('base64') } }),
  'disputes.evidence': (f) => ({ id: f.cases.application, evidenceId: f.cases.evidenceId }),
  'disputes.decide': (f) => ({ id: f.cases.review, outcome: 'partially_accepted', amount: '0.50', grounds: 'Half of the claim is supported by the receipt' }),
  'disputes.appeal': (f) => ({ id: f.cases.decided, grounds: 'The terminal log contradicts the decision' }),
  'disputes.close': (f) => ({ id: f.cases.decided }),
  'disputes.withdraw': (f) => ({ id: f.cases.application, reason: 'the client found the purchase' }),
  'disputes.terms': () => ({}),
  'disputes.setTerms': () => ({ participantId: null, unit: 'operational', filingDays: 90, answerDays: 7, decisionDays: 20, appealDays: 5 })
}

const ACTING_CALLERS: Partial<Record<CallName, string>> = { 'disputes.addEvidence': 'kaspi.operator' }

/** Prepares a caller who may make the call (right role, right session state) and returns its key. */
function permittedCaller(f: Fixture, name: CallName): string {
  const spec = contract[name]
  if (spec.states === 'public') return 'anon'
  const role: Role = spec.permission ? rolesWith(spec.permission)[0]! : 'operations_officer'
  // Where the permission admits readers but the service lets only a case's parties act, a party calls.
  const login = ACTING_CALLERS[name] ?? DEMO_USERS.find((u) => u.roles.includes(role) && !u.oneTime)!.login
  // admin2 approves what admin made: the maker may not check.
  const caller = name.startsWith('approvals.') ? 'admin2' : login
  f.ws.signIn(caller, name.startsWith('approvals.') ? 'admin2' : login)
  if (spec.states.includes('active')) {
    if (name === 'users.unblock') f.ws.ok(caller, 'users.block', { userId: f.operatorId, reason: 'setup' })
    return caller
  }
  // Only unlock works in a locked session alone: let the inactivity limit lock it.
  f.ws.clock.advance(16 * 60_000)
  expect(f.ws.ok<{ status: string }>(caller, 'session.state').status).toBe('locked')
  return caller
}

const MALFORMED: unknown[] = [null, 42, 'text', [], { unexpected: true }]

describe.each(CALL_NAMES.map((n) => [n]))('call %s', (name) => {
  const spec = contract[name]
  let f: Fixture
  beforeEach(() => {
    f = fixture()
  })
  afterEach(() => f.ws.dispose())

  it('succeeds with its example input for a permitted caller', async () => {
    const caller = permittedCaller(f, name)
    const r = await f.ws.callAsync(caller, name, EXAMPLES[name](f))
    expect(r).toMatchObject({ ok: true })
  })

  it.each(MALFORMED.map((m) => [JSON.stringify(m), m]))('refuses malformed input %s with VALIDATION and changes nothing', (_label, bad) => {
    const caller = permittedCaller(f, name)
    const before = snapshot(f.ws)
    const r = f.ws.call(caller, name, bad)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('VALIDATION')
    expect(snapshot(f.ws)).toBe(before)
  })

  if (spec.states !== 'public') {
    it('refuses a caller without a session with UNAUTHENTICATED', () => {
      const before = snapshot(f.ws)
      const r = f.ws.call('stranger', name, EXAMPLES[name](f))
      expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
      expect(snapshot(f.ws)).toBe(before)
    })

    it('refuses after the absolute session limit with SESSION_EXPIRED (R12.5)', () => {
      const caller = permittedCaller(f, name)
      f.ws.clock.advance(601 * 60_000)
      const before = snapshot(f.ws)
      const r = f.ws.call(caller, name, EXAMPLES[name](f))
      expect(r).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } })
      expect(snapshot(f.ws)).toBe(before)
    })

    if (!spec.states.includes('locked')) {
      it('refuses in a session locked by inactivity with SESSION_LOCKED, even if the renderer ignores the lock (R12.5)', () => {
        const caller = permittedCaller(f, name)
        f.ws.clock.advance(15 * 60_000)
        const before = snapshot(f.ws)
        expect(f.ws.call(caller, name, EXAMPLES[name](f))).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } })
        expect(snapshot(f.ws)).toBe(before)
      })
    }

    if (!spec.states.includes('mustChangePassword')) {
      it('refuses before the forced password change with PASSWORD_CHANGE_REQUIRED (R12.4)', () => {
        f.ws.signIn('newcomer', 'newcomer', 'Welcome#2026otp')
        const before = snapshot(f.ws)
        expect(f.ws.call('newcomer', name, EXAMPLES[name](f))).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } })
        expect(snapshot(f.ws)).toBe(before)
      })
    }
  }

  const permission = spec.permission
  if (permission) {
    const lacking = ROLES.filter((r) => !rolesWith(permission).includes(r))
    it.each(lacking.map((r) => [r]))(`refuses role %s (lacks ${permission}) with FORBIDDEN, audited, nothing else changed`, (role) => {
      const login = DEMO_USERS.find((u) => u.roles.includes(role) && !u.oneTime)!.login
      f.ws.signIn('caller', login)
      const before = snapshot(f.ws)
      const audited = auditCount(f.ws)
      const r = f.ws.call('caller', name, EXAMPLES[name](f))
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect(snapshot(f.ws)).toBe(before)
      expect(auditCount(f.ws)).toBe(audited + 1)
    })
  }

  const scope = spec.scope
  if (scope && permission) {
    const participantRoles = rolesWith(permission).filter((r) => r.startsWith('participant_'))
    it.each(participantRoles.map((r) => [r]))('keeps %s inside its own participant', (role) => {
      const user = DEMO_USERS.find((u) => u.roles.includes(role))!
      f.ws.signIn('p', user.login)
      const own = user.participant === 'P001' ? f.kaspi : f.halyk
      const other = own === f.kaspi ? f.halyk : f.kaspi
      if (scope.field) {
        const before = snapshot(f.ws)
        const input = { ...(EXAMPLES[name](f) as object), [scope.field]: other }
        expect(f.ws.call('p', name, input)).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
        expect(snapshot(f.ws)).toBe(before)
      }
      if (scope.rows) {
        const input = scope.field ? { ...(EXAMPLES[name](f) as object), [scope.field]: undefined } : EXAMPLES[name](f)
        const rows = scope.rows(f.ws.ok('p', name, JSON.parse(JSON.stringify(input))) as never)
        expect(rows.length).toBeGreaterThan(0)
        // A row belongs to the participant, or (an operation) concerns it among others.
        for (const owners of rows) expect(Array.isArray(owners) ? owners : [owners]).toContain(own)
      }
    })
  }
})

describe('unknown calls', () => {
  it.each([['users.drop'], ['__proto__'], ['constructor'], ['toString'], [42], [null]])('refuses %s with UNKNOWN_CALL, audited, nothing else changed', (name) => {
    const f = fixture()
    try {
      f.ws.signIn('admin', 'admin')
      const before = snapshot(f.ws)
      const audited = auditCount(f.ws)
      const r = f.ws.dispatch('admin', name, {})
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } })
      expect(snapshot(f.ws)).toBe(before)
      expect(auditCount(f.ws)).toBe(audited + 1)
    } finally {
      f.ws.dispose()
    }
  })
})
