// Every call a participant bank's staff may make, walked through the dispatcher on a real database holding other
// banks' data too: what comes back is their bank's, or concerns it (an operation with another bank, a matrix cell),
// and an id of another bank's record is refused. A call a participant's role gains later must be listed here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract } from '../../../src/core/api/contract'
import { CALL_NAMES, type CallName } from '../../../src/core/api/names'
import type { Account, AuthorizationAnswer, CreateUserResult, Instrument, OperationalDayRow, Participant } from '../../../src/core/api/types'
import { DEMO_USERS } from '../../../src/core/demo/seed'
import { PARTICIPANT_ROLES, permissionsOf } from '../../../src/core/security/roles'
import { installDocumentFixture } from '../documents/document-fixture'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

/** The fields by which a row names the participants it belongs to or concerns: ids and codes. */
const OWNER_FIELDS = ['participantId', 'issuerId', 'acquirerId', 'payeeParticipantId', 'applicantId', 'respondentId', 'party', 'participant', 'participantCode', 'issuerCode', 'acquirerCode', 'payer', 'payee']
const PARTICIPANT_REF = /^(P\d{3,}|[0-9A-Z]{26})$/

/**
 * Whether an operation's row concerns its payee's bank (R14.3): unless it was refused (it never reached that bank),
 * or it follows one that was not. Told from the operations table, not from what the row says of itself.
 */
function payeeBankConcerned(record: Record<string, unknown>): boolean {
  if (record.status !== 'refused') return true
  const original = typeof record.originalSeq === 'number' ? w.ws.db.prepare('SELECT status FROM operations WHERE seq = ?').pluck().get(record.originalSeq) : undefined
  return original !== undefined && original !== 'refused'
}

/**
 * Every object in an answer that names participants (a row): the participants it names. A row naming only
 * operator-wide things (the operator, the settlement bank, a general tariff with no participant) names none.
 */
function rowsOf(value: unknown, path = ''): { path: string; owners: string[] }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => rowsOf(v, `${path}[${i}]`))
  if (!value || typeof value !== 'object') return []
  const record = value as Record<string, unknown>
  const fields = 'payeeParticipantId' in record && !payeeBankConcerned(record) ? OWNER_FIELDS.filter((k) => k !== 'payeeParticipantId') : OWNER_FIELDS
  const owners = fields.map((k) => record[k]).filter((v): v is string => typeof v === 'string' && PARTICIPANT_REF.test(v))
  const nested = Object.entries(record).flatMap(([k, v]) => rowsOf(v, `${path}.${k}`))
  return owners.length ? [{ path: path || '.', owners }, ...nested] : nested
}

interface World {
  ws: TestWorkstation
  /** Participants' ids by code. */
  bank: Record<string, string>
  closedDay: string
  /** ForteBank's (P003) records that neither Kaspi nor Halyk take part in. */
  foreign: { seq: number; messageFileId: number; instrumentId: string; disputeId: string; documentId: string }
}

/** The inputs of the calls that read: lists as the screens ask for them, unfiltered, so whatever the core lets through shows. */
const READS: Partial<Record<CallName, (w: World) => unknown>> = {
  'session.state': () => ({}),
  'session.heartbeat': () => ({}),
  'users.list': () => ({}),
  'participants.list': () => ({}),
  'terminals.list': () => ({}),
  'clients.list': () => ({ limit: 500 }),
  'accounts.list': () => ({}),
  'instruments.list': () => ({}),
  'rates.list': () => ({}),
  'operations.list': () => ({ limit: 500 }),
  'operations.feed': () => ({ afterSeq: 0, limit: 500 }),
  'operations.stats': () => ({}),
  'opday.overview': () => ({}),
  'opday.list': () => ({}),
  'clearing.result': (w) => ({ day: w.closedDay }),
  'settlement.funds': () => ({}),
  'fees.tariffs': () => ({}),
  'fees.day': (w) => ({ day: w.closedDay }),
  'messages.list': () => ({}),
  'documents.list': () => ({ box: 'inbox' }),
  'disputes.list': () => ({}),
  'disputes.terms': () => ({}),
  'crypto.certificates': () => ({}),
  'crypto.tokens': () => ({})
}

