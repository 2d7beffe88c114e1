/** ISO 4217 currencies the system handles, with their minor-unit exponent. */
export const CURRENCIES = { KZT: 2, USD: 2, EUR: 2, RUB: 2, CNY: 2, GBP: 2, KGS: 2, UZS: 2 } as const
export type Currency = keyof typeof CURRENCIES

/** An amount as an integer count of minor units (tiyn for KZT) with its currency. Never a float. */
export interface Money {
  readonly minor: number
  readonly currency: Currency
}

export const isCurrency = (code: string): code is Currency => Object.hasOwn(CURRENCIES, code)

export function money(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`an amount must be a whole number of minor units, not ${minor}`)
  if (!isCurrency(currency)) throw new RangeError(`unknown currency ${JSON.stringify(currency)}`)
  return { minor, currency }
}

const same = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) throw new RangeError(`cannot combine ${a.currency} with ${b.currency}`)
}

export function add(a: Money, b: Money): Money {
  same(a, b)
  return money(a.minor + b.minor, a.currency)
}

export function subtract(a: Money, b: Money): Money {
  same(a, b)
  return money(a.minor - b.minor, a.currency)
}

/**
 * Parses a decimal text ("1234.5", "-0.07") into minor units exactly, by digits, never through a float.
 * Refuses more fraction digits than the currency has, exponents, separators and blanks.
 */
export function parseMoney(text: string, currency: string): Money {
  if (!isCurrency(currency)) throw new RangeError(`unknown currency ${JSON.stringify(currency)}`)
  const exponent = CURRENCIES[currency]
  const m = /^(-?)(\d{1,15})(?:\.(\d+))?$/.exec(text)
  if (!m) throw new RangeError(`not an amount: ${JSON.stringify(text)}`)
  const fraction = m[3] ?? ''
  if (fraction.length > exponent) throw new RangeError(`${currency} has ${exponent} decimal places; ${JSON.stringify(text)} has ${fraction.length}`)
  const minor = Number(m[2]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0')
  return money(m[1] ? -minor : minor, currency)
}

/** The amount as plain decimal text ("1234.50"), as ISO 20022 and the national formats write it. */
export function toDecimal(m: Money): string {
  const exponent = CURRENCIES[m.currency]
  const abs = Math.abs(m.minor)
  const whole = Math.floor(abs / 10 ** exponent)
  const fraction = String(abs % 10 ** exponent).padStart(exponent, '0')
  return `${m.minor < 0 ? '-' : ''}${whole}${exponent ? `.${fraction}` : ''}`
}
