import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

const CODE = /^P\d{3,}$/

/**
 * The exchange folders of each participant under one root: `<root>/<code>/inbound` (files the participant
 * drops, imported automatically), with `processed/` and `refused/` beside them once handled, and
 * `<root>/<code>/outbound` (status reports and statements for the participant). Created on first use.
 */
export class ExchangeFolders {
  // Folders made already: the inbound folders are looked at every few seconds, each needs its mkdir once.
  private readonly made = new Set<string>()

  constructor(readonly root: string) {}

  inbound(code: string): string {
    return this.ensure(code, 'inbound')
  }

  handled(code: string, outcome: 'processed' | 'refused'): string {
    return this.ensure(code, 'inbound', outcome)
  }

  outbound(code: string): string {
    return this.ensure(code, 'outbound')
  }

  private ensure(code: string, ...parts: string[]): string {
    // A code comes from the registry, but it names a folder: never let it climb out of the root.
    if (!CODE.test(code)) throw new Error(`not a participant code: ${code}`)
    const dir = join(this.root, code, ...parts)
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      this.made.add(dir)
    }
    return dir
  }
}
