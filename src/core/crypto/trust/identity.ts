// Who a certificate names, in the terms of Kazakhstan's national CA (NCA RK) certificates: the person's IIN sits
// in the subject's serialNumber as "IIN123456789012", the organisation's BIN in OU as "BIN123456789012".
import type * as pkijs from 'pkijs'

export interface SubjectIdentity {
  commonName: string | null
  /** Individual identification number, 12 digits. */
  iin: string | null
  /** Business identification number, 12 digits. */
  bin: string | null
  organisation: string | null
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.42': 'G',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC'
}

/** A Name's attributes in order, as (OID, text) pairs. */
export function nameAttributes(name: pkijs.RelativeDistinguishedNames): [string, string][] {
  return name.typesAndValues.map((tv) => {
    const v = (tv.value as { valueBlock?: { value?: unknown } }).valueBlock?.value
    return [tv.type, typeof v === 'string' ? v : '']
  })
}

/** RFC 4514-like text, in encoded order ("CN=…, O=…, C=KZ"), for display and logs. */
export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return nameAttributes(name)
    .map(([type, value]) => `${SHORT_NAMES[type] ?? type}=${value.replace(/([,+"\\<>;])/g, '\\$1')}`)
    .join(', ')
}

/** Finds "IIN…"/"BIN…" tagged numbers in any attribute; a bare 12-digit serialNumber counts as an IIN. */
export function identityOf(attributes: [string, string][]): SubjectIdentity {
  let iin: string | null = null
  let bin: string | null = null
  const first = (oid: string): string | null => attributes.find(([t]) => t === oid)?.[1] ?? null
  for (const [type, raw] of attributes) {
    const value = raw.trim()
    const m = /^(IIN|BIN)\s*(\d{12})$/i.exec(value)
    if (m && m[1]!.toUpperCase() === 'IIN') iin ??= m[2]!
    else if (m) bin ??= m[2]!
    else if (type === '2.5.4.5' && /^\d{12}$/.test(value)) iin ??= value
  }
  return { commonName: first('2.5.4.3'), iin, bin, organisation: first('2.5.4.10') }
}

/**
 * The CN of a subject as this desk writes it (`C=KZ, O=…, CN=…`, see nameToString), e.g. a stored certificate's
 * holder. A separator escaped with a backslash ("Doe\, John") belongs to the value, so the text is walked
 * attribute by attribute rather than matched for "CN=", which could also stand inside another value.
 */
export function commonNameIn(subject: string): string | null {
  let field = ''
  const fields: string[] = []
  for (let i = 0; i < subject.length; i++) {
    const ch = subject[i]!
    if (ch === '\\' && i + 1 < subject.length) field += ch + subject[++i]
    else if (ch === ',' || ch === '+') {
      fields.push(field)
      field = ''
    } else field += ch
  }
  fields.push(field)
  for (const f of fields) {
    const eq = f.indexOf('=')
    if (eq > 0 && f.slice(0, eq).trim() === 'CN') return f.slice(eq + 1).replace(/\\(.)/g, '$1')
  }
  return null
}
