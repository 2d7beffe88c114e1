// crypto.signFile / verifyFile / encryptFile / decryptFile through the dispatcher, on a real database with the
// demo keys, checked against the system `openssl cms` both ways. No mocks.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CallResult, DecryptFileResult, EncryptFileResult, SignFileResult, VerificationReportView } from '../../../src/core/api/types'
import { signCms } from '../../../src/core/crypto/cms'
import { toPem } from '../../../src/core/crypto/trust/pem'
import { DEMO_PIN } from '../../../src/core/demo/pki-seed'
import { createTestPki, type TestPki } from '../../support/test-pki'
import { snapshot, T0, testWorkstation, type TestWorkstation } from '../../support/workstation'

const openssl = (...args: string[]): Buffer => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] })
// openssl checks validity at the workstation's (test) time, not the machine's.
const AT_T0 = ['-attime', String(Math.floor(T0 / 1000))]
const CONTENT = Buffer.from('Акт сверки взаиморасчётов / Өзара есеп айырысуды салыстыру актісі\n'.repeat(40))

function value<T>(r: CallResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${(r.error.details ?? []).join('; ')}`)
  return r.value
}

describe('crypto files', () => {
  let pki: TestPki
  let ws: TestWorkstation
  let file: string
  let demoCa: string
  const at = (name: string): string => join(ws.dir, name)
  const userId = (login: string): string => ws.db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(login) as string
  /** The demo user's certificate, exported to PEM as one would from the token panel. */
  const exportCertificate = (login: string): string => {
    const der = ws.db.prepare(`SELECT der FROM user_certificates WHERE user_id = ? AND status = 'active'`).pluck().get(userId(login)) as Buffer
    const path = at(`${login}.pem`)
    writeFileSync(path, toPem(new Uint8Array(der), 'CERTIFICATE'))
    return path
  }

  beforeAll(async () => {
    pki = await createTestPki(new Date(T0))
  })
  beforeEach(() => {
    ws = testWorkstation()
    ws.signIn('op', 'operator')
    file = at('act.txt')
    writeFileSync(file, CONTENT)
    demoCa = at('demo-ca.pem')
    writeFileSync(demoCa, toPem(new Uint8Array(ws.db.prepare(`SELECT der FROM trust_anchors WHERE subject LIKE '%Operator Demo CA%'`).pluck().get() as Buffer), 'CERTIFICATE'))
  })
  afterEach(() => ws.dispose())

  describe('signing', () => {
    it('makes a detached and an attached signature that openssl cms verifies against the demo CA', async () => {
      const detached = value(await ws.callAsync<SignFileResult>('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true }))
      expect(detached).toMatchObject({ out: at('act.p7s'), detached: true, signer: 'Marat Abenov' })
      expect(detached.fingerprint).toMatch(/^[0-9A-F]{64}$/)
      expect(detached.bytes).toBe(readFileSync(at('act.p7s')).length)
      expect(openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', at('act.p7s'), '-content', file, '-CAfile', demoCa, ...AT_T0)).toEqual(CONTENT)

      value(await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7m'), detached: false }))
      expect(openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', at('act.p7m'), '-CAfile', demoCa, ...AT_T0)).toEqual(CONTENT)
    })

    it('asks the PIN of the signed-in user’s key in the dialog of the calling window, once per signature', async () => {
      value(await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true }))
      expect(ws.pinRequests).toEqual([{ caller: 'op', purpose: 'sign', kind: 'key_passphrase', tokenLabel: 'demo key', holder: 'Marat Abenov', retry: null }])
    })

    it('refuses after three wrong PINs with TOKEN pin_incorrect, writes nothing, and keeps the PIN out of the records', async () => {
      const wrong = '739105'
      ws.pinAnswers.push(wrong, wrong, wrong)
      const out = at('act.p7s')
      const r = await ws.callAsync('op', 'crypto.signFile', { path: file, out, detached: true })
      expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_incorrect' }] } })
      expect(ws.pinRequests.map((p) => p.retry)).toEqual([null, { triesLeft: null }, { triesLeft: null }])
      expect(existsSync(out)).toBe(false)
      expect(readdirSync(ws.dir).filter((n) => n.includes('.part'))).toEqual([])
      const records = JSON.stringify(ws.db.prepare('SELECT * FROM audit_log').all())
      expect(records).not.toContain(wrong)
      expect(records).not.toContain(DEMO_PIN)
    })

    it('takes a right PIN after a wrong one', async () => {
      ws.pinAnswers.push('0000')
      value(await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true }))
      expect(ws.pinRequests).toHaveLength(2)
      expect(existsSync(at('act.p7s'))).toBe(true)
    })

    it('refuses a cancelled PIN entry with TOKEN pin_cancelled and writes nothing', async () => {
      ws.pinAnswers.push(null)
      const r = await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true })
      expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_cancelled' }] } })
      expect(existsSync(at('act.p7s'))).toBe(false)
    })

    // R12.5: the PIN dialog can stay open while the session locks or the account is blocked; the key then does nothing.
    it.each([
      ['locked after inactivity', 'SESSION_LOCKED', () => ws.clock.advance(16 * 60_000)],
      ['ended by a sign-out', 'UNAUTHENTICATED', () => ws.ok('op', 'session.signOut')],
      ['of a user blocked meanwhile', 'ACCOUNT_BLOCKED', () => ws.db.prepare("UPDATE users SET status = 'blocked', blocked_reason = 'left the bank' WHERE login = 'operator'").run()],
      ['of a user locked out meanwhile', 'ACCOUNT_LOCKED', () => ws.db.prepare("UPDATE users SET failed_attempts = 5, locked_until = ? WHERE login = 'operator'").run(ws.clock.now() + 30 * 60_000)],
      ['of a user whose password was reset meanwhile', 'UNAUTHENTICATED', () => ws.db.prepare("UPDATE users SET password_hash = 'issued', must_change_password = 1, otp_expires_at = ? WHERE login = 'operator'").run(ws.clock.now() + 72 * 3600_000)]
    ])('refuses to sign for a session %s while the PIN was asked, and writes nothing', async (_what, code, meanwhile) => {
      ws.pinAnswers.push(() => {
        meanwhile()
        return DEMO_PIN
      })
      const r = await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true })
      expect(r).toMatchObject({ ok: false, error: { code } })
      expect(existsSync(at('act.p7s'))).toBe(false)
    })

    it('replaces an existing output file only once the signature is made', async () => {
      writeFileSync(at('act.p7s'), 'old')
      ws.pinAnswers.push(null)
      await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true })
      expect(readFileSync(at('act.p7s'), 'utf8')).toBe('old')
      value(await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true }))
      expect(readFileSync(at('act.p7s'), 'utf8')).not.toBe('old')
    })
  })

  describe('verification', () => {
    it('reports a signature of its own: valid, who, when, the chain to the demo CA', async () => {
      value(await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true }))
      const report = value(await ws.callAsync<VerificationReportView>('op', 'crypto.verifyFile', { path: file, signature: at('act.p7s') }))
      expect(report).toMatchObject({ valid: true, detached: true, failures: [], verifiedAt: T0 })
      const [signer] = report.signers
      expect(signer).toMatchObject({ commonName: 'Marat Abenov', organisation: 'Payment System Operator (demo)', signingTime: T0, messageDigest: 'match', signature: 'valid', certificateHash: 'match', chainTrusted: true, keyUsage: 'ok', valid: true })
      expect(signer!.iin).toMatch(/^\d{12}$/)
      expect(signer!.chain).toHaveLength(2)
      expect(signer!.chain[1]).toContain('CN=Operator Demo CA')
    })

    it('verifies what openssl cms signs once its CA is trusted, and names the signer', async () => {
      // openssl stamps the machine's time as signing time: the desk's clock must not be behind it.
      ws.clock.advance(Math.max(0, Date.now() - T0))
      ws.signIn('op', 'operator')
      const detached = at('openssl.p7s')
      const attached = at('openssl.p7m')
      openssl('cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-in', file, '-signer', pki.rsa.certPath, '-inkey', pki.rsa.keyPath, '-out', detached)
      openssl('cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', file, '-signer', pki.ec.certPath, '-inkey', pki.ec.keyPath, '-out', attached)

      const untrusted = value(await ws.callAsync<VerificationReportView>('op', 'crypto.verifyFile', { path: file, signature: detached }))
      expect(untrusted.valid).toBe(false)
      expect(untrusted.failures.map((f) => f.code)).toEqual(['untrusted_chain'])

      ws.signIn('admin', 'admin')
      ws.ok('admin', 'trust.addAnchors', { certificates: pki.root.pem })
      const d = value(await ws.callAsync<VerificationReportView>('op', 'crypto.verifyFile', { path: file, signature: detached }))
      expect(d).toMatchObject({ valid: true, detached: true, failures: [] })
      expect(d.signers[0]).toMatchObject({ commonName: 'Ivanov Ivan', iin: '800101300123', bin: '987654321098', certificateHash: 'absent', chainTrusted: true })
      expect(d.signers[0]!.chain.at(-1)).toContain('CN=Test Root CA')
      const a = value(await ws.callAsync<VerificationReportView>('op', 'crypto.verifyFile', { path: attached }))
      expect(a).toMatchObject({ valid: true, detached: false })
      expect(a.signers[0]!.commonName).toBe('Akhmetov Ержан')
    })

    it('names one changed byte of content as content_changed, and of the signature value as signature_invalid', async () => {
      value(await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true }))
      const changed = Buffer.from(CONTENT)
      changed[100] ^= 0x01
      writeFileSync(at('changed.txt'), changed)
      const content = value(await ws.callAsync<VerificationReportView>('op', 'crypto.verifyFile', { path: at('changed.txt'), signature: at('act.p7s') }))
      expect(content.valid).toBe(false)
      expect(content.failures.map((f) => f.code)).toEqual(['content_changed'])
      expect(content.signers[0]!.messageDigest).toBe('mismatch')

      // The signature value is the SignerInfo's last field, so the file's last byte belongs to it.
      const signature = readFileSync(at('act.p7s'))
      signature[signature.length - 1] ^= 0x01
      writeFileSync(at('bad.p7s'), signature)
      const sig = value(await ws.callAsync<VerificationReportView>('op', 'crypto.verifyFile', { path: file, signature: at('bad.p7s') }))
      expect(sig.valid).toBe(false)
      expect(sig.failures.map((f) => f.code)).toEqual(['signature_invalid'])
    })

    // The report said «Сертификат подписавшего не предназначен для подписи» with the usages in the check's English only
    // («key usage keyEncipherment, extended key usage any: not a document-signing key …»): now its words name them (R12.1, R14.2).
    it('names the usages of a signer’s certificate that may not sign, and the ones signing needs', async () => {
      ws.signIn('admin', 'admin')
      ws.ok('admin', 'trust.addAnchors', { certificates: pki.root.pem })
      const verified = async (by: 'authOnly' | 'noSigning'): Promise<VerificationReportView> => {
        writeFileSync(at(`${by}.p7m`), await signCms({ content: CONTENT, detached: false, signer: pki[by].signer, signingTime: new Date(T0) }))
        return value(await ws.callAsync<VerificationReportView>('op', 'crypto.verifyFile', { path: at(`${by}.p7m`) }))
      }
      const needed = { keyUsageNeeded: 'digitalSignature, nonRepudiation', extendedKeyUsageNeeded: 'emailProtection, anyExtendedKeyUsage' }
      const auth = await verified('authOnly')
      expect(auth).toMatchObject({ valid: false, signers: [{ keyUsage: 'wrong' }] })
      expect(auth.failures).toEqual([
        {
          code: 'wrong_key_usage',
          detail: expect.stringContaining('extended key usage clientAuth'),
          reason: { rule: 'trust.signer_cannot_sign', params: { certificate: expect.stringContaining('CN=Auth Only'), keyUsage: 'digitalSignature, nonRepudiation, keyEncipherment', extendedKeyUsage: 'clientAuth', ...needed } }
        }
      ])
      expect((await verified('noSigning')).failures).toMatchObject([
        { code: 'wrong_key_usage', reason: { rule: 'trust.signer_cannot_sign', params: { certificate: expect.stringContaining('CN=Encryption Only'), keyUsage: 'keyEncipherment', extendedKeyUsage: 'any', ...needed } } }
      ])
    })

    it('reports a file that is no signature as malformed, not as an error', async () => {
      const report = value(await ws.callAsync<VerificationReportView>('op', 'crypto.verifyFile', { path: file }))
      expect(report).toMatchObject({ valid: false, signers: [], failures: [{ code: 'malformed' }] })
    })

    it('is open to any signed-in user, participant staff too', async () => {
      value(await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('act.p7s'), detached: true }))
      ws.signIn('viewer', 'halyk.viewer')
      expect(value(await ws.callAsync<VerificationReportView>('viewer', 'crypto.verifyFile', { path: file, signature: at('act.p7s') })).valid).toBe(true)
    })
  })

  describe('encryption', () => {
    it('envelopes to an RSA and an EC certificate (PEM and DER files); openssl cms decrypts it for each', async () => {
      writeFileSync(at('ec.der'), pki.ec.der)
      const r = value(await ws.callAsync<EncryptFileResult>('op', 'crypto.encryptFile', { path: file, out: at('act.p7e'), recipients: [pki.rsa.certPath, at('ec.der')] }))
      expect(r.recipients).toEqual([expect.stringContaining('CN=Ivanov Ivan'), expect.stringContaining('CN=Akhmetov Ержан')])
      expect(r.bytes).toBe(readFileSync(at('act.p7e')).length)
      for (const who of [pki.rsa, pki.ec]) expect(openssl('cms', '-decrypt', '-inform', 'DER', '-in', at('act.p7e'), '-recip', who.certPath, '-inkey', who.keyPath)).toEqual(CONTENT)
      expect(ws.pinRequests).toEqual([])
    })

    it('decrypts what openssl cms envelopes to the signed-in user’s certificate, asking the PIN to decrypt', async () => {
      openssl('cms', '-encrypt', '-aes256', '-binary', '-in', file, '-recip', exportCertificate('operator'), '-recip', pki.rsa.certPath, '-outform', 'DER', '-out', at('in.p7e'))
      const r = value(await ws.callAsync<DecryptFileResult>('op', 'crypto.decryptFile', { path: at('in.p7e'), out: at('opened.txt') }))
      expect(r).toEqual({ out: at('opened.txt'), bytes: CONTENT.length })
      expect(readFileSync(at('opened.txt'))).toEqual(CONTENT)
      expect(ws.pinRequests).toEqual([expect.objectContaining({ caller: 'op', purpose: 'decrypt', kind: 'key_passphrase', holder: 'Marat Abenov' })])
    })

    it('round-trips: what one user encrypts to another, the other decrypts', async () => {
      value(await ws.callAsync('op', 'crypto.encryptFile', { path: file, out: at('to-risk.p7e'), recipients: [exportCertificate('risk')] }))
      ws.signIn('risk', 'risk')
      value(await ws.callAsync('risk', 'crypto.decryptFile', { path: at('to-risk.p7e'), out: at('opened.txt') }))
      expect(readFileSync(at('opened.txt'))).toEqual(CONTENT)
    })

    it('asks the PIN again after a wrong one when decrypting, and refuses after three', async () => {
      value(await ws.callAsync('op', 'crypto.encryptFile', { path: file, out: at('act.p7e'), recipients: [exportCertificate('operator')] }))
      ws.pinAnswers.push('0000', '0000', '0000')
      const r = await ws.callAsync('op', 'crypto.decryptFile', { path: at('act.p7e'), out: at('opened.txt') })
      expect(r).toMatchObject({ ok: false, error: { code: 'TOKEN', reasons: [{ rule: 'pin_incorrect' }] } })
      expect(ws.pinRequests).toHaveLength(3)
      expect(existsSync(at('opened.txt'))).toBe(false)
    })

    it('refuses an envelope not addressed to the user with CONFLICT, without asking the PIN', async () => {
      value(await ws.callAsync('op', 'crypto.encryptFile', { path: file, out: at('act.p7e'), recipients: [pki.rsa.certPath] }))
      const r = await ws.callAsync('op', 'crypto.decryptFile', { path: at('act.p7e'), out: at('opened.txt') })
      expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'this file was not encrypted to your certificate' } })
      expect(ws.pinRequests).toEqual([])
      expect(existsSync(at('opened.txt'))).toBe(false)
    })

    it('refuses to encrypt to a certificate its CA has revoked (a CRL in the trust store), writing nothing (R14.2)', async () => {
      ws.signIn('admin', 'admin')
      ws.ok('admin', 'trust.addAnchors', { certificates: pki.root.pem })
      ws.ok('admin', 'trust.addCrl', { crl: pki.crlPem })
      const before = snapshot(ws)
      const r = await ws.callAsync('op', 'crypto.encryptFile', { path: file, out: at('act.p7e'), recipients: [pki.rsa.certPath, pki.revoked.certPath] })
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/recipients\.1 .*CN=Revoked Signer.* revoked/) } })
      expect(snapshot(ws)).toBe(before)
      expect(existsSync(at('act.p7e'))).toBe(false)
      // The unrevoked certificate of the same CA is still a recipient.
      value(await ws.callAsync<EncryptFileResult>('op', 'crypto.encryptFile', { path: file, out: at('act.p7e'), recipients: [pki.rsa.certPath] }))
    })

    it('refuses a file that is no envelope with VALIDATION', async () => {
      const r = await ws.callAsync('op', 'crypto.decryptFile', { path: file, out: at('opened.txt') })
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
      expect(existsSync(at('opened.txt'))).toBe(false)
    })
  })

  describe('bad input: a specific refusal, nothing changed, nothing written', () => {
    const cases: [string, string, (t: { file: string; at: (n: string) => string }) => unknown, RegExp][] = [
      ['signFile: missing file', 'crypto.signFile', (t) => ({ path: t.at('none.txt'), out: t.at('o.p7s') }), /path: no such file/],
      ['signFile: a folder', 'crypto.signFile', (t) => ({ path: t.at('folder'), out: t.at('o.p7s') }), /path: .* is not a file/],
      ['signFile: larger than 100 MB', 'crypto.signFile', (t) => ({ path: t.at('huge.bin'), out: t.at('o.p7s') }), /larger than 100 MB/],
      ['signFile: out is the input', 'crypto.signFile', (t) => ({ path: t.file, out: t.file }), /must not be the input file/],
      ['signFile: out in a missing folder', 'crypto.signFile', (t) => ({ path: t.file, out: t.at('no/such/o.p7s') }), /out: the folder .* does not exist/],
      ['signFile: out is a folder', 'crypto.signFile', (t) => ({ path: t.file, out: t.at('folder') }), /out: .* is a folder/],
      ['verifyFile: missing signature', 'crypto.verifyFile', (t) => ({ path: t.file, signature: t.at('none.p7s') }), /signature: no such file/],
      ['encryptFile: missing recipient file', 'crypto.encryptFile', (t) => ({ path: t.file, out: t.at('o.p7e'), recipients: [pki.rsa.certPath, t.at('nobody.pem')] }), /recipients\.1 \(.*nobody\.pem\): no such file/],
      ['encryptFile: recipient file is no certificate', 'crypto.encryptFile', (t) => ({ path: t.file, out: t.at('o.p7e'), recipients: [t.file] }), /recipients\.0 .*: not a readable certificate/],
      ['encryptFile: expired recipient', 'crypto.encryptFile', (t) => ({ path: t.file, out: t.at('o.p7e'), recipients: [pki.expired.certPath] }), /recipients\.0 .*CN=Expired Signer.* expired/],
      ['encryptFile: recipient not yet valid', 'crypto.encryptFile', (t) => ({ path: t.file, out: t.at('o.p7e'), recipients: [pki.rsa.certPath, pki.notYetValid.certPath] }), /recipients\.1 .*CN=Not Yet Valid.* is not yet valid \(valid from /],
      ['encryptFile: RSA recipient whose key usage lacks keyEncipherment', 'crypto.encryptFile', (t) => ({ path: t.file, out: t.at('o.p7e'), recipients: [pki.ec.certPath, pki.rsaNoEncipherment.certPath] }), /recipients\.1 .*CN=RSA No Encipherment.* key usage \(digitalSignature, nonRepudiation, keyAgreement\) lacks keyEncipherment, which encryption to an RSA key needs/],
      ['encryptFile: EC recipient whose key usage lacks keyAgreement', 'crypto.encryptFile', (t) => ({ path: t.file, out: t.at('o.p7e'), recipients: [pki.ecNoAgreement.certPath] }), /recipients\.0 .*CN=EC No Agreement.* key usage \(digitalSignature, nonRepudiation, keyEncipherment\) lacks keyAgreement, which encryption to an EC key needs/],
      ['decryptFile: missing file', 'crypto.decryptFile', (t) => ({ path: t.at('none.p7e'), out: t.at('o.txt') }), /path: no such file/]
    ]
    it.each(cases)('%s', async (_label, name, input, message) => {
      mkdirSync(at('folder'))
      writeFileSync(at('huge.bin'), '')
      truncateSync(at('huge.bin'), 100 * 1024 * 1024 + 1)
      const before = snapshot(ws)
      const listing = readdirSync(ws.dir).sort()
      const r = await ws.callAsync('op', name, input({ file, at }))
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(message) } })
      expect(snapshot(ws)).toBe(before)
      expect(readdirSync(ws.dir).sort()).toEqual(listing)
      expect(ws.pinRequests).toEqual([])
    })

    it('refuses to sign for a user without a bound certificate with NOT_FOUND', async () => {
      const own = ws.db.prepare(`SELECT fingerprint FROM user_certificates WHERE user_id = ?`).pluck().get(userId('operator')) as string
      ws.ok('op', 'crypto.unbindCertificate', { fingerprint: own, reason: 'token lost' })
      const before = snapshot(ws)
      expect(await ws.callAsync('op', 'crypto.signFile', { path: file, out: at('o.p7s') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      expect(await ws.callAsync('op', 'crypto.decryptFile', { path: file, out: at('o.txt') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      expect(snapshot(ws)).toBe(before)
    })
  })
})
