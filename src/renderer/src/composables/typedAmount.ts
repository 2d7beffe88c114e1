/** An amount as the user typed it ("1 500 000,00") in the form the API takes ("1500000.00"): no spaces, a dot for the decimal comma. */
export const typedAmount = (v: string): string => v.trim().replace(/\s/g, '').replace(',', '.')
