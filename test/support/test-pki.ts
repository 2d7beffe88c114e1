// A throw-away PKI for CMS tests: a root CA, a foreign CA, end-entity certificates for each case the verifier
// must tell apart, and a CRL — made with @peculiar/x509 over WebCrypto, written as PEM into a temp dir so
// `openssl cms` can use the same material.
import { createPrivateKey, type KeyObject, type webcrypto } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// @peculiar/x509 (through tsyringe) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { KeySigner } from './key-signer'
import type { Database } from 'better-sqlite3'
import { parseCertificate } from '../../src/core/crypto/trust/certificate'
import { toPem } from '../../src/core/crypto/trust/pem'

x509.cryptoProvider.set(globalThis.crypto)
const subtle = globalThis.crypto.subtle

const RSA_ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
const DAY = 86_400_000

export interface Issued {
  der: Uint8Array
  pem: string
  key: KeyObject
  keyPem: string
  certPath: string
  keyPath: string
  signer: KeySigner
  serial: string
}

export interface TestPki {
  dir: string
  root: Issued
  foreignRoot: Issued
  rsa: Issued
  rsa2: Issued
  ec: Issued
  ec2: Issued
  /** Valid from now-3y to now-2y: expired at any recent signing time. */
  expired: Issued
  /** keyUsage keyEncipherment only. */
  noSigning: Issued
  /** keyUsage allows signing, extendedKeyUsage clientAuth only: a log-in key (NCA RK's AUTH certificate). */
  authOnly: Issued
  /** An NCA RK AUTH certificate of a legal entity's employee: clientAuth and NCA's own purposes (1.2.398.3.3.4.1.2, …1.2.5). */
  ncaAuth: Issued
  /** Valid from now+30d: not yet valid at any recent time. */
  notYetValid: Issued
  /** RSA, keyUsage without keyEncipherment (keyAgreement instead): RSA key transport may not use it. */
  rsaNoEncipherment: Issued
  /** EC P-256, keyUsage without keyAgreement (keyEncipherment instead): ECDH may not use it. */
  ecNoAgreement: Issued
  /** Listed in `crl`. */
  revoked: Issued
  /** Issued by foreignRoot. */
  foreign: Issued
  /** A CA whose keyUsage has keyCertSign without cRLSign: it may issue certificates, not sign CRLs. */
  noCrlSignCa: Issued
  /** Issued by noCrlSignCa. */
  underNoCrlSignCa: Issued
  /** Root CRL listing `revoked`. */
  crlPem: string
  rootPath: string
  now: Date
}

type Kind = 'RSA' | 'EC'

async function keyPair(kind: Kind): Promise<webcrypto.CryptoKeyPair> {
  return (await subtle.generateKey(kind === 'RSA' ? RSA_ALG : EC_ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
}

async function toNodeKey(pair: webcrypto.CryptoKeyPair): Promise<KeyObject> {
  return createPrivateKey({ key: Buffer.from(await subtle.exportKey('pkcs8', pair.privateKey)), format: 'der', type: 'pkcs8' })
}

let serialCounter = 0x1000
const nextSerial = (): string => (serialCounter++).toString(16).padStart(4, '0') + '01'

interface CertOptions {
  subject: string
  issuer?: { cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }
  keys: webcrypto.CryptoKeyPair
  notBefore: Date
  notAfter: Date
  ca?: boolean
  usages: x509.KeyUsageFlags
  /** extendedKeyUsage purposes, when the certificate limits them. */
  purposes?: string[]
  /** basicConstraints pathLenConstraint of a CA. */
  pathLength?: number
}

async function makeCert(o: CertOptions): Promise<x509.X509Certificate> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(o.ca ?? false, o.pathLength, true),
    new x509.KeyUsagesExtension(o.usages, true),
    await x509.SubjectKeyIdentifierExtension.create(o.keys.publicKey)
  ]
  if (o.issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(o.issuer.keys.publicKey))
  if (o.purposes) extensions.push(new x509.ExtendedKeyUsageExtension(o.purposes))
  const signingKeys = o.issuer?.keys ?? o.keys
  return x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: o.subject,
    issuer: o.issuer?.cert.subject ?? o.subject,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    publicKey: o.keys.publicKey,
    signingKey: signingKeys.privateKey,
    signingAlgorithm: signingKeys.privateKey.algorithm,
    extensions
  })
}

