// Confidential documents through the dispatcher, on a real SQLite file with the demo keys (R14.1–R14.5, R14.9):
// signed by the sender's key, encrypted to the recipients' authorised staff, every access logged.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallResult, Participant } from '../../../src/core/api/types'
import type { DocumentAccessEntry, DocumentAttachmentFile, DocumentExport, DocumentRow, ExchangeParty, OpenedDocument } from '../../../src/core/api/documents-types'
import { fiveYearsAfter } from '../../../src/core/documents/non-disclosure'
import { installDocumentFixture } from './document-fixture'
import { auditCount, snapshot, T0, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
  for (const login of ['operator', 'kaspi.operator', 'halyk.viewer', 'auditor', 'admin']) ws.signIn(login, login)
})
afterEach(() => ws.dispose())

const BODY = 'Акт сверки за ноябрь / Қараша айының салыстыру актісі'
const attachment = randomBytes(3000)

async function value<T>(r: Promise<CallResult<T>>): Promise<T> {
  const result = await r
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.message} ${(result.error.details ?? []).join('; ')}`)
  return result.value
}

const send = (caller = 'operator', recipients = ['P001'], extra: object = {}): Promise<DocumentRow> =>
  value(ws.callAsync<DocumentRow>(caller, 'documents.send', {
    title: 'Reconciliation act, November', body: BODY, recipients, attachments: [{ name: 'act.pdf', mediaType: 'application/pdf', base64: attachment.toString('base64') }], ...extra
  }))

const accessLog = (caller: string, id: string): DocumentAccessEntry[] => ws.ok<DocumentAccessEntry[]>(caller, 'documents.accessLog', { id })
const auditOf = (action: string) => ws.db.prepare('SELECT actor_login, outcome, error_code, subject FROM audit_log WHERE action = ? ORDER BY seq').all(action)

describe('sending and opening', () => {
  it('signs with the sender’s key, encrypts to the recipient, and the recipient opens, verifies and downloads it', async () => {
    const row = await send()
    expect(row).toMatchObject({
      number: 'DOC-2026-000001', senderParty: 'operator', recipients: ['P001'], createdBy: 'operator', attachmentCount: 1, origin: 'composed',
      forwardedFrom: null, nonDisclosure: { leftParty: null, until: null }
    })
    expect(row.signerSubject).toContain('CN=Marat Abenov')
    expect(ws.pinRequests).toMatchObject([{ caller: 'operator', purpose: 'sign', kind: 'key_passphrase' }])
    expect(auditOf('documents.sent')).toEqual([{ actor_login: 'operator', outcome: 'ok', error_code: null, subject: row.number }])

    expect(ws.ok<DocumentRow[]>('kaspi.operator', 'documents.list', { box: 'inbox' }).map((d) => d.id)).toEqual([row.id])
    expect(ws.ok<DocumentRow[]>('operator', 'documents.list', { box: 'outbox' }).map((d) => d.id)).toEqual([row.id])
    expect(ws.ok<DocumentRow[]>('halyk.viewer', 'documents.list', { box: 'inbox' })).toEqual([])
    // Only the title and the routing are in clear; the body is inside the envelope.
    const stored = ws.db.prepare('SELECT envelope FROM documents WHERE id = ?').pluck().get(row.id) as Buffer
    expect(stored.includes(Buffer.from('Reconciliation'))).toBe(false)

    const opened = await value(ws.callAsync<OpenedDocument>('kaspi.operator', 'documents.open', { id: row.id }))
    expect(ws.pinRequests.slice(1)).toMatchObject([{ caller: 'kaspi.operator', purpose: 'decrypt', kind: 'key_passphrase' }])
    expect(opened.body).toBe(BODY)
    expect(opened.consent).toBeNull()
    expect(opened.attachments).toEqual([{ index: 0, name: 'act.pdf', mediaType: 'application/pdf', size: attachment.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }])
    expect(opened.verification).toMatchObject({ valid: true, failures: [] })
    expect(opened.verification.signers[0]).toMatchObject({ commonName: 'Marat Abenov', chainTrusted: true, messageDigest: 'match', signature: 'valid', certificateHash: 'match' })

    const file = await value(ws.callAsync<DocumentAttachmentFile>('kaspi.operator', 'documents.download', { id: row.id, index: 0 }))
    expect(file).toMatchObject({ name: 'act.pdf', mediaType: 'application/pdf' })
    expect(Buffer.from(file.base64, 'base64').equals(attachment)).toBe(true)

    // The sender's party reads its outbox with its own staff's keys.
    expect((await value(ws.callAsync<OpenedDocument>('operator', 'documents.open', { id: row.id }))).body).toBe(BODY)

    expect(accessLog('kaspi.operator', row.id).map((e) => [e.action, e.login, e.party, e.detail])).toEqual([
      ['send', 'operator', 'operator', null],
      ['open', 'kaspi.operator', 'P001', null],
      ['download', 'kaspi.operator', 'P001', { code: 'text', params: {}, message: 'act.pdf' }],
      ['open', 'operator', 'operator', null]
    ])
  })

  it('lists the parties with how many certificates a document to each is encrypted to, not the user’s own', async () => {
    const parties = ws.ok<ExchangeParty[]>('kaspi.operator', 'documents.parties')
    const count = (p: string) => parties.find((x) => x.party === p)?.recipientCertificates
    expect(parties.map((p) => p.party)).toEqual(['operator', 'settlement_bank', 'P002', 'P003', 'P004', 'P005'])
    // operator staff holding documents.read: operator, clearing, clearing2, risk, disputes (newcomer has a certificate too).
    expect(count('operator')).toBeGreaterThanOrEqual(5)
    expect(count('settlement_bank')).toBe(1)
    // Every participant role reads documents: each of the bank's staff with a certificate.
    const halykStaff = ws.db.prepare(`SELECT count(*) FROM user_certificates c JOIN users u ON u.id = c.user_id JOIN participants p ON p.id = u.participant_id WHERE p.code = 'P002'`).pluck().get()
    expect(count('P002')).toBe(halykStaff)
    expect(count('P003')).toBe(0)
    // The settlement bank is reached through its own certificate.
    expect(await send('operator', ['settlement_bank', 'P001'])).toMatchObject({ recipients: ['P001', 'settlement_bank'] })
  })
})

describe('access (R14.4–R14.5)', () => {
  it('refuses a user of a party that is not a recipient, logging the refusal and keeping the audit record', async () => {
    const row = await send()
    const r = await ws.callAsync('halyk.viewer', 'documents.open', { id: row.id })
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // What was refused, as a code the access log's screen words in kk, ru and en.
    expect(accessLog('operator', row.id).at(-1)).toMatchObject({ action: 'refused', login: 'halyk.viewer', party: 'P002', detail: { code: 'open', params: {} } })
    const download = await ws.callAsync('halyk.viewer', 'documents.download', { id: row.id, index: 1 })
    expect(download).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(accessLog('operator', row.id).at(-1)).toMatchObject({ action: 'refused', login: 'halyk.viewer', detail: { code: 'download', params: { n: 2 }, message: 'download of attachment 2' } })
    // An attachment the document does not have: the rule and its figures, for the screen to say in the user's language.
    expect(await ws.callAsync('kaspi.operator', 'documents.download', { id: row.id, index: 5 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', reasons: [{ rule: 'documents.no_attachment', params: { number: row.number, count: 1, n: 6 } }] }
    })
    expect(auditOf('documents.open')).toEqual([{ actor_login: 'halyk.viewer', outcome: 'error', error_code: 'FORBIDDEN', subject: row.number }])
    expect(ws.pinRequests).toHaveLength(1) // the sender's; no key was used for the refused opening
    await expect(ws.callAsync('halyk.viewer', 'documents.download', { id: row.id, index: 0 })).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(ws.call('halyk.viewer', 'documents.accessLog', { id: row.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('refuses users without documents.read; the auditor reads the access log but not the document', async () => {
    const row = await send()
    const before = snapshot(ws)
    for (const login of ['auditor', 'admin']) {
      const audited = auditCount(ws)
      expect(await ws.callAsync(login, 'documents.open', { id: row.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect(auditCount(ws)).toBe(audited + 1)
    }
    expect(snapshot(ws)).toBe(before)
    expect(accessLog('auditor', row.id).map((e) => e.action)).toEqual(['send'])
  })
})

// «Ваши роли не позволяют это действие» alone, the core's English «DOC-… is not a document of your party (P001)» unseen:
// now by its rule, naming the document and the user's party. Only the refusal is kept, in the access log (R14.4, R14.5).
describe('another party’s document', () => {
  it('is refused by its rule, naming the document and the party, and only the refusal is logged', async () => {
    // To the Halyk bank: Kaspi's operator, who sends and exports documents of their own, is of neither party.
    const row = await send('operator', ['P002'])
    const consent = { grantedBy: 'operator', reference: 'CONSENT-17', grantedOn: '2026-11-20' }
    const calls: [string, object][] = [['documents.open', { id: row.id }], ['documents.download', { id: row.id, index: 0 }], ['documents.export', { id: row.id }], ['documents.forward', { id: row.id, party: 'P003', consent }]]
    // Besides the access log's line, nothing changes.
    const rest = () => JSON.stringify((JSON.parse(snapshot(ws)) as [string, unknown][]).filter(([table]) => table !== 'document_access'))
    for (const [name, input] of calls) {
      const before = rest()
      const logged = accessLog('operator', row.id).length
      expect(await ws.callAsync('kaspi.operator', name, input), name).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringContaining(row.number), reasons: [{ rule: 'documents.not_yours', params: { number: row.number, party: 'P001' } }] }
      })
      expect(accessLog('operator', row.id).slice(logged).map((e) => [e.action, e.login]), name).toEqual([['refused', 'kaspi.operator']])
      expect(rest(), name).toBe(before)
    }
  })
})

// «the access log of DOC-… is for its parties' staff and for auditors» was the core's English; the screen showed only
// «Ваши роли не позволяют это действие». Now by its rule, with the document's number (R14.5).
describe('the access log of another party’s document', () => {
  it('is refused by its rule, naming the document, and nothing changes', async () => {
    const row = await send()
    const before = snapshot(ws)
    expect(ws.call('halyk.viewer', 'documents.accessLog', { id: row.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining(row.number), reasons: [{ rule: 'documents.log_not_yours', params: { number: row.number } }] }
    })
    expect(snapshot(ws)).toBe(before)
    expect(accessLog('auditor', row.id).map((e) => e.action)).toEqual(['send'])
  })
})

describe('tampering', () => {
  it('does not open silently a document whose stored envelope or record was changed', async () => {
    const row = await send()
    ws.db.exec('DROP TRIGGER documents_no_update')
    const envelope = ws.db.prepare('SELECT envelope FROM documents WHERE id = ?').pluck().get(row.id) as Buffer
    const flip = (at: number): Buffer => {
      const changed = Buffer.from(envelope)
      changed[at]! ^= 0x01
      return changed
    }
    // The last byte: the content no longer decrypts.
    ws.db.prepare('UPDATE documents SET envelope = ? WHERE id = ?').run(flip(envelope.length - 1), row.id)
    const last = await ws.callAsync('kaspi.operator', 'documents.open', { id: row.id })
    expect(last).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(`${row.number} cannot be opened`) } })
    // A byte inside the encrypted package (the attachment's text): it decrypts to garbage the signature does not cover.
    ws.db.prepare('UPDATE documents SET envelope = ? WHERE id = ?').run(flip(envelope.length - 2000), row.id)
    const middle = await ws.callAsync('kaspi.operator', 'documents.open', { id: row.id })
    expect(middle).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: expect.arrayContaining([expect.stringMatching(/^content_changed: /)]) } })

    // The record's title changed: the signed title disagrees, and the report says so.
    ws.db.prepare('UPDATE documents SET envelope = ?, title = ? WHERE id = ?').run(envelope, 'Something else', row.id)
    const retitled = await value(ws.callAsync<OpenedDocument>('kaspi.operator', 'documents.open', { id: row.id }))
    expect(retitled.verification.valid).toBe(false)
    // Which field, and what each says, for the screens to word: it was in the check's English only (R14.2).
    const retitledFailure = {
      code: 'content_changed',
      detail: 'title: the signed document says Reconciliation act, November, the desk records Something else',
      reason: { rule: 'documents.signed_field_differs', params: { documentField: 'title', signed: 'Reconciliation act, November', recorded: 'Something else' } }
    }
    expect(retitled.verification.failures).toEqual([retitledFailure])
    await expect(ws.callAsync('kaspi.operator', 'documents.download', { id: row.id, index: 0 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', reasons: [{ rule: 'documents.signed_field_differs', params: { ...retitledFailure.reason.params, signatureFailure: 'content_changed' } }] }
    })
  })
})

describe('forwarding with consent (R14.3)', () => {
  const consent = { grantedBy: 'operator', reference: 'CONSENT-17', grantedOn: '2026-11-20', note: 'letter of 20 November' }

  it('needs the consent of the party whose information it is; nothing changes without it', async () => {
    const row = await send()
    const before = snapshot(ws)
    const pins = ws.pinRequests.length
    const r = await ws.callAsync('kaspi.operator', 'documents.forward', { id: row.id, party: 'P002', consent: { ...consent, grantedBy: 'P001' } })
    // Each refusal names its rule with its figures, for the screens to word in kk, ru and en.
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('must come from operator'), reasons: [{ rule: 'documents.consent_owner', params: { owner: 'operator', number: row.number, party: 'P001' } }] } })
    // The sender sends; forwarding is for a party that received the document.
    expect(await ws.callAsync('operator', 'documents.forward', { id: row.id, party: 'P002', consent })).toMatchObject({ ok: false, error: { code: 'VALIDATION', reasons: [{ rule: 'documents.forward_own', params: { number: row.number } }] } })
    expect(await ws.callAsync('kaspi.operator', 'documents.forward', { id: row.id, party: 'operator', consent })).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'documents.party_has_it', params: { party: 'operator', number: row.number } }] } })
    expect(snapshot(ws)).toBe(before)
    expect(ws.pinRequests).toHaveLength(pins)
  })

  it('forwards the sender’s signed document to a third party, who opens it with the sender’s signature and the consent', async () => {
    const row = await send()
    const pins = ws.pinRequests.length
    const copy = await value(ws.callAsync<DocumentRow>('kaspi.operator', 'documents.forward', { id: row.id, party: 'P002', consent }))
    expect(ws.pinRequests.slice(pins)).toMatchObject([{ caller: 'kaspi.operator', purpose: 'decrypt' }])
    expect(copy).toMatchObject({ number: 'DOC-2026-000002', senderParty: 'P001', recipients: ['P002'], origin: 'forwarded', forwardedFrom: row.id, signerSubject: row.signerSubject, createdBy: 'kaspi.operator' })

    expect(ws.ok<DocumentRow[]>('halyk.viewer', 'documents.list', { box: 'inbox' }).map((d) => d.id)).toEqual([copy.id])
    const opened = await value(ws.callAsync<OpenedDocument>('halyk.viewer', 'documents.open', { id: copy.id }))
    expect(opened.body).toBe(BODY)
    expect(opened.verification).toMatchObject({ valid: true })
    expect(opened.verification.signers[0]!.commonName).toBe('Marat Abenov')
    expect(opened.consent).toMatchObject({ thirdParty: 'P002', grantedBy: 'operator', reference: 'CONSENT-17', grantedOn: '2026-11-20', note: 'letter of 20 November', recordedBy: 'kaspi.operator' })
    const file = await value(ws.callAsync<DocumentAttachmentFile>('halyk.viewer', 'documents.download', { id: copy.id, index: 0 }))
    expect(Buffer.from(file.base64, 'base64').equals(attachment)).toBe(true)

    // The original stays out of the third party's reach; its log shows the forward.
    expect(await ws.callAsync('halyk.viewer', 'documents.open', { id: row.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(accessLog('operator', row.id).map((e) => [e.action, e.login])).toEqual([['send', 'operator'], ['forward', 'kaspi.operator'], ['refused', 'halyk.viewer']])
    expect(accessLog('operator', row.id)[1]!.detail).toMatchObject({ code: 'forwarded_to', params: { party: 'P002', number: copy.number, reference: 'CONSENT-17', grantedOnDay: '2026-11-20', grantedBy: 'operator' } })
    expect(accessLog('halyk.viewer', copy.id)[0]!.detail).toMatchObject({ code: 'forwarded_from', params: { number: row.number } })
    expect(accessLog('halyk.viewer', copy.id).map((e) => [e.action, e.login])).toEqual([['send', 'kaspi.operator'], ['open', 'halyk.viewer'], ['download', 'halyk.viewer']])
    // Once is enough: the third party has it.
    expect(await ws.callAsync('kaspi.operator', 'documents.forward', { id: row.id, party: 'P002', consent })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })
})

describe('non-disclosure after a participant leaves (R14.9)', () => {
  it('shows five years from the termination on its documents, and no new document goes to it', async () => {
    const row = await send()
    expect(row.nonDisclosure).toEqual({ leftParty: null, until: null })
    const kaspi = ws.ok<Participant[]>('operator', 'participants.list').find((p) => p.code === 'P001')!
    ws.clock.advance(10 * 60_000)
    ws.ok('operator', 'participants.setStatus', { participantId: kaspi.id, status: 'terminated', reason: 'licence revoked' })
    const terminatedAt = ws.db.prepare(`SELECT terminated_at FROM participants WHERE code = 'P001'`).pluck().get() as number
    expect(terminatedAt).toBe(T0 + 10 * 60_000)
    const [listed] = ws.ok<DocumentRow[]>('operator', 'documents.list', { box: 'outbox' })
    expect(listed!.nonDisclosure).toEqual({ leftParty: 'P001', until: fiveYearsAfter(terminatedAt) })
    expect(new Date(listed!.nonDisclosure.until!).toISOString()).toBe('2031-11-23T04:10:00.000Z')
    expect(ws.ok<ExchangeParty[]>('operator', 'documents.parties').find((p) => p.party === 'P001')!.terminatedAt).toBe(terminatedAt)
    const before = snapshot(ws)
    await expect(ws.callAsync('operator', 'documents.send', { title: 'After leaving', body: 'x', recipients: ['P001'] })).resolves.toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(snapshot(ws)).toBe(before)
  })
})

describe('export', () => {
  it('writes the envelope as <number>.p7m, never over a file, and logs it; the same file is not imported twice', async () => {
    const row = await send()
    const stored = ws.db.prepare('SELECT envelope FROM documents WHERE id = ?').pluck().get(row.id) as Buffer
    const exported = await value(ws.callAsync<DocumentExport>('operator', 'documents.export', { id: row.id, out: ws.dir }))
    expect(exported).toEqual({ fileName: `${row.number}.p7m`, base64: null, out: join(ws.dir, `${row.number}.p7m`), bytes: stored.length })
    expect(readFileSync(exported.out!).equals(stored)).toBe(true)
    expect(await ws.callAsync('operator', 'documents.export', { id: row.id, out: exported.out })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(existsSync(join(ws.dir, 'elsewhere'))).toBe(false)
    expect(await ws.callAsync('operator', 'documents.export', { id: row.id, out: join(ws.dir, 'elsewhere', 'x.p7m') })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })

    const asText = await value(ws.callAsync<DocumentExport>('kaspi.operator', 'documents.export', { id: row.id }))
    expect(asText).toMatchObject({ out: null, fileName: `${row.number}.p7m` })
    expect(Buffer.from(asText.base64!, 'base64').equals(stored)).toBe(true)
    expect(accessLog('operator', row.id).map((e) => [e.action, e.login, e.detail])).toEqual([
      ['send', 'operator', null],
      ['export', 'operator', { code: 'exported_to', params: { target: exported.out }, message: exported.out }],
      ['export', 'kaspi.operator', { code: 'exported_content', params: {}, message: 'as base64' }]
    ])

    const before = snapshot(ws)
    const again = await ws.callAsync('kaspi.operator', 'documents.import', { fileName: `${row.number}.p7m`, base64: asText.base64 })
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining(row.number) } })
    expect(snapshot(ws)).toBe(before)
  })
})

describe('an export over an existing file', () => {
  // «out: /…/DOC-2026-000001.p7m exists; an export does not overwrite a file» in English on every desk (R14.2, R12.1).
  it('is refused by its rule with the path, named as a file or found in a folder; the file is left as it was, nothing else written or logged', async () => {
    const row = await send()
    const named = join(ws.dir, 'exports', 'act.p7m')
    const inFolder = join(ws.dir, 'exports', `${row.number}.p7m`)
    mkdirSync(join(ws.dir, 'exports'))
    writeFileSync(named, 'kept as it was')
    writeFileSync(inFolder, 'kept too')
    const before = snapshot(ws)
    for (const [out, path] of [[named, named], [join(ws.dir, 'exports'), inFolder]] as const) {
      const r = await ws.callAsync('operator', 'documents.export', { id: row.id, out })
      expect(r, out).toMatchObject({ ok: false, error: { code: 'CONFLICT', reasons: [{ rule: 'documents.out_exists', params: { path } }] } })
    }
    expect(readFileSync(named, 'utf8')).toBe('kept as it was')
    expect(readFileSync(inFolder, 'utf8')).toBe('kept too')
    expect(readdirSync(join(ws.dir, 'exports')).sort()).toEqual([`${row.number}.p7m`, 'act.p7m'].sort())
    expect(snapshot(ws)).toBe(before)
    expect(accessLog('operator', row.id).map((e) => e.action)).toEqual(['send'])
  })
})

// The access log said «exported to /…/DOC-2026-000001.p7m» for an export whose file was never written: the entry was
// committed before the write, which then failed on a file made meanwhile or a folder gone (R14.5, R12.1).
describe('an export whose file cannot be written', () => {
  const exporting = (out: string) => ws.callAsync('operator', 'documents.export', { id: rowId, out })
  let rowId: string

  it.each([
    ['a file made there after the check', (out: string) => writeFileSync(out, 'made meanwhile'), 'CONFLICT', (out: string) => ({ rule: 'documents.out_exists', params: { path: out } })],
    ['its folder removed after the check', (out: string) => rmSync(join(out, '..'), { recursive: true }), 'VALIDATION', (out: string) => ({ rule: 'documents.out_unwritable', params: { path: out, fileError: 'ENOENT' } })]
  ])('%s: refused by its rule, the access log does not record it, nothing else changes', async (_label, meanwhile, code, reason) => {
    rowId = (await send()).id
    const out = join(ws.dir, 'exports', 'act.p7m')
    mkdirSync(join(ws.dir, 'exports'))
    const before = snapshot(ws)
    // The call's checks run now; what the file system does before the write comes next.
    const r = exporting(out)
    meanwhile(out)
    expect(await r).toMatchObject({ ok: false, error: { code, reasons: [reason(out)] } })
    expect(snapshot(ws)).toBe(before)
    expect(accessLog('operator', rowId).map((e) => e.action)).toEqual(['send'])
    expect(existsSync(out) ? readFileSync(out, 'utf8') : null).toBe(code === 'CONFLICT' ? 'made meanwhile' : null)
  })

  it('a file the access log could not record is not left behind', async () => {
    rowId = (await send()).id
    const out = join(ws.dir, 'act.p7m')
    ws.db.exec("CREATE TEMP TRIGGER no_export BEFORE INSERT ON document_access WHEN NEW.action = 'export' BEGIN SELECT RAISE(ABORT, 'the log is out of reach'); END")
    const before = snapshot(ws)
    expect(await exporting(out)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(existsSync(out)).toBe(false)
    expect(snapshot(ws)).toBe(before)
    ws.db.exec('DROP TRIGGER temp.no_export')
    expect(accessLog('operator', rowId).map((e) => e.action)).toEqual(['send'])
  })
})

describe('refusals that change nothing', () => {
  it('refuses a wrong PIN three times with TOKEN and stores nothing', async () => {
    const before = snapshot(ws)
    ws.pinAnswers.push('0000', '0000', '0000')
    const r = await ws.callAsync('operator', 'documents.send', { title: 'Never sent', body: 'x', recipients: ['P001'] })
    expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_incorrect' }] } })
    expect(ws.pinRequests.map((p) => p.retry)).toEqual([null, { triesLeft: null }, { triesLeft: null }])
    expect(snapshot(ws)).toBe(before)
    // The next document still gets the first number: none was used up.
    expect((await send()).number).toBe('DOC-2026-000001')
  })

  it.each([
    ['an unknown party', { recipients: ['P099'] }, 'VALIDATION', { rule: 'documents.no_party', params: { parties: 'P099' } }],
    ['no recipients', { recipients: [] }, 'VALIDATION', null],
    ['the sender’s own party', { recipients: ['operator'] }, 'VALIDATION', { rule: 'documents.own_party_recipient', params: { party: 'operator' } }],
    ['a party nobody could open it at', { recipients: ['P001', 'P003'] }, 'CONFLICT', { rule: 'documents.no_reader', params: { parties: 'P003' } }],
    [
      'attachments over 20 MB in all',
      { attachments: [0, 1].map((i) => ({ name: `part${i}.bin`, mediaType: 'application/octet-stream', base64: Buffer.alloc(10.5 * 1024 * 1024).toString('base64') })) },
      'VALIDATION',
      { rule: 'documents.attachments_too_large', params: { bytes: 21 * 1024 * 1024, limitBytes: 20 * 1024 * 1024 } }
    ]
  ])('refuses sending to %s', async (_label, change, code, reason) => {
    const before = snapshot(ws)
    const r = await ws.callAsync('operator', 'documents.send', { title: 'Refused', body: 'x', recipients: ['P001'], ...change })
    expect(r).toMatchObject({ ok: false, error: { code, ...(reason ? { reasons: [reason] } : {}) } })
    expect(snapshot(ws)).toBe(before)
    expect(ws.pinRequests).toEqual([])
  })

  // An unknown document was refused as «Не найдено: no document 000…» in English (R14.2): now by its rule, worded kk/ru/en.
  it('refuses an unknown document and a missing attachment with NOT_FOUND, by their rules', async () => {
    const row = await send()
    const before = snapshot(ws)
    const unknown = '0'.repeat(26)
    const noDocument = { ok: false, error: { code: 'NOT_FOUND', reasons: [{ rule: 'documents.no_document', params: { id: unknown } }] } }
    for (const [name, input] of [
      ['documents.open', { id: unknown }],
      ['documents.export', { id: unknown }],
      ['documents.forward', { id: unknown, party: 'P002', consent: { grantedBy: 'operator', reference: 'C-1', grantedOn: '2026-11-20' } }]
    ] as const)
      expect(await ws.callAsync('kaspi.operator', name, input), name).toMatchObject(noDocument)
    expect(await ws.callAsync('kaspi.operator', 'documents.download', { id: row.id, index: 3 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reasons: [{ rule: 'documents.no_attachment' }] } })
    expect(ws.call('auditor', 'documents.accessLog', { id: unknown })).toMatchObject(noDocument)
    expect(snapshot(ws)).toBe(before)
  })

  // A participant's user whose participant the registry does not hold was told «your participant is not registered» in English.
  it('refuses a participant’s user whose participant is not registered, by its rule, and changes nothing', () => {
    ws.db.pragma('foreign_keys = OFF')
    ws.db.prepare("UPDATE users SET participant_id = ? WHERE login = 'kaspi.operator'").run('Z'.repeat(26))
    ws.db.pragma('foreign_keys = ON')
    const before = snapshot(ws)
    expect(ws.call('kaspi.operator', 'documents.list', { box: 'inbox' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reasons: [{ rule: 'registry.own_participant_missing' }] } })
    expect(snapshot(ws)).toBe(before)
  })
})

describe('the contract test’s document fixture', () => {
  it('stores a document the operator opens with a valid, trusted signature, and gives a file the operator imports', async () => {
    const fixture = installDocumentFixture(ws.db, ws.dir)
    const opened = await value(ws.callAsync<OpenedDocument>('operator', 'documents.open', { id: fixture.id }))
    expect(opened.verification).toMatchObject({ valid: true, failures: [] })
    expect(opened.verification.signers[0]!.commonName).toBe('Asel Omarova')
    expect(await ws.callAsync('operator', 'documents.import', fixture.importable())).toMatchObject({ ok: true, value: { number: 'DOC-2026-000900', origin: 'imported' } })
  })
})
