import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../../../src/core/security/password-hash'
import { TEST_COST } from '../../../support/workstation'

describe('password hashing (scrypt, per-user salt)', () => {
  it('verifies the right password and refuses a wrong one', () => {
    const h = hashPassword('Correct#Horse9', TEST_COST)
    expect(verifyPassword('Correct#Horse9', h)).toBe(true)
    expect(verifyPassword('Correct#Horse8', h)).toBe(false)
    expect(verifyPassword('', h)).toBe(false)
  })

  it('salts every hash, so equal passwords give different hashes', () => {
    const a = hashPassword('Same#Password1', TEST_COST)
    const b = hashPassword('Same#Password1', TEST_COST)
    expect(a).not.toBe(b)
    expect(a.split('$')[4]).not.toBe(b.split('$')[4])
  })

  it('records its cost so the cost can rise later', () => {
    expect(hashPassword('x', TEST_COST).split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1'])
    expect(hashPassword('x').split('$')[1]).toBe(String(2 ** 15))
  })

  it('treats composed and decomposed Unicode as the same password (Kazakh letters)', () => {
    const composed = 'Қазақстан#2026й'
    const h = hashPassword(composed.normalize('NFC'), TEST_COST)
    expect(verifyPassword(composed.normalize('NFD'), h)).toBe(true)
  })

  it('refuses malformed stored hashes instead of throwing', () => {
    expect(verifyPassword('x', 'plain-text')).toBe(false)
    expect(verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false)
  })
})