async function issued(dir: string, name: string, cert: x509.X509Certificate, keys: webcrypto.CryptoKeyPair): Promise<Issued> {
  const key = await toNodeKey(keys)
  const der = new Uint8Array(cert.rawData)
  const pem = cert.toString('pem') + '\n'
  const keyPem = key.export({ format: 'pem', type: 'pkcs8' }) as string
  const certPath = join(dir, `${name}.pem`)
  const keyPath = join(dir, `${name}.key`)
  writeFileSync(certPath, pem)
  writeFileSync(keyPath, keyPem)
  return { der, pem, key, keyPem, certPath, keyPath, signer: new KeySigner(der, key, name), serial: cert.serialNumber }
}

const SIGN = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation
const CA = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign

/** `now` is real time by default, because `openssl cms -verify` checks validity against the real clock. */
export async function createTestPki(now = new Date()): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'cms-pki-'))
  const t = now.getTime()
  const span = { notBefore: new Date(t - 30 * DAY), notAfter: new Date(t + 3650 * DAY) }
  const rootKeys = await keyPair('RSA')
  const rootCert = await makeCert({ subject: 'CN=Test Root CA, O=Payment System Operator, C=KZ', keys: rootKeys, ca: true, usages: CA, notBefore: new Date(t - 365 * DAY), notAfter: new Date(t + 7300 * DAY) })
  const foreignKeys = await keyPair('RSA')
  const foreignCert = await makeCert({ subject: 'CN=Foreign Root CA, C=XX', keys: foreignKeys, ca: true, usages: CA, notBefore: new Date(t - 365 * DAY), notAfter: new Date(t + 7300 * DAY) })
  const root = { cert: rootCert, keys: rootKeys }
  const noCrlSignKeys = await keyPair('RSA')
  const noCrlSignCert = await makeCert({ subject: 'CN=Test CA without cRLSign, O=Payment System Operator, C=KZ', keys: noCrlSignKeys, ca: true, usages: x509.KeyUsageFlags.keyCertSign, notBefore: new Date(t - 365 * DAY), notAfter: new Date(t + 7300 * DAY) })
  const rsaKeys = await keyPair('RSA')
  const rsa2Keys = await keyPair('RSA')
  const ecKeys = await keyPair('EC')
  const ec2Keys = await keyPair('EC')
  const person = (cn: string, iin: string): string => `CN=${cn}, 2.5.4.5=IIN${iin}, O=Test Bank JSC, OU=BIN987654321098, C=KZ`
  const RSA_EE = SIGN | x509.KeyUsageFlags.keyEncipherment
  const EC_EE = SIGN | x509.KeyUsageFlags.keyAgreement

  const rsaCert = await makeCert({ subject: person('Ivanov Ivan', '800101300123'), issuer: root, keys: rsaKeys, usages: RSA_EE, ...span })
  const rsa2Cert = await makeCert({ subject: person('Petrova Aigul', '850202400456'), issuer: root, keys: rsa2Keys, usages: RSA_EE, ...span })
  const ecCert = await makeCert({ subject: person('Akhmetov Ержан', '900303300789'), issuer: root, keys: ecKeys, usages: EC_EE, ...span })
  const ec2Cert = await makeCert({ subject: person('Sadykova Dana', '910404400111'), issuer: root, keys: ec2Keys, usages: EC_EE, ...span })
  const expiredCert = await makeCert({ subject: person('Expired Signer', '700101300000'), issuer: root, keys: rsaKeys, usages: RSA_EE, notBefore: new Date(t - 3 * 365 * DAY), notAfter: new Date(t - 2 * 365 * DAY) })
  const noSigningCert = await makeCert({ subject: person('Encryption Only', '700101300001'), issuer: root, keys: rsaKeys, usages: x509.KeyUsageFlags.keyEncipherment, ...span })
  const authOnlyCert = await makeCert({ subject: person('Auth Only', '700101300004'), issuer: root, keys: rsaKeys, usages: RSA_EE, purposes: [x509.ExtendedKeyUsage.clientAuth], ...span })
  const ncaAuthCert = await makeCert({ subject: person('NCA Auth', '700101300010'), issuer: root, keys: rsaKeys, usages: RSA_EE, purposes: [x509.ExtendedKeyUsage.clientAuth, '1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.5'], ...span })
  const notYetValidCert = await makeCert({ subject: person('Not Yet Valid', '700101300005'), issuer: root, keys: rsaKeys, usages: RSA_EE, notBefore: new Date(t + 30 * DAY), notAfter: new Date(t + 3650 * DAY) })
  const rsaNoEnciphermentCert = await makeCert({ subject: person('RSA No Encipherment', '700101300006'), issuer: root, keys: rsaKeys, usages: SIGN | x509.KeyUsageFlags.keyAgreement, ...span })
  const ecNoAgreementCert = await makeCert({ subject: person('EC No Agreement', '700101300007'), issuer: root, keys: ecKeys, usages: SIGN | x509.KeyUsageFlags.keyEncipherment, ...span })
  const revokedCert = await makeCert({ subject: person('Revoked Signer', '700101300002'), issuer: root, keys: rsaKeys, usages: RSA_EE, ...span })
  const underNoCrlSignCert = await makeCert({ subject: person('Under No CRL Signer', '700101300008'), issuer: { cert: noCrlSignCert, keys: noCrlSignKeys }, keys: rsaKeys, usages: RSA_EE, ...span })
  const foreignLeaf = await makeCert({ subject: person('Foreign Signer', '700101300003'), issuer: { cert: foreignCert, keys: foreignKeys }, keys: rsaKeys, usages: RSA_EE, ...span })

  const crl = await x509.X509CrlGenerator.create({
    issuer: rootCert.subject,
    thisUpdate: new Date(t - DAY),
    nextUpdate: new Date(t + 30 * DAY),
    entries: [{ serialNumber: revokedCert.serialNumber, revocationDate: new Date(t - 2 * DAY) }],
    signingKey: rootKeys.privateKey,
    signingAlgorithm: rootKeys.privateKey.algorithm
  })
  const crlPem = toPem(new Uint8Array(crl.rawData), 'X509 CRL')
  writeFileSync(join(dir, 'crl.pem'), crlPem)

  const out: TestPki = {
    dir,
    root: await issued(dir, 'root', rootCert, rootKeys),
    foreignRoot: await issued(dir, 'foreign-root', foreignCert, foreignKeys),
    rsa: await issued(dir, 'rsa', rsaCert, rsaKeys),
    rsa2: await issued(dir, 'rsa2', rsa2Cert, rsa2Keys),
    ec: await issued(dir, 'ec', ecCert, ecKeys),
    ec2: await issued(dir, 'ec2', ec2Cert, ec2Keys),
    expired: await issued(dir, 'expired', expiredCert, rsaKeys),
    noSigning: await issued(dir, 'no-signing', noSigningCert, rsaKeys),
    authOnly: await issued(dir, 'auth-only', authOnlyCert, rsaKeys),
    ncaAuth: await issued(dir, 'nca-auth', ncaAuthCert, rsaKeys),
    notYetValid: await issued(dir, 'not-yet-valid', notYetValidCert, rsaKeys),
    rsaNoEncipherment: await issued(dir, 'rsa-no-encipherment', rsaNoEnciphermentCert, rsaKeys),
    ecNoAgreement: await issued(dir, 'ec-no-agreement', ecNoAgreementCert, ecKeys),
    revoked: await issued(dir, 'revoked', revokedCert, rsaKeys),
    foreign: await issued(dir, 'foreign', foreignLeaf, rsaKeys),
    noCrlSignCa: await issued(dir, 'no-crl-sign-ca', noCrlSignCert, noCrlSignKeys),
    underNoCrlSignCa: await issued(dir, 'under-no-crl-sign-ca', underNoCrlSignCert, rsaKeys),
    crlPem,
    rootPath: '',
    now
  }
  out.rootPath = out.root.certPath
  return out
}

