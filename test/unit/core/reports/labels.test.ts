import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHANNELS, OPERATION_TYPES } from '../../../../src/core/api/center-types'
import { DAY_STATES } from '../../../../src/core/api/clearing-types'
import { REPORT_LOCALES } from '../../../../src/core/reports/document'
import { fill, REPORT_LABELS } from '../../../../src/core/reports/labels'
import { REASON_LABELS, reasonLabel } from '../../../../src/core/reports/reason-labels'

/** Every leaf as "path = value". */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k))
  return [[path, value]]
}

describe('report labels', () => {
  it('have exactly the same keys in kk, ru and en, every one a non-empty string', () => {
    const keys = REPORT_LOCALES.map((l) => leaves(REPORT_LABELS[l]).map(([k]) => k).sort())
    expect(keys[0]!.length).toBeGreaterThan(80)
    expect(keys[1]).toEqual(keys[0])
    expect(keys[2]).toEqual(keys[0])
    for (const l of REPORT_LOCALES)
      for (const [key, value] of leaves(REPORT_LABELS[l])) {
        expect(typeof value, `${l}.${key}`).toBe('string')
        expect((value as string).trim(), `${l}.${key}`).not.toBe('')
      }
  })

  it('name every operation type, channel and day state', () => {
    for (const l of REPORT_LOCALES) {
      expect(Object.keys(REPORT_LABELS[l].types).sort()).toEqual([...OPERATION_TYPES].sort())
      expect(Object.keys(REPORT_LABELS[l].channels).sort()).toEqual([...CHANNELS].sort())
      expect(Object.keys(REPORT_LABELS[l].dayStates).sort()).toEqual([...DAY_STATES].sort())
    }
  })

  it('are in the languages they claim, with the agreed titles', () => {
    expect(REPORT_LABELS.ru.titles).toEqual({ clearing: 'Клиринговый отчёт', statement: 'Выписка участника', regulatory: 'Отчёт за период' })
    expect(REPORT_LABELS.kk.titles).toEqual({ clearing: 'Клиринг есебі', statement: 'Қатысушының үзінді көшірмесі', regulatory: 'Кезеңдегі есеп' })
    expect(REPORT_LABELS.en.titles.clearing).toBe('Clearing report')
    expect([REPORT_LABELS.kk.confidential, REPORT_LABELS.ru.confidential, REPORT_LABELS.en.confidential]).toEqual(['Құпия', 'Конфиденциально', 'Confidential'])
    const kazakhLetters = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/
    expect(leaves(REPORT_LABELS.kk).filter(([, v]) => kazakhLetters.test(v as string)).length).toBeGreaterThan(20)
    expect(leaves(REPORT_LABELS.ru).some(([, v]) => kazakhLetters.test(v as string))).toBe(false)
    expect(leaves(REPORT_LABELS.en).every(([, v]) => !/[А-Яа-яЁё]/.test(v as string))).toBe(true)
  })

  it('fill placeholders and leave unknown ones visible', () => {
    expect(fill(REPORT_LABELS.ru.subtitle.participant, { code: 'P001', name: 'Kaspi Bank' })).toBe('Участник: P001 — Kaspi Bank')
    expect(fill('{a} {b}', { a: '1' })).toBe('1 {b}')
  })
})

describe('refusal reason labels', () => {
  it('have the same reasons in kk, ru and en, none empty', () => {
    const codes = REPORT_LOCALES.map((l) => Object.keys(REASON_LABELS[l]).sort())
    expect(codes[0]!.length).toBeGreaterThan(40)
    expect(codes[1]).toEqual(codes[0])
    expect(codes[2]).toEqual(codes[0])
    for (const l of REPORT_LOCALES) for (const text of Object.values(REASON_LABELS[l])) expect(text.trim()).not.toBe('')
  })

  it('are worded exactly as in the operations locales of the renderer, which they copy', () => {
    for (const l of REPORT_LOCALES) {
      const file = join(__dirname, '..', '..', '..', '..', 'src', 'renderer', 'src', 'locales', 'operations', `${l}.json`)
      const groups = (JSON.parse(readFileSync(file, 'utf8')) as { operations: { reasons: Record<string, Record<string, string>> } }).operations.reasons
      // "codes" words outcomes (approved, reversal…), not refusals.
      const expected = Object.fromEntries(Object.entries(groups).filter(([g]) => g !== 'codes').flatMap(([g, texts]) => Object.entries(texts).map(([k, t]) => [`${g}.${k}`, t])))
      expect(REASON_LABELS[l], l).toEqual(expected)
    }
  })

  it('word the common reasons as the operations journal does, and fall back to the code', () => {
    expect(reasonLabel('account.insufficient_funds', 'ru')).toBe('На счёте недостаточно денег')
    expect(reasonLabel('account.insufficient_funds', 'kk')).toBe('Шотта ақша жеткіліксіз')
    expect(reasonLabel('account.insufficient_funds', 'en')).toBe('Not enough money on the account')
    expect(reasonLabel('instrument.expired', 'ru')).toBe('Срок действия карты истёк')
    expect(reasonLabel('risk.brand_new_rule', 'kk')).toBe('risk.brand_new_rule')
  })
})
