// What keeps a document's signed content from being downloaded or forwarded (R14.2): every failure that says the
// content is not what its signer signed, and none of those that only say the certificate is no longer trusted.
import { describe, expect, it } from 'vitest'
import type { VerificationReportView } from '../../../../src/core/api/crypto-types'
import { requireIntact } from '../../../../src/core/documents/read-document'
import { requireValid } from '../../../../src/core/crypto/refuse-signature'

const report = (...codes: string[]): VerificationReportView => ({
  valid: codes.length === 0,
  detached: false,
  signers: [],
  failures: codes.map((code) => ({ code, detail: `${code} in test` })),
  verifiedAt: 0
})

describe('requireIntact', () => {
  it.each(['content_changed', 'duplicate_attribute', 'signature_invalid', 'malformed'])('refuses content whose report says %s, naming it', (code) => {
    expect(() => requireIntact(report(code), 'DOC-1')).toThrow(expect.objectContaining({ code: 'VALIDATION', message: `DOC-1: its signed content does not hold (${code})` }))
  })

  it.each(['expired', 'revoked', 'untrusted_chain', 'signing_time_in_future'])('lets intact content through when the report says only %s', (code) => {
    expect(() => requireIntact(report(code), 'DOC-1')).not.toThrow()
  })
})

// A report not valid that names no failure was refused as «…: the signature is not valid (no valid signer)», English on the screen.
describe('requireValid', () => {
  it('refuses a report that is not valid yet names no failure by its rule, worded on the screens', () => {
    expect(() => requireValid(report(), 'act.p7m')).not.toThrow()
    expect(() => requireValid({ ...report(), valid: false }, 'act.p7m')).toThrow(expect.objectContaining({ code: 'VALIDATION', reasons: [{ rule: 'trust.no_valid_signer', params: {} }] }))
  })
})