/** A CRL signed by noCrlSignCa (which may not sign CRLs), revoking underNoCrlSignCa, current at `now`. */
export async function crlOfNoCrlSignCa(pki: TestPki, now: number): Promise<x509.X509Crl> {
  const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
  const key = await globalThis.crypto.subtle.importKey('pkcs8', pki.noCrlSignCa.key.export({ type: 'pkcs8', format: 'der' }), RSA, false, ['sign'])
  return x509.X509CrlGenerator.create({
    issuer: new x509.X509Certificate(pki.noCrlSignCa.pem).subject,
    thisUpdate: new Date(now - 86_400_000),
    nextUpdate: new Date(now + 30 * 86_400_000),
    entries: [{ serialNumber: pki.underNoCrlSignCa.serial, revocationDate: new Date(now - 2 * 86_400_000) }],
    signingKey: key,
    signingAlgorithm: RSA
  })
}

/** Stores noCrlSignCa's CRL as trust.addCrl did before it checked the CA's key usage (the admin added it a minute ago). */
export async function storeUncheckedCrl(db: Database, pki: TestPki, now: number): Promise<void> {
  const crl = await crlOfNoCrlSignCa(pki, now)
  const admin = db.prepare(`SELECT id FROM users WHERE login = 'admin'`).pluck().get() as string
  db.prepare('INSERT INTO trust_crls (sha256, issuer, der, this_update, next_update, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    'legacy',
    parseCertificate(pki.noCrlSignCa.der).subject,
    Buffer.from(crl.rawData),
    now - 86_400_000,
    now + 30 * 86_400_000,
    now - 60_000,
    admin
  )
}

