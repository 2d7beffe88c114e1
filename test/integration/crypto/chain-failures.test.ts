// A CA inside a chain that fails the chain check (R12.1, R14.2): an intermediate expired or not yet valid, one that is
// not a CA or may not sign certificates, a root whose pathLenConstraint the chain exceeds, a revoked intermediate. Real
// certificates (@peculiar/x509), the real chain check (validateChain) and refusal (refuseUntrusted); then, through
// the calls on a real database, a certificate under such a CA is not bound and a document under it not stored.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DocumentRow } from '../../../src/core/api/documents-types'
import { envelopeCms, signCms } from '../../../src/core/crypto/cms'
import { CertificatesRepo } from '../../../src/core/crypto/keys/certificates-repo'
import { validateChain } from '../../../src/core/crypto/trust/chain'
import { parseCertificate } from '../../../src/core/crypto/trust/certificate'
import { parseCrl } from '../../../src/core/crypto/trust/crl'
import { refuseUntrusted } from '../../../src/core/crypto/trust/untrusted'
import { AppError } from '../../../src/core/domain/errors'
import { encodePackage, PACKAGE_FORMAT, type DocumentPackage } from '../../../src/core/documents/package'
import { createTestChain, type CaTweaks, type TestChain } from '../../support/test-pki'
import { snapshot, T0, testWorkstation, type TestWorkstation } from '../../support/workstation'

const DAY = 86_400_000
const day = (at: number): string => new Date(at).toISOString().slice(0, 10)
const CA_ONLY = x509.KeyUsageFlags.cRLSign
const AT = new Date(T0)

/** The chains under test: what is wrong, the CAs as made, and the failure the check must name (about `sub` unless `root`). */
const CASES: [what: string, tweaks: { root?: CaTweaks; sub?: CaTweaks }, failure: { code: string; about: 'sub' | 'root'; params: Record<string, string | number> }][] = [
  ['an intermediate CA expired', { sub: { notBefore: new Date(T0 - 400 * DAY), notAfter: new Date(T0 - 10 * DAY) } }, { code: 'expired', about: 'sub', params: { validUntilDay: day(T0 - 10 * DAY) } }],
  ['an intermediate CA not yet valid', { sub: { notBefore: new Date(T0 + 5 * DAY) } }, { code: 'not_yet_valid', about: 'sub', params: { validFromDay: day(T0 + 5 * DAY) } }],
  ['an intermediate that is not a CA', { sub: { ca: false } }, { code: 'invalid_ca', about: 'sub', params: { caProblem: 'not_ca' } }],
  ['an intermediate CA without keyCertSign', { sub: { usages: CA_ONLY } }, { code: 'invalid_ca', about: 'sub', params: { caProblem: 'no_cert_sign' } }],
  ['a root whose pathLenConstraint 0 the intermediate exceeds', { root: { pathLength: 0 } }, { code: 'invalid_ca', about: 'root', params: { caProblem: 'path_length', pathLength: 0 } }]
]

const subjectOf = (chain: TestChain, about: 'sub' | 'root'): string => parseCertificate(chain[about].der).subject
const check = (chain: TestChain, crls: Uint8Array[] = []) =>
  validateChain({
    leaf: parseCertificate(chain.leaf.der), intermediates: [parseCertificate(chain.sub.der)], anchors: [parseCertificate(chain.root.der)],
    crls: crls.map(parseCrl), validAt: AT, revokedBy: AT
  })
const refusalOf = (chain: TestChain, failures: ReturnType<typeof check>['failures']): AppError => {
  try {
    refuseUntrusted(parseCertificate(chain.leaf.der).subject, failures, 'the certificate is not trusted')
  } catch (e) {
    return e as AppError
  }
  throw new Error('refuseUntrusted returned')
}

