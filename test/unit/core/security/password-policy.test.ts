import { describe, expect, it } from 'vitest'
import { hashPassword } from '../../../../src/core/security/password-hash'
import { describeViolation, generateOneTimePassword, passwordViolations, type PasswordPolicy } from '../../../../src/core/security/password-policy'
import { TEST_COST } from '../../../support/workstation'

const policy = { minLength: 12, history: 3 }
const described = (password: string, login: string, p: PasswordPolicy, previous: readonly string[]) =>
  passwordViolations(password, login, p, previous).map(describeViolation)

describe('password policy (R12.4)', () => {
  it('accepts a long password with every class', () => {
    expect(passwordViolations('Steppe#Eagle2026', 'marat', policy, [])).toEqual([])
  })

  it.each([
    ['Sh0rt#pw', 'at least 12'],
    ['alllowercase#2026', 'an upper-case letter'],
    ['ALLUPPERCASE#2026', 'a lower-case letter'],
    ['NoDigitsHere#abc', 'a digit'],
    ['NoSymbolsHere2026', 'a symbol'],
    ['Marat#Password2026', 'must not contain the login'],
    [' Leading#space2026', 'must not begin or end with a space']
  ])('refuses %s: %s', (password, reason) => {
    expect(described(password, 'marat', policy, []).join(' | ')).toContain(reason)
  })

  it('lists every violation at once, as codes the interface translates', () => {
    expect(passwordViolations('abc', 'marat', policy, [])).toEqual([
      { rule: 'minLength', value: 12 },
      { rule: 'classes', value: 'upper,digit,symbol' }
    ])
  })

  it('refuses reuse of the last N passwords but allows older ones', () => {
    const history = ['Old#Password0001', 'Old#Password0002', 'Old#Password0003', 'Old#Password0004'].map((p) => hashPassword(p, TEST_COST))
    expect(passwordViolations('Old#Password0001', 'marat', policy, history)).toEqual([{ rule: 'reused', value: 3 }])
    expect(described('Old#Password0001', 'marat', policy, history)).toEqual(['must differ from the last 3 passwords'])
    expect(passwordViolations('Old#Password0003', 'marat', policy, history)).toHaveLength(1)
    expect(passwordViolations('Old#Password0004', 'marat', policy, history)).toEqual([])
  })

  it('always refuses the current password even with history 0', () => {
    const current = hashPassword('Current#Pass2026', TEST_COST)
    expect(passwordViolations('Current#Pass2026', 'marat', { minLength: 12, history: 0 }, [current])).toHaveLength(1)
  })

  it('generates one-time passwords that satisfy the policy and differ', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const otp = generateOneTimePassword()
      expect(otp).toHaveLength(16)
      expect(passwordViolations(otp, 'marat', { minLength: 16, history: 0 }, [])).toEqual([])
      expect(otp).not.toMatch(/[0O1lI]/)
      seen.add(otp)
    }
    expect(seen.size).toBe(200)
  })
})
