// A fresh SoftHSM2 token store for one test file or bench run, made with the same command-line tools an operator
// would use (softhsm2-util, pkcs11-tool, openssl), so the code under test is not also the code that sets it up.
// SoftHSM reads SOFTHSM2_CONF at C_Initialize and a process has one PKCS#11 state: create the store, set the
// variable (done here), and only then open the module; one store per process.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so'
const TOOLS = ['softhsm2-util', 'pkcs11-tool', 'openssl']

export interface SoftHsmToken {
  label: string
  /** Certificate (DER) files for the RSA-2048 key (CKA_ID 01) and the P-256 key (CKA_ID 02). */
  rsaCert: string
  ecCert: string
}

export interface SoftHsm {
  module: string
  conf: string
  dir: string
  caPem: string
  pin: string
  soPin: string
  tokens: SoftHsmToken[]
  cleanup(): void
}

export interface SoftHsmOptions {
  /** Token labels; each gets both keys and certificates. Default: one token, "operator". */
  labels?: string[]
  /** Labels of tokens whose stored flags say the user PIN is locked (see markUserPinLocked). */
  locked?: string[]
}

/** Why the SoftHSM tests cannot run here, or null when they can. */
export function softHsmMissing(): string | null {
  if (!existsSync(SOFTHSM_MODULE)) return `${SOFTHSM_MODULE} is missing (Debian package softhsm2)`
  for (const tool of TOOLS) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' })
    } catch {
      return `${tool} is missing (Debian packages softhsm2, opensc, openssl)`
    }
  }
  return null
}

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv): string => execFileSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

export function createSoftHsm(options: SoftHsmOptions = {}): SoftHsm {
  const dir = mkdtempSync(join(tmpdir(), 'softhsm-'))
  const tokenDir = join(dir, 'tokens')
  mkdirSync(tokenDir)
  const conf = join(dir, 'softhsm2.conf')
  // slots.removable=false: the token does not vanish between calls; log.level keeps test output clean.
  writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`)
  const env = { ...process.env, SOFTHSM2_CONF: conf }
  const pin = '1234'
  const soPin = '12345678'
  const p11 = (label: string, ...args: string[]): string => run('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', label, ...args], env)

  const caKey = join(dir, 'ca.key')
  const caPem = join(dir, 'ca.pem')
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-out', caPem, '-subj', '/CN=Test Payment System CA', '-days', '30'], env)
  const ext = join(dir, 'ext.cnf')
  writeFileSync(ext, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment\n')

  const tokens: SoftHsmToken[] = []
  for (const label of options.labels ?? ['operator']) {
    run('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin], env)
    const certFor = (id: string, keyType: string, name: string): string => {
      p11(label, '--login', '--pin', pin, '--keypairgen', '--key-type', keyType, '--id', id, '--label', `${name} key`)
      const pub = join(dir, `${label}-${id}.pub.der`)
      p11(label, '--read-object', '--type', 'pubkey', '--id', id, '-o', pub)
      const cert = join(dir, `${label}-${id}.cert.der`)
      // The CA signs the token's public key directly: the private key never leaves the token to sign a request.
      run('openssl', ['x509', '-new', '-subj', `/CN=${label} ${name}`, '-force_pubkey', pub, '-keyform', 'DER', '-CA', caPem, '-CAkey', caKey, '-days', '30', '-extfile', ext, '-outform', 'DER', '-out', cert], env)
      p11(label, '--login', '--pin', pin, '--write-object', cert, '--type', 'cert', '--id', id, '--label', `${name} certificate`)
      return cert
    }
    tokens.push({ label, rsaCert: certFor('01', 'rsa:2048', 'RSA'), ecCert: certFor('02', 'EC:prime256v1', 'EC') })
  }
  for (const label of options.locked ?? []) markUserPinLocked(tokenDir, label)

  const previous = process.env.SOFTHSM2_CONF
  process.env.SOFTHSM2_CONF = conf
  return {
    module: SOFTHSM_MODULE,
    conf,
    dir,
    caPem,
    pin,
    soPin,
    tokens,
    cleanup() {
      if (previous === undefined) delete process.env.SOFTHSM2_CONF
      else process.env.SOFTHSM2_CONF = previous
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * SoftHSM 2.6 never locks a PIN (it sets only CKF_USER_PIN_COUNT_LOW after a wrong one), so a token that has
 * locked itself is made by setting CKF_USER_PIN_LOCKED in the flags it stores: attribute 0x8000534B
 * (CKA_OS_TOKENFLAGS), an 8-byte big-endian CK_ULONG after an 8-byte type tag in token.object. Do it before
 * the module is initialised.
 */
export function markUserPinLocked(tokenDir: string, label: string): void {
  const CKF_USER_PIN_LOCKED = 0x40000n
  const padded = Buffer.from(label.padEnd(32, ' '), 'latin1')
  for (const entry of readdirSync(tokenDir)) {
    const file = join(tokenDir, entry, 'token.object')
    if (!existsSync(file)) continue
    const bytes = readFileSync(file)
    if (bytes.indexOf(padded) < 0) continue
    const at = bytes.indexOf(Buffer.from('000000008000534b0000000000000002', 'hex'))
    if (at < 0) throw new Error(`no token flags in ${file}`)
    const value = at + 16
    bytes.writeBigUInt64BE(bytes.readBigUInt64BE(value) | CKF_USER_PIN_LOCKED, value)
    writeFileSync(file, bytes)
    return
  }
  throw new Error(`no SoftHSM token labelled ${label} in ${tokenDir}`)
}
