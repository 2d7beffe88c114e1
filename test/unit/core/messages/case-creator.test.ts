// The creator of a revocation case (Cretr) is a party of its own, not the message's assigner or assignee: the desk
// forwards and answers cases the applicant opened (R10.1.1, R10.1.3). Written and read through the official schema.
import { describe, expect, it } from 'vitest'
import { readMessage } from '../../../../src/core/messages'
import { camt029 } from '../../../../src/core/messages/iso/camt029'
import { camt056 } from '../../../../src/core/messages/iso/camt056'
import type { CancellationRequest, CancellationResult } from '../../../../src/core/messages/types'
import { XsdValidator } from '../../../../src/core/messages/xsd'
import { SCHEMA_DIR } from './schema-dir'

const validator = new XsdValidator(SCHEMA_DIR)
const CREATOR = /<Cretr>\s*<Agt>\s*<FinInstnId>\s*<BICFI>HSBKKZKX<\/BICFI>\s*<\/FinInstnId>\s*<\/Agt>\s*<\/Cretr>/

const result: CancellationResult = {
  assignmentId: 'A1', createdAt: 0, assignerBic: 'KZPSKZKA', assigneeBic: 'CASPKZKA', caseId: 'DSP-2026-000001', creatorBic: 'HSBKKZKX', status: 'RJCR',
  transactions: [{ cancellationId: 'DSP-2026-000001-1', originalEndToEndId: 'E1', originalTxId: 'OP-1', status: 'RJCR', reason: 'LEGL', info: null }]
}

const request: CancellationRequest = {
  assignmentId: 'A1', createdAt: 0, assignerBic: 'KZPSKZKA', assigneeBic: 'CASPKZKA', caseId: 'DSP-2026-000001', creatorBic: 'HSBKKZKX',
  transactions: [{ cancellationId: 'DSP-2026-000001-1', originalMessageId: 'OP-1', originalEndToEndId: 'E1', originalTxId: 'OP-1', amountMinor: 100, currency: 'KZT', reason: 'DUPL', info: null }]
}

describe('the case creator of a camt.056 (R10.1.1)', () => {
  it('is written in Case/Cretr apart from the assigner, and read back', async () => {
    const xml = camt056.write(request)
    expect(/<Case>[\s\S]*<\/Case>/.exec(xml)?.[0]).toMatch(CREATOR)
    const r = await readMessage(xml, validator)
    expect(r.errors).toEqual([])
    expect(r.message).toMatchObject({ assignerBic: 'KZPSKZKA', assigneeBic: 'CASPKZKA', creatorBic: 'HSBKKZKX' })
  })

  it('is taken as the assigner when the schema’s other choice names a party, not a bank', async () => {
    const xml = camt056.write(request).replace(CREATOR, '<Cretr><Pty><Nm>Halyk Bank</Nm></Pty></Cretr>')
    const r = await readMessage(xml, validator)
    expect(r.errors).toEqual([])
    expect((r.message as CancellationRequest).creatorBic).toBe('KZPSKZKA')
  })

  it('is refused, named, when its BIC is malformed', async () => {
    const r = await readMessage(camt056.write({ ...request, creatorBic: '1234KZKA' }), validator)
    expect(r.valid).toBe(false)
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^case creator \(Case\/Cretr\): BIC 1234KZKA is not valid/)])
  })
})

describe('the case creator of a camt.029 (R10.1.3)', () => {
  it('is written in RslvdCase/Cretr apart from the assignee, and read back', async () => {
    const xml = camt029.write(result)
    expect(/<RslvdCase>[\s\S]*<\/RslvdCase>/.exec(xml)?.[0]).toMatch(CREATOR)
    const r = await readMessage(xml, validator)
    expect(r.errors).toEqual([])
    expect(r.message).toMatchObject({ assignerBic: 'KZPSKZKA', assigneeBic: 'CASPKZKA', creatorBic: 'HSBKKZKX' })
  })

  it('is taken as the assignee when the schema’s other choice names a party, not a bank', async () => {
    const xml = camt029.write(result).replace(CREATOR, '<Cretr><Pty><Nm>Halyk Bank</Nm></Pty></Cretr>')
    const r = await readMessage(xml, validator)
    expect(r.errors).toEqual([])
    expect((r.message as CancellationResult).creatorBic).toBe('CASPKZKA')
  })

  it('is refused, named, when its BIC is malformed', async () => {
    const r = await readMessage(camt029.write({ ...result, creatorBic: '1234KZKA' }), validator)
    expect(r.valid).toBe(false)
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^case creator \(RslvdCase\/Cretr\): BIC 1234KZKA is not valid/)])
  })
})
