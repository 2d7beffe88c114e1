// CKM_ECDSA returns r‖s (two fixed-width integers); CMS and X.509 want ECDSA-Sig-Value ::= SEQUENCE { r, s }.

function derInteger(bytes: Uint8Array): Uint8Array {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const body = bytes.subarray(start)
  // A set top bit would read as negative: INTEGER needs a leading zero then.
  const pad = (body[0] ?? 0) & 0x80 ? 1 : 0
  const out = new Uint8Array(2 + pad + body.length)
  out[0] = 0x02
  out[1] = pad + body.length
  out.set(body, 2 + pad)
  return out
}

/** DER ECDSA-Sig-Value of a raw r‖s signature (P-256: 64 bytes; lengths stay under 128, so short form). */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0 || raw.length > 132) throw new RangeError(`not a raw ECDSA signature: ${raw.length} bytes`)
  const half = raw.length / 2
  const r = derInteger(raw.subarray(0, half))
  const s = derInteger(raw.subarray(half))
  const content = r.length + s.length
  const header = content < 0x80 ? [0x30, content] : [0x30, 0x81, content]
  const out = new Uint8Array(header.length + content)
  out.set(header, 0)
  out.set(r, header.length)
  out.set(s, header.length + r.length)
  return out
}
