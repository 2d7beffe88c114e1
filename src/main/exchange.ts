import type { Database } from 'better-sqlite3'
import { dirname, join } from 'node:path'
import type { Center } from '../core/center/center'
import type { Clock } from '../core/domain/clock'
import { OPERATOR_BIC } from '../core/disputes/dispute-messages'
import { messageCodecs } from '../core/exchange/codecs'
import { ExchangeService } from '../core/exchange/exchange-service'
import { ExportService } from '../core/exchange/export-service'
import { SETTLEMENT_BANK_BIC } from '../core/exchange/settlement-bank'
import { ExchangeFolders } from '../core/exchange/folders'
import { ImportService, PAYMENT_FILE } from '../core/exchange/import-service'
import { MessageFilesRepo } from '../core/exchange/message-files-repo'
import { OutboundWriter } from '../core/exchange/outbound-writer'
import { XsdValidator } from '../core/messages/xsd'
import type { CloseQueue } from '../core/opday/close-queue'
import type { DayCloser } from '../core/opday/day-closer'
import type { DayStamp } from '../core/opday/day-stamp'
import type { ParticipantsRepo } from '../core/participants/participants-repo'
import type { AuditLog } from '../core/security/audit-log'
import { resourceDir } from './resources'

export interface Exchange {
  service: ExchangeService
  imports: ImportService
  exports: ExportService
  outbound: OutboundWriter
  folders: ExchangeFolders
  codecs: ReturnType<typeof messageCodecs>
  xsd: XsdValidator
}

/** Payment messages (R4) wired to the workstation: codecs with the official schemas, folders, import and export. */
export function openExchange(o: {
  db: Database
  clock: Clock
  audit: AuditLog
  queue: CloseQueue
  center: Center
  days: DayStamp
  closer: DayCloser
  participants: ParticipantsRepo
  newId: () => string
  dbPath: string
  schemaDir?: string | undefined
  exchangeDir?: string | undefined
  log: (message: string) => void
}): Exchange {
  const xsd = new XsdValidator(o.schemaDir ?? resourceDir('iso20022/xsd', 'pacs.008.001.08.xsd'))
  const codecs = messageCodecs(xsd)
  const folders = new ExchangeFolders(o.exchangeDir ?? join(o.dbPath === ':memory:' ? process.cwd() : dirname(o.dbPath), 'exchange'))
  const files = new MessageFilesRepo(o.db)
  const outbound = new OutboundWriter(files, codecs.writer, folders, o.clock, o.log)
  const byCode = (code: string) => {
    const p = o.participants.list(null).find((x) => x.code === code)
    return p && { id: p.id, code: p.code, name: p.name, bic: p.bic, status: p.status }
  }
  const imports = new ImportService({
    db: o.db, clock: o.clock, files, queue: o.queue, days: o.days, audit: o.audit, reader: codecs.reader, outbound, center: o.center,
    participant: byCode, newMessageId: () => `KZPS${o.newId()}`, log: o.log, ownBic: OPERATOR_BIC, settlementBankBic: SETTLEMENT_BANK_BIC
  })
  o.queue.register(PAYMENT_FILE, (item) => imports.process(item))
  const exports = new ExportService(o.db, o.closer.days, files, codecs.writer, o.clock, () => `KZPS${o.newId()}`)
  const service = new ExchangeService(files, imports, exports, codecs.validator, { byCode, codeOf: (id) => o.participants.get(id)?.code })
  return { service, imports, exports, outbound, folders, codecs, xsd }
}
