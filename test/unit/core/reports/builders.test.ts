import { describe, expect, it } from 'vitest'
import { clearingReport, fileNameOf, participantStatement, regulatoryReport, type ReportDocument, type ReportSection } from '../../../../src/core/reports'
import { formatDay, formatInstant, formatMoney } from '../../../../src/core/reports/format'
import * as f from './fixtures'

const NBSP = '\u00a0'

/** Every string a reader of the report sees. */
const allText = (doc: ReportDocument): string =>
  [doc.title, ...doc.subtitle, doc.generatedLine, ...doc.sections.flatMap((s) => [s.heading, ...s.columns.map((c) => c.label), ...s.rows.flat(), ...(s.totals ?? [])])].join('\n')

const section = (doc: ReportDocument, heading: string): ReportSection => {
  const found = doc.sections.find((s) => s.heading === heading)
  if (!found) throw new Error(`no section ${heading}; have ${doc.sections.map((s) => s.heading).join(', ')}`)
  return found
}

/** The column of a section by its label, as a list of cells. */
const column = (s: ReportSection, label: string): string[] => {
  const i = s.columns.findIndex((c) => c.label === label)
  expect(i, label).toBeGreaterThanOrEqual(0)
  return s.rows.map((r) => r[i]!)
}

const clearingInput = (participant: { code: string; name: string } | null) => ({
  day: f.day,
  participant,
  positions: f.positions,
  matrix: f.matrix,
  fees: f.fees,
  instructions: f.instructions
})

describe('formatting', () => {
  it('writes money exactly per locale, from minor units, with the grouping of each language', () => {
    expect(formatMoney(-125_012_345, 'KZT', 'ru')).toBe(`-1${NBSP}250${NBSP}123,45`)
    expect(formatMoney(-125_012_345, 'KZT', 'kk')).toBe(`-1${NBSP}250${NBSP}123,45`)
    expect(formatMoney(-125_012_345, 'KZT', 'en')).toBe('-1,250,123.45')
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'KZT', 'en')).toBe('90,071,992,547,409.91')
    expect(formatMoney(5, 'USD', 'en')).toBe('0.05')
  })

  it('writes instants in Almaty time and days as dates', () => {
    expect(formatInstant(f.GENERATED_AT, 'ru')).toBe('26.11.2026, 00:30:00')
    expect(formatInstant(f.GENERATED_AT, 'en')).toBe('26/11/2026, 00:30:00')
    expect(formatDay('2026-11-25', 'kk')).toBe('25.11.2026')
  })
})

