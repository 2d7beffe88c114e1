// Participants' payment files (R4.1, R4.2) on a real SQLite file with the official schemas: import accepted
// whole or refused whole, queued for the close, executed at the close with a status per transaction back to
// the participant, duplicates refused; exports validated by the system's xmllint.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuthorizationAnswer, ExportResult, ImportResult, MessageFileDetail, MessageFileRow, MessageValidation } from '../../../src/core/api/types'
import { readMessage } from '../../../src/core/messages'
import { mt102Codec } from '../../../src/core/messages/mt'
import type { AccountStatement, PaymentBatch, PaymentReturn, StatusReport } from '../../../src/core/messages/types'
import { DISPUTES_SOURCE } from '../../../src/core/center/sources'
import { OPERATOR_BIC } from '../../../src/core/disputes/dispute-messages'
import { SETTLEMENT_BANK_BIC } from '../../../src/core/exchange/settlement-bank'
import { txIdOf } from '../../../src/core/messages/operation-ids'
import { ExchangeWatcher } from '../../../src/main/exchange-watcher'
import { snapshot, testWorkstation, type TestWorkstation } from '../../support/workstation'

const XSD = 'build/iso20022/xsd'
let ws: TestWorkstation
let seq = 0

interface DemoAccount {
  iban: string
  name: string
  bic: string
  code: string
}
let accounts: DemoAccount[]

beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('op', 'operator')
  ws.signIn('c', 'clearing')
  accounts = ws.db
    .prepare(`SELECT a.iban, c.name, p.bic, p.code FROM accounts a JOIN clients c ON c.id = a.client_id JOIN participants p ON p.id = a.participant_id WHERE a.kind = 'client' AND a.currency = 'KZT' ORDER BY a.iban`)
    .all() as DemoAccount[]
})
afterEach(() => ws.dispose())

const of = (code: string) => accounts.filter((a) => a.code === code)
const party = (a: DemoAccount) => ({ name: a.name, iban: a.iban, bic: a.bic, idn: null, residency: '1' as const, sector: '9' })

/** A pacs.008 batch of P001's clients paying others, amounts in minor units. */
function batch(amounts: number[], from = 'P001'): PaymentBatch {
  const id = `MSG-${++seq}`
  const payers = of(from)
  const payees = of('P002')
  return {
    messageId: id,
    createdAt: ws.clock.now(),
    settlementDate: '2026-11-23',
    instructingBic: payers[0]!.bic,
    instructedBic: OPERATOR_BIC,
    transactions: amounts.map((amountMinor, i) => ({
      instructionId: `${id}-I${i}`, endToEndId: `${id}-E${i}`, txId: `${id}-T${i}`, amountMinor, currency: 'KZT',
      debtor: party(payers[i % payers.length]!), creditor: party(payees[i % payees.length]!), purposeCode: '119', remittance: 'за услуги № 5 <test> & "quotes"'
    }))
  }
}

async function fileOf(b: PaymentBatch, name = 'payments.xml'): Promise<string> {
  const path = join(ws.dir, `${b.messageId}-${name}`)
  writeFileSync(path, await ws.exchange.codecs.writer.write('pacs.008.001.08', b))
  return path
}

const importPath = (path: string, code = 'P001') => ws.callAsync<ImportResult>('op', 'messages.import', { path, participantCode: code })
const ok = async <T>(p: Promise<{ ok: boolean; value?: T; error?: unknown }>): Promise<T> => {
  const r = await p
  if (!r.ok) throw new Error(JSON.stringify(r))
  return r.value as T
}
/** Every table but the message files (where a refusal is recorded) and the audit log. */
const withoutFiles = () => (JSON.parse(snapshot(ws)) as [string, unknown][]).filter(([t]) => t !== 'message_files')
const xmllint = (type: string, path: string) => execFileSync('xmllint', ['--noout', '--schema', join(XSD, `${type}.xsd`), path], { stdio: 'pipe' }).toString()

