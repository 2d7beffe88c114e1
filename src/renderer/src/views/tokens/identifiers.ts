// An IIN / BIN checked in the form, before the call (the renderer reaches the core only through window.api, so
// the rule of src/core/domain/identifiers.ts is repeated here; the dispatcher checks it again and has the last word).
const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]

/** 12 digits, the last a check digit over the first 11 (weights 1…11, then 3…11,1,2 when the first sum is 10). */
export function isIinOrBin(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false
  const digits = [...value].map(Number)
  const sum = (w: number[]): number => w.reduce((acc, weight, i) => acc + weight * digits[i]!, 0) % 11
  let check = sum(W1)
  if (check === 10) check = sum(W2)
  return check !== 10 && check === digits[11]
}
