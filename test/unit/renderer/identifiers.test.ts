// The token dialog checks an IIN/BIN before the call with its own copy of the rule: it must agree with the core's.
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { isValidIinOrBin } from '../../../src/core/domain/identifiers'
import { isIinOrBin } from '../../../src/renderer/src/views/tokens/identifiers'

it('agrees with the core on every 12-digit number and on malformed input', () => {
  fc.assert(fc.property(fc.stringMatching(/^\d{12}$/), (v) => isIinOrBin(v) === isValidIinOrBin(v)), { numRuns: 5000 })
  for (const v of ['', '12345678901', '1234567890123', '80010130000a', ' 800101300000']) expect(isIinOrBin(v)).toBe(isValidIinOrBin(v))
})
