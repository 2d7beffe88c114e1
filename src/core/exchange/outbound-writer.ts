import { readdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Clock } from '../domain/clock'
import type { MessageOf, MessageType } from '../messages/types'
import type { ExchangeFolders } from './folders'
import type { MessageFilesRepo } from './message-files-repo'
import type { MessageWriter } from './ports'
import { sha256Hex } from '../domain/digest'

/** The file name of a message: its type and its own id, safe for any file system. */
export const messageFileName = (type: string, id: string): string => `${type}-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.xml`

const idOf = (data: object): string => {
  const d = data as { messageId?: string; assignmentId?: string }
  return d.messageId ?? d.assignmentId ?? 'message'
}

/**
 * Files to participants leave like everything else (ARCHITECTURE decision 6): queued as data in the
 * transaction that decided them, then written — validated against the schema first — into the participant's
 * outbound folder. A message that fails its own schema is a defect: it stays pending and is reported.
 */
export class OutboundWriter {
  private flushing: Promise<number> | null = null

  constructor(
    private readonly files: MessageFilesRepo,
    private readonly writer: MessageWriter,
    private readonly folders: ExchangeFolders,
    private readonly clock: Clock,
    private readonly log: (message: string) => void = () => undefined
  ) {}

  /** Queues a message for a participant in the caller's transaction. */
  queue<T extends MessageType>(type: T, party: string, data: MessageOf[T], inReplyTo: number | null, now: number): number {
    return this.files.insert({
      direction: 'out', party, format: type, messageId: idOf(data), fileName: messageFileName(type, idOf(data)), sha256: '', bytes: 0, status: 'pending',
      transactions: 'transactions' in data ? (data.transactions as unknown[]).length : 'entries' in data ? (data.entries as unknown[]).length : 0,
      totalMinor: 0, currency: null, errors: [], day: null, source: 'system', receivedAt: now, payload: JSON.stringify(data), inReplyTo, by: null
    })
  }

  /** Writes every pending message; one flush at a time. Returns how many were written. */
  flush(): Promise<number> {
    this.flushing ??= this.writeAll().finally(() => (this.flushing = null))
    return this.flushing
  }

  /**
   * The delivery trail (R9.1.8): a written file no longer in its participant's outbound folder was taken by the
   * participant's system — taken, not acknowledged by a receipt; when that was noticed is recorded, once. Only a file of the folder in use now: one
   * written under an exchange root since moved is not taken because it is not where the desk looks. Returns how many.
   */
  noticePickUps(): number {
    const now = this.clock.now()
    const present = new Map<string, Set<string>>()
    let taken = 0
    for (const f of this.files.awaitingPickUp()) {
      const dir = this.folders.outbound(f.party)
      if (dirname(f.path) !== dir) continue
      // One listing of each folder a look, however many of its files wait.
      let names = present.get(dir)
      if (!names) present.set(dir, (names = new Set(readdirSync(dir))))
      if (names.has(basename(f.path))) continue
      this.files.pickedUp(f.id, now)
      taken++
    }
    return taken
  }

  private async writeAll(): Promise<number> {
    let written = 0
    for (const f of this.files.pending(500)) {
      try {
        const text = await this.writer.write(f.format as MessageType, JSON.parse(f.payload!) as never)
        const bytes = Buffer.from(text, 'utf8')
        const path = join(this.folders.outbound(f.party), f.file_name)
        writeFileSync(path, bytes, { mode: 0o600 })
        this.files.written(f.id, f.file_name, path, sha256Hex(bytes), bytes.length, this.clock.now())
        written++
      } catch (e) {
        this.log(`outbound message #${f.id} (${f.format}) could not be written: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
    return written
  }
}
