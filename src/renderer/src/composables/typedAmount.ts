/**
 * An amount as the user typed it ("1 500 000,00", "1,500.00") in the form the API takes ("1500000.00"). Spaces group
 * digits in every language; a comma is the decimal sign ("1500,50"), or groups thousands when a dot follows
 * ("1,500.00"). "1,500" alone is 1 500 in English and 1,5 in Kazakh and Russian: it is passed on as typed, for the
 * call to refuse, rather than read as a sum a hundred or a thousand times off.
 */
export function typedAmount(v: string): string {
  const s = v.trim().replace(/[\s\u00a0\u202f]/g, '')
  if (/^\d{1,3}(,\d{3})+\.\d+$/.test(s)) return s.replace(/,/g, '')
  if (/^\d{1,3}(,\d{3})+$/.test(s)) return s
  return s.replace(',', '.')
}