/** Calls that name another bank's record (by id, code or a pair of codes): each refused as out of scope, nothing changed. */
const FOREIGN: Partial<Record<CallName, (w: World) => unknown>> = {
  'users.list': (w) => ({ participantId: w.bank.P003 }),
  'participants.history': (w) => ({ participantId: w.bank.P003 }),
  'terminals.list': (w) => ({ acquirerId: w.bank.P003 }),
  'accounts.list': (w) => ({ participantId: w.bank.P003 }),
  'instruments.list': (w) => ({ issuerId: w.bank.P003 }),
  'instruments.qr': (w) => ({ instrumentId: w.foreign.instrumentId }),
  'operations.list': (w) => ({ participantId: w.bank.P003 }),
  'operations.feed': (w) => ({ participantId: w.bank.P003, afterSeq: 0 }),
  'operations.get': (w) => ({ seq: w.foreign.seq }),
  'clearing.cellOperations': (w) => ({ day: w.closedDay, payer: 'P003', payee: 'P004' }),
  'reports.clearing': (w) => ({ day: w.closedDay, participantId: w.bank.P003, format: 'csv' }),
  'reports.statement': (w) => ({ day: w.closedDay, participantId: w.bank.P003, format: 'csv' }),
  'messages.list': () => ({ participantCode: 'P003' }),
  'messages.get': (w) => ({ id: w.foreign.messageFileId }),
  'messages.status': (w) => ({ id: w.foreign.messageFileId }),
  'messages.export': (w) => ({ type: 'camt.053.001.08', participantCode: 'P003', day: w.closedDay }),
  'messages.upload': () => ({ fileName: 'pay.xml', base64: Buffer.from('<x/>').toString('base64'), participantCode: 'P003' }),
  'disputes.list': (w) => ({ participantId: w.bank.P003 }),
  'disputes.get': (w) => ({ id: w.foreign.disputeId }),
  'disputes.evidence': (w) => ({ id: w.foreign.disputeId, evidenceId: 1 }),
  'disputes.file': (w) => ({ operationSeq: w.foreign.seq, reason: 'DUPL', amount: '1.00', description: 'The client was charged twice for one purchase' })
}

/** Documents are kept by party (R14.2), not by the participant scope: another party's is refused as FORBIDDEN and logged (R14.4). */
const FOREIGN_DOCUMENT: Partial<Record<CallName, (w: World) => unknown>> = {
  'documents.open': (w) => ({ id: w.foreign.documentId }),
  'documents.download': (w) => ({ id: w.foreign.documentId, index: 0 }),
  'documents.accessLog': (w) => ({ id: w.foreign.documentId })
}

/**
 * Participant calls that neither list rows nor name another bank's record by themselves, with why. Their scope is
 * checked where they act: the generated contract test and the areas' own tests.
 */
const NEITHER: Partial<Record<CallName, string>> = {
  'session.signIn': 'public', 'session.changePassword': 'own session', 'session.unlock': 'own session', 'session.signOut': 'own session', 'session.setLocale': 'own session',
  'messages.validate': 'a file on this machine, checked against the schema', 'messages.import': 'a file on this machine (the command line)',
  'crypto.signFile': 'own key', 'crypto.verifyFile': 'a file', 'crypto.encryptFile': 'a file', 'crypto.decryptFile': 'own key', 'crypto.bindCertificate': 'own certificate',
  'crypto.importKeyFile': 'own key file', 'crypto.unbindCertificate': 'own certificate', 'crypto.generateKey': 'own token', 'crypto.exportCertificate': 'own certificate',
  'trust.list': 'the CA certificates and the parties’ encryption certificates: public, for encrypting to them (R14.2)',
  'documents.parties': 'every party a document may be addressed to (R14.2)',
  'documents.send': 'sent by one’s own party', 'documents.forward': 'a document of one’s own party, with consent (R14.3)', 'documents.export': 'a document of one’s own party',
  'documents.import': 'decrypted with one’s own key',
  'disputes.importMessage': 'filed by its own bank (disputes tests)', 'disputes.answer': 'a case of one’s own bank (disputes tests)', 'disputes.addEvidence': 'a case of one’s own bank (disputes tests)',
  'disputes.appeal': 'a case of one’s own bank (disputes tests)', 'disputes.close': 'a case of one’s own bank (disputes tests)', 'disputes.withdraw': 'a case of one’s own bank (disputes tests)'
}

const PARTICIPANT_USERS = DEMO_USERS.filter((u) => u.participant && !u.oneTime)
const callsOf = (roles: readonly (typeof PARTICIPANT_ROLES)[number][]): CallName[] => {
  const granted = permissionsOf(roles)
  return CALL_NAMES.filter((n) => contract[n].permission === null || granted.includes(contract[n].permission!))
}