describe('clearing report', () => {
  it('for a participant holds only its own figures and the obligations it is party to', () => {
    const doc = clearingReport(clearingInput(f.participants[0]!), 'ru', f.GENERATED_AT)
    const text = allText(doc)
    expect(doc.title).toBe('Клиринговый отчёт')
    expect(doc.subtitle).toEqual(['Операционный день: 25.11.2026', 'Состояние дня: Клиринг выполнен', 'Участник: P001 — Kaspi Bank'])
    // P003 deals only with P002: nothing of it may show.
    expect(text).not.toContain('P003')
    expect(text).not.toContain('CenterCredit')
    // P002's own position, fee and instruction amounts stay out; it shows only as P001's counterparty.
    expect(text).not.toContain(`1${NBSP}327${NBSP}727,00`)
    expect(text).not.toContain('50,00')
    expect(text).not.toContain('STL-20261125-P002-KZT')
    expect(text).not.toContain('Оператор')
    expect(text).not.toContain('Проверка')

    const kzt = section(doc, 'Нетто-позиции — KZT')
    expect(kzt.rows).toEqual([['P001 — Kaspi Bank', `250${NBSP}000,00`, `1${NBSP}500${NBSP}000,00`, '123,45', `-1${NBSP}250${NBSP}123,45`, '0,00', '0,00']])
    expect(kzt.totals).toBeUndefined()
    expect(column(section(doc, 'Нетто-позиции — USD'), 'Нетто')).toEqual(['-100,50'])

    const obligations = section(doc, 'Двусторонние обязательства — KZT')
    expect(obligations.rows.map((r) => [r[0], r[1]])).toEqual([
      ['P001 — Kaspi Bank', 'P002 — Halyk Bank'],
      ['P002 — Halyk Bank', 'P001 — Kaspi Bank']
    ])
    expect(obligations.totals).toEqual(['Итого', '', '', '15', `1${NBSP}750${NBSP}000,00`])

    const fees = section(doc, 'Комиссии — KZT')
    expect(fees.columns.map((c) => c.label)).not.toContain('Участник')
    expect(fees.columns.map((c) => c.label).slice(-2)).toEqual(['Сторно и возвраты', 'Возвращено комиссии'])
    expect(fees.rows).toEqual([['Эмитент', 'Перевод', 'Приложение', '12', `1${NBSP}500${NBSP}000,00`, '123,45', '0', '0,00']])

    const instructions = section(doc, 'Расчётные инструкции — KZT')
    expect(instructions.rows).toEqual([['STL-20261125-P001-KZT', 'P001 — Kaspi Bank', 'Нетто', `1${NBSP}250${NBSP}123,45`, '', 'Нет']])
    expect(doc.confidential).toBe(true)
    expect(doc.confidentialMark).toBe('Конфиденциально')
  })

  it('for the operator holds every participant, totals, and the zero-sum check per currency', () => {
    const doc = clearingReport(clearingInput(null), 'en', f.GENERATED_AT)
    expect(doc.subtitle[2]).toBe('All participants')
    const kzt = section(doc, 'Net positions — KZT')
    expect(column(kzt, 'Participant')).toEqual(['P001 — Kaspi Bank', 'P002 — Halyk Bank', 'P003 — Bank CenterCredit', 'Operator'])
    expect(kzt.totals).toEqual(['Total', '1,827,777.00', '1,827,777.00', '', '0.00', '0.00', '0.00'])
    expect(section(doc, 'Check: sum of net positions per currency').rows).toEqual([
      ['KZT', '0.00', 'Balanced'],
      ['USD', '0.00', 'Balanced']
    ])
    // Charged and given back apart, each with its total (R9.4.6).
    expect(section(doc, 'Fees — KZT').rows[1]).toEqual(['P002 — Halyk Bank', 'Issuer', 'Transfer', 'App', '3', '250,000.00', '50.00', '1', '20.00'])
    expect(section(doc, 'Fees — KZT').totals).toEqual(['Total', '', '', '', '16', '1,827,777.00', '183.45', '1', '20.00'])
    const instructions = section(doc, 'Settlement instructions — KZT')
    expect(instructions.totals).toEqual(['Total', '', '', '1,327,910.45', '1,327,910.45', ''])
    expect(column(instructions, 'Shortfall')).toContain('Yes')
    expect(doc.generatedLine).toBe('Generated 26/11/2026, 00:30:00 (Almaty time)')
  })

  it('flags a currency whose net positions do not sum to zero', () => {
    const broken = f.positions.map((p) => (p.party === 'P003' ? { ...p, netMinor: p.netMinor + 1 } : p))
    const doc = clearingReport({ ...clearingInput(null), positions: broken }, 'kk', f.GENERATED_AT)
    expect(section(doc, 'Тексеру: валюталар бойынша нетто-позициялар сомасы').rows).toEqual([
      ['KZT', '0,01', 'Сәйкессіздік'],
      ['USD', '0,00', 'Сәйкес']
    ])
  })

  it('still shows every part of the report on a day without figures', () => {
    const doc = clearingReport({ day: f.day, participant: f.participants[2]!, positions: [], matrix: [], fees: [], instructions: [] }, 'ru', f.GENERATED_AT)
    expect(doc.sections.map((s) => [s.heading, s.rows.length])).toEqual([
      ['Нетто-позиции', 0],
      ['Двусторонние обязательства', 0],
      ['Комиссии', 0],
      ['Расчётные инструкции', 0]
    ])
  })
})

