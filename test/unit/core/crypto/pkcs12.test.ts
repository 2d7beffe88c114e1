// The PKCS#12 reader against files the system `openssl pkcs12` writes: OpenSSL 3's default (PBES2, PBKDF2,
// AES-256-CBC, HMAC-SHA-256 MAC), other PBES2 choices, no MAC, an unencrypted key, and the legacy RC2/3DES
// encryption of `-legacy`, which pkijs cannot decrypt and the reader refuses by name. No mocks.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkPkcs12, readPkcs12, Pkcs12Error } from '../../../../src/core/crypto/software/pkcs12'
import { TokenError } from '../../../../src/core/crypto/signer'
import { createTestPki, type Issued, type TestPki } from '../../../support/test-pki'

let pki: TestPki
let n = 0

beforeAll(async () => {
  pki = await createTestPki()
}, 60_000)

/** A .p12 of `who` with the root as its chain, made by `openssl pkcs12 -export` with the given options. */
function p12(who: Issued, passphrase: string, ...options: string[]): Uint8Array {
  const out = join(pki.dir, `file-${n++}.p12`)
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', who.keyPath, '-in', who.certPath, '-certfile', pki.rootPath, '-passout', `pass:${passphrase}`, '-out', out, ...options], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Uint8Array(readFileSync(out))
}

const der = (who: Issued): Buffer => Buffer.from(who.der)

describe('readPkcs12', () => {
  it.each([
    ['RSA, OpenSSL 3 default (AES-256-CBC, HMAC-SHA-256)', () => pki.rsa, []],
    ['EC P-256, OpenSSL 3 default', () => pki.ec, []],
    ['RSA, AES-128-CBC with PBKDF2 over HMAC-SHA-1, SHA-1 MAC', () => pki.rsa, ['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-128-CBC', '-macalg', 'sha1']],
    ['EC, no MAC', () => pki.ec, ['-nomac']],
    ['RSA, key and certificates not encrypted', () => pki.rsa, ['-keypbe', 'NONE', '-certpbe', 'NONE']]
  ])('opens %s: the key, the certificate that belongs to it, the rest as chain', async (_label, who, options) => {
    const file = p12(who(), 'secret', ...(options as string[]))
    expect(() => checkPkcs12(file)).not.toThrow()
    const read = await readPkcs12(file, 'secret')
    expect(Buffer.from(read.certificate)).toEqual(der(who()))
    expect(read.chain.map((c) => Buffer.from(c))).toEqual([Buffer.from(pki.root.der)])
    expect(read.key.export({ type: 'pkcs8', format: 'der' })).toEqual(who().key.export({ type: 'pkcs8', format: 'der' }))
  })

  it('takes a passphrase outside ASCII as OpenSSL does (UTF-8 for PBKDF2, BMPString for the MAC)', async () => {
    const read = await readPkcs12(p12(pki.ec, 'Құпия-сөз'), 'Құпия-сөз')
    expect(Buffer.from(read.certificate)).toEqual(der(pki.ec))
  })

  it('says pin_incorrect for a wrong passphrase, with or without a MAC', async () => {
    await expect(readPkcs12(p12(pki.rsa, 'secret'), 'secreT')).rejects.toSatisfy((e) => e instanceof TokenError && e.code === 'pin_incorrect')
    await expect(readPkcs12(p12(pki.ec, 'secret', '-nomac'), 'wrong')).rejects.toSatisfy((e) => e instanceof TokenError && e.code === 'pin_incorrect')
  })

  it('refuses what is no PKCS#12 file before any passphrase', async () => {
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('not a key file at all'), new Uint8Array(der(pki.rsa)), new Uint8Array(readFileSync(pki.rsa.keyPath))]) {
      expect(() => checkPkcs12(bytes)).toThrow(expect.objectContaining({ name: 'Pkcs12Error', code: 'not_pkcs12', message: expect.stringContaining('not a PKCS#12 key file') }))
      await expect(readPkcs12(bytes, 'secret')).rejects.toBeInstanceOf(Pkcs12Error)
    }
  })

  it('refuses a file holding only a certificate, or a key without its certificate', async () => {
    const out = join(pki.dir, 'cert-only.p12')
    execFileSync('openssl', ['pkcs12', '-export', '-nokeys', '-in', pki.rsa.certPath, '-passout', 'pass:secret', '-out', out], { stdio: ['ignore', 'pipe', 'pipe'] })
    await expect(readPkcs12(new Uint8Array(readFileSync(out)), 'secret')).rejects.toMatchObject({ code: 'no_key' })
    const keyOnly = join(pki.dir, 'key-only.p12')
    execFileSync('openssl', ['pkcs12', '-export', '-nocerts', '-inkey', pki.ec.keyPath, '-passout', 'pass:secret', '-out', keyOnly], { stdio: ['ignore', 'pipe', 'pipe'] })
    await expect(readPkcs12(new Uint8Array(readFileSync(keyOnly)), 'secret')).rejects.toMatchObject({ code: 'no_certificate' })
  })

  // pkijs decrypts PBES2 only (its EncryptedData.decrypt knows no other scheme): the legacy PKCS#12 PBEs that
  // `openssl pkcs12 -legacy` writes (RC2-40 for the certificates, 3DES for the key) are refused by name, before
  // the passphrase is asked, with how to export the file again.
  it('refuses a -legacy file (RC2 certificates, 3DES key) naming the algorithms', async () => {
    const file = p12(pki.rsa, 'secret', '-legacy')
    let error: unknown
    try {
      checkPkcs12(file)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(Pkcs12Error)
    expect(error).toMatchObject({ code: 'unsupported', algorithms: expect.arrayContaining(['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC']) })
    expect((error as Error).message).toMatch(/pbeWithSHAAnd40BitRC2-CBC.*legacy.*without -legacy/)
    await expect(readPkcs12(file, 'secret')).rejects.toMatchObject({ code: 'unsupported' })
  })

  it('refuses a 3DES key even beside AES-encrypted certificates, naming only it', async () => {
    const file = p12(pki.ec, 'secret', '-keypbe', 'PBE-SHA1-3DES')
    expect(() => checkPkcs12(file)).toThrow(expect.objectContaining({ code: 'unsupported', algorithms: ['pbeWithSHAAnd3-KeyTripleDES-CBC'] }))
    await expect(readPkcs12(file, 'secret')).rejects.toMatchObject({ code: 'unsupported' })
  })
})
