/** Time comes from here, never from Date.now() in the core, so tests can move it. Milliseconds since the epoch. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock that moves only when told: for tests and for the E2E host. */
export class ManualClock implements Clock {
  private current: number

  constructor(start: number) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance a clock by ${ms} ms`)
    this.current += ms
  }
}
