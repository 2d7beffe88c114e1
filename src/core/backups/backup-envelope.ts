// A backup kept confidential at rest (R12.1, R6.6.5). Decision: a backup is a CMS EnvelopedData file (`<name>.p7m`),
// the envelope every confidential file of this desk uses (ARCHITECTURE 7): a fresh AES-256-CBC content key per backup,
// wrapped to each designated recipient's certificate (RSA-OAEP or ECDH), so opening it needs a recipient's token and
// PIN, and `openssl cms -decrypt -inform DER` opens it too when the desk itself is gone. CBC does not authenticate,
// so a "seal" beside it in the manifest does: AES-256-GCM under a key derived from the content key, over the SHA-256
// of the database inside, carrying the desk's evidence key; whoever cannot open the envelope can neither change the
// database unnoticed nor read the evidence key. The database and its envelope are streamed, never held in memory.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'
import { closeSync, createReadStream, createWriteStream, openSync, readSync, statSync } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import * as asn1js from 'asn1js'
import { children, octetBytes, parseDer } from '../crypto/cms/asn1'
import { oid, tlv, toBytes, type Der } from '../crypto/cms/der'
import { envelopedData, recoverContentKey } from '../crypto/cms'
import { OID } from '../crypto/cms/oids'
import type { Signer } from '../crypto/signer'
import { readAlgorithm } from '../crypto/trust/signature-algorithm'

/** Why a backup's envelope or seal could not be opened although its key was found: it is not what was made. */
export class BackupEnvelopeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupEnvelopeError'
  }
}

const CHUNK = 1 << 20
/** Recipient infos are a few hundred bytes each: the envelope's header is read from the file's first bytes. */
const HEADER_LIMIT = 256 * 1024
const SEAL_INFO = 'workstation backup seal v1'

const sealKeyOf = (cek: Uint8Array): Buffer => Buffer.from(hkdfSync('sha256', cek, Buffer.alloc(0), SEAL_INFO, 32))

/** The seal: 12-byte nonce ‖ AES-256-GCM(evidence key, or nothing) ‖ 16-byte tag, over the database's SHA-256. */
function seal(cek: Uint8Array, databaseSha256: string, evidenceKey: Uint8Array | null): string {
  const nonce = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', sealKeyOf(cek), nonce).setAAD(Buffer.from(databaseSha256))
  const body = Buffer.concat([c.update(evidenceKey ?? new Uint8Array(0)), c.final()])
  return Buffer.concat([nonce, body, c.getAuthTag()]).toString('base64')
}

function openSeal(cek: Uint8Array, sealed: string, databaseSha256: string): Uint8Array | null {
  const bytes = Buffer.from(sealed, 'base64')
  if (bytes.length < 28) throw new BackupEnvelopeError('the seal is too short')
  try {
    const d = createDecipheriv('aes-256-gcm', sealKeyOf(cek), bytes.subarray(0, 12)).setAAD(Buffer.from(databaseSha256))
    d.setAuthTag(bytes.subarray(bytes.length - 16))
    const key = Buffer.concat([d.update(bytes.subarray(12, bytes.length - 16)), d.final()])
    return key.length ? new Uint8Array(key) : null
  } catch {
    throw new BackupEnvelopeError('the seal does not match the database inside the envelope')
  }
}

export interface SealedBackup {
  sizeBytes: number
  /** SHA-256 of the envelope file: what the manifest keeps to check it without opening it. */
  sha256: string
  seal: string
}

/** Encrypts the database at `from` into a new file `to` for `recipients` (certificates, DER). */
export async function encryptBackup(o: { from: string; to: string; recipients: readonly Uint8Array[]; databaseSha256: string; evidenceKey: Uint8Array | null }): Promise<SealedBackup> {
  const cek = randomBytes(32)
  const iv = randomBytes(16)
  const plainBytes = statSync(o.from).size
  // CBC with PKCS#7 padding: always one to sixteen bytes more, so the envelope's lengths are known before encrypting.
  const contentBytes = (Math.floor(plainBytes / 16) + 1) * 16
  const content: Der = { chunks: [], length: contentBytes }
  const header = Buffer.concat(envelopedData(o.recipients, cek, iv, tlv(0x80, content)).chunks)
  const hash = createHash('sha256')
  async function* envelope(): AsyncGenerator<Buffer> {
    hash.update(header)
    yield header
    const cipher = createCipheriv('aes-256-cbc', cek, iv)
    for await (const chunk of createReadStream(o.from, { highWaterMark: CHUNK })) {
      const out = cipher.update(chunk as Buffer)
      hash.update(out)
      yield out
    }
    const last = cipher.final()
    hash.update(last)
    yield last
  }
  await pipeline(envelope(), createWriteStream(o.to, { mode: 0o600, flags: 'wx' }))
  const sizeBytes = statSync(o.to).size
  if (sizeBytes !== header.length + contentBytes) throw new Error(`the database changed while it was encrypted (${sizeBytes} bytes written, ${header.length + contentBytes} expected)`)
  return { sizeBytes, sha256: hash.digest('hex'), seal: seal(cek, o.databaseSha256, o.evidenceKey) }
}

