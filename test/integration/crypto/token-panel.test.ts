// The token panel (R12.1): the desk shows the tokens in its readers and each certificate's owner, IIN/BIN,
// validity and key usage, read without a PIN, through the same dispatcher as every call. Real SoftHSM2 token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TokenPanel } from '../../../src/core/api/types'
import { createSoftHsm, softHsmMissing, type SoftHsm } from '../../support/softhsm'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'

const missing = softHsmMissing()
if (missing && !process.env.CI) console.warn(`token panel tests skipped: ${missing}`)

describe.skipIf(missing !== null && !process.env.CI)('the token panel', () => {
  let hsm: SoftHsm
  let ws: TestWorkstation
  beforeAll(() => {
    hsm = createSoftHsm()
    ws = testWorkstation({ pkcs11Module: hsm.module })
    ws.signIn('op', 'operator')
  })
  afterAll(() => {
    ws?.dispose()
    hsm?.cleanup()
  })

  it('lists the token and its certificates with owner, validity and key usage', async () => {
    const r = await ws.callAsync<TokenPanel>('op', 'crypto.tokens')
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    expect(r.value.error).toBeNull()
    expect(r.value.tokens.map((t) => [t.label, t.pinState])).toEqual([['operator', 'ok']])
    const certs = r.value.tokens[0]!.certificates
    expect(certs.map((c) => [c.id, c.keyAlgorithm, c.hasPrivateKey]).sort()).toEqual([
      ['01', 'RSA', true],
      ['02', 'EC-P256', true]
    ])
    for (const c of certs) {
      expect(c.commonName).toBeTruthy()
      expect(c.notAfter).toBeGreaterThan(c.notBefore)
      expect(c.fingerprint).toMatch(/^[0-9A-F:]+$/i)
    }
  })

  it('answers that no module is configured, or that it cannot be loaded, without failing', async () => {
    const none = testWorkstation()
    const broken = testWorkstation({ pkcs11Module: '/nonexistent/libpkcs11.so' })
    try {
      none.signIn('op', 'operator')
      broken.signIn('op', 'operator')
      expect(await none.callAsync('op', 'crypto.tokens')).toMatchObject({ ok: true, value: { module: null, error: { code: 'module_not_configured' }, tokens: [] } })
      expect(await broken.callAsync('op', 'crypto.tokens')).toMatchObject({ ok: true, value: { module: '/nonexistent/libpkcs11.so', error: { code: 'module_not_found' }, tokens: [] } })
    } finally {
      none.dispose()
      broken.dispose()
    }
  })
})