describe('participant statement', () => {
  const statement = (locale: 'kk' | 'ru' | 'en') =>
    participantStatement({ day: f.day, participant: f.participants[0]!, stats: f.stats, positions: f.positions, fees: f.fees, refusals: f.refusals }, locale, f.GENERATED_AT)

  it('holds only the participant’s operations, position, fees and refusals of the day', () => {
    const doc = statement('ru')
    const text = allText(doc)
    expect(doc.title).toBe('Выписка участника')
    expect(text).not.toMatch(/P00[23]/)
    expect(text).not.toContain(`7${NBSP}000${NBSP}000`)
    const ops = section(doc, 'Исполненные операции по ролям, видам и каналам — KZT')
    expect(ops.rows).toEqual([
      ['Эквайер', 'Оплата', 'Терминал', '5', `1${NBSP}234,56`, '1'],
      ['Эмитент', 'Перевод', 'Приложение', '12', `1${NBSP}500${NBSP}000,00`, '2']
    ])
    expect(ops.totals).toEqual(['Итого', '', '', '17', `1${NBSP}501${NBSP}234,56`, '3'])
    expect(section(doc, 'Исполненные операции по ролям, видам и каналам — USD').rows).toEqual([['Эмитент', 'Перевод', 'Приложение', '1', '100,50', '0']])
    expect(section(doc, 'Позиция').rows).toEqual([
      ['KZT', `250${NBSP}000,00`, `1${NBSP}500${NBSP}000,00`, '123,45', `-1${NBSP}250${NBSP}123,45`, '0,00', '0,00'],
      ['USD', '0,00', '100,50', '0,00', '-100,50', '0,00', '0,00']
    ])
    expect(section(doc, 'Комиссии — KZT').totals).toEqual(['Итого', '', '', '12', `1${NBSP}500${NBSP}000,00`, '123,45', '0', '0,00'])
    const refusals = section(doc, 'Отказы по причинам')
    expect(refusals.rows).toEqual([
      ['На счёте недостаточно денег', 'account.insufficient_funds', '2'],
      ['Терминал заблокирован', 'terminal.blocked', '1']
    ])
    expect(refusals.totals).toEqual(['Итого', '', '3'])
  })

  it('shows holds and money given back in a table of their own, never among the executed (R9.3.7)', () => {
    const held = { ...f.stats[0]!, type: 'payment' as const, channel: 'terminal' as const, accepted: 0, acceptedMinor: 0, refused: 0, held: 2, heldMinor: 300_000, reversed: 0, reversedMinor: 0 }
    const back = { ...f.stats[0]!, accepted: 0, acceptedMinor: 0, refused: 0, reversed: 1, reversedMinor: 50_000 }
    const doc = participantStatement({ day: f.day, participant: f.participants[0]!, stats: [...f.stats, held, back], positions: f.positions, fees: f.fees, refusals: f.refusals }, 'ru', f.GENERATED_AT)
    // The executed table is what it was without them: a hold-only line adds no zeros to it.
    expect(section(doc, 'Исполненные операции по ролям, видам и каналам — KZT')).toEqual(section(statement('ru'), 'Исполненные операции по ролям, видам и каналам — KZT'))
    const apart = section(doc, 'Блокировки сумм, сторно и возвраты по ролям, видам и каналам — KZT')
    expect(apart.columns.map((c) => c.label)).toEqual(['Роль', 'Вид операции', 'Канал', 'Блокировки', 'Заблокировано', 'Сторно и возвраты', 'Сумма сторно и возвратов'])
    expect(apart.rows).toEqual([
      ['Эмитент', 'Перевод', 'Приложение', '0', '0,00', '1', '500,00'],
      ['Эмитент', 'Оплата', 'Терминал', '2', `3${NBSP}000,00`, '0', '0,00']
    ])
    expect(apart.totals).toEqual(['Итого', '', '', '2', `3${NBSP}000,00`, '1', '500,00'])
    // A day without either still shows the table, empty.
    expect(section(statement('ru'), 'Блокировки сумм, сторно и возвраты по ролям, видам и каналам').rows).toEqual([])
  })

  it('is worded in Kazakh and English', () => {
    const kk = statement('kk')
    expect(kk.title).toBe('Қатысушының үзінді көшірмесі')
    expect(kk.confidentialMark).toBe('Құпия')
    expect(kk.subtitle[2]).toBe('Қатысушы: P001 — Kaspi Bank')
    expect(section(kk, 'Себептер бойынша бас тартулар').rows[0]).toEqual(['Шотта ақша жеткіліксіз', 'account.insufficient_funds', '2'])
    const en = statement('en')
    expect(section(en, 'Operations executed by role, type and channel — KZT').totals).toEqual(['Total', '', '', '17', '1,501,234.56', '3'])
  })
})

