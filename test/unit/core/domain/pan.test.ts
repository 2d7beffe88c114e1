import { describe, expect, it } from 'vitest'
import { isValidPan, luhnCheckDigit, maskPan } from '../../../../src/core/domain/pan'

describe('card numbers', () => {
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '4400430000001237'])('accepts %s', (pan) => {
    expect(isValidPan(pan)).toBe(true)
  })

  it('computes the check digit that completes a new card number', () => {
    expect(luhnCheckDigit('411111111111111')).toBe(1)
    expect(luhnCheckDigit('440043000000123')).toBe(7)
    expect(() => luhnCheckDigit('4400-43')).toThrow(RangeError)
  })

  it.each(['4111111111111112', '41111111111', '4111 1111 1111 1111', '41111111111111111111', ''])('refuses %j', (pan) => {
    expect(isValidPan(pan)).toBe(false)
  })

  it('shows only the first six and last four digits', () => {
    expect(maskPan('4111111111111111')).toBe('4111 11•• •••• 1111')
    expect(maskPan('378282246310005')).toBe('3782 82•• •••0 005')
    expect(() => maskPan('4111111111111112')).toThrow(/not a valid card number/)
  })
})
