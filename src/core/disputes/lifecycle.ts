// A dispute's lifecycle (R10.1.1–R10.1.3) as a transition table: the only way a case changes stage or status.
// Anything not in the table is refused with a typed error, so the screens, the messages and the offline
// bundles all obey the same rules.

export const DISPUTE_STAGES = ['application', 'review', 'information_requested', 'decision', 'appeal', 'closed'] as const
export type DisputeStage = (typeof DISPUTE_STAGES)[number]
export const DISPUTE_STATUSES = ['open', 'awaiting_information', 'accepted', 'partially_accepted', 'rejected', 'withdrawn', 'expired'] as const
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number]
export type Outcome = 'accepted' | 'partially_accepted' | 'rejected'
export const OUTCOMES: readonly Outcome[] = ['accepted', 'partially_accepted', 'rejected']

/** camt.056 cancellation reasons (ExternalCancellationReason1Code) a revocation can give. */
export const DISPUTE_REASONS = ['DUPL', 'FRAD', 'TECH', 'CUST', 'UPAY', 'AM09', 'AC03', 'AGNT'] as const
export type DisputeReason = (typeof DISPUTE_REASONS)[number]

export interface CaseState {
  stage: DisputeStage
  status: DisputeStatus
}

/** Who may take an action: the applicant participant, the other participant, the operator's analyst, or the clock. */
export type Actor = 'applicant' | 'respondent' | 'analyst' | 'system'

export const DISPUTE_ACTIONS = ['take', 'request_information', 'answer', 'answer_overdue', 'decide', 'appeal', 'close', 'withdraw'] as const
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number]

interface Transition {
  action: DisputeAction
  from: CaseState
  actors: readonly Actor[]
  /** The state after; for a decision, the outcome chosen; for an overdue answer, whom it was awaited from. */
  to: (p: { outcome?: Outcome; awaitingFrom?: 'applicant' | 'respondent' }) => CaseState
}

const s = (stage: DisputeStage, status: DisputeStatus): CaseState => ({ stage, status })
const OPEN_STAGES: readonly CaseState[] = [s('application', 'open'), s('review', 'open'), s('information_requested', 'awaiting_information')]

export const TRANSITIONS: readonly Transition[] = [
  { action: 'take', from: s('application', 'open'), actors: ['analyst'], to: () => s('review', 'open') },
  // R9.4.11: the analyst asks a participant for information; an answer returns the case to review.
  { action: 'request_information', from: s('review', 'open'), actors: ['analyst'], to: () => s('information_requested', 'awaiting_information') },
  { action: 'answer', from: s('information_requested', 'awaiting_information'), actors: ['applicant', 'respondent'], to: () => s('review', 'open') },
  // No answer in time: the respondent's silence leaves the analyst to decide on what there is; the applicant's ends the case.
  {
    action: 'answer_overdue',
    from: s('information_requested', 'awaiting_information'),
    actors: ['system'],
    to: (p) => (p.awaitingFrom === 'applicant' ? s('closed', 'expired') : s('review', 'open'))
  },
  { action: 'decide', from: s('review', 'open'), actors: ['analyst'], to: (p) => s('decision', p.outcome!) },
  // A decision on appeal is final.
  { action: 'decide', from: s('appeal', 'open'), actors: ['analyst'], to: (p) => s('closed', p.outcome!) },
  { action: 'appeal', from: s('decision', 'partially_accepted'), actors: ['applicant'], to: () => s('appeal', 'open') },
  { action: 'appeal', from: s('decision', 'rejected'), actors: ['applicant'], to: () => s('appeal', 'open') },
  // The applicant accepts the result, or the appeal period runs out.
  ...OUTCOMES.map((o): Transition => ({ action: 'close', from: s('decision', o), actors: ['applicant', 'system'], to: () => s('closed', o) })),
  ...OPEN_STAGES.map((from): Transition => ({ action: 'withdraw', from, actors: ['applicant'], to: () => s('closed', 'withdrawn') }))
]

export class IllegalTransition extends Error {
  constructor(
    readonly action: DisputeAction,
    readonly from: CaseState,
    readonly actor: Actor
  ) {
    super(`a case in ${from.stage}/${from.status} cannot be "${action}" by the ${actor}`)
    this.name = 'IllegalTransition'
  }
}

const same = (a: CaseState, b: CaseState): boolean => a.stage === b.stage && a.status === b.status

/** The state after `action`, or IllegalTransition when the table has no such move for this actor. */
export function transition(from: CaseState, action: DisputeAction, actor: Actor, p: { outcome?: Outcome; awaitingFrom?: 'applicant' | 'respondent' } = {}): CaseState {
  if (action === 'decide' && (!p.outcome || !OUTCOMES.includes(p.outcome))) throw new IllegalTransition(action, from, actor)
  const t = TRANSITIONS.find((x) => x.action === action && same(x.from, from) && x.actors.includes(actor))
  if (!t) throw new IllegalTransition(action, from, actor)
  return t.to(p)
}

/** The actions an actor may take on a case now (the screens show only these). */
export function allowedActions(from: CaseState, actor: Actor): DisputeAction[] {
  return DISPUTE_ACTIONS.filter((a) => TRANSITIONS.some((x) => x.action === a && same(x.from, from) && x.actors.includes(actor)))
}

export const isFinal = (state: CaseState): boolean => state.stage === 'closed'
