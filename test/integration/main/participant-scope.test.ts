// What participant staff may reach through the dispatcher: their own bank's data, nothing system-wide.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LedgerVerification } from '../../../src/core/api/types'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'

let ws: TestWorkstation
beforeEach(() => {
  ws = testWorkstation()
})
afterEach(() => ws.dispose())

describe('the whole-ledger check', () => {
  // Its answer counts every posting and account of the system, sums every bank's debits and credits, and names any
  // account's IBAN and balances where they do not match: none of it is a participant's to see (R9.3.4, R14.3).
  it.each(['kaspi.operator', 'halyk.viewer'])('is refused to participant staff (%s)', async (login) => {
    ws.signIn('bank', login)
    const r = await ws.callAsync('bank', 'ledger.verify', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it.each(['operator', 'auditor', 'clearing'])('is run by the operator’s staff (%s)', async (login) => {
    ws.signIn('staff', login)
    expect(await ws.okAsync<LedgerVerification>('staff', 'ledger.verify', {})).toMatchObject({ balanced: true, problems: [] })
  })
})