describe('a CA in the chain that fails the check names itself, why, and its data', () => {
  it.each(CASES)('%s', async (_what, tweaks, expected) => {
    const chain = await createTestChain(AT, 'Chain', tweaks)
    const result = check(chain)
    const certificate = subjectOf(chain, expected.about)
    expect(result.trusted).toBe(true)
    expect(result.links.map((l) => l.subject)).toEqual([subjectOf(chain, 'root'), subjectOf(chain, 'sub'), parseCertificate(chain.leaf.der).subject].reverse())
    expect(result.failures).toEqual([{ code: expected.code, certificate, detail: expect.any(String), params: expected.params }])
    const e = refusalOf(chain, result.failures)
    expect(e).toMatchObject({ code: 'CONFLICT', details: [expect.stringMatching(new RegExp(`^${expected.code}: `))] })
    expect(e.reasons).toEqual([
      { rule: 'trust.certificate_untrusted', params: { subject: parseCertificate(chain.leaf.der).subject } },
      { rule: `trust.chain_${expected.code}`, params: { chainFailure: expected.code, certificate, ...expected.params } }
    ])
  })

  it('an intermediate CA its root has revoked: its serial and the day', async () => {
    const chain = await createTestChain(AT, 'Chain')
    const rootKey = await globalThis.crypto.subtle.importKey('pkcs8', chain.root.key.export({ type: 'pkcs8', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])
    const crl = await x509.X509CrlGenerator.create({
      issuer: new x509.X509Certificate(chain.root.pem).subject, thisUpdate: new Date(T0 - DAY), nextUpdate: new Date(T0 + 30 * DAY),
      entries: [{ serialNumber: chain.sub.serial, revocationDate: new Date(T0 - 3 * DAY) }], signingKey: rootKey, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }
    })
    const result = check(chain, [new Uint8Array(crl.rawData)])
    const sub = parseCertificate(chain.sub.der)
    expect(result.failures).toEqual([{ code: 'revoked', certificate: sub.subject, detail: expect.any(String), params: { serial: sub.serial, revokedDay: day(T0 - 3 * DAY) } }])
    expect(refusalOf(chain, result.failures).reasons?.[1]).toEqual({ rule: 'trust.chain_revoked', params: { chainFailure: 'revoked', certificate: sub.subject, serial: sub.serial, revokedDay: day(T0 - 3 * DAY) } })
  })

  it('a chain whose root is not trusted names the CA it stopped at and the issuer it looked for', async () => {
    const chain = await createTestChain(AT, 'Chain')
    const result = validateChain({ leaf: parseCertificate(chain.leaf.der), intermediates: [parseCertificate(chain.sub.der)], anchors: [], crls: [], validAt: AT, revokedBy: AT })
    expect(result.failures).toEqual([{ code: 'untrusted_chain', certificate: subjectOf(chain, 'sub'), detail: expect.any(String), params: { issuer: subjectOf(chain, 'root') } }])
  })
})

describe('through the calls: nothing is bound or stored under such a CA', () => {
  let ws: TestWorkstation
  beforeEach(() => {
    ws = testWorkstation()
    ws.signIn('op', 'operator')
    ws.signIn('admin', 'admin')
    ws.signIn('kaspi', 'kaspi.operator')
  })
  afterEach(() => ws.dispose())

  // A binding sees no intermediates: the desk trusts the issuing CA itself (as a bank trusts the NCA's issuing CA), and
  // that CA expired, is not yet valid or may not sign certificates. trust.addAnchors takes such a CA; the binding refuses.
  it.each(CASES.filter(([, tweaks]) => tweaks.sub && tweaks.sub.ca !== false))('binding a certificate under %s, trusted itself', async (_what, tweaks, expected) => {
    const chain = await createTestChain(AT, 'Issuing', tweaks)
    ws.ok('admin', 'trust.addAnchors', { certificates: chain.sub.pem })
    const before = snapshot(ws)
    const r = ws.call('op', 'crypto.bindCertificate', { certificate: chain.leaf.pem })
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        reasons: [
          { rule: 'trust.certificate_untrusted', params: { subject: parseCertificate(chain.leaf.der).subject } },
          { rule: `trust.chain_${expected.code}`, params: { chainFailure: expected.code, certificate: subjectOf(chain, 'sub'), ...expected.params } }
        ]
      }
    })
    expect(snapshot(ws)).toBe(before)
  })

  // A document carries its intermediate: the signature's chain check names the CA, and the desk stores nothing.
  it.each(CASES)('importing a document signed under %s', async (_what, tweaks, expected) => {
    const chain = await createTestChain(AT, 'Issuing', tweaks)
    ws.ok('admin', 'trust.addAnchors', { certificates: chain.root.pem })
    const pkg: DocumentPackage = {
      format: PACKAGE_FORMAT, number: 'DOC-2026-000901', title: 'Act', class: 'confidential', senderParty: 'operator', recipients: ['P001'], createdAt: AT.toISOString(), body: 'x', attachments: []
    }
    const signed = await signCms({ content: encodePackage(pkg), detached: false, signer: chain.leaf.signer, chain: [chain.sub.der], signingTime: AT })
    const kaspiId = ws.db.prepare('SELECT id FROM users WHERE login = ?').pluck().get('kaspi.operator') as string
    const envelope = await envelopeCms({ content: signed, recipients: [new CertificatesRepo(ws.db).activeOf(kaspiId)[0]!.der] })
    const before = snapshot(ws)
    const r = await ws.callAsync<DocumentRow>('kaspi', 'documents.import', { fileName: 'act.p7m', base64: Buffer.from(envelope).toString('base64') })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', reasons: [{ rule: `trust.chain_${expected.code}`, params: { chainFailure: expected.code, certificate: subjectOf(chain, expected.about), ...expected.params } }] }
    })
    expect(snapshot(ws)).toBe(before)
  })
})
