// The dispute lifecycle (R10.1.1–R10.1.3) from a transition table written out here by hand: every listed move
// gives the listed state, every other (state, action, actor) is refused with IllegalTransition.
import { describe, expect, it } from 'vitest'
import {
  allowedActions,
  DISPUTE_ACTIONS,
  IllegalTransition,
  transition,
  type Actor,
  type CaseState,
  type DisputeAction,
  type Outcome
} from '../../../../src/core/disputes/lifecycle'

const STATES: CaseState[] = [
  { stage: 'application', status: 'open' },
  { stage: 'review', status: 'open' },
  { stage: 'information_requested', status: 'awaiting_information' },
  { stage: 'decision', status: 'accepted' },
  { stage: 'decision', status: 'partially_accepted' },
  { stage: 'decision', status: 'rejected' },
  { stage: 'appeal', status: 'open' },
  { stage: 'closed', status: 'accepted' },
  { stage: 'closed', status: 'partially_accepted' },
  { stage: 'closed', status: 'rejected' },
  { stage: 'closed', status: 'withdrawn' },
  { stage: 'closed', status: 'expired' }
]
const ACTORS: Actor[] = ['applicant', 'respondent', 'analyst', 'system']
const key = (s: CaseState): string => `${s.stage}/${s.status}`

// from → action → actor → [param, to]
type Row = [from: string, action: DisputeAction, actor: Actor, param: Outcome | 'applicant' | 'respondent' | null, to: string]
const ALLOWED: Row[] = [
  ['application/open', 'take', 'analyst', null, 'review/open'],
  ['application/open', 'withdraw', 'applicant', null, 'closed/withdrawn'],
  ['review/open', 'request_information', 'analyst', null, 'information_requested/awaiting_information'],
  ['review/open', 'decide', 'analyst', 'accepted', 'decision/accepted'],
  ['review/open', 'decide', 'analyst', 'partially_accepted', 'decision/partially_accepted'],
  ['review/open', 'decide', 'analyst', 'rejected', 'decision/rejected'],
  ['review/open', 'withdraw', 'applicant', null, 'closed/withdrawn'],
  ['information_requested/awaiting_information', 'answer', 'applicant', null, 'review/open'],
  ['information_requested/awaiting_information', 'answer', 'respondent', null, 'review/open'],
  ['information_requested/awaiting_information', 'answer_overdue', 'system', 'respondent', 'review/open'],
  ['information_requested/awaiting_information', 'answer_overdue', 'system', 'applicant', 'closed/expired'],
  ['information_requested/awaiting_information', 'withdraw', 'applicant', null, 'closed/withdrawn'],
  ['decision/accepted', 'close', 'applicant', null, 'closed/accepted'],
  ['decision/accepted', 'close', 'system', null, 'closed/accepted'],
  ['decision/partially_accepted', 'close', 'applicant', null, 'closed/partially_accepted'],
  ['decision/partially_accepted', 'close', 'system', null, 'closed/partially_accepted'],
  ['decision/partially_accepted', 'appeal', 'applicant', null, 'appeal/open'],
  ['decision/rejected', 'close', 'applicant', null, 'closed/rejected'],
  ['decision/rejected', 'close', 'system', null, 'closed/rejected'],
  ['decision/rejected', 'appeal', 'applicant', null, 'appeal/open'],
  ['appeal/open', 'decide', 'analyst', 'accepted', 'closed/accepted'],
  ['appeal/open', 'decide', 'analyst', 'partially_accepted', 'closed/partially_accepted'],
  ['appeal/open', 'decide', 'analyst', 'rejected', 'closed/rejected']
]

const paramsOf = (action: DisputeAction, param: Row[3]) =>
  action === 'decide' ? { outcome: param as Outcome } : action === 'answer_overdue' ? { awaitingFrom: param as 'applicant' | 'respondent' } : {}

describe('dispute lifecycle', () => {
  it.each(ALLOWED)('%s --%s by %s (%s)--> %s', (from, action, actor, param, to) => {
    const state = STATES.find((s) => key(s) === from)!
    expect(key(transition(state, action, actor, paramsOf(action, param)))).toBe(to)
  })

  const refused: [string, DisputeAction, Actor][] = []
  for (const s of STATES)
    for (const action of DISPUTE_ACTIONS)
      for (const actor of ACTORS) if (!ALLOWED.some(([f, a, who]) => f === key(s) && a === action && who === actor)) refused.push([key(s), action, actor])

  it('covers every other combination as refused', () => {
    expect(refused.length + ALLOWED.filter((r, i, all) => all.findIndex((x) => x[0] === r[0] && x[1] === r[1] && x[2] === r[2]) === i).length).toBe(STATES.length * DISPUTE_ACTIONS.length * ACTORS.length)
  })

  it.each(refused)('refuses %s --%s by %s', (from, action, actor) => {
    const state = STATES.find((s) => key(s) === from)!
    const p = action === 'decide' ? { outcome: 'accepted' as const } : action === 'answer_overdue' ? { awaitingFrom: 'respondent' as const } : {}
    expect(() => transition(state, action, actor, p)).toThrow(IllegalTransition)
  })

  it('refuses a decision without an outcome', () => {
    expect(() => transition({ stage: 'review', status: 'open' }, 'decide', 'analyst')).toThrow(IllegalTransition)
  })

  it('tells each actor only the actions it may take', () => {
    expect(allowedActions({ stage: 'review', status: 'open' }, 'analyst')).toEqual(['request_information', 'decide'])
    expect(allowedActions({ stage: 'decision', status: 'rejected' }, 'applicant')).toEqual(['appeal', 'close'])
    expect(allowedActions({ stage: 'closed', status: 'rejected' }, 'applicant')).toEqual([])
  })
})
