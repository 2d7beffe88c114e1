// The audit screen words an edit's change as "field: old → new" in the user's language, with the labels the editing
// screens use; a record without a change, or one cut at the log's length cap, is shown as it is (R12.1).
import { describe, expect, it, vi } from 'vitest'

vi.mock('vue-i18n', async (importOriginal) => (await import('./real-messages')).realI18n(await importOriginal()))
import { useI18n } from 'vue-i18n'
import { rendererModule } from './real-messages'

interface Line {
  field: string
  label: string
  from: string
  to: string
}
const { useAuditChange, changeOf } = (await import(rendererModule('views/audit/useAuditChange.ts'))) as {
  useAuditChange: () => { lines: (action: string, detail: string | null) => Line[] | null }
  changeOf: (detail: string | null) => unknown
}
const inLocale = (locale: string, action: string, detail: string): string[] | null => {
  ;(useI18n().locale as { value: string }).value = locale
  return useAuditChange().lines(action, detail)?.map((l) => `${l.label}: ${l.from} → ${l.to}`) ?? null
}

describe('an edit’s change on the audit screen', () => {
  it('a participant’s name and role, in kk, ru and en', () => {
    const detail = JSON.stringify({ participantId: 'X', name: 'New Bank', issuer: true, acquirer: true, before: { name: 'Old Bank', acquirer: false }, after: { name: 'New Bank', acquirer: true } })
    expect(inLocale('en', 'participants.update', detail)).toEqual(['Name: Old Bank → New Bank', 'Acquirer: no → yes'])
    expect(inLocale('ru', 'participants.update', detail)).toEqual(['Наименование: Old Bank → New Bank', 'Эквайер: нет → да'])
    expect(inLocale('kk', 'participants.update', detail)!.every((l) => /→/.test(l) && !/participants|audit\./.test(l))).toBe(true)
  })

  it('codes worded as the screens word them; an empty value as a dash', () => {
    const terminal = JSON.stringify({ before: { kind: 'atm', certificateRef: 'CERT-1' }, after: { kind: 'recycler', certificateRef: null } })
    expect(inLocale('en', 'terminals.update', terminal)).toEqual(['Kind: ATM → Recycler', 'Certificate number: CERT-1 → —'])
    const roles = JSON.stringify({ before: { roles: ['risk_officer'] }, after: { roles: ['administrator', 'risk_officer'] } })
    expect(inLocale('en', 'approvals.approve', roles)).toEqual(['Roles: Risk officer → Administrator, Risk officer'])
    const limits = JSON.stringify({ before: { limitDaily: '20000.50' }, after: { limitDaily: null } })
    expect(inLocale('en', 'accounts.setLimits', limits)).toEqual(['Daily limit: 20000.50 → —'])
    const settings = JSON.stringify({ before: { passwordMinLength: 12 }, after: { passwordMinLength: 14 } })
    expect(inLocale('en', 'settings.update', settings)).toEqual(['Minimum password length: 12 → 14'])
  })

  it('a status worded as its registry words it, with the reason', () => {
    const detail = JSON.stringify({ before: { status: 'open', reason: null }, after: { status: 'blocked', reason: 'court order 15' } })
    expect(inLocale('en', 'accounts.setStatus', detail)).toEqual(['Status: Open → Blocked', 'Reason: — → court order 15'])
    expect(inLocale('en', 'terminals.setStatus', JSON.stringify({ before: { status: 'active' }, after: { status: 'blocked' } }))).toEqual(['Status: In service → Blocked'])
  })

  it('a field no screen labels keeps its name', () => {
    expect(inLocale('en', 'some.edit', JSON.stringify({ before: { colour: 'red' }, after: { colour: 'blue' } }))).toEqual(['colour: red → blue'])
  })

  it('no change: the detail as it is (input only, a refusal’s message, a detail cut at the cap)', () => {
    expect(changeOf('{"participantId":"X","name":"A"}')).toBeNull()
    expect(changeOf('P001 still has 2 terminal(s) in service: block them before it stops being an acquirer')).toBeNull()
    expect(changeOf(`{"name":"A","before":{"name":"${'x'.repeat(2000)}…`)).toBeNull()
    expect(changeOf(null)).toBeNull()
  })
})
