// PEM or DER in, DER blocks out: trust material arrives as files of either form, often several PEM blocks in one.

/** Every PEM block with one of the labels (e.g. X509 CRL or CRL); DER input comes back as itself. */
export function derBlocks(input: Uint8Array | string, ...labels: string[]): Uint8Array[] {
  const label = `(?:${labels.join('|')})`
  const text = typeof input === 'string' ? input : looksLikePem(input) ? new TextDecoder().decode(input) : null
  if (text === null) return [input as Uint8Array]
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g')
  const blocks = [...text.matchAll(re)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')))
  if (blocks.length === 0) throw new Error(`no ${labels.join(' / ')} PEM block found`)
  return blocks
}

function looksLikePem(bytes: Uint8Array): boolean {
  return new TextDecoder().decode(bytes.subarray(0, 64)).includes('-----BEGIN')
}

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`
}
