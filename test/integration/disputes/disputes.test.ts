// Disputes through the calls (R9.3.3, R9.4.11, R10.1.1–R10.1.3): a participant files, the operator's analyst
// asks the other bank, decides with a decision signed on the analyst's (demo) key, and an accepted revocation
// reverses the operation in the same transaction; the result leaves as camt.029 and pacs.004. Real SQLite on
// disk, the demo keys, the official schemas.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, AuthorizationAnswer, DisputeCase, DisputeQueue, DisputeRow, LedgerVerification } from '../../../src/core/api/types'
import { demoInterbankOperation, instrumentOf, snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'
import { writeCamt056 } from '../../../src/core/messages/iso/camt056'

const DAY = 24 * 3600_000
let ws: TestWorkstation

const interbankOperation = () => demoInterbankOperation(ws)

const file = (extra: object = {}) => ws.ok<DisputeRow>('kaspi', 'disputes.file', { operationSeq: interbankOperation().seq, reason: 'FRAD', description: 'The client did not make this transfer', ...extra })
const outMessages = (type: string) => ws.db.prepare(`SELECT party, payload FROM message_files WHERE direction = 'out' AND format = ? ORDER BY id`).all(type) as { party: string; payload: string }[]

beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('kaspi', 'kaspi.operator')
  ws.signIn('halyk', 'halyk.operator')
  ws.signIn('analyst', 'disputes')
  ws.signIn('auditor', 'auditor')
})
afterEach(() => ws.dispose())

// A case's description goes out in the camt.056 and a decision's grounds in the camt.029: text an XML message cannot carry
// (NUL, BEL, ESC…) is refused at the call by its rule, nothing filed or decided; line breaks and tabs are text (R10.1).
describe('text a payment message cannot carry (R10.1.1, R10.1.3)', () => {
  const refused = (field: string) => ({ ok: false, error: { code: 'VALIDATION', reasons: [{ rule: 'message_character', value: field }] } })

  it('is refused in a description and in grounds, and nothing changes; a description of several lines is filed', async () => {
    const before = snapshot(ws)
    for (const bad of ['The client\u0000 did not make it', 'Bell \u0007 in the claim text', 'Escape \u001b[31m in the claim'])
      expect(ws.call('kaspi', 'disputes.file', { operationSeq: interbankOperation().seq, reason: 'FRAD', description: bad }), JSON.stringify(bad)).toMatchObject(refused('description'))
    expect(snapshot(ws)).toBe(before)
    const row = file({ description: 'The client did not make this transfer.\n\tCard kept at home.' })
    ws.ok('analyst', 'disputes.take', { id: row.id })
    const taken = snapshot(ws)
    expect(await ws.callAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'rejected', grounds: 'No grounds \u0008 for the revocation' })).toMatchObject(refused('grounds'))
    expect(snapshot(ws)).toBe(taken)
  })
})

