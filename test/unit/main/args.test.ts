import { describe, expect, it } from 'vitest'
import { numberArg, parseArgs } from '../../../src/main/args'

describe('parseArgs', () => {
  it('reads values and flags it knows, and refuses the rest', () => {
    const a = parseArgs(['--rate', '50', '--json'], { values: ['rate'], flags: ['json'] })
    expect([...a]).toEqual([['rate', '50'], ['json', 'true']])
    expect(() => parseArgs(['--rat', '50'], { values: ['rate'] })).toThrow(/unknown option --rat/)
    expect(() => parseArgs(['--rate'], { values: ['rate'] })).toThrow(/needs a value/)
    expect(() => parseArgs(['50'], { values: ['rate'] })).toThrow(/unexpected argument/)
  })

  it('bounds numbers', () => {
    const a = parseArgs(['--rate', '0'], { values: ['rate'] })
    expect(() => numberArg(a, 'rate', 10, 1, 100)).toThrow(/from 1 to 100/)
    expect(numberArg(a, 'duration', 10, 1, 100)).toBe(10)
  })
})
