/** Kazakhstan IIN / BIN: 12 digits, the last a check digit over the first 11 (DOMAIN.md). */
const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]

/** The check digit of 11 digits, or null when the number cannot be assigned (the sum is 10 twice). */
export function iinCheckDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) throw new RangeError('an IIN/BIN check digit needs exactly 11 digits')
  const digits = [...first11].map(Number)
  const sum = (w: number[]): number => digits.reduce((acc, d, i) => acc + d * w[i]!, 0) % 11
  let c = sum(W1)
  if (c === 10) c = sum(W2)
  return c === 10 ? null : c
}

export const isValidIinOrBin = (value: string): boolean =>
  /^\d{12}$/.test(value) && iinCheckDigit(value.slice(0, 11)) === Number(value[11])

// The century of a birth year by the IIN's 7th digit (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd: male).
const CENTURY: Record<string, number> = { '1': 1800, '2': 1800, '3': 1900, '4': 1900, '5': 2000, '6': 2000 }

/** An individual's IIN: a birth date YYMMDD that exists, a century-and-sex digit 1–6, a serial and the check digit. */
export function isValidIin(value: string): boolean {
  if (!isValidIinOrBin(value)) return false
  const century = CENTURY[value[6]!]
  if (century === undefined) return false
  const [year, month, day] = [century + Number(value.slice(0, 2)), Number(value.slice(2, 4)), Number(value.slice(4, 6))]
  const date = new Date(Date.UTC(year, month - 1, day))
  return month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/**
 * A legal entity's BIN: the registration YYMM, a type digit (4 resident legal entity, 5 non-resident,
 * 6 individual entrepreneur), an attribute digit (0 head office, 1 branch, 2 representative office, 3 peasant
 * farm), a serial and the check digit. An IIN never passes: its 5th digit is the tens of a day (0–3).
 */
export const isValidBin = (value: string): boolean =>
  isValidIinOrBin(value) && /^\d{2}(0[1-9]|1[0-2])[4-6][0-3]/.test(value)

/** A BIC (ISO 9362): 4 letters of the bank, 2 of the country, 2 of the location, an optional branch of 3. */
export const BIC_PATTERN = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/

/**
 * The bank a BIC names: its first 8 characters (bank, country, location). The optional 3 are a branch of that
 * bank, and "XXX" is its head office, so CASPKZKA, CASPKZKAXXX and CASPKZKA001 are one participant.
 */
export const bankOfBic = (bic: string): string => bic.slice(0, 8)

/** Whether two BICs name the same bank (bankOfBic); a malformed one names none. */
export const sameBank = (a: string, b: string): boolean => BIC_PATTERN.test(a) && BIC_PATTERN.test(b) && bankOfBic(a) === bankOfBic(b)
