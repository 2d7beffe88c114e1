// Who a dispute's messages name (R10.1.1–R10.1.3, R4.2): the desk sends them, so it is their assigner (camt.056,
// camt.029) or instructing agent (pacs.004), the receiving bank their assignee or instructed agent, and the bank
// that applied stays the case's creator in every copy. Real SQLite on disk, the demo keys, the files as written to
// the participants' outbound folders, checked by the system's xmllint against the official schemas.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DisputeRow } from '../../../src/core/api/types'
import { OPERATOR_BIC } from '../../../src/core/disputes/dispute-messages'
import { readMessage } from '../../../src/core/messages'
import { writeCamt056 } from '../../../src/core/messages/iso/camt056'
import type { CancellationRequest, CancellationResult, PaymentReturn } from '../../../src/core/messages/types'
import { parseRoot, textAt } from '../../../src/core/messages/iso/xml-read'
import { demoInterbankOperation, testWorkstation, type TestWorkstation } from '../../support/workstation'

const XSD = 'build/iso20022/xsd'
let ws: TestWorkstation
let bic: Record<string, string>

beforeEach(() => {
  ws = testWorkstation()
  ws.signIn('halyk', 'halyk.operator')
  ws.signIn('analyst', 'disputes')
  bic = Object.fromEntries((ws.db.prepare(`SELECT code, bic FROM participants WHERE code IN ('P001', 'P002')`).all() as { code: string; bic: string }[]).map((p) => [p.code, p.bic]))
})
afterEach(() => ws.dispose())

/** The files of a type written to the participants' outbound folders, each with its party, after the schema's check. */
async function written(type: string): Promise<{ party: string; xml: string }[]> {
  await ws.exchange.outbound.flush()
  const rows = ws.db.prepare(`SELECT party, path FROM message_files WHERE direction = 'out' AND format = ? AND status = 'written' ORDER BY id`).all(type) as { party: string; path: string }[]
  return rows.map((r) => {
    execFileSync('xmllint', ['--noout', '--schema', join(XSD, `${type}.xsd`), r.path], { stdio: 'pipe' })
    return { party: r.party, xml: readFileSync(r.path, 'utf8') }
  })
}

/** The BICs of the banks at paths under the message's root (`Assgnmt/Assgnr/Agt`), read from the XML as written. */
const bicsAt = (xml: string, root: string, ...paths: string[]): (string | undefined)[] =>
  paths.map((p) => textAt(parseRoot(xml, root), ...p.split('/'), 'FinInstnId', 'BICFI'))

/** Halyk (P002) applies to revoke a P001 → P002 operation; Kaspi (P001) is the other bank. */
const fileByHalyk = (): DisputeRow => ws.ok<DisputeRow>('halyk', 'disputes.file', { operationSeq: demoInterbankOperation(ws).seq, reason: 'DUPL', description: 'The payment was made twice' })

