/** Luhn (mod 10) check digit of the digits before it. */
export function luhnCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError('a Luhn check digit needs digits only')
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i])
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

/** A card number: 13–19 digits with a valid Luhn check digit. */
export const isValidPan = (pan: string): boolean => /^\d{13,19}$/.test(pan) && luhnCheckDigit(pan.slice(0, -1)) === Number(pan.at(-1))

/**
 * The only form of a PAN that may be shown, logged or exported: the first six and the last four digits,
 * grouped by four (`4400 43•• •••• 1234`).
 */
export function maskPan(pan: string): string {
  if (!isValidPan(pan)) throw new RangeError('not a valid card number')
  const masked = pan.slice(0, 6) + '•'.repeat(pan.length - 10) + pan.slice(-4)
  return masked.replace(/(.{4})(?=.)/g, '$1 ')
}
