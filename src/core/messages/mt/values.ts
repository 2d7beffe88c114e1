// Value rules of the national format (FORMAT.md): each check returns the problem, of its kind with its English, or
// null when the value is valid. The reader and the writer use the same checks, so whatever the writer accepts the
// reader reads back.
import { isValidKzIban } from '../../domain/iban'
import { BIC_PATTERN, iinCheckDigit } from '../../domain/identifiers'
import { CURRENCIES, isCurrency } from '../../domain/money'
import type { NationalProblem } from '../types'

/** What a check found: its kind (for the screens to word, with the field the caller names) and its English. */
export interface Finding {
  code: NationalProblem
  message: string
  params?: Record<string, string | number>
}
const found = (code: NationalProblem, message: string, params?: Record<string, string | number>): Finding => ({ code, message, ...(params ? { params } : {}) })

/** Block 4 lines are at most this many characters (Unicode code points: Cyrillic counts one each). */
export const MAX_LINE = 65
export const MAX_NAME = 140
export const MAX_ASSIGN = 420
export const MAX_TRANSACTIONS = 10_000

/** References (:20:, :21:, /NUM/): 1–35 of A–Z a–z 0–9 - . / ? ( ) + , ' — not starting or ending with '/', no '//'. */
const REFERENCE = /^(?!\/)(?!.*\/\/)(?!.*\/$)[A-Za-z0-9\-./?()+,']{1,35}$/

export const checkReference = (value: string): Finding | null =>
  REFERENCE.test(value) ? null : found('mt_field_format', `reference ${JSON.stringify(value)} is not valid (1–35 of A–Z a–z 0–9 - . / ? ( ) + , ' with no leading, trailing or double '/')`)

export const checkBic = (value: string): Finding | null =>
  BIC_PATTERN.test(value) ? null : found('mt_bic', `BIC ${JSON.stringify(value)} is not valid (8 or 11 characters: 4 letters bank, 2 letters country, 2 location, optional 3 branch)`)

export const checkIik = (value: string): Finding | null =>
  isValidKzIban(value) ? null : found('mt_account', `IIK ${JSON.stringify(value)} is not a valid KZ IBAN (20 characters, MOD-97 check digits)`)

export function checkIdn(value: string): Finding | null {
  if (!/^\d{12}$/.test(value)) return found('mt_idn', `IIN/BIN ${JSON.stringify(value)} must be 12 digits`)
  return iinCheckDigit(value.slice(0, 11)) === Number(value[11]) ? null : found('mt_idn', `IIN/BIN ${value} has a wrong check digit`)
}

export const checkResidency = (value: string): Finding | null =>
  value === '1' || value === '2' ? null : found('mt_field_format', `IRS ${JSON.stringify(value)} must be 1 (resident) or 2 (non-resident)`)

export const checkSector = (value: string): Finding | null =>
  /^[1-9]$/.test(value) ? null : found('mt_field_format', `SECO ${JSON.stringify(value)} must be one digit 1–9 (economic sector)`)

export const checkKnp = (value: string): Finding | null => (/^\d{3}$/.test(value) ? null : found('mt_field_format', `KNP ${JSON.stringify(value)} must be 3 digits`))

export const checkCurrency = (value: string): Finding | null =>
  isCurrency(value) ? null : found('mt_currency', `currency ${JSON.stringify(value)} is not handled (handled: ${Object.keys(CURRENCIES).join(', ')})`, { currency: value })

/** Free text (names, purpose): non-empty, at most `max` characters, no control characters, no blank at either end. */
export function checkText(value: string, max: number, what: string): Finding | null {
  if (value === '') return found('mt_field_format', `${what} is empty`)
  if ([...value].length > max) return found('mt_field_length', `${what} is longer than ${max} characters`, { maxCount: max })
  if (/[\p{Cc}\u2028\u2029]/u.test(value)) return found('mt_field_format', `${what} contains a control character`)
  if (/^\s|\s$/u.test(value)) return found('mt_field_format', `${what} begins or ends with a blank`)
  return null
}

/** YYMMDD → YYYY-MM-DD (years 2000–2099), or null when it is not a calendar date. */
export function parseYymmdd(text: string): string | null {
  if (!/^\d{6}$/.test(text)) return null
  const day = `20${text.slice(0, 2)}-${text.slice(2, 4)}-${text.slice(4, 6)}`
  return isIsoDay(day) ? day : null
}

export const isIsoDay = (day: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

export const checkSettlementDay = (day: string): Finding | null =>
  isIsoDay(day) && day.startsWith('20') ? null : found('mt_date', `settlement date ${JSON.stringify(day)} must be a day YYYY-MM-DD of 2000–2099 (written YYMMDD)`)

export const toYymmdd = (day: string): string => day.slice(2).replaceAll('-', '')

/** An amount with a decimal comma ("1000,50", "7,"), as exact minor units; or the problem. */
export function parseAmount(text: string, currency: string): { minor: bigint } | { problem: Finding } {
  const m = /^(\d{1,15}),(\d*)$/.exec(text)
  if (!m) return { problem: found('mt_amount', `amount ${JSON.stringify(text)} is not a number with a decimal comma (e.g. 1000,50)`) }
  const exponent = isCurrency(currency) ? CURRENCIES[currency] : 2
  const fraction = m[2]!
  if (fraction.length > exponent) return { problem: found('mt_amount', `amount ${text} has ${fraction.length} decimals; ${currency} allows ${exponent}`) }
  return { minor: BigInt(m[1]!) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0') }
}

/** Minor units as an amount with a decimal comma and all of the currency's decimals ("1000,50"). */
export function formatAmount(minor: bigint, currency: string): string {
  const exponent = isCurrency(currency) ? CURRENCIES[currency] : 2
  const digits = minor.toString().padStart(exponent + 1, '0')
  return `${digits.slice(0, digits.length - exponent)},${digits.slice(digits.length - exponent)}`
}

/** A transfer's amount: a positive whole number of minor units that a double holds exactly. */
export const checkMinor = (minor: number): Finding | null =>
  Number.isSafeInteger(minor) && minor > 0 ? null : found('mt_amount', `amount ${minor} must be a positive whole number of minor units`)

/** The creation instant of block 3: ISO 8601 UTC with milliseconds ("2025-11-25T05:30:00.123Z"). */
export const formatInstant = (ms: number): string => new Date(ms).toISOString()

const MIN_INSTANT = Date.UTC(2000, 0, 1)
const MAX_INSTANT = Date.UTC(2100, 0, 1) - 1

export const checkInstant = (ms: number): Finding | null =>
  Number.isSafeInteger(ms) && ms >= MIN_INSTANT && ms <= MAX_INSTANT ? null : found('mt_date', `creation time ${ms} must be whole milliseconds within 2000–2099`)

/** Reads the block 3 creation time: YYYY-MM-DDTHH:MM:SS(.fff)(Z|±HH:MM); null when malformed or out of range. */
export function parseInstant(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:\d{2})$/.exec(text)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  if (!isIsoDay(`${m[1]}-${m[2]}-${m[3]}`) || h > 23 || mi > 59 || s > 59) return null
  const zone = m[8]!
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, Number((m[7] ?? '').padEnd(3, '0'))) - offsetMin * 60_000
  return checkInstant(ms) === null ? ms : null
}

/** Midnight of a day in Asia/Almaty (UTC+5): the creation time of a message without block 3. */
export const almatyMidnight = (day: string): number => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d) - 5 * 3_600_000
}
