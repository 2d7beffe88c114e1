import { describe, expect, it } from 'vitest'
import { add, money, parseMoney, subtract, toDecimal } from '../../../../src/core/domain/money'

describe('money (integer minor units)', () => {
  it('parses decimal text exactly, without floating point', () => {
    expect(parseMoney('0.07', 'KZT')).toEqual({ minor: 7, currency: 'KZT' })
    expect(parseMoney('1234.5', 'KZT').minor).toBe(123450)
    expect(parseMoney('-10', 'USD').minor).toBe(-1000)
    // 0.1 + 0.2 in floats is 0.30000000000000004; in minor units it is 30.
    expect(add(parseMoney('0.1', 'KZT'), parseMoney('0.2', 'KZT')).minor).toBe(30)
  })

  it.each([
    ['1.234', 'KZT', /2 decimal places/],
    ['1e5', 'KZT', /not an amount/],
    ['1,50', 'KZT', /not an amount/],
    [' 1', 'KZT', /not an amount/],
    ['', 'KZT', /not an amount/],
    ['1', 'XYZ', /unknown currency/],
    ['999999999999999.99', 'KZT', /whole number of minor units/]
  ])('refuses %s %s', (text, currency, error) => {
    expect(() => parseMoney(text, currency)).toThrow(error)
  })

  it('writes decimal text back', () => {
    expect(toDecimal(money(123450, 'KZT'))).toBe('1234.50')
    expect(toDecimal(money(-7, 'KZT'))).toBe('-0.07')
    expect(toDecimal(money(0, 'EUR'))).toBe('0.00')
  })

  it('never mixes currencies or accepts fractions of a minor unit', () => {
    expect(() => add(money(1, 'KZT'), money(1, 'USD'))).toThrow(/KZT with USD/)
    expect(() => subtract(money(1, 'KZT'), money(1, 'EUR'))).toThrow()
    expect(() => money(1.5, 'KZT')).toThrow(/whole number/)
    expect(subtract(money(500, 'KZT'), money(700, 'KZT')).minor).toBe(-200)
  })
})