interface Envelope {
  /** The file's bytes before the encrypted content: hashed with it, so what is decrypted is what was fingerprinted. */
  header: Buffer
  recipientInfos: asn1js.AsnType[]
  iv: Uint8Array
  contentAt: number
  contentBytes: number
}

/** One DER node's tag and where its value starts and ends in `b` (definite lengths only, as this desk writes). */
function nodeAt(b: Buffer, at: number, tag: number): { start: number; end: number } {
  if (b[at] !== tag) throw new BackupEnvelopeError(`expected tag 0x${tag.toString(16)} at byte ${at}`)
  let length = b[at + 1] ?? 0
  let start = at + 2
  if (length & 0x80) {
    const n = length & 0x7f
    if (n === 0 || n > 6) throw new BackupEnvelopeError(`unsupported length at byte ${at}`)
    length = 0
    for (let i = 0; i < n; i++) length = length * 256 + (b[start++] ?? 0)
  }
  return { start, end: start + length }
}

/** Reads the envelope's header: its recipients, the content cipher's IV, and where the encrypted content lies. */
function readEnvelope(path: string): Envelope {
  const size = statSync(path).size
  const b = Buffer.alloc(Math.min(size, HEADER_LIMIT))
  const fd = openSync(path, 'r')
  try {
    readSync(fd, b, 0, b.length, 0)
  } finally {
    closeSync(fd)
  }
  try {
    const info = nodeAt(b, 0, 0x30)
    const type = nodeAt(b, info.start, 0x06)
    if (!b.subarray(info.start, type.end).equals(toBytes(oid(OID.envelopedData)))) throw new BackupEnvelopeError('not an EnvelopedData')
    const data = nodeAt(b, nodeAt(b, type.end, 0xa0).start, 0x30)
    const version = nodeAt(b, data.start, 0x02)
    const infosAt = b[version.end] === 0xa0 ? nodeAt(b, version.end, 0xa0).end : version.end // originatorInfo
    const infos = nodeAt(b, infosAt, 0x31)
    const encrypted = nodeAt(b, infos.end, 0x30)
    const contentType = nodeAt(b, encrypted.start, 0x06)
    const algorithmNode = nodeAt(b, contentType.end, 0x30)
    const content = nodeAt(b, algorithmNode.end, 0x80)
    if (content.end !== size || info.end !== size) throw new BackupEnvelopeError(`the envelope says ${content.end} bytes, the file has ${size}`)
    const algorithm = readAlgorithm(parseDer(b.subarray(contentType.end, algorithmNode.end)))
    if (algorithm.oid !== OID.aes256Cbc || !algorithm.params) throw new BackupEnvelopeError(`content encryption ${algorithm.oid}`)
    return { header: b.subarray(0, content.start), recipientInfos: children(parseDer(b.subarray(infosAt, infos.end))), iv: octetBytes(algorithm.params), contentAt: content.start, contentBytes: content.end - content.start }
  } catch (e) {
    if (e instanceof BackupEnvelopeError) throw e
    throw new BackupEnvelopeError(`the envelope cannot be read: ${(e as Error).message}`)
  }
}

/**
 * Decrypts the backup at `from` into a new file `to` with a recipient's key and checks it against its seal; returns
 * the evidence key the seal carries. `sha256` is the file's as the restore trusted it (backup-origin.ts): the bytes
 * decrypted must be those, not a file put in its place since. Throws CmsDecryptError (not a recipient), the key's
 * TokenError (a wrong PIN), or BackupEnvelopeError (a file or seal changed since it was made); `to` may then hold a
 * part, the caller's to remove.
 */
export async function decryptBackup(o: { from: string; to: string; signer: Signer; seal: string; sha256: string }): Promise<{ evidenceKey: Uint8Array | null }> {
  const envelope = readEnvelope(o.from)
  const cek = await recoverContentKey(envelope.recipientInfos, o.signer)
  if (envelope.contentBytes === 0 || envelope.contentBytes % 16) throw new BackupEnvelopeError('the encrypted content is not whole blocks')
  const hash = createHash('sha256')
  const file = createHash('sha256').update(envelope.header)
  async function* database(): AsyncGenerator<Buffer> {
    const decipher = createDecipheriv('aes-256-cbc', cek, envelope.iv)
    for await (const chunk of createReadStream(o.from, { start: envelope.contentAt, end: envelope.contentAt + envelope.contentBytes - 1, highWaterMark: CHUNK })) {
      file.update(chunk as Buffer)
      const out = decipher.update(chunk as Buffer)
      hash.update(out)
      yield out
    }
    let last: Buffer
    try {
      last = decipher.final()
    } catch {
      throw new BackupEnvelopeError('the encrypted content does not decrypt (its padding is wrong)')
    }
    hash.update(last)
    yield last
  }
  await pipeline(database(), createWriteStream(o.to, { mode: 0o600, flags: 'wx' }))
  if (file.digest('hex') !== o.sha256) throw new BackupEnvelopeError('the file changed while it was restored: it is not the one whose fingerprint was checked')
  return { evidenceKey: openSeal(cek, o.seal, hash.digest('hex')) }
}
