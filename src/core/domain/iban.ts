/** ISO 7064 MOD 97-10 over an IBAN rearranged (country and check digits moved to the end, letters A=10…Z=35). */
function mod97(text: string): number {
  let rest = 0
  for (const ch of text) {
    const v = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : Number(ch)
    rest = v > 9 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97
  }
  return rest
}

/** A Kazakh IBAN (ИИК): KZ, 2 check digits, a 3-digit bank code and 13 alphanumerics, MOD-97 valid. */
export const isValidKzIban = (iban: string): boolean =>
  /^KZ\d{2}\d{3}[0-9A-Z]{13}$/.test(iban) && mod97(iban.slice(4) + iban.slice(0, 4)) === 1

/** The two check digits for a country code and an account number (BBAN): used when opening accounts. */
export function ibanCheckDigits(country: string, bban: string): string {
  if (!/^[A-Z]{2}$/.test(country) || !/^[0-9A-Z]+$/.test(bban)) throw new RangeError('an IBAN needs a 2-letter country and an alphanumeric BBAN')
  return String(98 - mod97(`${bban}${country}00`)).padStart(2, '0')
}