describe('importing a payment file (R4.1)', () => {
  it('accepts a valid pacs.008 whole, queues it for the close and sends a pending pacs.002 that passes the schema', async () => {
    const b = batch([1_000_00, 2_500_50])
    const r = await ok(importPath(await fileOf(b)))
    expect(r.file).toMatchObject({ status: 'queued', party: 'P001', format: 'pacs.008.001.08', messageId: b.messageId, transactions: 2, totalMinor: 3_500_50, day: '2026-11-23' })
    expect(r.statusReport).toMatchObject({ direction: 'out', format: 'pacs.002.001.10', status: 'written' })
    const path = ws.db.prepare('SELECT path FROM message_files WHERE id = ?').pluck().get(r.statusReport!.id) as string
    expect(existsSync(path)).toBe(true)
    xmllint('pacs.002.001.10', path)
    expect(readFileSync(path, 'utf8')).toContain('<TxSts>PDNG</TxSts>')
    expect(ws.db.prepare(`SELECT count(*) FROM close_queue WHERE kind = 'payment_file' AND state = 'queued'`).pluck().get()).toBe(1)
  })

  it('executes the queued transactions at the close through the Center and reports each ACSC or RJCT', async () => {
    const b = batch([1_000_00, 4_900_000_00])
    const r = await ok(importPath(await fileOf(b)))
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    await ws.exchange.outbound.flush()
    const d = ws.ok<MessageFileDetail>('op', 'messages.get', { id: r.file.id })
    expect(d.file.status).toBe('processed')
    expect(d.transactions.map((t) => [t.status, t.reason])).toEqual([
      ['ACSC', null],
      ['RJCT', 'account.insufficient_funds']
    ])
    const executed = ws.db.prepare('SELECT source, op_day, amount_minor, purpose FROM operations WHERE seq = ?').get(d.transactions[0]!.operationSeq)
    // R4.1: processed after the day closed, so in the next day.
    expect(executed).toEqual({ source: 'file:P001', op_day: '2026-11-24', amount_minor: 1_000_00, purpose: '119' })
    const final = d.related.filter((f) => f.format === 'pacs.002.001.10' && f.status === 'written').at(-1)!
    const text = readFileSync(ws.db.prepare('SELECT path FROM message_files WHERE id = ?').pluck().get(final.id) as string, 'utf8')
    expect(text).toContain('<TxSts>ACSC</TxSts>')
    expect(text).toContain('<TxSts>RJCT</TxSts>')
    expect(text).toContain('AM04')
  })

  it('rejects alone, with AB02, a transaction that fails unexpectedly at the close; the file’s others are executed, the failure audited', async () => {
    const b = batch([1_000_00, 777_77, 2_000_00])
    const r = await ok(importPath(await fileOf(b)))
    const payer = b.transactions[1]!.debtor.iban
    const balanceOf = (iban: string) => ws.db.prepare('SELECT balance_minor FROM accounts WHERE iban = ?').pluck().get(iban)
    const before = balanceOf(payer)
    // A real failure inside the Center's work for the second transaction, after its operation row is written: a
    // posting the database refuses (as a full disk or a broken page would), not a refusal by the rules.
    ws.db.exec(`CREATE TRIGGER fail_one BEFORE INSERT ON postings WHEN NEW.amount_minor = 77777 BEGIN SELECT RAISE(ABORT, 'simulated storage failure'); END`)
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    await ws.exchange.outbound.flush()
    const d = ws.ok<MessageFileDetail>('op', 'messages.get', { id: r.file.id })
    expect(d.file.status).toBe('processed')
    expect(d.transactions.map((t) => [t.status, t.reason])).toEqual([
      ['ACSC', null],
      ['RJCT', 'center.error'],
      ['ACSC', null]
    ])
    // Nothing of the failed one is kept: no operation, no money moved.
    expect(d.transactions[1]!.operationSeq).toBeNull()
    expect(ws.db.prepare('SELECT count(*) FROM operations WHERE request_id = ?').pluck().get(b.transactions[1]!.txId)).toBe(0)
    ws.center.settleAccounts()
    expect(balanceOf(payer)).toBe(before)
    expect(ws.closeQueue.list('2026-11-23').map((q) => [q.state, q.result])).toEqual([['processed', { code: 'file_processed', params: { executedCount: 2, rejectedCount: 1 }, message: '2 executed, 1 rejected' }]])
    const final = d.related.filter((f) => f.format === 'pacs.002.001.10' && f.status === 'written').at(-1)!
    const path = ws.db.prepare('SELECT path FROM message_files WHERE id = ?').pluck().get(final.id) as string
    xmllint('pacs.002.001.10', path)
    const report = readFileSync(path, 'utf8')
    expect(report).toContain('<GrpSts>PART</GrpSts>')
    expect(report).toMatch(new RegExp(`${b.transactions[1]!.txId}</OrgnlTxId>[\\s\\S]*?<TxSts>RJCT</TxSts>[\\s\\S]*?<Cd>AB02</Cd>`))
    const audit = ws.db.prepare(`SELECT outcome, error_code, subject, detail FROM audit_log WHERE action = 'messages.transactionFailed'`).all()
    expect(audit).toEqual([{ outcome: 'error', error_code: 'INTERNAL', subject: 'P001', detail: expect.stringContaining(`${b.transactions[1]!.txId}: simulated storage failure`) }])
    expect(ws.ok<{ day: string; state: string }[]>('c', 'opday.list', { limit: 5 }).find((x) => x.day === '2026-11-23')).toMatchObject({ state: 'cleared' })
  })

  // pacs.008 gives each transaction its own currency; tiyn and cents do not add up to a total in either.
  it('shows no total for a file in several currencies, rather than their minor units added in the first one', async () => {
    const b = batch([100_00, 50_00])
    b.transactions[1]!.currency = 'USD'
    const r = await ok(importPath(await fileOf(b)))
    expect(r.file).toMatchObject({ status: 'queued', transactions: 2, currency: null })
    expect((await ok(importPath(await fileOf(batch([100_00, 50_00]))))).file).toMatchObject({ totalMinor: 150_00, currency: 'KZT' })
  })

  it('accepts the national format too: an MT102 of the same payments is queued like a pacs.008 (R4.2)', async () => {
    const b = batch([150_00, 250_00])
    for (const t of b.transactions) t.instructionId = t.txId
    const path = join(ws.dir, 'payments.102')
    writeFileSync(path, mt102Codec.write(b))
    const r = await ok(importPath(path))
    expect(r.file).toMatchObject({ status: 'queued', format: 'MT102', messageId: b.messageId, transactions: 2, totalMinor: 400_00 })
    // The status report names the message it answers as it came: an MT102, not a pacs.008 of the same id.
    const statusPath = ws.db.prepare('SELECT path FROM message_files WHERE id = ?').pluck().get(r.statusReport!.id) as string
    const status = (await readMessage(readFileSync(statusPath, 'utf8'), ws.exchange.xsd)).message as StatusReport
    expect(status).toMatchObject({ originalMessageId: b.messageId, originalMessageType: 'MT102', groupStatus: 'PDNG' })
    expect(await ok(ws.callAsync<MessageValidation>('op', 'messages.validate', { path }))).toEqual({ valid: true, messageType: 'MT102', errors: [] })
  })

  it('refuses the same file twice, a reused message id and reused transaction ids, each with a clear reason', async () => {
    const b = batch([100_00])
    const path = await fileOf(b)
    await ok(importPath(path))
    const again = await ok(importPath(path))
    expect(again.file.status).toBe('refused')
    expect(again.file.errors[0]!.message).toMatch(/already imported as file #\d+/)
    // The messages screen words each line in the user's language: the rule as a code, its figures as parameters.
    expect(again.file.errors[0]).toMatchObject({ line: 0, code: 'same_file', params: { id: expect.any(Number), file: expect.any(String) } })
    const sameIds = { ...batch([200_00]), messageId: b.messageId }
    const reusedId = (await ok(importPath(await fileOf(sameIds, 'other.xml')))).file.errors
    expect(reusedId.map((e) => e.message).join(' ')).toContain(`message id ${b.messageId} was already used`)
    expect(reusedId).toContainEqual(expect.objectContaining({ code: 'message_id_used', params: { messageId: b.messageId, party: 'P001' } }))
    const reusedTx = batch([300_00])
    reusedTx.transactions[0]!.txId = b.transactions[0]!.txId
    const reusedTxErrors = (await ok(importPath(await fileOf(reusedTx)))).file.errors
    expect(reusedTxErrors.map((e) => e.message).join(' ')).toContain(`transaction ids already used by P001: ${b.transactions[0]!.txId}`)
    expect(reusedTxErrors).toContainEqual(expect.objectContaining({ code: 'tx_ids_used', params: { party: 'P001', ids: b.transactions[0]!.txId, count: 1 } }))
  })

  // BIC11 with branch XXX names the same bank as its BIC8; many banks' systems always write the eleven characters.
  it('takes the participant’s BIC in its eleven-character form (branch XXX) as the participant', async () => {
    const b = batch([100_00])
    b.instructingBic = `${b.instructingBic}XXX`
    for (const t of b.transactions) t.debtor = { ...t.debtor, bic: `${t.debtor.bic}XXX` }
    const r = await ok(importPath(await fileOf(b)))
    expect(r.file.errors).toEqual([])
    expect(r.file.status).toBe('queued')
  })

  // A resent file (same ids, another creation time) is refused; its refusal must not read as a rejection of the
  // transactions already accepted under those ids, or the participant would take them as not paid and pay again.
  it('answers a resent file with a group rejection DU01 that names none of the accepted transactions', async () => {
    const b = batch([100_00, 200_00])
    const first = await ok(importPath(await fileOf(b)))
    expect(first.file.status).toBe('queued')
    const resent = await ok(importPath(await fileOf({ ...b, createdAt: b.createdAt + 60_000 }, 'resent.xml')))
    expect(resent.file.status).toBe('refused')
    const path = ws.db.prepare('SELECT path FROM message_files WHERE id = ?').pluck().get(resent.statusReport!.id) as string
    const report = (await readMessage(readFileSync(path, 'utf8'), ws.exchange.xsd)).message as StatusReport
    expect(report).toMatchObject({ originalMessageId: b.messageId, groupStatus: 'RJCT', groupReason: 'DU01', transactions: [] })
    expect(report.groupInfo).toMatch(/already used/)
  })

  it('refuses a file sent for another bank’s clients, and keeps nothing of it but the refusal', async () => {
    const before = ws.db.prepare('SELECT count(*) FROM message_transactions').pluck().get()
    const r = await ok(importPath(await fileOf(batch([100_00], 'P002')), 'P001'))
    expect(r.file.status).toBe('refused')
    expect(r.file.errors.map((e) => e.message).join(' ')).toMatch(/not by P001's BIC CASPKZKA/)
    expect(r.file.errors).toContainEqual(expect.objectContaining({ code: 'sender_bic', params: expect.objectContaining({ party: 'P001', participantBic: 'CASPKZKA' }) }))
    expect(ws.db.prepare('SELECT count(*) FROM message_transactions').pluck().get()).toBe(before)
    expect(ws.db.prepare(`SELECT count(*) FROM close_queue`).pluck().get()).toBe(0)
  })

  // The payer's bank is named twice in a file: by its BIC and by the bank code inside the payer's IBAN. Kaspi's staff
  // who write Kaspi's BIC beside a Halyk client's IBAN must not get that client's account debited at the close.
  it('refuses a payer account kept at another bank, whatever BIC the file gives it, and debits nothing', async () => {
    const halykPayer = of('P002')[0]!
    const forged = batch([1_000_00])
    forged.transactions[0]!.debtor = { ...party(halykPayer), bic: of('P001')[0]!.bic }
    forged.transactions[0]!.creditor = party(of('P001')[1]!)
    const balance = () => ws.db.prepare('SELECT balance_minor FROM accounts WHERE iban = ?').pluck().get(halykPayer.iban) as number
    const before = balance()
    ws.signIn('k', 'kaspi.operator')
    const xml = await ws.exchange.codecs.writer.write('pacs.008.001.08', forged)
    const r = await ok(ws.callAsync<ImportResult>('k', 'messages.upload', { fileName: 'payments.xml', base64: Buffer.from(xml).toString('base64'), participantCode: 'P001' }))
    expect(r.file.status).toBe('refused')
    expect(r.file.errors.map((e) => e.message).join(' ')).toContain(`transaction 1 (${forged.transactions[0]!.txId}): the payer's account ${halykPayer.iban} is not kept at P001`)
    expect(r.file.errors).toContainEqual(expect.objectContaining({ code: 'payer_account', params: { n: 1, txId: forged.transactions[0]!.txId, iban: halykPayer.iban, party: 'P001' } }))
    expect(ws.db.prepare(`SELECT count(*) FROM close_queue`).pluck().get()).toBe(0)
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    expect(balance()).toBe(before)
  })

  // The schema lets through what the Center will not execute: a file accepted with "pending" must not come back
  // rejected at the close for a shape the import could have named (an id with a slash, a zero amount, a foreign payee account).
  it('refuses at import a transaction the Center would refuse at the close, naming it and what is wrong', async () => {
    const cases: [string, (b: PaymentBatch) => void, RegExp, string][] = [
      ['slash in the id', (b) => (b.transactions[0]!.txId = 'TX/2026/1'), /transaction 1 \(TX\/2026\/1\): .*id/, 'transaction_id'],
      ['zero amount', (b) => (b.transactions[0]!.amountMinor = 0), /transaction 1 .*amount.*greater than zero/, 'amount'],
      ['foreign payee account', (b) => (b.transactions[0]!.creditor = { ...b.transactions[0]!.creditor, iban: 'DE89370400440532013000' }), /transaction 1 .*payee.*KZ IBAN/, 'payee_account']
    ]
    for (const [name, change, expected, field] of cases) {
      const b = batch([100_00])
      change(b)
      const r = await ok(importPath(await fileOf(b)))
      expect(r.file.status, name).toBe('refused')
      expect(r.file.errors.map((e) => e.message).join(' '), name).toMatch(expected)
      expect(r.file.errors, name).toContainEqual(expect.objectContaining({ code: 'tx_invalid', params: { n: 1, txId: b.transactions[0]!.txId, field } }))
    }
    expect(ws.db.prepare(`SELECT count(*) FROM close_queue`).pluck().get()).toBe(0)
    expect(ws.db.prepare('SELECT count(*) FROM message_transactions').pluck().get()).toBe(0)
  })

  // Queued files run at tonight's close: a file for a later settlement date would move its money days early.
  it('refuses a file whose settlement date is after the open operational day, and keeps one for today', async () => {
    const later = { ...batch([100_00]), settlementDate: '2026-11-30' }
    const r = await ok(importPath(await fileOf(later)))
    expect(r.file.status).toBe('refused')
    expect(r.file.errors.map((e) => e.message).join(' ')).toMatch(/settlement date 2026-11-30 is after the operational day 2026-11-23/)
    expect(r.file.errors).toContainEqual(expect.objectContaining({ code: 'settlement_day_later', params: { settlementDay: '2026-11-30', day: '2026-11-23' } }))
    expect(ws.db.prepare(`SELECT count(*) FROM close_queue`).pluck().get()).toBe(0)
    expect((await ok(importPath(await fileOf(batch([100_00]))))).file.status).toBe('queued')
  })

  it('refuses hostile and broken files whole, with line-numbered errors, storing none of their content', async () => {
    const good = await ws.exchange.codecs.writer.write('pacs.008.001.08', batch([100_00]))
    const cases: [string, string, RegExp][] = [
      ['xxe', good.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'), /DOCTYPE|DTD|entit/i],
      ['malformed', good.replace('</GrpHdr>', ''), /line \d+|\d/],
      ['wrong version', good.replaceAll('pacs.008.001.08', 'pacs.008.001.07'), /not a supported|version|namespace/i],
      ['count', good.replace(/<NbOfTxs>1<\/NbOfTxs>/, '<NbOfTxs>2</NbOfTxs>'), /NbOfTxs/]
    ]
    for (const [name, text, expected] of cases) {
      const path = join(ws.dir, `${name}.xml`)
      writeFileSync(path, text)
      const before = withoutFiles()
      const r = await ok(importPath(path))
      expect(r.file.status, name).toBe('refused')
      expect(r.file.errors.map((e) => `${e.line}: ${e.message}`).join(' '), name).toMatch(expected)
      const v = await ok(ws.callAsync<MessageValidation>('op', 'messages.validate', { path }))
      expect(v.valid, name).toBe(false)
      expect(v.errors.length, name).toBeGreaterThan(0)
      // Only the refusal itself is recorded.
      expect(withoutFiles(), name).toEqual(before)
      expect(ws.db.prepare(`SELECT status FROM message_files WHERE id = ?`).pluck().get(r.file.id), name).toBe('refused')
    }
  })

  // The messages screen words why a file was refused in the user's language: what the guard, the type detection, the
  // schema and the codec find comes as a code with its figures; the schema's and the codec's own words are cited.
  it('records why a file failed its checks as a code with its figures, citing the schema’s and the codec’s words', async () => {
    const good = await ws.exchange.codecs.writer.write('pacs.008.001.08', batch([100_00]))
    const errorsOf = async (name: string, text: string) => (await ok(importPath(await writeText(name, text)))).file.errors
    expect((await errorsOf('xxe.xml', good.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>')))[0]).toMatchObject({ line: 2, code: 'doctype', params: {} })
    expect(await errorsOf('version.xml', good.replaceAll('pacs.008.001.08', 'pacs.008.001.07'))).toEqual([
      expect.objectContaining({ code: 'namespace_version', params: { namespace: 'urn:iso:std:iso:20022:tech:xsd:pacs.008.001.07', supported: expect.stringContaining('pacs.008.001.08') } })
    ])
    const schema = (await errorsOf('schema.xml', good.replace(/<ChrgBr>SLEV<\/ChrgBr>/, '')))[0]!
    expect(schema).toMatchObject({ code: 'schema', params: { format: 'pacs.008.001.08' }, detail: expect.stringMatching(/Expected is .*ChrgBr/) })
    expect((await errorsOf('count.xml', good.replace(/<NbOfTxs>1<\/NbOfTxs>/, '<NbOfTxs>2</NbOfTxs>')))[0]).toMatchObject({ code: 'codec', params: { format: 'pacs.008.001.08' }, detail: expect.stringMatching(/NbOfTxs/) })
    const national = { ...batch([150_00]) }
    for (const t of national.transactions) t.instructionId = t.txId
    const mt = (await errorsOf('broken.102', mt102Codec.write(national).replace(':32A:', ':32X:')))[0]!
    expect(mt).toMatchObject({ code: 'mt_field_missing', params: { format: 'MT102', tag: ':32A:' }, detail: mt.message })
    // Listed again later, the refused file says the same.
    const listed = ws.ok<MessageFileRow[]>('op', 'messages.list', { participantCode: 'P001', direction: 'in' })
    expect(listed.find((f) => f.fileName.endsWith('schema.xml'))!.errors[0]).toMatchObject({ code: 'schema', detail: schema.detail })
  })

  // All the national codec's findings were one code, «Содержимое файла MT102 недопустимо», with its English beneath:
  // now each says what kind of check failed and on which field, as it is written in the file (R4.2).
  it('records why a national file failed its checks by the kind of check, naming the field or block', async () => {
    const b = batch([150_00, 250_00])
    for (const t of b.transactions) t.instructionId = t.txId
    const good = mt102Codec.write(b).replaceAll('\r\n', '\n')
    const [first, second] = b.transactions
    const name = 'Ә'.repeat(60)
    const cases: [string, string, string, Record<string, string | number>][] = [
      ['block 4 not closed', good.replace('\n-}', ''), 'mt_block', { tag: '{4:' }],
      ['a field the format has not', good.replace(`:20:${b.messageId}\n`, `:20:${b.messageId}\n:72:/ACC/note\n`), 'mt_field_unknown', { tag: ':72:' }],
      ['a subfield the format has not', good.replace('/KNP/119', '/KNP/119\n/VO/01'), 'mt_field_unknown', { tag: ':70: /VO/' }],
      ['a field repeated', good.replace(`:20:${b.messageId}\n`, `:20:${b.messageId}\n:20:${b.messageId}\n`), 'mt_field_repeated', { tag: ':20:' }],
      ['a mandatory field missing', good.replace(`:57B:${second!.creditor.bic}\n:59:${second!.creditor.iban}`, `:59:${second!.creditor.iban}`), 'mt_field_missing', { tag: ':57B:' }],
      ['a mandatory subfield missing', good.replace(/\/KNP\/119\n/, ''), 'mt_field_missing', { tag: ':70: /KNP/' }],
      ['a field not laid out as the format says', good.replace(`:50:/D/${first!.debtor.iban}`, `:50:${first!.debtor.iban}`), 'mt_field_layout', { tag: ':50:' }],
      ['a value of the wrong form', good.replace('/KNP/119', '/KNP/11A'), 'mt_field_format', { tag: ':70: /KNP/' }],
      ['a value too long', good.replace(`/NAME/${second!.creditor.name}`, `/NAME/${name}\n${name}\n${name}`), 'mt_field_length', { tag: ':59: /NAME/', maxCount: 140 }],
      ['an amount with more decimals than its currency', good.replace(':32B:KZT150,00', ':32B:KZT150,001'), 'mt_amount', { tag: ':32B:' }],
      ['a total other than the sum', good.replace('KZT400,00', 'KZT400,01'), 'mt_total', { tag: ':32A:' }],
      ['a currency not handled', good.replace(':32B:KZT150,00', ':32B:XYZ150,00'), 'mt_currency', { tag: ':32B:', currency: 'XYZ' }],
      ['a currency other than the file’s', good.replace(':32B:KZT150,00', ':32B:USD150,00'), 'mt_currency_mixed', { tag: ':32B:', currency: 'USD' }],
      ['a value date that is no date', good.replace(/:32A:\d{6}/, ':32A:261332'), 'mt_date', { tag: ':32A:' }],
      ['a BIC of the wrong form', good.replace(`:57B:${first!.creditor.bic}`, ':57B:HSBK'), 'mt_bic', { tag: ':57B:' }],
      ['an account whose check digits are wrong', good.replace(`:59:${first!.creditor.iban}`, `:59:${first!.creditor.iban.slice(0, 19)}${(Number(first!.creditor.iban[19]) + 1) % 10}`), 'mt_account', { tag: ':59:' }],
      ['an IIN of the wrong form', good.replace(`/NAME/${second!.creditor.name}`, `/NAME/${second!.creditor.name}\n/IDN/12345`), 'mt_idn', { tag: ':59: /IDN/' }],
      ['a transaction reference repeated', good.replace(`:21:${second!.txId}`, `:21:${first!.txId}`), 'mt_reference_repeated', { tag: ':21:', reference: first!.txId }]
    ]
    for (const [what, text, code, params] of cases) {
      expect(text, what).not.toBe(good)
      const before = withoutFiles()
      const r = await ok(importPath(await writeText(`${code}-${cases.findIndex((c) => c[0] === what)}.102`, text)))
      expect(r.file.status, what).toBe('refused')
      expect(r.file.errors, what).toContainEqual({ line: expect.any(Number), message: expect.any(String), code, params: { format: 'MT102', ...params }, detail: expect.any(String) })
      for (const e of r.file.errors) expect(e.detail, what).toBe(e.message) // the codec's own words, cited beneath
      expect(withoutFiles(), what).toEqual(before)
    }
  })

  it('validates any message by path without failing on a missing or unreadable file', async () => {
    const missing = await ok(ws.callAsync<MessageValidation>('op', 'messages.validate', { path: '/nonexistent/file.xml' }))
    expect(missing).toMatchObject({ valid: false, messageType: null })
    expect(missing.errors[0]!.message).toMatch(/cannot read/)
    const good = await ok(ws.callAsync<MessageValidation>('op', 'messages.validate', { path: await fileOf(batch([1_00])) }))
    expect(good).toEqual({ valid: true, messageType: 'pacs.008.001.08', errors: [] })
  })

  it('keeps participant staff to their own bank’s files', async () => {
    await ok(importPath(await fileOf(batch([100_00]))))
    ws.signIn('h', 'halyk.viewer')
    expect(ws.ok<MessageFileRow[]>('h', 'messages.list', {})).toEqual([])
    expect(ws.call('h', 'messages.list', { participantCode: 'P001' })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    ws.signIn('k', 'kaspi.operator')
    expect(ws.ok<MessageFileRow[]>('k', 'messages.list', { direction: 'in' }).map((f) => f.party)).toEqual(['P001'])
  })
})

/** How many status reports (pacs.002) went to a participant. */
const reportsTo = (code: string) => ws.db.prepare(`SELECT count(*) FROM message_files WHERE direction = 'out' AND party = ? AND format = 'pacs.002.001.10'`).pluck().get(code) as number

/** A file dropped in a participant's inbound folder and imported from there; what became of it. */
async function dropped(name: string, text: string, code = 'P001'): Promise<ImportResult> {
  writeFileSync(join(ws.exchange.folders.inbound(code), name), text)
  const watcher = new ExchangeWatcher(ws.exchange.folders, ws.exchange.imports, () => [code], () => undefined)
  expect(await watcher.scan(Date.now() + 10_000)).toBe(1)
  const id = ws.db.prepare(`SELECT max(id) FROM message_files WHERE direction = 'in'`).pluck().get() as number
  const file = ws.ok<MessageFileDetail>('op', 'messages.get', { id })
  return { file: file.file, statusReport: file.related.find((f) => f.direction === 'out') ?? null }
}

/** The pacs.002 an import sent back, after the system's xmllint has passed it. */
async function statusReportOf(r: ImportResult): Promise<StatusReport> {
  const path = ws.db.prepare('SELECT path FROM message_files WHERE id = ?').pluck().get(r.statusReport!.id) as string
  xmllint('pacs.002.001.10', path)
  return (await readMessage(readFileSync(path, 'utf8'), ws.exchange.xsd)).message as StatusReport
}

// A participant's system acts on the ISO reason of a refusal, not on our text: a file refused whole is rejected as
// a group with the closest ExternalStatusReason1Code, and only the transactions at fault are named, each with its own.
describe('the ISO status reasons of a refused file (R4.1, R4.2)', () => {
  it('rejects a file sent under another bank’s BIC through the participant’s folder as a group, RC01, naming no transaction', async () => {
    const r = await dropped('other-bic.xml', await ws.exchange.codecs.writer.write('pacs.008.001.08', { ...batch([100_00, 200_00]), instructingBic: of('P002')[0]!.bic }))
    expect(r.file.status).toBe('refused')
    const report = await statusReportOf(r)
    expect(report).toMatchObject({ groupStatus: 'RJCT', groupReason: 'RC01', transactions: [] })
    expect(report.groupInfo).toMatch(/not by P001's BIC CASPKZKA/)
  })

  it('rejects a file dated after the open operational day as a group, DT01', async () => {
    const r = await ok(importPath(await fileOf({ ...batch([100_00]), settlementDate: '2026-11-30' })))
    expect(await statusReportOf(r)).toMatchObject({ groupStatus: 'RJCT', groupReason: 'DT01', groupInfo: expect.stringMatching(/settlement date 2026-11-30/), transactions: [] })
  })

  it('names each transaction at fault with its own reason, and the file with the first of them', async () => {
    const b = batch([100_00, 200_00, 300_00])
    b.transactions[1]!.creditor = { ...b.transactions[1]!.creditor, iban: 'DE89370400440532013000' }
    b.transactions[2]!.debtor = { ...party(of('P002')[0]!), bic: of('P001')[0]!.bic }
    const r = await ok(importPath(await fileOf(b)))
    expect(r.file.status).toBe('refused')
    const report = await statusReportOf(r)
    expect(report).toMatchObject({ groupStatus: 'RJCT', groupReason: 'AC03' })
    expect(report.transactions.map((t) => [t.originalTxId, t.status, t.reason])).toEqual([
      [b.transactions[1]!.txId, 'RJCT', 'AC03'],
      [b.transactions[2]!.txId, 'RJCT', 'AC02']
    ])
    expect(report.transactions[1]!.info).toMatch(/payer's account .* is not kept at P001/)
    // The same problems, each with its ISO reason in the pacs.002, carry their code for the messages screen; the reason stays out of the record.
    expect(r.file.errors.map((e) => [e.code, e.params?.n, e.params?.field])).toEqual([['tx_invalid', 2, 'payee_account'], ['payer_account', 3, undefined]])
    expect(r.file.errors[0]).not.toHaveProperty('reason')
    expect(ws.db.prepare('SELECT count(*) FROM message_transactions').pluck().get()).toBe(0)
  })

  // R4.1: a participant gives its payment documents to the settlement bank («Kaspi Bank» JSC, clause 1.1.15), whose
  // files the operator's desk takes in; a file addressed to the operator itself is still its own. One addressed to
  // another bank was sent here by mistake, and executing it would pay what was meant for someone else.
  it('accepts a pacs.008 addressed to the settlement bank as R4.1 says, the file and its pacs.002 passing the official schema', async () => {
    const b = { ...batch([300_00], 'P002'), instructedBic: SETTLEMENT_BANK_BIC }
    const path = await fileOf(b)
    xmllint('pacs.008.001.08', path)
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`<InstdAgt>\\s*<FinInstnId>\\s*<BICFI>${SETTLEMENT_BANK_BIC}</BICFI>`))
    const r = await ok(importPath(path, 'P002'))
    expect(r.file).toMatchObject({ status: 'queued', party: 'P002', errors: [] })
    expect(await statusReportOf(r)).toMatchObject({ originalMessageId: b.messageId, groupStatus: 'PDNG' })
    expect((await ok(importPath(await fileOf({ ...batch([100_00]), instructedBic: `${SETTLEMENT_BANK_BIC}XXX` })))).file.status).toBe('queued')
  })

  it('refuses a pacs.008 or an MT102 addressed to another bank than the settlement bank or the operator, RC01, and takes its BIC11 form', async () => {
    const before = ws.db.prepare('SELECT count(*) FROM message_transactions').pluck().get()
    const pacs = await ok(importPath(await fileOf({ ...batch([100_00]), instructedBic: 'NBRKKZKX' })))
    expect(pacs.file.status).toBe('refused')
    const misaddressed = (bic: string) => `the file is addressed to ${bic}, not to the settlement bank's BIC ${SETTLEMENT_BANK_BIC} nor the operator's ${OPERATOR_BIC}`
    expect(pacs.file.errors.map((e) => e.message)).toEqual([misaddressed('NBRKKZKX')])
    expect(pacs.file.errors).toEqual([expect.objectContaining({ code: 'addressee_not_settlement_bank', params: { bic: 'NBRKKZKX', settlementBankBic: SETTLEMENT_BANK_BIC, operatorBic: OPERATOR_BIC } })])
    expect(await statusReportOf(pacs)).toMatchObject({ groupStatus: 'RJCT', groupReason: 'RC01', transactions: [] })
    const national = { ...batch([150_00]), instructedBic: 'HSBKKZKX' }
    for (const t of national.transactions) t.instructionId = t.txId
    const path = join(ws.dir, 'misaddressed.102')
    writeFileSync(path, mt102Codec.write(national))
    const mt = await ok(importPath(path))
    expect(mt.file).toMatchObject({ status: 'refused', format: 'MT102', errors: [{ line: 0, message: misaddressed('HSBKKZKX') }] })
    expect(await statusReportOf(mt)).toMatchObject({ originalMessageType: 'MT102', groupStatus: 'RJCT', groupReason: 'RC01' })
    expect(ws.db.prepare('SELECT count(*) FROM message_transactions').pluck().get()).toBe(before)
    expect(ws.db.prepare(`SELECT count(*) FROM close_queue`).pluck().get()).toBe(0)
    expect((await ok(importPath(await fileOf({ ...batch([100_00]), instructedBic: `${OPERATOR_BIC}XXX` })))).file.status).toBe('queued')
  })
})

describe('the inbound folder (R4.1)', () => {
  it('imports a file dropped in a participant’s inbound folder once, and moves it aside by outcome', async () => {
    const watcher = new ExchangeWatcher(ws.exchange.folders, ws.exchange.imports, () => ['P001', 'P002'], () => undefined)
    const inbound = ws.exchange.folders.inbound('P001')
    writeFileSync(join(inbound, 'good.xml'), await ws.exchange.codecs.writer.write('pacs.008.001.08', batch([500_00])))
    writeFileSync(join(inbound, 'bad.xml'), '<Document>not a message')
    // A file still being written (too fresh) waits for the next look.
    expect(await watcher.scan(Date.now() - 10_000)).toBe(0)
    expect(await watcher.scan(Date.now() + 10_000)).toBe(2)
    expect(readdirSync(inbound).filter((f) => f.endsWith('.xml'))).toEqual([])
    expect(readdirSync(ws.exchange.folders.handled('P001', 'processed'))).toEqual([expect.stringMatching(/^\d+-good\.xml$/)])
    expect(readdirSync(ws.exchange.folders.handled('P001', 'refused'))).toEqual([expect.stringMatching(/^\d+-bad\.xml$/)])
    expect(ws.ok<MessageFileRow[]>('op', 'messages.list', { participantCode: 'P001', direction: 'in' }).map((f) => [f.source, f.status]).sort()).toEqual([
      ['folder', 'queued'],
      ['folder', 'refused']
    ])
    expect(await watcher.scan(Date.now() + 10_000)).toBe(0)
  })
})

// R9.1.8: the operator answers for a file a participant was sent only if it can show the file reached it. A file
// written to the participant's outbound folder is acknowledged when the participant's system takes it from there.
describe('the acknowledgement trail of outbound files (R9.1.8)', () => {
  const outbox = () => ws.ok<MessageFileRow[]>('op', 'messages.list', { participantCode: 'P001', direction: 'out' })
  const pathOf = (id: number) => ws.db.prepare('SELECT path FROM message_files WHERE id = ?').pluck().get(id) as string

  it('records once when the participant took a file from its outbound folder, and lists it', async () => {
    const r = await ok(importPath(await fileOf(batch([100_00]))))
    const id = r.statusReport!.id
    const written = ws.clock.now()
    expect(outbox().find((f) => f.id === id)).toMatchObject({ status: 'written', processedAt: written, pickUp: 'awaiting', pickedUpAt: null })
    ws.clock.advance(60_000)
    expect(ws.exchange.outbound.noticePickUps()).toBe(0)
    expect(outbox().find((f) => f.id === id)).toMatchObject({ pickUp: 'awaiting', pickedUpAt: null })

    rmSync(pathOf(id)) // the bank's system takes it
    ws.clock.advance(60_000)
    expect(ws.exchange.outbound.noticePickUps()).toBe(1)
    const takenAt = ws.clock.now()
    ws.clock.advance(60_000)
    expect(ws.exchange.outbound.noticePickUps()).toBe(0)
    expect(ws.ok<MessageFileDetail>('op', 'messages.get', { id }).file).toMatchObject({ status: 'written', processedAt: written, pickUp: 'taken', pickedUpAt: takenAt })
    // The participant's staff see the same trail of their own files.
    ws.signIn('k', 'kaspi.operator')
    expect(ws.ok<MessageFileRow[]>('k', 'messages.list', { direction: 'out' }).find((f) => f.id === id)).toMatchObject({ pickUp: 'taken', pickedUpAt: takenAt })
  })

  it('awaits no pick-up of a file not left in a folder, and does not count one gone from a folder no longer in use as taken', async () => {
    const exported = await ok(ws.callAsync<ExportResult>('op', 'messages.export', { type: 'camt.053.001.08', participantCode: 'P001', day: '2026-11-22' }))
    expect(exported.file).toMatchObject({ status: 'written', pickUp: null, pickedUpAt: null })
    const r = await ok(importPath(await fileOf(batch([100_00]))))
    const id = r.statusReport!.id
    // The exchange root was moved: the file written under the old one is not the participant's to take any more.
    const elsewhere = join(ws.dir, 'old-exchange', 'P001', 'outbound', 'gone.xml')
    ws.db.prepare('UPDATE message_files SET path = ? WHERE id = ?').run(elsewhere, id)
    expect(ws.exchange.outbound.noticePickUps()).toBe(0)
    expect(outbox().find((f) => f.id === id)).toMatchObject({ pickUp: 'awaiting', pickedUpAt: null })
  })
})

describe('exports (R4, R9.3.7)', () => {
  it('exports the status of a participant’s payment file of a day as a pacs.002 that passes the schema', async () => {
    const b = batch([100_00, 200_00])
    await ok(importPath(await fileOf(b)))
    const out = join(ws.dir, 'status.xml')
    const r = await ok(ws.callAsync<ExportResult>('op', 'messages.export', { type: 'pacs.002.001.10', participantCode: 'P001', day: '2026-11-23', out }))
    expect(r.entries).toBe(2)
    xmllint('pacs.002.001.10', out)
    expect(readFileSync(out, 'utf8')).toContain(`<OrgnlMsgId>${b.messageId}</OrgnlMsgId>`)
    expect(await ws.callAsync('op', 'messages.export', { type: 'pacs.002.001.10', participantCode: 'P002', day: '2026-11-23' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', reasons: [{ rule: 'messages.no_payment_file', params: { party: 'P002', day: '2026-11-23' } }] }
    })
  })

  it('exports the status of a processed file with the same ISO reason as the report sent at the close', async () => {
    const b = batch([1_000_00, 4_900_000_00])
    await ok(importPath(await fileOf(b)))
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    const out = join(ws.dir, 'status-after-close.xml')
    await ok(ws.callAsync<ExportResult>('op', 'messages.export', { type: 'pacs.002.001.10', participantCode: 'P001', day: '2026-11-23', out }))
    const report = (await readMessage(readFileSync(out, 'utf8'), ws.exchange.xsd)).message as StatusReport
    expect(report.groupStatus).toBe('PART')
    expect(report.transactions.map((t) => [t.originalTxId, t.status, t.reason])).toEqual([
      [b.transactions[0]!.txId, 'ACSC', null],
      [b.transactions[1]!.txId, 'RJCT', 'AM04']
    ])
  })

  it('writes a camt.053 statement of yesterday that passes the schema and whose balances add up', async () => {
    const out = join(ws.dir, 'statement.xml')
    const r = await ok(ws.callAsync<ExportResult>('op', 'messages.export', { type: 'camt.053.001.08', participantCode: 'P001', day: '2026-11-22', out }))
    expect(r.entries).toBeGreaterThan(0)
    xmllint('camt.053.001.08', out)
    const read = await readMessage(readFileSync(out, 'utf8'), ws.exchange.xsd)
    expect(read.messageType).toBe('camt.053.001.08')
    const st = read.message as AccountStatement
    expect(st.entries.length).toBe(r.entries)
    const moved = st.entries.reduce((s, e) => s + (e.creditDebit === 'CRDT' ? e.amountMinor : -e.amountMinor), 0)
    expect(st.closingBalanceMinor).toBe(st.openingBalanceMinor + moved)
    // Nothing has moved since yesterday: the closing balance is the settlement position now.
    expect(st.closingBalanceMinor).toBe(ws.db.prepare(`SELECT a.balance_minor FROM accounts a JOIN participants p ON p.id = a.participant_id WHERE p.code = 'P001' AND a.kind = 'settlement' AND a.currency = 'KZT'`).pluck().get())
    expect(st.account).toMatchObject({ servicerBic: SETTLEMENT_BANK_BIC, currency: 'KZT' })
  })

  // The participant owns its settlement account; the settlement bank holds it and debits it after settlement (R9.4.5,
  // R9.4.6, clause 1.1.15). Halyk's statement must say so, not name Halyk as the servicer of its own account.
  it('names the settlement bank as the servicer of the participant’s settlement account in camt.053 and camt.054, the participant as its owner', async () => {
    const halyk = ws.db.prepare(`SELECT name, bic FROM participants WHERE code = 'P002'`).get() as { name: string; bic: string }
    expect(halyk.bic).not.toBe(SETTLEMENT_BANK_BIC)
    for (const type of ['camt.053.001.08', 'camt.054.001.08'] as const) {
      const out = join(ws.dir, `servicer-${type}.xml`)
      await ok(ws.callAsync<ExportResult>('op', 'messages.export', { type, participantCode: 'P002', day: '2026-11-22', out }))
      xmllint(type, out)
      const xml = readFileSync(out, 'utf8')
      expect(/<Svcr>[\s\S]*?<\/Svcr>/.exec(xml)?.[0].replace(/\s+/g, ''), type).toBe(`<Svcr><FinInstnId><BICFI>${SETTLEMENT_BANK_BIC}</BICFI></FinInstnId></Svcr>`)
      const read = (await readMessage(xml, ws.exchange.xsd)).message as AccountStatement
      expect(read.account, type).toMatchObject({ servicerBic: SETTLEMENT_BANK_BIC, ownerName: halyk.name })
    }
  })

  // A day without operations has no range of operation numbers; its balances are those at its end, not today's.
  it('gives a day without operations the balances it had, whatever moved on the days after it (R9.3.7)', async () => {
    ws.ok('c', 'opday.close', { reason: 'test' }) // 2026-11-23: nothing happened on it
    ws.closer.tick()
    const later = ws.ok<AuthorizationAnswer>('op', 'operations.submit', { requestId: 'after-1', type: 'transfer', channel: 'app', payer: { iban: of('P001')[0]!.iban }, payee: { iban: of('P002')[0]!.iban }, amount: '700', currency: 'KZT' })
    expect(later.status).toBe('accepted')
    const statement = async (day: string): Promise<AccountStatement> => {
      const out = join(ws.dir, `statement-${day}.xml`)
      await ok(ws.callAsync<ExportResult>('op', 'messages.export', { type: 'camt.053.001.08', participantCode: 'P001', day, out }))
      return (await readMessage(readFileSync(out, 'utf8'), ws.exchange.xsd)).message as AccountStatement
    }
    const before = await statement('2026-11-22')
    const empty = await statement('2026-11-23')
    expect(empty.entries).toEqual([])
    expect([empty.openingBalanceMinor, empty.closingBalanceMinor]).toEqual([before.closingBalanceMinor, before.closingBalanceMinor])
  })

  it('returns in the day’s pacs.004 both the operations reversed and the parts given back on a dispute (R10.1.3)', async () => {
    const transfer = (id: string) => ws.ok<AuthorizationAnswer>('op', 'operations.submit', { requestId: id, type: 'transfer', channel: 'app', payer: { iban: of('P001')[0]!.iban }, payee: { iban: of('P002')[0]!.iban }, amount: '300', currency: 'KZT' })
    const reversed = transfer('ret-1')
    const reversal = ws.ok<AuthorizationAnswer>('op', 'operations.reverse', { seq: reversed.operation, reason: 'sent twice', requestId: 'ret-1-r' })
    const disputed = transfer('ret-2')
    const part = ws.center.inTransaction(() => ws.center.returnFunds(disputed.operation!, 100_00, 'dispute D-1', 'ret-2-p', DISPUTES_SOURCE))
    expect([reversal.status, part.status]).toEqual(['accepted', 'accepted'])
    ws.ok('c', 'opday.close', { reason: 'test' })
    ws.closer.tick()
    const out = join(ws.dir, 'returns.xml')
    const r = await ok(ws.callAsync<ExportResult>('op', 'messages.export', { type: 'pacs.004.001.09', participantCode: 'P002', day: '2026-11-23', out }))
    xmllint('pacs.004.001.09', out)
    const read = (await readMessage(readFileSync(out, 'utf8'), ws.exchange.xsd)).message as PaymentReturn
    expect(read.transactions.map((t) => [t.originalEndToEndId, t.amountMinor, t.reason])).toEqual([
      ['ret-1', 300_00, 'MS03'],
      ['ret-2', 100_00, 'FOCR']
    ])
    expect(r.entries).toBe(2)
    // A return keeps one id whichever message reports it: the dispute's own pacs.004 gives it its operation's
    // transaction id (txIdOf), so the day's list must too, or the participant books the same return twice.
    expect(read.transactions.map((t) => t.returnId)).toEqual([txIdOf(reversal.operation!), txIdOf(part.operation!)])
    // The desk sends the returns: it is the instructing agent, the participant the instructed one (R4.2).
    expect([read.instructingBic, read.instructedBic]).toEqual([OPERATOR_BIC, of('P002')[0]!.bic])
  })

  it('writes camt.054 notifications and pacs.004 returns that pass the schema; an open day has no statement yet', async () => {
    for (const type of ['camt.054.001.08', 'pacs.004.001.09'] as const) {
      const out = join(ws.dir, `${type}.xml`)
      await ok(ws.callAsync<ExportResult>('op', 'messages.export', { type, participantCode: 'P002', day: '2026-11-22', out }))
      xmllint(type, out)
    }
    expect(await ws.callAsync('op', 'messages.export', { type: 'camt.053.001.08', participantCode: 'P001', day: '2026-11-23' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', reasons: [{ rule: 'messages.day_not_closed', params: { day: '2026-11-23', dayStatus: 'open' } }] }
    })
  })
})

// A file refused before its batch is read (its schema, its codec, its sender suspended, the same file again) is
// answered like one refused after: a pacs.002 rejecting it as a group with the ISO reason that fits, to the sender,
// when the sender is known for sure — the file came through its inbound folder, or its header names its BIC. A file
// whose sender is not known gets nothing back; a duplicate never anything that reads as its acceptance.
describe('the status report of a file refused before its batch is read (R4.1, R4.2, R9.1.5)', () => {
  it('rejects a file failing its schema, FF01, naming its message id and no transaction', async () => {
    const b = batch([100_00])
    const good = await ws.exchange.codecs.writer.write('pacs.008.001.08', b)
    const r = await ok(importPath(await writeText('schema.xml', good.replace('<IntrBkSttlmAmt Ccy="KZT">100.00</IntrBkSttlmAmt>', '<IntrBkSttlmAmt Ccy="KZT">-5</IntrBkSttlmAmt>'))))
    expect(r.file.status).toBe('refused')
    expect(r.file.errors.map((e) => e.message).join(' ')).toMatch(/IntrBkSttlmAmt/)
    expect(await statusReportOf(r)).toMatchObject({ originalMessageId: b.messageId, originalMessageType: 'pacs.008.001.08', groupStatus: 'RJCT', groupReason: 'FF01', transactions: [] })
  })

  it('rejects a file its codec refuses, and a hostile one, dropped in the inbound folder, FF01', async () => {
    const b = batch([100_00])
    const good = await ws.exchange.codecs.writer.write('pacs.008.001.08', b)
    const counted = await dropped('count.xml', good.replace(/<NbOfTxs>1<\/NbOfTxs>/, '<NbOfTxs>2</NbOfTxs>'))
    expect(await statusReportOf(counted)).toMatchObject({ originalMessageId: b.messageId, groupStatus: 'RJCT', groupReason: 'FF01', transactions: [] })
    const xxe = await dropped('xxe.xml', good.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'))
    expect(xxe.file.status).toBe('refused')
    // Listed by what its header says it is, not "not recognised": the guard refused it before it was parsed.
    expect(xxe.file.format).toBe('pacs.008.001.08')
    expect(await statusReportOf(xxe)).toMatchObject({ originalMessageId: b.messageId, groupStatus: 'RJCT', groupReason: 'FF01', transactions: [] })
    const national = { ...batch([150_00]), messageId: 'MT-BROKEN-1' }
    for (const t of national.transactions) t.instructionId = t.txId
    const mt = await dropped('broken.102', mt102Codec.write(national).replace(':32A:', ':32X:'))
    expect(await statusReportOf(mt)).toMatchObject({ originalMessageId: 'MT-BROKEN-1', originalMessageType: 'MT102', groupStatus: 'RJCT', groupReason: 'FF01' })
  })

  it('rejects a suspended participant’s file, AG10, and nothing of it is queued', async () => {
    const id = ws.db.prepare(`SELECT id FROM participants WHERE code = 'P001'`).pluck().get() as string
    ws.ok('op', 'participants.setStatus', { participantId: id, status: 'suspended', reason: 'AML review' })
    const b = batch([100_00])
    const r = await ok(importPath(await fileOf(b)))
    expect(r.file).toMatchObject({ status: 'refused', errors: [expect.objectContaining({ code: 'participant_not_active' })] })
    expect(await statusReportOf(r)).toMatchObject({ originalMessageId: b.messageId, groupStatus: 'RJCT', groupReason: 'AG10', transactions: [] })
    expect(ws.db.prepare(`SELECT count(*) FROM close_queue`).pluck().get()).toBe(0)
  })

  it('rejects the same file again as a duplicate, AM05, with nothing that reads as accepted, and leaves the first as it was', async () => {
    const b = batch([100_00, 200_00])
    const path = await fileOf(b)
    const first = await ok(importPath(path))
    expect(first.file.status).toBe('queued')
    const again = await ok(importPath(path))
    expect(again.file.status).toBe('refused')
    const report = await statusReportOf(again)
    expect(report).toMatchObject({ originalMessageId: b.messageId, groupStatus: 'RJCT', groupReason: 'AM05', transactions: [] })
    expect(report.groupInfo).toMatch(/already imported/)
    expect(ws.ok<MessageFileDetail>('op', 'messages.get', { id: first.file.id }).transactions.map((t) => t.status)).toEqual(['PDNG', 'PDNG'])
    expect(ws.db.prepare(`SELECT count(*) FROM close_queue`).pluck().get()).toBe(1)
  })

  it('sends nothing when the sender is not known for sure, and keeps the file refused', async () => {
    const good = await ws.exchange.codecs.writer.write('pacs.008.001.08', batch([100_00], 'P002'))
    const before = reportsTo('P001') + reportsTo('P002')
    // Brought in by hand for P001, its header naming another bank: whose file it is, is not known.
    const foreign = await ok(importPath(await writeText('foreign.xml', good.replace(/<NbOfTxs>1<\/NbOfTxs>/, '<NbOfTxs>2</NbOfTxs>'))))
    // Nothing in it says who sent it.
    const garbage = await ok(importPath(await writeText('garbage.xml', 'not a payment file at all')))
    const unknown = await ok(importPath(await fileOf(batch([100_00])), 'P999'))
    for (const r of [foreign, garbage, unknown]) expect(r).toMatchObject({ file: { status: 'refused' }, statusReport: null })
    expect(reportsTo('P001') + reportsTo('P002')).toBe(before)
  })
})

// Whom a refused file is answered to is one rule, whether the file was read or refused before (R4.1, R9.1.8): the
// participant it was imported for, when the file is surely its own — it came through the participant's inbound folder,
// or it names the participant's BIC as its sender. A file brought in by hand naming another bank is answered to no one:
// a pacs.002 to the participant would tell it of a file that may be another bank's (R9.3.4).
describe('whom a refused file is answered to, read or not (R4.1, R4.2, R9.1.8)', () => {
  const otherBank = () => ({ ...batch([100_00]), instructingBic: of('P002')[0]!.bic })
  /** The same file made unreadable: its schema refuses a negative amount. */
  const unreadable = (xml: string) => xml.replace('<IntrBkSttlmAmt Ccy="KZT">100.00</IntrBkSttlmAmt>', '<IntrBkSttlmAmt Ccy="KZT">-5</IntrBkSttlmAmt>')
  const cases: [string, () => Promise<ImportResult>, string | null, string][] = [
    ['read, brought in by hand, naming another bank', async () => ok(importPath(await fileOf(otherBank()))), null, 'sender_bic'],
    ['unread, brought in by hand, naming another bank', async () => ok(importPath(await writeText('other-unread.xml', unreadable(await ws.exchange.codecs.writer.write('pacs.008.001.08', otherBank()))))), null, 'schema'],
    ['read, through the folder, naming another bank', async () => dropped('other-read.xml', await ws.exchange.codecs.writer.write('pacs.008.001.08', otherBank())), 'RC01', 'sender_bic'],
    ['unread, through the folder, naming another bank', async () => dropped('other-unread.xml', unreadable(await ws.exchange.codecs.writer.write('pacs.008.001.08', otherBank()))), 'FF01', 'schema'],
    ['read, brought in by hand, naming its own bank', async () => ok(importPath(await fileOf({ ...batch([100_00]), settlementDate: '2026-11-30' }))), 'DT01', 'settlement_day_later'],
    ['unread, brought in by hand, naming its own bank', async () => ok(importPath(await writeText('own-unread.xml', unreadable(await ws.exchange.codecs.writer.write('pacs.008.001.08', batch([100_00])))))), 'FF01', 'schema']
  ]
  for (const [what, send, reason, refusal] of cases)
    it(`a file ${what}: ${reason ? `${reason} to P001` : 'no answer to anyone'}, none to the bank it names`, async () => {
      const before = { P001: reportsTo('P001'), P002: reportsTo('P002') }
      const r = await send()
      expect(r.file).toMatchObject({ status: 'refused', party: 'P001' })
      expect(r.file.errors[0]!.code ?? 'schema').toBe(refusal)
      expect(reportsTo('P002')).toBe(before.P002)
      if (reason === null) {
        expect(r.statusReport).toBeNull()
        expect(reportsTo('P001')).toBe(before.P001)
      } else {
        expect(reportsTo('P001')).toBe(before.P001 + 1)
        expect(r.statusReport).toMatchObject({ party: 'P001', direction: 'out' })
        expect(await statusReportOf(r)).toMatchObject({ groupStatus: 'RJCT', groupReason: reason, transactions: [] })
      }
    })
})

// A participant's own staff member, signed in, who brings in a file for their own bank is as sure a sender as the
// bank's folder: the sign-in names the bank (R4.1, R9.1.8). The operator's staff bringing in the same file for a bank are
// not: the file may be another bank's (R9.3.4). Staff of another bank cannot bring it in at all.
describe('a file brought in by hand, by whom (R4.1, R4.2, R9.1.8, R9.3.4)', () => {
  /** A file the schema refuses whose header names no sender: its InstgAgt left out, or its BIC malformed. */
  const unsigned = async (how: 'no_sender' | 'malformed_sender') => {
    const xml = (await ws.exchange.codecs.writer.write('pacs.008.001.08', batch([100_00]))).replace('<IntrBkSttlmAmt Ccy="KZT">100.00</IntrBkSttlmAmt>', '<IntrBkSttlmAmt Ccy="KZT">-5</IntrBkSttlmAmt>')
    const text = how === 'no_sender' ? xml.replace(/<InstgAgt>[\s\S]*?<\/InstgAgt>/, '') : xml.replace(/(<InstgAgt>\s*<FinInstnId>\s*<BICFI>)[^<]*/, '$1CASP-KZ')
    expect(text).not.toBe(xml)
    return text
  }
  const upload = (caller: string, fileName: string, text: string, code = 'P001') =>
    ws.callAsync<ImportResult>(caller, 'messages.upload', { fileName, base64: Buffer.from(text).toString('base64'), participantCode: code })

  for (const how of ['no_sender', 'malformed_sender'] as const)
    it(`answers the bank’s own staff a file naming no sender (${how}) with a pacs.002 RJCT FF01 to their bank, by path or chosen in the desk`, async () => {
      ws.signIn('k', 'kaspi.operator')
      const before = { P001: reportsTo('P001'), P002: reportsTo('P002') }
      const byPath = await ok(ws.callAsync<ImportResult>('k', 'messages.import', { path: await writeText(`${how}.xml`, await unsigned(how)), participantCode: 'P001' }))
      const chosen = await ok(upload('k', `${how}-chosen.xml`, await unsigned(how)))
      for (const r of [byPath, chosen]) {
        expect(r.file).toMatchObject({ status: 'refused', party: 'P001' })
        expect(r.statusReport).toMatchObject({ party: 'P001', direction: 'out' })
        expect(await statusReportOf(r)).toMatchObject({ originalMessageType: 'pacs.008.001.08', groupStatus: 'RJCT', groupReason: 'FF01', transactions: [] })
      }
      expect(reportsTo('P001')).toBe(before.P001 + 2)
      expect(reportsTo('P002')).toBe(before.P002)
    })

  it('answers no one when the operator’s staff bring the same file in for the bank', async () => {
    const before = { P001: reportsTo('P001'), P002: reportsTo('P002') }
    const byPath = await ok(importPath(await writeText('operator.xml', await unsigned('no_sender'))))
    const chosen = await ok(upload('op', 'operator-chosen.xml', await unsigned('malformed_sender')))
    for (const r of [byPath, chosen]) expect(r).toMatchObject({ file: { status: 'refused', party: 'P001' }, statusReport: null })
    expect({ P001: reportsTo('P001'), P002: reportsTo('P002') }).toEqual(before)
  })

  it('refuses another bank’s staff bringing a file in for the bank, OUT_OF_SCOPE, and keeps nothing of it', async () => {
    ws.signIn('h', 'halyk.operator')
    const before = snapshot(ws)
    expect(await ws.callAsync('h', 'messages.import', { path: await writeText('halyk.xml', await unsigned('no_sender')), participantCode: 'P001' })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(await upload('h', 'halyk-chosen.xml', await unsigned('no_sender'))).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(snapshot(ws)).toBe(before)
  })
})

async function writeText(name: string, text: string): Promise<string> {
  const path = join(ws.dir, name)
  writeFileSync(path, text)
  return path
}
