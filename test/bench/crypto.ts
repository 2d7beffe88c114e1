// Token signing on a fresh SoftHSM2 token, and CMS over a 10 MB document with the token's keys.
// sign_per_s: complete CMS signatures (detached, signed attributes, signing-certificate-v2) of a 1 KB document
// with the RSA-2048 key in a signing session (one PIN, then the token keeps the login until close()).
// sign_per_op_login_per_s: the same key when every signature opens a session and logs in with its own PIN.
// raw_* are bare C_Sign calls in one logged-in session (the token's own speed), for comparison.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as pkcs11 from 'pkcs11js'
import { Pkcs11Module } from '../../src/core/crypto/pkcs11/module'
import { findObjects, idTemplate } from '../../src/core/crypto/pkcs11/objects'
import { TokenSigner } from '../../src/core/crypto/pkcs11/token-signer'
import { envelopeCms } from '../../src/core/crypto/cms/envelope'
import { signCms } from '../../src/core/crypto/cms/sign'
import { verifyCms } from '../../src/core/crypto/cms/verify'
import { TrustStore } from '../../src/core/crypto/trust/trust-store'
import type { TokenCertificate } from '../../src/core/crypto/signer'
import { createSoftHsm, softHsmMissing } from '../support/softhsm'

const perSecond = (n: number, ms: number): number => Math.round((n * 1000) / ms)

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t = performance.now()
  for (let i = 0; i < n; i++) await fn(i)
  return performance.now() - t
}

/** C_Sign in a loop on one session, logged in once: the token's throughput with no per-operation overhead. */
function rawSignsPerSecond(module: Pkcs11Module, slot: number, pin: string, id: string, ec: boolean, n: number): number {
  const lib = module.lib
  const session = lib.C_OpenSession(module.slotHandle(slot), pkcs11.CKF_SERIAL_SESSION)
  try {
    lib.C_Login(session, pkcs11.CKU_USER, pin)
    const key = findObjects(lib, session, idTemplate(pkcs11.CKO_PRIVATE_KEY, id))[0]!
    const input = randomBytes(32)
    const out = Buffer.alloc(512)
    const t = performance.now()
    for (let i = 0; i < n; i++) {
      lib.C_SignInit(session, { mechanism: ec ? pkcs11.CKM_ECDSA : pkcs11.CKM_SHA256_RSA_PKCS }, key)
      lib.C_Sign(session, input, out)
    }
    return perSecond(n, performance.now() - t)
  } finally {
    lib.C_CloseSession(session)
  }
}

export async function benchCrypto(): Promise<Record<string, number | string>> {
  const missing = softHsmMissing()
  if (missing) return { skipped: missing }
  const hsm = createSoftHsm()
  const module = Pkcs11Module.open(hsm.module)
  try {
    const [token] = await module.listTokens()
    if (!token) throw new Error('the fresh SoftHSM token is not listed')
    const cert = (id: string): TokenCertificate => token.certificates.find((c) => c.id === id)!
    const signer = (id: string, login: 'per_operation' | 'per_session' = 'per_operation'): TokenSigner =>
      new TokenSigner({ module, slot: token.slot, certificate: cert(id), askPin: async () => hsm.pin, login })
    const rsa = signer('01')
    const ec = signer('02')
    const attrs = randomBytes(1024)
    const n = 500
    const document = randomBytes(1024)
    const session = signer('01', 'per_session')
    const cmsOf = (s: TokenSigner) => signCms({ content: document, detached: true, signer: s, signingTime: new Date(), scheme: 'RSASSA-PKCS1-v1_5' })
    await cmsOf(session)
    const sessionMs = await timed(n, () => cmsOf(session))
    await session.close()
    const ecSession = signer('02', 'per_session')
    const ecSessionMs = await timed(n, () => signCms({ content: document, detached: true, signer: ecSession, signingTime: new Date(), scheme: 'ECDSA' }))
    await ecSession.close()
    await rsa.sign(attrs, 'RSASSA-PKCS1-v1_5', 'SHA-256')
    const rsaMs = await timed(n, () => rsa.sign(attrs, 'RSASSA-PKCS1-v1_5', 'SHA-256'))
    const ecMs = await timed(n, () => ec.sign(attrs, 'ECDSA', 'SHA-256'))
    const result: Record<string, number | string> = {
      sign_per_s: perSecond(n, sessionMs),
      sign_ec_per_s: perSecond(n, ecSessionMs),
      sign_per_op_login_per_s: perSecond(n, rsaMs),
      sign_ec_per_op_login_per_s: perSecond(n, ecMs),
      raw_rsa_sign_per_s: rawSignsPerSecond(module, token.slot, hsm.pin, '01', false, 2000),
      raw_ec_sign_per_s: rawSignsPerSecond(module, token.slot, hsm.pin, '02', true, 5000)
    }

    // CMS over 10 MB: the token signs once; the cost is hashing and encoding.
    const doc = randomBytes(10 * 1024 * 1024)
    // The certificates were issued just now, so sign and verify at the present time (bench code, not core).
    const at = new Date()
    let t = performance.now()
    const cms = await signCms({ content: doc, detached: true, signer: rsa, signingTime: at })
    result.sign_10mb_ms = Math.round(performance.now() - t)
    const trust = new TrustStore()
    trust.addCertificates(readFileSync(hsm.caPem, 'utf8'))
    t = performance.now()
    const report = await verifyCms({ cms, content: doc, trust, at })
    result.verify_10mb_ms = Math.round(performance.now() - t)
    result.verify_10mb_valid = report.valid ? 'yes' : `no: ${report.failures.map((f) => f.code).join(',')}`
    t = performance.now()
    await envelopeCms({ content: doc, recipients: [cert('01').der, cert('02').der] })
    result.envelope_10mb_ms = Math.round(performance.now() - t)
    return result
  } finally {
    module.close()
    hsm.cleanup()
  }
}