/** What a chain's CA certificate is made with, where it differs from a sound CA valid around `now`. */
export interface CaTweaks {
  notBefore?: Date
  notAfter?: Date
  ca?: boolean
  usages?: x509.KeyUsageFlags
  pathLength?: number
}

export interface TestChain {
  /** Self-signed: the one to trust. */
  root: Issued
  /** Issued by root: the intermediate CA under test. */
  sub: Issued
  /** A person's signing certificate, issued by sub, valid around `now`. */
  leaf: Issued
}

/**
 * A chain root → sub → leaf of its own (names under `name`), each CA as `tweaks` say: an intermediate expired or not
 * yet valid, one that is not a CA or may not sign certificates, a root whose pathLenConstraint the chain exceeds.
 */
export async function createTestChain(now: Date, name: string, tweaks: { root?: CaTweaks; sub?: CaTweaks } = {}): Promise<TestChain> {
  const dir = mkdtempSync(join(tmpdir(), 'chain-pki-'))
  const t = now.getTime()
  const caSpan = { notBefore: new Date(t - 365 * DAY), notAfter: new Date(t + 3650 * DAY) }
  const rootKeys = await keyPair('EC')
  const rootCert = await makeCert({ subject: `CN=${name} Root CA, C=KZ`, keys: rootKeys, ca: true, usages: CA, ...caSpan, ...tweaks.root })
  const subKeys = await keyPair('EC')
  const subCert = await makeCert({ subject: `CN=${name} Sub CA, C=KZ`, issuer: { cert: rootCert, keys: rootKeys }, keys: subKeys, ca: true, usages: CA, ...caSpan, ...tweaks.sub })
  const leafKeys = await keyPair('EC')
  const leafCert = await makeCert({
    subject: `CN=${name} Signer, 2.5.4.5=IIN700101300009, C=KZ`, issuer: { cert: subCert, keys: subKeys }, keys: leafKeys,
    usages: SIGN | x509.KeyUsageFlags.keyAgreement, notBefore: new Date(t - 30 * DAY), notAfter: new Date(t + 365 * DAY)
  })
  return { root: await issued(dir, 'root', rootCert, rootKeys), sub: await issued(dir, 'sub', subCert, subKeys), leaf: await issued(dir, 'leaf', leafCert, leafKeys) }
}
