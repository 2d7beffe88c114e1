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