let w: World
beforeAll(async () => {
  const ws = testWorkstation()
  ws.signIn('admin', 'admin')
  const bank = Object.fromEntries(ws.ok<Participant[]>('admin', 'participants.list').map((p) => [p.code, p.id]))
  // ForteBank's operator, to file a case and a payment file of its own.
  const forte = ws.ok<CreateUserResult>('admin', 'users.create', { login: 'forte.operator', displayName: 'Forte Operator', kind: 'participant', participantId: bank.P003, roles: ['participant_operator'] })
  if (forte.status !== 'created') throw new Error('forte.operator was not created')
  ws.signIn('forte', 'forte.operator', forte.credential.oneTimePassword)
  ws.ok('forte', 'session.changePassword', { currentPassword: forte.credential.oneTimePassword, newPassword: 'Forte#Password2027' })
  // An operation of ForteBank's that neither Kaspi nor Halyk took part in.
  const seq = ws.db
    .prepare(
      `SELECT seq FROM operations WHERE status = 'accepted' AND original_seq IS NULL AND credit_currency IS NULL AND @forte IN (issuer_id, acquirer_id, payee_participant_id)
       AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.code IN ('P001', 'P002') AND p.id IN (issuer_id, acquirer_id, payee_participant_id)) ORDER BY seq LIMIT 1`
    )
    .pluck()
    .get({ forte: bank.P003 }) as number
  const dispute = ws.ok<{ id: string }>('forte', 'disputes.file', {
    operationSeq: seq, reason: 'FRAD', amount: '1.00', description: 'ForteBank’s client did not make this payment',
    evidence: [{ kind: 'receipt', name: 'receipt.txt', mediaType: 'text/plain', base64: Buffer.from('receipt').toString('base64') }]
  })
  await ws.callAsync('forte', 'messages.upload', { fileName: 'forte.xml', base64: Buffer.from('<x/>').toString('base64'), participantCode: 'P003' })
  const messageFileId = ws.db.prepare(`SELECT id FROM message_files WHERE party = 'P003' ORDER BY id DESC LIMIT 1`).pluck().get() as number
  ws.signIn('ops', 'operator')
  // Transfers between Kaspi's and Halyk's clients refused on the payer's daily limit: the payee's bank's staff are
  // not shown them (the payer's IIN and failed check are the issuer's), each bank's issuer's staff are.
  const client = (code: string) => ws.ok<Account[]>('ops', 'accounts.list', { kind: 'client' }).find((a) => a.participantCode === code && a.currency === 'KZT')!.iban
  for (const [payer, payee] of [['P001', 'P002'], ['P002', 'P001']] as const) {
    const r = ws.ok<AuthorizationAnswer>('ops', 'operations.submit', { requestId: `refused-${payer}`, type: 'transfer', channel: 'app', payer: { iban: client(payer) }, payee: { iban: client(payee) }, amount: '5000001.00', currency: 'KZT' })
    if (r.status !== 'refused') throw new Error(`the transfer ${payer} → ${payee} was not refused`)
  }
  const instrumentId = ws.ok<Instrument[]>('ops', 'instruments.list', { issuerId: bank.P003 })[0]!.id
  const closedDay = ws.ok<OperationalDayRow[]>('ops', 'opday.list', {}).find((d) => d.state !== 'open')!.day
  // A special tariff and dispute terms of ForteBank's contract (R2.3).
  ws.signIn('clearing', 'clearing')
  ws.ok('clearing', 'fees.setTariff', { participantId: bank.P003, payerRole: 'issuer', type: 'transfer', channel: 'app', currency: 'KZT', fixed: '0', percentBp: 9, min: null, max: null, effectiveFrom: '2026-12-01' })
  ws.signIn('analyst', 'disputes')
  ws.ok('analyst', 'disputes.setTerms', { participantId: bank.P003, unit: 'calendar', filingDays: 60, answerDays: 5, decisionDays: 20, appealDays: 5 })
  // A document from Kaspi to the operator: Halyk's staff are not its parties.
  const documentId = installDocumentFixture(ws.db, ws.dir).id
  w = { ws, bank, closedDay, foreign: { seq, messageFileId, instrumentId, disputeId: dispute.id, documentId } }
}, 60_000)
afterAll(() => w?.ws.dispose())

describe.each(PARTICIPANT_USERS.map((u) => [u.login, u] as const))('%s', (login, user) => {
  const calls = callsOf(user.roles as (typeof PARTICIPANT_ROLES)[number][])
  const own = () => [user.participant!, w.bank[user.participant!]!]
  const caller = `scope-${login}`
  beforeAll(() => w.ws.signIn(caller, login))

  it('has every call its roles grant listed here as a read, a reference to another bank’s record, or neither', () => {
    const unlisted = calls.filter((n) => !(n in READS) && !(n in FOREIGN) && !(n in FOREIGN_DOCUMENT) && !(n in NEITHER))
    expect(unlisted).toEqual([])
  })

  it.each(calls.filter((n) => n in READS).map((n) => [n]))('%s returns only rows of its own bank, or rows that concern it', async (name) => {
    const r = await w.ws.callAsync(caller, name, READS[name]!(w))
    expect(r).toMatchObject({ ok: true })
    if (!r.ok) return
    const strangers = rowsOf(r.value).filter((row) => !row.owners.some((o) => own().includes(o)))
    expect(strangers).toEqual([])
  })

  it.each(calls.filter((n) => n in FOREIGN).map((n) => [n]))('%s naming another bank’s record is refused OUT_OF_SCOPE, nothing changed', async (name) => {
    const before = snapshot(w.ws)
    const r = await w.ws.callAsync(caller, name, FOREIGN[name]!(w))
    expect(r).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(snapshot(w.ws)).toBe(before)
  })

  it.each(calls.filter((n) => n in FOREIGN_DOCUMENT).map((n) => [n]))('%s of a document of other parties is refused', async (name) => {
    if (user.participant === 'P001') return // the fixture's document is Kaspi's own
    const r = await w.ws.callAsync(caller, name, FOREIGN_DOCUMENT[name]!(w))
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
