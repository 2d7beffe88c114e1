// A minimal DER writer. CMS we produce must be byte-exact DER (signed attributes are a sorted SET OF, DEFAULT
// values omitted), and content of many megabytes must be wrapped without re-copying it at every level, so each
// node is a list of chunks and bytes are joined once, at the end.

/** An encoded node: its chunks, in order, and their total length. */
export interface Der {
  readonly chunks: readonly Uint8Array[]
  readonly length: number
}

function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length)
  const bytes: number[] = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256)
  return Uint8Array.of(0x80 | bytes.length, ...bytes)
}

/** A tag-length-value node over already encoded children (or raw bytes). */
export function tlv(tag: number, ...children: (Der | Uint8Array)[]): Der {
  const body: Uint8Array[] = []
  let length = 0
  for (const c of children) {
    if (c instanceof Uint8Array) {
      body.push(c)
      length += c.length
    } else {
      body.push(...c.chunks)
      length += c.length
    }
  }
  const head = Uint8Array.of(tag, ...lengthBytes(length))
  return { chunks: [head, ...body], length: head.length + length }
}

/** Joins a node's chunks into one buffer: the only copy of large content. */
export function toBytes(node: Der): Uint8Array {
  const out = new Uint8Array(node.length)
  let at = 0
  for (const c of node.chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

/** Already encoded DER (a certificate, a Name) as a node, without copying. */
export function raw(bytes: Uint8Array): Der {
  return { chunks: [bytes], length: bytes.length }
}

export const seq = (...children: Der[]): Der => tlv(0x30, ...children)
export const octets = (bytes: Uint8Array): Der => tlv(0x04, bytes)
export const nul = (): Der => tlv(0x05)
/** [n] EXPLICIT or a constructed [n] IMPLICIT: both are a constructed context tag over the children. */
export const ctx = (n: number, ...children: Der[]): Der => tlv(0xa0 | n, ...children)
/** [n] IMPLICIT over a primitive value (e.g. an OCTET STRING's bytes). */
export const ctxPrimitive = (n: number, bytes: Uint8Array): Der => tlv(0x80 | n, bytes)
export const bitString = (bytes: Uint8Array): Der => tlv(0x03, Uint8Array.of(0), bytes)

/** SET OF in DER order: elements sorted by their encodings (X.690 11.6); OpenSSL re-sorts signed attributes. */
export function setOf(...children: Der[]): Der {
  const encoded = children.map(toBytes).sort(compareBytes)
  return tlv(0x31, ...encoded)
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

export function int(value: number): Der {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) throw new RangeError(`unsupported INTEGER ${value}`)
  const bytes: number[] = []
  for (let n = value; bytes.length === 0 || n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256)
  if (bytes[0]! & 0x80) bytes.unshift(0)
  return tlv(0x02, Uint8Array.from(bytes))
}

/** An INTEGER given by its two's-complement content bytes, as a certificate serial is carried. */
export const intBytes = (content: Uint8Array): Der => tlv(0x02, content)

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map((p) => BigInt(p))
  if (parts.length < 2) throw new RangeError(`bad OID ${dotted}`)
  const arcs = [parts[0]! * 40n + parts[1]!, ...parts.slice(2)]
  const out: number[] = []
  for (const arc of arcs) {
    const group: number[] = [Number(arc & 0x7fn)]
    for (let n = arc >> 7n; n > 0n; n >>= 7n) group.unshift(Number(n & 0x7fn) | 0x80)
    out.push(...group)
  }
  return tlv(0x06, Uint8Array.from(out))
}

/** An AlgorithmIdentifier; parameters absent unless given. */
export const algorithm = (id: string, params?: Der): Der => (params ? seq(oid(id), params) : seq(oid(id)))

/** Time as RFC 5280 wants it: UTCTime through 2049, GeneralizedTime after; whole seconds, Zulu. */
export function time(at: Date): Der {
  const iso = at.toISOString() // 2025-01-31T12:34:56.789Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z'
  const year = at.getUTCFullYear()
  if (year >= 1950 && year < 2050) return tlv(0x17, new TextEncoder().encode(digits.slice(2)))
  return tlv(0x18, new TextEncoder().encode(digits))
}
