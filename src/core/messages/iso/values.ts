import { isValidKzIban } from '../../domain/iban'
import { BIC_PATTERN, isValidIinOrBin } from '../../domain/identifiers'
import { CURRENCIES, isCurrency, toDecimal } from '../../domain/money'
import type { ReadProblems, Line } from './xml-read'

/** ISODateTime as written: UTC with 'Z' and milliseconds (instants are milliseconds in the domain). */
export const isoDateTime = (ms: number): string => new Date(ms).toISOString()

/**
 * An ISODateTime read to milliseconds. A time without an offset is taken as Asia/Almaty (UTC+5 all year
 * since March 2024), the local time of every participant; fractions beyond milliseconds are cut.
 */
export function parseIsoDateTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(text)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))
  const zone = m[8] ?? '+05:00'
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000
  return Number.isNaN(t) || mo < 1 || mo > 12 || d < 1 || d > 31 ? null : t
}

export const isIsoDate = (text: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

/** An amount for an ISO amount element: decimal text with exactly the currency's decimals, and its Ccy. */
export function amountXml(minor: number, currency: string): { text: string; attrs: { Ccy: string } } {
  if (!isCurrency(currency)) throw new RangeError(`unknown currency ${JSON.stringify(currency)}`)
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`an ISO amount is a non-negative whole number of minor units, not ${minor}`)
  return { text: toDecimal({ minor, currency }), attrs: { Ccy: currency } }
}

/**
 * Reads an amount to minor units, exactly, from any lexical form of the schema's xs:decimal ("+1.0", "01.00",
 * ".5", "1.", "1.000"). A problem (and null) when it is negative, when its value has more decimals than the
 * currency's minor unit holds ("1.005" KZT; "1.000" is 1.00), when it is beyond a double's exact integers, or
 * when the currency is unknown.
 */
export function readAmount(p: ReadProblems, line: Line, text: string | undefined, currency: string | undefined, what: string): number | null {
  if (text === undefined || currency === undefined) {
    p.add(line, `${what}: amount or its currency (Ccy) missing`)
    return null
  }
  if (!isCurrency(currency)) {
    p.add(line, `${what}: currency ${currency} is not handled (handled: ${Object.keys(CURRENCIES).join(', ')})`)
    return null
  }
  const d = decimalParts(text)
  const shown = text.trim()
  const exponent = CURRENCIES[currency]
  if (d === null) p.add(line, `${what}: ${JSON.stringify(shown)} is not a decimal amount`)
  else if (d.negative) p.add(line, `${what}: ${shown} is negative`)
  else if (d.fraction.length > exponent) p.add(line, `${what}: ${shown} ${currency} is not a whole number of minor units: ${currency} has ${exponent} decimal places`)
  else {
    const minor = BigInt(`0${d.whole}${d.fraction.padEnd(exponent, '0')}`)
    if (minor <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(minor)
    p.add(line, `${what}: ${shown} ${currency} is more than the largest amount handled (${toDecimal({ minor: Number.MAX_SAFE_INTEGER, currency })})`)
  }
  return null
}

/**
 * A sum of amounts as decimal text (CtrlSum): BigInt in the smallest unit of all the currencies (ten thousand
 * 15-digit amounts overflow a double's exact integers), since CtrlSum adds amounts whatever their currency.
 */
export function decimalSum(amounts: { minor: number; currency: string }[]): string {
  const exp = Math.max(2, ...amounts.map((a) => CURRENCIES[a.currency as keyof typeof CURRENCIES] ?? 2))
  let sum = 0n
  for (const a of amounts) sum += BigInt(a.minor) * 10n ** BigInt(exp - (CURRENCIES[a.currency as keyof typeof CURRENCIES] ?? 2))
  return scaledToDecimal(sum, exp)
}

function scaledToDecimal(v: bigint, exp: number): string {
  const neg = v < 0n
  const digits = (neg ? -v : v).toString().padStart(exp + 1, '0')
  return `${neg ? '-' : ''}${digits.slice(0, digits.length - exp)}${exp ? `.${digits.slice(-exp)}` : ''}`
}

/**
 * An xs:decimal as written: optional sign, digits with an optional point, at least one digit (whitespace
 * collapsed, as the schema does). Its value's parts: the whole digits without leading zeros and the fraction
 * without trailing zeros ("+01.50" → 1 and 5); `negative` only for a value below zero ("-0.00" is zero).
 */
function decimalParts(text: string): { negative: boolean; whole: string; fraction: string } | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim())
  if (!m || (m[2] === '' && !m[3])) return null
  const whole = m[2]!.replace(/^0+/, '')
  const fraction = (m[3] ?? '').replace(/0+$/, '')
  return { negative: m[1] === '-' && (whole !== '' || fraction !== ''), whole, fraction }
}