describe('regulatory report', () => {
  const report = regulatoryReport({ from: '2026-11-01', to: '2026-11-30', stats: f.stats, refusals: f.refusals, participants: f.participants }, 'ru', f.GENERATED_AT)

  it('covers the period only, every type and channel, by issuer and acquirer side', () => {
    const text = allText(report)
    expect(report.title).toBe('Отчёт за период')
    expect(report.subtitle).toEqual(['Период: 01.11.2026 – 30.11.2026', 'Все участники'])
    // The line of 01.12.2026 is outside the period.
    expect(text).not.toContain(`999${NBSP}999,99`)
    expect(text).not.toContain('limit.daily')
    const byType = section(report, 'По видам операций — KZT')
    expect(byType.rows.map((r) => r[0])).toEqual(['Пополнение', 'Перевод', 'Оплата', 'Снятие наличных', 'Обмен валюты', 'Прочая операция'])
    expect(byType.rows[1]).toEqual(['Перевод', '16', `1${NBSP}827${NBSP}777,00`, '6', '0', '0,00', '0'])
    expect(byType.totals).toEqual(['Итого', '16', `1${NBSP}827${NBSP}777,00`, '6', '12', `71${NBSP}234,56`, '1'])
    expect(section(report, 'По каналам — KZT').rows.map((r) => r[0])).toEqual(['Приложение', 'Терминал', 'Касса', 'Зарплата'])
    expect(section(report, 'По каналам — KZT').totals).toEqual(byType.totals)
  })

  it('lists participants with figures in each currency, and refusals by reason', () => {
    const kzt = section(report, 'По участникам — KZT')
    expect(kzt.rows.map((r) => r[0])).toEqual(['P001 — Kaspi Bank', 'P002 — Halyk Bank', 'P003 — Bank CenterCredit'])
    expect(kzt.rows[2]).toEqual(['P003 — Bank CenterCredit', '1', `77${NBSP}777,00`, '0', '0', '0,00', '0'])
    expect(section(report, 'По участникам — USD').rows.map((r) => r[0])).toEqual(['P001 — Kaspi Bank'])
    const refusals = section(report, 'Отказы по причинам')
    expect(refusals.rows).toEqual([
      ['На счёте недостаточно денег', 'account.insufficient_funds', '5'],
      // A reason without wording yet shows as its code.
      ['risk.new_rule_x', 'risk.new_rule_x', '1'],
      ['Терминал заблокирован', 'terminal.blocked', '1']
    ])
    expect(refusals.totals).toEqual(['Итого', '', '7'])
    expect(report.confidential).toBe(true)
  })

  it('counts holds and money given back apart from the executed, by type, channel and participant, and sums all four in its summary', () => {
    const stats = [
      ...f.stats,
      // A bank with only a hold and a return in the period: no row of zeros among the executed.
      { ...f.stats[0]!, party: 'P004', role: 'acquirer' as const, type: 'payment' as const, channel: 'terminal' as const, accepted: 0, acceptedMinor: 0, refused: 0, held: 2, heldMinor: 30_000, reversed: 1, reversedMinor: 5_000 }
    ]
    const doc = regulatoryReport({ from: '2026-11-01', to: '2026-11-30', stats, refusals: f.refusals, participants: f.participants }, 'en', f.GENERATED_AT)
    expect(section(doc, 'By participant — KZT').rows.map((r) => r[0])).not.toContain('P004')
    const byParticipant = section(doc, 'Holds, reversals and returns by participant — KZT')
    expect(byParticipant.rows).toEqual([['P004', '0', '0.00', '0', '0.00', '2', '300.00', '1', '50.00']])
    expect(section(doc, 'Holds, reversals and returns by operation type — KZT').totals).toEqual(byParticipant.totals)
    expect(section(doc, 'Holds, reversals and returns by channel — KZT').totals).toEqual(byParticipant.totals)
    const summary = section(doc, 'Summary: executed, refused, held and given back — KZT')
    expect(summary.rows).toEqual([
      ['Executed', '16', '1,827,777.00', '12', '71,234.56'],
      ['Refused', '6', '', '1', ''],
      ['Held (two-phase authorizations)', '0', '0.00', '2', '300.00'],
      ['Given back (reversals and returns)', '0', '0.00', '1', '50.00']
    ])
    expect(summary.totals).toEqual(['Total operations counted', '22', '', '16', ''])
  })
})

describe('file names', () => {
  it('name the kind, the day or period, the participant and the format', () => {
    expect(fileNameOf('clearing', '2026-11-25', 'P001', 'pdf')).toBe('clearing-2026-11-25-P001.pdf')
    expect(fileNameOf('clearing', '2026-11-25', null, 'csv')).toBe('clearing-2026-11-25.csv')
    expect(fileNameOf('statement', '2026-11-25', 'P002', 'csv')).toBe('statement-2026-11-25-P002.csv')
    expect(fileNameOf('regulatory', { from: '2026-11-01', to: '2026-11-30' }, null, 'pdf')).toBe('regulatory-2026-11-01_2026-11-30.pdf')
    expect(fileNameOf('statement', '../../etc', 'P/1 x', 'pdf')).toBe('statement-______etc-P_1_x.pdf')
  })
})
