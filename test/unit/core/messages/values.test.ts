import { describe, expect, it } from 'vitest'
import { sameBank } from '../../../../src/core/messages/iso/values'

describe('sameBank', () => {
  it('takes a BIC11 (branch XXX or a branch code) as the bank of its first eight characters, and nothing else', () => {
    expect(sameBank('CASPKZKAXXX', 'CASPKZKA')).toBe(true)
    expect(sameBank('CASPKZKA', 'CASPKZKAXXX')).toBe(true)
    expect(sameBank('CASPKZKA001', 'CASPKZKA')).toBe(true)
    expect(sameBank('CASPKZKB', 'CASPKZKA')).toBe(false)
    expect(sameBank('HSBKKZKXXXX', 'CASPKZKA')).toBe(false)
    expect(sameBank('CASPKZKAX', 'CASPKZKA')).toBe(false)
  })
})
