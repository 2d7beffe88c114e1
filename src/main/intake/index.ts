import { systemClock, type Clock } from '../../core/domain/clock'
import { IntakeNonces } from '../../core/terminals/intake-nonces'
import { TerminalKeysRepo } from '../../core/terminals/terminal-keys'
import type { Workstation } from '../workstation'
import { startIntake, type Intake, type IntakeCenter, type IntakeOptions } from './server'

export type { Intake } from './server'

/** The workstation's Center as the intake calls it: authorizations, and completions and reversals with the next batch. */
export function intakeCenterOf(ws: Workstation): IntakeCenter {
  const sourceOf = ws.db.prepare<[number], string>('SELECT source FROM operations WHERE seq = ?').pluck()
  const center = ws.center
  return {
    submit: (raw, source) => center.submit(raw, source),
    followUps: {
      sourceOf: (seq) => sourceOf.get(seq),
      // With the next batch of the group commit, as authorizations are.
      complete: (seq, amount, requestId, source) => center.submitFollowUp(requestId, () => center.complete(seq, amount, requestId, source)),
      reverse: (seq, reason, requestId, source) => center.submitFollowUp(requestId, () => center.reverse(seq, reason, requestId, source))
    }
  }
}

/**
 * The intake in front of a workstation's Center, checking signatures against its terminal keys; the nonces it accepts
 * are written with the Center's batches, so its replay protection holds across a restart (R7.4).
 */
export async function startWorkstationIntake(
  ws: Workstation,
  o: Omit<IntakeOptions, 'center' | 'keys' | 'now' | 'nonces'> & { clock?: Clock } = {}
): Promise<Intake> {
  const { clock = systemClock, ...rest } = o
  const nonces = new IntakeNonces(ws.db)
  const detach = ws.center.addBatchWriter((now) => nonces.write(now))
  try {
    const intake = await startIntake({ ...rest, center: intakeCenterOf(ws), keys: new TerminalKeysRepo(ws.db), now: () => clock.now(), nonces })
    return { ...intake, close: () => intake.close().finally(detach) }
  } catch (e) {
    detach()
    throw e
  }
}