describe('filing (R10.1.1)', () => {
  it('opens a case on the participant’s own operation with the contract’s decision deadline, and tells the other bank by camt.056', async () => {
    const op = interbankOperation()
    const row = file({ evidence: [{ kind: 'correspondence', name: 'letter.txt', mediaType: 'text/plain', base64: Buffer.from('Письмо клиента').toString('base64') }] })
    expect(row).toMatchObject({ applicant: 'P001', respondent: 'P002', stage: 'application', status: 'open', amountMinor: op.amountMinor, reason: 'FRAD', source: 'desk' })
    expect(row.number).toMatch(/^DSP-2026-000001$/)
    // Default terms: 30 calendar days to decide.
    expect(row.decideBy).toBe(ws.clock.now() + 30 * DAY)
    const [camt056] = outMessages('camt.056.001.08')
    expect(camt056!.party).toBe('P002')
    expect(JSON.parse(camt056!.payload)).toMatchObject({ caseId: row.number, transactions: [{ originalTxId: `OP-${op.seq}`, reason: 'FRAD', amountMinor: op.amountMinor }] })
    const c = ((await ws.callAsync<DisputeCase>('analyst', 'disputes.get', { id: row.id })) as { ok: true; value: DisputeCase }).value
    expect(c.events.map((e) => e.kind)).toEqual(['filed', 'evidence'])
    expect(c.evidence).toMatchObject([{ kind: 'correspondence', name: 'letter.txt', size: Buffer.byteLength('Письмо клиента') }])
  })

  it('refuses what cannot be revoked, with a clear reason and nothing changed', () => {
    const op = interbankOperation()
    const before = snapshot(ws)
    expect(ws.call('kaspi', 'disputes.file', { operationSeq: 999_999_999, reason: 'DUPL', description: 'no such operation here' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(ws.call('kaspi', 'disputes.file', { operationSeq: op.seq, reason: 'DUPL', description: 'more than the operation', amount: String(op.amountMinor) })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(ws.call('kaspi', 'disputes.file', { operationSeq: op.seq, reason: 'XXXX', description: 'an unknown reason code' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(ws.call('analyst', 'disputes.file', { operationSeq: op.seq, reason: 'DUPL', description: 'the operator does not file' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(snapshot(ws)).toBe(before)
  })

  it('refuses an application after the contract’s filing period, counted in operational days', () => {
    const op = interbankOperation()
    const kaspi = ws.db.prepare(`SELECT id FROM participants WHERE code = 'P001'`).pluck().get() as string
    ws.ok('analyst', 'disputes.setTerms', { participantId: kaspi, unit: 'operational', filingDays: 2, answerDays: 5, decisionDays: 10, appealDays: 5 })
    const opDay = ws.db.prepare('SELECT op_day FROM operations WHERE seq = ?').pluck().get(op.seq) as string
    // Two operational days after the operation's day end at 24:00 Almaty of the second one.
    const lastMoment = Date.parse(`${opDay}T00:00:00+05:00`) + 3 * DAY - 1
    ws.clock.advance(lastMoment - ws.clock.now())
    ws.signIn('kaspi', 'kaspi.operator')
    expect(ws.ok<DisputeRow>('kaspi', 'disputes.file', { operationSeq: op.seq, reason: 'DUPL', description: 'just in time to file it', amount: '0.01' })).toMatchObject({ stage: 'application' })
    ws.clock.advance(2)
    const before = snapshot(ws)
    expect(ws.call('kaspi', 'disputes.file', { operationSeq: op.seq, reason: 'DUPL', description: 'too late to file it', amount: '0.01' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('filing period') } })
    expect(snapshot(ws)).toBe(before)
  })

  it('lets the claims on one operation add up to no more than the operation', () => {
    const op = interbankOperation()
    const half = Math.floor(op.amountMinor / 2)
    file({ amount: (half / 100).toFixed(2) })
    expect(ws.call('kaspi', 'disputes.file', { operationSeq: op.seq, reason: 'DUPL', description: 'the rest and one tiyn more', amount: ((op.amountMinor - half + 1) / 100).toFixed(2) })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(ws.ok<DisputeRow>('kaspi', 'disputes.file', { operationSeq: op.seq, reason: 'DUPL', description: 'exactly the rest of it', amount: ((op.amountMinor - half) / 100).toFixed(2) }).amountMinor).toBe(op.amountMinor - half)
  })
})

describe('review and decision (R9.4.11, R10.1.2, R10.1.3)', () => {
  it('asks the other bank, takes its answer, and an accepted revocation reverses the operation with the decision, signed', async () => {
    const op = interbankOperation()
    const row = file()
    ws.ok('analyst', 'disputes.take', { id: row.id })
    const asked = ws.ok<DisputeRow>('analyst', 'disputes.requestInformation', { id: row.id, from: 'respondent', question: 'Please send the beneficiary’s statement' })
    expect(asked).toMatchObject({ stage: 'information_requested', status: 'awaiting_information', awaitingFrom: 'respondent', answerBy: ws.clock.now() + 10 * DAY })
    // Only the bank asked may answer.
    expect(ws.call('kaspi', 'disputes.answer', { id: row.id, text: 'not us' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    ws.ok('halyk', 'disputes.answer', { id: row.id, text: 'Statement attached', evidence: [{ kind: 'statement', name: 'st.csv', mediaType: 'text/csv', base64: Buffer.from('a;b\n1;2\n').toString('base64') }] })

    const r = await ws.callAsync<DisputeRow>('analyst', 'disputes.decide', { id: row.id, outcome: 'accepted', grounds: 'The client’s card was compromised; the transfer is revoked' })
    expect(r).toMatchObject({ ok: true, value: { stage: 'closed', status: 'accepted', decidedAmountMinor: op.amountMinor } })
    expect(ws.pinRequests.at(-1)).toMatchObject({ purpose: 'sign', kind: 'key_passphrase', caller: 'analyst' })
    const original = ws.db.prepare('SELECT status, reversed_by FROM operations WHERE seq = ?').get(op.seq) as { status: string; reversed_by: number }
    expect(original.status).toBe('reversed')
    const reversal = ws.db.prepare('SELECT source, reason, op_day FROM operations WHERE seq = ?').get(original.reversed_by) as { source: string; reason: string; op_day: string }
    expect(reversal).toMatchObject({ source: 'disputes', reason: 'reversal' })

    // disputes.get verifies the signed decision (it is async).
    const full = (await ws.callAsync<DisputeCase>('kaspi', 'disputes.get', { id: row.id })) as { ok: true; value: DisputeCase }
    expect(full.value.decisions).toHaveLength(1)
    expect(full.value.decisions[0]!.verification).toMatchObject({ valid: true })
    expect(full.value.decisions[0]!.signer).toContain('Gulnara Iskakova')
    expect(full.value.events.map((e) => e.kind)).toEqual(['filed', 'take', 'request_information', 'answer', 'evidence', 'decided'])
    // The result to both banks, and the money returned.
    expect(outMessages('camt.029.001.09').map((m) => [m.party, JSON.parse(m.payload).status])).toEqual([['P001', 'CNCL'], ['P002', 'CNCL']])
    expect(outMessages('pacs.004.001.09').map((m) => JSON.parse(m.payload).transactions[0].reason)).toEqual(['FOCR', 'FOCR'])
  })

  it('returns only the part accepted, leaves the rest of the operation standing, and lets the applicant appeal', async () => {
    const op = interbankOperation()
    const row = file()
    ws.ok('analyst', 'disputes.take', { id: row.id })
    const part = Math.floor(op.amountMinor / 3)
    const r = await ws.callAsync<DisputeRow>('analyst', 'disputes.decide', { id: row.id, outcome: 'partially_accepted', amount: (part / 100).toFixed(2), grounds: 'Only the commission part is justified' })
    expect(r).toMatchObject({ ok: true, value: { stage: 'decision', status: 'partially_accepted', decidedAmountMinor: part, appealBy: ws.clock.now() + 10 * DAY } })
    expect((ws.db.prepare('SELECT status FROM operations WHERE seq = ?').get(op.seq) as { status: string }).status).toBe('accepted')
    const returned = ws.db.prepare(`SELECT amount_minor FROM operations WHERE original_seq = ? AND reason = 'return'`).pluck().get(op.seq)
    expect(returned).toBe(part)
    const appealed = ws.ok<DisputeRow>('kaspi', 'disputes.appeal', { id: row.id, grounds: 'The whole transfer was fraudulent, see the police report' })
    expect(appealed).toMatchObject({ stage: 'appeal', status: 'open' })
    const final = await ws.callAsync<DisputeRow>('analyst', 'disputes.decide', { id: row.id, outcome: 'rejected', grounds: 'The appeal brings nothing new' })
    expect(final).toMatchObject({ ok: true, value: { stage: 'closed', status: 'rejected' } })
  })

  it('revokes part of a two-phase payment through its completion, which carries the postings', async () => {
    ws.signIn('op', 'operator')
    const payer = ws.ok<Account[]>('op', 'accounts.list', { kind: 'client' }).find((a) => a.participantCode === 'P001' && a.currency === 'KZT' && a.availableMinor >= 100_000)!
    const held = ws.ok<AuthorizationAnswer>('op', 'operations.submit', { requestId: 'dsp-hold', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, payer.iban), amount: '1000', currency: 'KZT', twoPhase: true })
    const completion = ws.ok<AuthorizationAnswer>('op', 'operations.complete', { seq: held.operation, amount: '600', requestId: 'dsp-complete' })
    expect(completion).toMatchObject({ status: 'accepted' })
    // The hold posts nothing: it is not what a revocation can be filed against.
    expect(ws.call('kaspi', 'disputes.file', { operationSeq: held.operation, reason: 'AM09', description: 'the hotel charged too much' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const row = ws.ok<DisputeRow>('kaspi', 'disputes.file', { operationSeq: completion.operation, reason: 'AM09', description: 'the hotel charged too much' })
    ws.ok('analyst', 'disputes.take', { id: row.id })
    const r = await ws.callAsync<DisputeRow>('analyst', 'disputes.decide', { id: row.id, outcome: 'partially_accepted', amount: '100.00', grounds: 'One night was not stayed' })
    expect(r).toMatchObject({ ok: true, value: { status: 'partially_accepted', decidedAmountMinor: 10_000 } })
    expect(ws.db.prepare(`SELECT amount_minor FROM operations WHERE original_seq = ? AND reason = 'return' AND status = 'accepted'`).pluck().get(completion.operation)).toBe(10_000)
    expect((await ws.okAsync<{ balanced: boolean }>('op', 'ledger.verify', {})).balanced).toBe(true)
  })

  it('refuses an illegal transition with a typed error and a wrong PIN with TOKEN, changing nothing', async () => {
    const row = file()
    const before = snapshot(ws)
    expect(ws.call('kaspi', 'disputes.close', { id: row.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'disputes.action_not_allowed', params: { disputeAction: 'close' } }] } })
    expect(ws.call('auditor', 'disputes.take', { id: row.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(ws.call('halyk', 'disputes.withdraw', { id: row.id, reason: 'not ours to withdraw' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(snapshot(ws)).toBe(before)
    ws.ok('analyst', 'disputes.take', { id: row.id })
    const taken = snapshot(ws)
    ws.pinAnswers.push('0000', '0000', '0000')
    const r = await ws.callAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'accepted', grounds: 'Accepted after review of the evidence' })
    expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_incorrect' }] } })
    expect(ws.pinRequests.slice(-3).map((p) => p.retry !== null)).toEqual([false, true, true])
    expect(snapshot(ws)).toBe(taken)
  })

  // The desk showed the core's English ("case D-…: a case in closed/rejected cannot be "appeal" by the applicant"):
  // the refusal is the disputes' own rule, with the case, the action and the state for the screens to word.
  it('refuses an action the case’s state does not allow by the disputes’ rule, naming the case, the action and the state, and changes nothing', async () => {
    const row = file()
    ws.ok('analyst', 'disputes.take', { id: row.id })
    expect(await ws.callAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'rejected', grounds: 'The transfer was authorised by the client' })).toMatchObject({ ok: true })
    ws.ok('kaspi', 'disputes.close', { id: row.id })
    const before = snapshot(ws)
    const audited = ws.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number
    const events = () => ws.db.prepare('SELECT kind, stage, status FROM dispute_events WHERE dispute_id = ? ORDER BY id').all(row.id)
    const timeline = events()
    expect(ws.call('kaspi', 'disputes.appeal', { id: row.id, grounds: 'The whole transfer was fraudulent after all' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', reasons: [{ rule: 'disputes.action_not_allowed', params: { number: row.number, disputeAction: 'appeal', disputeStage: 'closed', disputeStatus: 'rejected' } }] }
    })
    // The analyst may not take a case already decided either.
    expect(ws.call('analyst', 'disputes.take', { id: row.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', reasons: [{ rule: 'disputes.action_not_allowed', params: { number: row.number, disputeAction: 'take', disputeStage: 'closed', disputeStatus: 'rejected' } }] }
    })
    expect(ws.db.prepare('SELECT stage, status FROM disputes WHERE id = ?').get(row.id)).toEqual({ stage: 'closed', status: 'rejected' })
    expect(events()).toEqual(timeline)
    expect(snapshot(ws)).toBe(before)
    // The audit records the two refusals, and nothing done.
    expect(ws.db.prepare('SELECT action, outcome, error_code AS code, subject FROM audit_log WHERE seq > ? ORDER BY seq').all(audited)).toEqual([
      { action: 'disputes.appeal', outcome: 'error', code: 'CONFLICT', subject: row.number },
      { action: 'disputes.take', outcome: 'error', code: 'CONFLICT', subject: row.number }
    ])
  })
  // The desk showed the Center's English ("the operation could not be reversed: reversal.insufficient_funds (1825)"):
  // the refusal is the disputes' own rule, with the Center's reason and result code for the screens to word.
  it('R10.1.3: refuses a decision whose money the Center cannot take back, by the disputes’ rule with the Center’s reason, and changes nothing', async () => {
    const op = interbankOperation()
    const row = file()
    ws.ok('analyst', 'disputes.take', { id: row.id })
    // The payee spent what it received: its account may not go below what it holds now.
    ws.db.prepare(`UPDATE accounts SET min_balance_minor = balance_minor WHERE min_balance_minor IS NOT NULL AND id IN (SELECT credit_account FROM postings WHERE operation_seq = ?)`).run(op.seq)
    const before = snapshot(ws)
    const r = await ws.callAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'accepted', grounds: 'The client’s card was compromised; the transfer is revoked' })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', reasons: [{ rule: 'disputes.reversal_refused', params: { number: row.number, seq: op.seq, centerReason: 'reversal.insufficient_funds', resultCode: '1825' } }] }
    })
    expect(ws.db.prepare('SELECT stage, status, decided_amount_minor FROM disputes WHERE id = ?').get(row.id)).toEqual({ stage: 'review', status: 'open', decided_amount_minor: null })
    expect(snapshot(ws)).toBe(before)
  })
})

describe('the clock (R10.1.2)', () => {
  it('closes an appeal period that ran out, and ends a case whose applicant did not answer in time', async () => {
    const a = file({ amount: '1.00' })
    ws.ok('analyst', 'disputes.take', { id: a.id })
    await ws.callAsync('analyst', 'disputes.decide', { id: a.id, outcome: 'rejected', grounds: 'No evidence of fraud was given' })
    const b = file({ amount: '1.00' })
    ws.ok('analyst', 'disputes.take', { id: b.id })
    ws.ok('analyst', 'disputes.requestInformation', { id: b.id, from: 'applicant', question: 'Please send the client’s application' })
    ws.clock.advance(10 * DAY)
    expect(ws.disputes.tick()).toBe(0)
    ws.clock.advance(1)
    expect(ws.disputes.tick()).toBe(2)
    ws.signIn('auditor', 'auditor')
    const q = ws.ok<DisputeQueue>('auditor', 'disputes.list', {})
    expect(q.rows.find((r) => r.id === a.id)).toMatchObject({ stage: 'closed', status: 'rejected' })
    expect(q.rows.find((r) => r.id === b.id)).toMatchObject({ stage: 'closed', status: 'expired' })
    expect(q.counts).toMatchObject({ rejected: 1, expired: 1 })
  })

  it('R10.1.2: refuses an answer after its term even before the clock has ended the case, changing nothing', async () => {
    const row = file({ amount: '1.00' })
    ws.ok('analyst', 'disputes.take', { id: row.id })
    ws.ok('analyst', 'disputes.requestInformation', { id: row.id, from: 'applicant', question: 'Please send the client’s application' })
    ws.clock.advance(10 * DAY + 1)
    ws.signIn('kaspi', 'kaspi.operator')
    const before = snapshot(ws)
    expect(ws.call('kaspi', 'disputes.answer', { id: row.id, text: 'Here it is, a little late' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('answer') } })
    expect(snapshot(ws)).toBe(before)
    expect(ws.disputes.tick()).toBe(1)
  })

  it('orders the queue by the nearest deadline and flags what is due soon or overdue', () => {
    const a = file({ amount: '1.00' })
    ws.clock.advance(5 * DAY)
    ws.signIn('kaspi', 'kaspi.operator')
    const b = file({ amount: '1.00' })
    ws.clock.advance(24 * DAY)
    ws.signIn('auditor', 'auditor')
    const q = ws.ok<DisputeQueue>('auditor', 'disputes.list', {})
    expect(q.rows.map((r) => [r.id, r.flag])).toEqual([[a.id, 'due_soon'], [b.id, 'on_time']])
    ws.clock.advance(2 * DAY)
    ws.signIn('auditor', 'auditor')
    const later = ws.ok<DisputeQueue>('auditor', 'disputes.list', { flag: 'overdue' })
    expect(later.rows.map((r) => r.id)).toEqual([a.id])
    expect(later.sla).toMatchObject({ openOverdue: 1, openDueSoon: 0, decided: 0 })
  })
})

describe('evidence at rest', () => {
  it('is stored encrypted, comes back identical, and a changed byte is caught', () => {
    const row = file()
    const bytes = Buffer.from('terminal log: 2026-11-22 10:00:01 APPROVED 0000')
    const e = ws.ok<{ id: number; sha256: string }>('kaspi', 'disputes.addEvidence', { id: row.id, evidence: { kind: 'terminal_log', name: 'atm.log', mediaType: 'text/plain', base64: bytes.toString('base64') } })
    const sealed = ws.db.prepare('SELECT sealed FROM dispute_evidence WHERE id = ?').pluck().get(e.id) as Buffer
    expect(sealed.includes(Buffer.from('APPROVED'))).toBe(false)
    expect(Buffer.from(ws.ok<{ base64: string }>('analyst', 'disputes.evidence', { id: row.id, evidenceId: e.id }).base64, 'base64')).toEqual(bytes)
    expect(ws.call('auditor', 'disputes.evidence', { id: row.id, evidenceId: e.id })).toMatchObject({ ok: true })
    ws.db.exec('DROP TRIGGER dispute_evidence_no_update')
    sealed[sealed.length - 20] ^= 1
    ws.db.prepare('UPDATE dispute_evidence SET sealed = ? WHERE id = ?').run(sealed, e.id)
    expect(ws.call('analyst', 'disputes.evidence', { id: row.id, evidenceId: e.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('integrity') } })
  })

  it('is not shown to a bank outside the case', () => {
    const row = file()
    ws.signIn('other', 'halyk.viewer')
    ws.db.prepare(`UPDATE disputes SET respondent_id = NULL WHERE id = ?`).run(row.id)
    expect(ws.call('other', 'disputes.evidence', { id: row.id, evidenceId: 1 })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(ws.ok<DisputeQueue>('other', 'disputes.list', {}).rows).toEqual([])
  })
})

describe('camt.056 from a participant (issue 7 §2)', () => {
  const request = (seq: number, amountMinor: number, assigner = 'CASPKZKA', ids = { txId: `OP-${seq}`, endToEndId: 'e2e' }) =>
    Buffer.from(
      writeCamt056({
        assignmentId: `KASPI-CXL-${seq}`, createdAt: ws.clock.now(), assignerBic: assigner, assigneeBic: 'HSBKKZKX', caseId: 'KASPI-CASE-1', creatorBic: assigner,
        transactions: [{ cancellationId: 'CXL-1', originalMessageId: ids.txId, originalEndToEndId: ids.endToEndId, originalTxId: ids.txId, amountMinor, currency: 'KZT', reason: 'DUPL', info: 'charged twice' }]
      })
    ).toString('base64')
  const upload = (base64: string) => ws.callAsync<{ file: { status: string; errors?: { message: string }[] } }>('kaspi', 'messages.upload', { fileName: 'cxl.xml', base64, participantCode: 'P001' })
  const disputes = () => ws.db.prepare('SELECT count(*) FROM disputes').pluck().get() as number

  it('files a case from a request uploaded like any participant file, and records the file as processed', async () => {
    const op = interbankOperation()
    const r = await ws.callAsync<{ file: { status: string; format: string; transactions: number } }>('kaspi', 'messages.upload', { fileName: 'cxl.xml', base64: request(op.seq, 150), participantCode: 'P001' })
    expect(r).toMatchObject({ ok: true, value: { file: { status: 'processed', format: 'camt.056.001.08', transactions: 1 } } })
    const q = ws.ok<DisputeQueue>('analyst', 'disputes.list', {})
    expect(q.rows).toMatchObject([{ source: 'camt.056', reason: 'DUPL', amountMinor: 150, applicant: 'P001', operationSeq: op.seq }])
    // The other bank receives the application as camt.056 too.
    expect(outMessages('camt.056.001.08').map((m) => m.party)).toEqual(['P002'])
  })

  it('finds an operation named only by its end-to-end id through each source’s request id, and refuses one naming two of the bank’s operations', async () => {
    // The request id an operation reached the Center with is unique per source only: here a terminal and a desk user share one.
    ws.signIn('op', 'operator')
    const [payer, payee] = ws.ok<{ iban: string; participantCode: string; currency: string }[]>('op', 'accounts.list', { kind: 'client' }).filter((a) => a.currency === 'KZT' && a.participantCode === 'P001')
    const submit = (input: object) => ws.ok<{ operation: number; status: string }>('op', 'operations.submit', { requestId: 'RRN-000042', amount: '30.00', currency: 'KZT', ...input })
    const atTerminal = submit({ type: 'payment', channel: 'terminal', terminal: 'T000001', payer: instrumentOf(ws, payer!.iban) })
    expect(atTerminal.status).toBe('accepted')
    const byKaspiTx = { txId: 'KASPI-TX-7', endToEndId: 'RRN-000042' }
    const single = await upload(request(atTerminal.operation, 100, 'CASPKZKA', byKaspiTx))
    expect(single).toMatchObject({ ok: true, value: { file: { status: 'processed' } } })
    expect(ws.ok<DisputeQueue>('analyst', 'disputes.list', {}).rows).toMatchObject([{ source: 'camt.056', operationSeq: atTerminal.operation, amountMinor: 100 }])

    const atDesk = submit({ type: 'transfer', channel: 'app', payer: { iban: payer!.iban }, payee: { iban: payee!.iban } })
    expect(atDesk.operation).not.toBe(atTerminal.operation)
    const before = disputes()
    const ambiguous = await upload(request(atDesk.operation, 100, 'CASPKZKA', byKaspiTx))
    expect(ambiguous).toMatchObject({ ok: true, value: { file: { status: 'refused', errors: [{ message: expect.stringContaining(`names 2 of your bank's operations (OP-${atTerminal.operation}, OP-${atDesk.operation})`) }] } } })
    expect(disputes()).toBe(before)
  })

  it('files a request its bank assigned under another spelling of its BIC (CASPKZKAXXX for CASPKZKA)', async () => {
    const op = interbankOperation()
    expect(await upload(request(op.seq, 150, 'CASPKZKAXXX'))).toMatchObject({ ok: true, value: { file: { status: 'processed' } } })
    expect(ws.ok<DisputeQueue>('analyst', 'disputes.list', {}).rows).toMatchObject([{ source: 'camt.056', applicant: 'P001', operationSeq: op.seq }])
  })

  it('refuses a whole request it cannot file (another bank’s BIC, an unknown operation), filing nothing', async () => {
    const op = interbankOperation()
    const before = ws.db.prepare('SELECT count(*) FROM disputes').pluck().get()
    const foreign = await ws.callAsync<{ file: { status: string; errors: { message: string }[] } }>('kaspi', 'messages.upload', { fileName: 'a.xml', base64: request(op.seq, 150, 'HSBKKZKX'), participantCode: 'P001' })
    // Each refusal names its rule with its figures, for the messages screen to word in kk, ru and en; the English stays for the CLI.
    expect(foreign).toMatchObject({
      ok: true,
      value: { file: { status: 'refused', errors: [{ message: expect.stringContaining('assigned by HSBKKZKX'), code: 'revocation_refused', params: { rule: 'disputes.assigner_bic', bic: 'HSBKKZKX', party: 'P001', participantBic: 'CASPKZKA' } }] } }
    })
    const unknown = await ws.callAsync<{ file: { status: string } }>('kaspi', 'messages.upload', { fileName: 'b.xml', base64: request(999_999_999, 150), participantCode: 'P001' })
    expect(unknown).toMatchObject({ ok: true, value: { file: { status: 'refused', errors: [{ code: 'revocation_refused', params: { rule: 'disputes.no_operation', seq: 999_999_999 } }] } } })
    expect(ws.db.prepare('SELECT count(*) FROM disputes').pluck().get()).toBe(before)
  })
})

describe('what an appeal and a second case may return (R10.1.2, R10.1.3)', () => {
  const returned = (seq: number) => ws.db.prepare(`SELECT coalesce(sum(amount_minor), 0) FROM operations WHERE original_seq = ? AND reason = 'return' AND status = 'accepted'`).pluck().get(seq) as number

  // A claim of half the operation, or of all of it: a third accepted, then the appeal accepted.
  const appealAfterPart = async (whole: boolean) => {
    const op = interbankOperation()
    const claim = whole ? op.amountMinor : Math.floor(op.amountMinor / 2)
    const row = file(whole ? {} : { amount: (claim / 100).toFixed(2) })
    ws.ok('analyst', 'disputes.take', { id: row.id })
    const part = Math.floor(claim / 3)
    await ws.okAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'partially_accepted', amount: (part / 100).toFixed(2), grounds: 'Only the commission part is justified' })
    ws.ok('kaspi', 'disputes.appeal', { id: row.id, grounds: 'The whole claim was fraudulent, see the police report' })
    const final = await ws.okAsync<DisputeRow>('analyst', 'disputes.decide', { id: row.id, outcome: 'accepted', grounds: 'The police report proves the fraud' })
    expect(final).toMatchObject({ stage: 'closed', status: 'accepted', decidedAmountMinor: claim })
    expect(returned(op.seq)).toBe(claim)
    return op
  }

  it('R10.1.3: an appeal accepted after a partial acceptance returns only the rest of the claim, not the claim again', async () => {
    const op = await appealAfterPart(false)
    expect(ws.db.prepare('SELECT status FROM operations WHERE seq = ?').pluck().get(op.seq)).toBe('accepted')
  })

  it('R10.1.3: an appeal accepted on a whole operation after a partial acceptance returns its last tiyn, and the operation stands reversed', async () => {
    const op = await appealAfterPart(true)
    const original = ws.db.prepare('SELECT status, reversed_by FROM operations WHERE seq = ?').get(op.seq) as { status: string; reversed_by: number | null }
    expect(original.status).toBe('reversed')
    expect(ws.db.prepare('SELECT reason FROM operations WHERE seq = ?').pluck().get(original.reversed_by)).toBe('return')
    expect(await ws.okAsync<LedgerVerification>('analyst', 'ledger.verify', {})).toMatchObject({ balanced: true, problems: [] })
  })

  it('R10.1.3: a partial acceptance on appeal returns less than what the first decision left of the claim', async () => {
    const op = interbankOperation()
    const claim = Math.floor(op.amountMinor / 2)
    const row = file({ amount: (claim / 100).toFixed(2) })
    ws.ok('analyst', 'disputes.take', { id: row.id })
    const part = Math.floor(claim / 2)
    await ws.okAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'partially_accepted', amount: (part / 100).toFixed(2), grounds: 'Half of the claim is justified' })
    ws.ok('kaspi', 'disputes.appeal', { id: row.id, grounds: 'The whole claim was fraudulent, see the police report' })
    const before = snapshot(ws)
    // Another part as large as the first would return more than was claimed.
    expect(await ws.callAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'partially_accepted', amount: ((claim - part) / 100).toFixed(2), grounds: 'The rest of it' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(snapshot(ws)).toBe(before)
    expect(returned(op.seq)).toBe(part)
  })

  it('R10.1.1: money already returned on an accepted case is not counted twice against a later claim on the operation', async () => {
    const op = interbankOperation()
    const first = Math.floor(op.amountMinor / 4)
    const row = file({ amount: (first / 100).toFixed(2) })
    ws.ok('analyst', 'disputes.take', { id: row.id })
    await ws.okAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'accepted', grounds: 'The first quarter was charged twice' })
    expect(returned(op.seq)).toBe(first)
    // What is left of the operation is its amount less the quarter returned.
    const rest = op.amountMinor - first - 1
    expect(ws.ok<DisputeRow>('kaspi', 'disputes.file', { operationSeq: op.seq, reason: 'FRAD', description: 'the rest was not the client', amount: (rest / 100).toFixed(2) })).toMatchObject({ amountMinor: rest })
  })
  it('R10.1.1: a case rejected but still open to appeal holds its claim until the appeal period ends', async () => {
    const op = interbankOperation()
    const row = file()
    ws.ok('analyst', 'disputes.take', { id: row.id })
    await ws.okAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'rejected', grounds: 'No evidence of fraud was given' })
    // An appeal could still return the whole operation: a second claim on it now would revoke it twice over.
    expect(ws.call('kaspi', 'disputes.file', { operationSeq: op.seq, reason: 'DUPL', description: 'the same transfer again', amount: '1.00' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    ws.clock.advance(10 * DAY + 1)
    expect(ws.disputes.tick()).toBe(1)
    ws.signIn('kaspi', 'kaspi.operator')
    expect(ws.ok<DisputeRow>('kaspi', 'disputes.file', { operationSeq: op.seq, reason: 'DUPL', description: 'the same transfer again', amount: '1.00' })).toMatchObject({ amountMinor: 100 })
  })
})
