// What the audit log says about calls whose work goes on after their transaction (a key asked for its PIN, a case
// read with its evidence): a failure there is recorded as a failure, with who, what and when.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditRecord, DisputeRow } from '../../../src/core/api/types'
import { demoInterbankOperation, testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
})
afterEach(() => ws.dispose())

const records = (action: string): AuditRecord[] =>
  (ws.db.prepare('SELECT seq, at, actor_login AS actorLogin, action, outcome, error_code AS errorCode, subject FROM audit_log WHERE action = ? ORDER BY seq').all(action) as AuditRecord[])

const interbankOperation = (): number => demoInterbankOperation(ws).seq

describe('calls that finish after their transaction', () => {
  it('R14.3: a participant reaching for another bank’s dispute is recorded, as every OUT_OF_SCOPE refusal is', async () => {
    ws.signIn('kaspi', 'kaspi.operator')
    const row = ws.ok<DisputeRow>('kaspi', 'disputes.file', { operationSeq: interbankOperation(), reason: 'FRAD', description: 'The client did not make this transfer' })
    // The case no longer concerns Halyk.
    ws.db.prepare('UPDATE disputes SET respondent_id = NULL WHERE id = ?').run(row.id)
    ws.signIn('halyk', 'halyk.viewer')
    ws.clock.advance(1000)
    expect(await ws.callAsync('halyk', 'disputes.get', { id: row.id })).toMatchObject({ ok: false, error: { code: 'OUT_OF_SCOPE' } })
    expect(records('disputes.get')).toMatchObject([{ actorLogin: 'halyk.viewer', outcome: 'error', errorCode: 'OUT_OF_SCOPE', at: ws.clock.now() }])
  })

  it('R12.1: a document that was never sent (wrong PIN) is not left recorded as sent', async () => {
    ws.signIn('op', 'operator')
    ws.pinAnswers.push('0000', '0000', '0000')
    const r = await ws.callAsync('op', 'documents.send', { title: 'Never sent', body: 'x', recipients: ['P001'] })
    expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN' } })
    const sends = records('documents.send')
    // The call's own record, then what became of it: the last word is the failure, with who made the call.
    expect(sends.at(-1)).toMatchObject({ actorLogin: 'operator', outcome: 'error', errorCode: 'TOKEN' })
    ws.signIn('auditor', 'auditor')
    expect(ws.ok('auditor', 'audit.verify')).toMatchObject({ intact: true })
  })
})
