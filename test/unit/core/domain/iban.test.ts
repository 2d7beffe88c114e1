import { describe, expect, it } from 'vitest'
import { ibanCheckDigits, isValidKzIban } from '../../../../src/core/domain/iban'

describe('KZ IBAN (MOD-97)', () => {
  it('accepts the published example and computes its check digits', () => {
    expect(isValidKzIban('KZ86125KZT5004100100')).toBe(true)
    expect(ibanCheckDigits('KZ', '125KZT5004100100')).toBe('86')
  })

  it('builds valid IBANs for new accounts', () => {
    for (const bban of ['722KZT0000000001', '601S000012345678', '9650000000000042']) {
      const iban = `KZ${ibanCheckDigits('KZ', bban)}${bban}`
      expect(isValidKzIban(iban)).toBe(true)
    }
  })

  it.each(['KZ87125KZT5004100100', 'KZ86125KZT500410010', 'kz86125KZT5004100100', 'DE86125KZT5004100100', 'KZ86125KZT50041001OO'])('refuses %s', (iban) => {
    expect(isValidKzIban(iban)).toBe(false)
  })
})
