import { readdirSync, readFileSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ExchangeFolders } from '../core/exchange/folders'
import type { ImportService } from '../core/exchange/import-service'

/** A file younger than this may still be being written by the participant's system: it waits for the next look. */
const SETTLE_MS = 1_000

/**
 * Watches each active participant's inbound folder (R4.1): a file dropped there is imported as if chosen
 * in the desk, then moved to `processed/` or `refused/` beside it, so it is never imported twice. Polls
 * (fs.watch is unreliable on network shares, where such folders often live).
 */
export class ExchangeWatcher {
  private busy = false

  constructor(
    private readonly folders: ExchangeFolders,
    private readonly imports: ImportService,
    private readonly participants: () => string[],
    private readonly log: (message: string) => void
  ) {}

  async scan(now = Date.now()): Promise<number> {
    if (this.busy) return 0
    this.busy = true
    let handled = 0
    try {
      for (const code of this.participants()) {
        const dir = this.folders.inbound(code)
        for (const name of readdirSync(dir)) {
          const path = join(dir, name)
          const st = statSync(path)
          if (!st.isFile() || now - st.mtimeMs < SETTLE_MS) continue
          const result = await this.imports.importFile({ fileName: name, bytes: readFileSync(path), party: code, source: 'folder', by: null })
          const outcome = result.file.status === 'refused' ? 'refused' : 'processed'
          renameSync(path, join(this.folders.handled(code, outcome), `${result.file.id}-${name}`))
          this.log(`${code}/${name}: ${outcome === 'refused' ? `refused (${result.file.errors[0]?.message ?? ''})` : `queued as file #${result.file.id}`}`)
          handled++
        }
      }
    } finally {
      this.busy = false
    }
    return handled
  }
}
