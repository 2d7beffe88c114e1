// The demo database's keys (R14.2 without a token): every member of staff has a certificate the desk trusts,
// whose key opens only with the demo PIN.
import { afterEach, describe, expect, it } from 'vitest'
import { DEMO_USERS } from '../../../src/core/demo/seed'
import { DEMO_PIN } from '../../../src/core/demo/pki-seed'
import { CertificatesRepo } from '../../../src/core/crypto/keys/certificates-repo'
import { TrustRepo } from '../../../src/core/crypto/trust/trust-repo'
import { parseCertificate } from '../../../src/core/crypto/trust/certificate'
import { FileSigner } from '../../../src/core/crypto/software/file-signer'
import { signCms, verifyCms } from '../../../src/core/crypto/cms'
import { isValidIinOrBin } from '../../../src/core/domain/identifiers'
import { testWorkstation, type TestWorkstation } from '../../support/workstation'

describe('demo PKI', () => {
  let ws: TestWorkstation
  afterEach(() => ws.dispose())

  it('binds each demo user to a trusted certificate with a valid IIN and BIN in its subject', () => {
    ws = testWorkstation()
    const repo = new CertificatesRepo(ws.db)
    const trust = new TrustRepo(ws.db).store()
    for (const u of DEMO_USERS) {
      const id = ws.db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(u.login) as string
      const [c] = repo.activeOf(id)
      expect(c, u.login).toBeDefined()
      const info = parseCertificate(c!.der)
      expect(info.identity.iin && isValidIinOrBin(info.identity.iin)).toBe(true)
      expect(info.identity.bin && isValidIinOrBin(info.identity.bin)).toBe(true)
      expect(info.isCa).toBe(false)
      expect(info.keyUsage).toEqual(['digitalSignature', 'nonRepudiation', 'keyAgreement'])
      const chain = trust.validate(info, { validAt: new Date(ws.clock.now()), revokedBy: new Date(ws.clock.now()) })
      expect(chain.trusted, JSON.stringify(chain.failures)).toBe(true)
      expect(chain.links.at(-1)!.subject).toContain('Operator Demo CA')
    }
  })

  it('signs with the key file only after the demo PIN, and the signature verifies against the trust store', async () => {
    ws = testWorkstation()
    const id = ws.db.prepare(`SELECT id FROM users WHERE login = 'operator'`).pluck().get() as string
    const [c] = new CertificatesRepo(ws.db).activeOf(id)
    const answers = ['0000', DEMO_PIN]
    const signer = new FileSigner({ key: c!.softwareKey!, certificate: c!.der, id: c!.fingerprint, askPassphrase: () => Promise.resolve(answers.shift() ?? null) })
    const content = new TextEncoder().encode('Акт сверки / Салыстыру актісі')
    await expect(signCms({ content, detached: false, signer, signingTime: new Date(ws.clock.now()) })).rejects.toMatchObject({ code: 'pin_incorrect' })
    const cms = await signCms({ content, detached: false, signer, signingTime: new Date(ws.clock.now()) })
    const report = await verifyCms({ cms, trust: new TrustRepo(ws.db).store(), at: new Date(ws.clock.now()) })
    expect(report.failures).toEqual([])
    expect(report.valid).toBe(true)
  })
})
