import { describe, expect, it } from 'vitest'
import type { OperationCheck } from '../../../../src/core/api/types'
import { checksOf, checksText } from '../../../../src/core/center/checks-text'

// An operation's checks as stored with it (R7.5: why it was accepted or refused, shown in its detail).
describe('the checks as stored', () => {
  const refused: OperationCheck[] = [
    { check: 'terminal', ok: true },
    { check: 'acquirer', ok: true },
    { check: 'payer', ok: false, reason: 'instrument.blocked' }
  ]
  const accepted: OperationCheck[] = ['terminal', 'acquirer', 'payer', 'account', 'payee', 'issuer', 'limits', 'funds', 'rule:night-cash-limit'].map((check) => ({ check, ok: true }))

  it('are names in order, a failed one with its reason, and read back as they were', () => {
    expect(checksText(refused)).toBe('terminal acquirer payer!instrument.blocked')
    expect(checksOf(checksText(refused))).toEqual(refused)
    expect(checksOf(checksText(accepted))).toEqual(accepted)
    expect(checksText(accepted).length).toBeLessThan(JSON.stringify(accepted).length / 3)
    expect(checksOf(checksText([]))).toEqual([])
  })

  it('fall back to JSON for what the short form cannot carry, and read the JSON of older rows', () => {
    for (const odd of [
      [{ check: 'rule:big night', ok: false, reason: 'limit.night' }],
      [{ check: 'rule:x', ok: false, reason: 'too much!' }],
      [{ check: 'payer', ok: false }],
      [{ check: 'payer', ok: true, reason: 'noted' }],
      [{ check: '[odd', ok: true }]
    ] as OperationCheck[][]) {
      expect(checksText(odd)).toBe(JSON.stringify(odd))
      expect(checksOf(checksText(odd))).toEqual(odd)
    }
    expect(checksOf('[{"check":"terminal","ok":true},{"check":"payer","ok":false,"reason":"instrument.unknown"}]')).toEqual([
      { check: 'terminal', ok: true },
      { check: 'payer', ok: false, reason: 'instrument.unknown' }
    ])
  })
})