describe('the parties a dispute’s messages name (R10.1.1, R10.1.3, R4.2)', () => {
  it('sends the other bank the application as camt.056 assigned by the operator to it, the applicant its creator', async () => {
    const row = fileByHalyk()
    expect(row).toMatchObject({ applicant: 'P002', respondent: 'P001' })
    const [sent, ...more] = await written('camt.056.001.08')
    expect(more).toEqual([])
    expect(sent!.party).toBe('P001')
    expect(bicsAt(sent!.xml, 'FIToFIPmtCxlReq', 'Assgnmt/Assgnr/Agt', 'Assgnmt/Assgne/Agt', 'Case/Cretr/Agt')).toEqual([OPERATOR_BIC, bic.P001, bic.P002])
    const read = (await readMessage(sent!.xml, ws.exchange.xsd)).message as CancellationRequest
    expect(read).toMatchObject({ assignerBic: OPERATOR_BIC, assigneeBic: bic.P001, creatorBic: bic.P002, caseId: row.number })
  })

  // The operator assigns what it passes on, so the assignment is the operator's, with its own id: the applicant's id
  // is the applicant's, the same for every case its one request opens, and another bank may use it too.
  it('passes each case of a participant’s request on in its own camt.056 with the operator’s own id, none written over another', async () => {
    ws.signIn('kaspi', 'kaspi.operator')
    const ops = ws.db.prepare(
      `SELECT o.seq, o.amount_minor AS amountMinor FROM operations o
       JOIN participants k ON k.code = 'P001' AND k.id IN (o.issuer_id, o.acquirer_id, o.payee_participant_id)
       JOIN participants h ON h.code = 'P002' AND h.id IN (o.issuer_id, o.acquirer_id, o.payee_participant_id)
       WHERE o.status = 'accepted' AND o.original_seq IS NULL AND o.credit_currency IS NULL ORDER BY o.seq LIMIT 2`
    ).all() as { seq: number; amountMinor: number }[]
    expect(ops).toHaveLength(2)
    const request = writeCamt056({
      assignmentId: 'KASPI-CXL-1', createdAt: ws.clock.now(), assignerBic: bic.P001!, assigneeBic: OPERATOR_BIC, caseId: 'KASPI-CASE-1', creatorBic: bic.P001!,
      transactions: ops.map((o, i) => ({ cancellationId: `CXL-${i}`, originalMessageId: `OP-${o.seq}`, originalEndToEndId: `e2e-${i}`, originalTxId: `OP-${o.seq}`, amountMinor: 100, currency: 'KZT', reason: 'DUPL' as const, info: 'charged twice' }))
    })
    expect(await ws.callAsync('kaspi', 'messages.upload', { fileName: 'cxl.xml', base64: Buffer.from(request).toString('base64'), participantCode: 'P001' })).toMatchObject({ ok: true, value: { file: { status: 'processed' } } })
    const sent = await written('camt.056.001.08')
    const read = await Promise.all(sent.map(async (f) => (await readMessage(f.xml, ws.exchange.xsd)).message as CancellationRequest))
    expect(read.map((r) => [r.assignerBic, r.assigneeBic, r.creatorBic, r.transactions[0]!.originalTxId])).toEqual(ops.map((o) => [OPERATOR_BIC, bic.P002, bic.P001, `OP-${o.seq}`]))
    expect(new Set(read.map((r) => r.assignmentId)).size).toBe(2)
    expect(read.map((r) => r.assignmentId)).not.toContain('KASPI-CXL-1')
    expect(read.every((r) => r.assignmentId.startsWith('KZPS'))).toBe(true)
  })

  it('sends each bank the result as camt.029 from the operator, naming the applicant as the case’s creator in both, and the return as pacs.004 instructed by the operator', async () => {
    const row = fileByHalyk()
    ws.ok('analyst', 'disputes.take', { id: row.id })
    expect(await ws.callAsync('analyst', 'disputes.decide', { id: row.id, outcome: 'accepted', grounds: 'Paid twice: the second is revoked' })).toMatchObject({ ok: true })
    const results = await written('camt.029.001.09')
    expect(results.map((r) => r.party)).toEqual(['P002', 'P001'])
    for (const r of results) {
      expect(bicsAt(r.xml, 'RsltnOfInvstgtn', 'Assgnmt/Assgnr/Agt', 'Assgnmt/Assgne/Agt', 'RslvdCase/Cretr/Agt'), r.party).toEqual([OPERATOR_BIC, bic[r.party], bic.P002])
      const read = (await readMessage(r.xml, ws.exchange.xsd)).message as CancellationResult
      expect(read, r.party).toMatchObject({ assignerBic: OPERATOR_BIC, assigneeBic: bic[r.party], creatorBic: bic.P002, caseId: row.number, status: 'CNCL' })
    }
    // The desk sends the return; the money moves with the day's clearing, which the settlement bank settles (R7.7, R7.8).
    const returns = await written('pacs.004.001.09')
    expect(returns.map((r) => r.party)).toEqual(['P002', 'P001'])
    for (const r of returns) {
      expect(bicsAt(r.xml, 'PmtRtr', 'GrpHdr/InstgAgt', 'GrpHdr/InstdAgt'), r.party).toEqual([OPERATOR_BIC, bic[r.party]])
      const read = (await readMessage(r.xml, ws.exchange.xsd)).message as PaymentReturn
      expect([read.instructingBic, read.instructedBic], r.party).toEqual([OPERATOR_BIC, bic[r.party]])
    }
  })
})
