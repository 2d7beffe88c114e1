import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/core/domain/clock'
import { createIdGenerator } from '../../../../src/core/domain/ids'

describe('ids', () => {
  it('are 26 characters, unique, and sort by time', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    const next = createIdGenerator(clock)
    const a = next()
    clock.advance(1)
    const b = next()
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(a < b).toBe(true)
    const many = new Set(Array.from({ length: 10000 }, next))
    expect(many.size).toBe(10000)
  })

  it('refuses to move a manual clock backwards', () => {
    expect(() => new ManualClock(0).advance(-1)).toThrow(RangeError)
  })
})