/** Two decimal texts equal as numbers ("10.5" = "10.50"), compared exactly. */
export function sameDecimal(a: string, b: string): boolean {
  const norm = (t: string): string | null => {
    const d = decimalParts(t)
    return d && `${d.negative ? '-' : ''}${d.whole || '0'}.${d.fraction}`
  }
  const x = norm(a)
  return x !== null && x === norm(b)
}

export function checkBic(p: ReadProblems, line: Line, bic: string | undefined, what: string): string {
  if (bic === undefined) p.add(line, `${what}: BIC missing`)
  else if (!BIC_PATTERN.test(bic)) p.add(line, `${what}: BIC ${bic} is not valid (8 or 11 characters: 4 letters bank, 2 letters country, 2 location, optional 3 branch)`)
  return bic ?? ''
}

/** ISO 13616 MOD-97 of any IBAN; a KZ one must also have the Kazakh IIK layout (20 characters). */
export function isValidIban(iban: string): boolean {
  if (iban.startsWith('KZ')) return isValidKzIban(iban)
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false
  let rest = 0
  for (const ch of iban.slice(4) + iban.slice(0, 4)) {
    const v = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : Number(ch)
    rest = v > 9 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97
  }
  return rest === 1
}

export function checkIban(p: ReadProblems, line: Line, iban: string | undefined, what: string): string {
  if (iban === undefined) p.add(line, `${what}: IBAN missing`)
  else if (!isValidIban(iban)) p.add(line, `${what}: IBAN ${iban} fails its check (ISO 13616 MOD-97${iban.startsWith('KZ') ? ', KZ: 20 characters' : ''})`)
  return iban ?? ''
}

export function checkIdn(p: ReadProblems, line: Line, idn: string, what: string): void {
  if (!isValidIinOrBin(idn)) p.add(line, `${what}: IIN/BIN ${idn} is not valid (12 digits with a correct check digit)`)
}

/**
 * Whether a valid IIN/BIN is a BIN: a BIN's fifth digit is its type (4 resident entity, 5 non-resident,
 * 6 individual entrepreneur) while an IIN's fifth digit is the tens of the day of birth (0–3).
 */
export const isBin = (idn: string): boolean => /^\d{4}[456]/.test(idn)

export function checkCount(p: ReadProblems, line: Line, declared: string | undefined, actual: number, what: string): void {
  if (declared !== undefined && declared.trim() !== String(actual)) p.add(line, `${what} is ${declared} but the message has ${actual}`)
}

export function checkSum(p: ReadProblems, line: Line, declared: string | undefined, actual: string, what: string): void {
  if (declared !== undefined && !sameDecimal(declared, actual)) p.add(line, `${what} is ${declared} but the amounts add up to ${actual}`)
}

/** Non-empty text with a name for errors: a mandatory field missing from a message read without its schema. */
export function need(p: ReadProblems, line: Line, value: string | undefined, what: string): string {
  if (value === undefined || value === '') p.add(line, `${what} missing`)
  return value ?? ''
}
