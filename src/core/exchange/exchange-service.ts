import { readFileSync, statSync } from 'node:fs'
import type { CallContext } from '../api/context'
import type { ExportResult, ExportType, ImportResult, MessageFileDetail, MessageFileRow, MessageFileState, MessageValidation } from '../api/messages-types'
import { fail, refuse } from '../domain/errors'
import { fileErrorOf, systemCodeOf } from '../domain/system-errors'
import { scopeCodeOf } from '../participants/scope-code'
import { permissionsOf } from '../security/roles'
import type { ExportService, ExportParticipant } from './export-service'
import { MAX_FILE_BYTES, problem, type ImportService } from './import-service'
import type { MessageFilesRepo } from './message-files-repo'

/** Any message checked: the schema of its type and the rules the schema cannot express. Never throws. */
export interface MessageValidator {
  validate(text: string): Promise<MessageValidation>
}

export interface ExchangeParticipants {
  byCode(code: string): (ExportParticipant & { status: string }) | undefined
  codeOf(id: string): string | undefined
}

/**
 * The desk's payment messages (R4): validate a file, import a participant's payment file (chosen in the
 * desk, named by path from the CLI, or dropped in its inbound folder), export statements, notifications,
 * status reports and returns, and the inbox and outbox per participant. Participant staff act for their own
 * bank only.
 */
export class ExchangeService {
  constructor(
    private readonly files: MessageFilesRepo,
    private readonly imports: ImportService,
    private readonly exports: ExportService,
    private readonly validator: MessageValidator,
    private readonly participants: ExchangeParticipants
  ) {}

  validatePath(path: string): Promise<MessageValidation> {
    const read = readPath(path)
    if ('refused' in read) return Promise.resolve({ valid: false, messageType: null, errors: [problem(read.refused.code, read.refused.params, read.refused.message)] })
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes)
    } catch {
      return Promise.resolve({ valid: false, messageType: null, errors: [problem('not_utf8', {}, 'the file is not UTF-8 text')] })
    }
    return this.validator.validate(text)
  }

  importPath(ctx: CallContext, path: string, code: string): Promise<ImportResult> {
    this.ownBank(ctx, code)
    const read = readPath(path)
    if ('refused' in read) return refuse('VALIDATION', read.refused.rule, read.refused.params, read.refused.message)
    return this.imports.importFile({ fileName: path, bytes: read.bytes, party: code, source: 'cli', by: this.by(ctx) })
  }

  upload(ctx: CallContext, fileName: string, base64: string, code: string): Promise<ImportResult> {
    this.ownBank(ctx, code)
    const bytes = Buffer.from(base64, 'base64')
    return this.imports.importFile({ fileName, bytes, party: code, source: 'ui', by: this.by(ctx) })
  }

  export(ctx: CallContext, i: { type: ExportType; participantCode: string; day: string; currency: string; out?: string | undefined }): Promise<ExportResult> {
    this.ownBank(ctx, i.participantCode)
    // Writing a file on this machine is the operator's desk work, not a participant's.
    if (i.out && !permissionsOf(ctx.requireUser().roles).includes('messages.manage')) fail('FORBIDDEN', 'writing an export to a file needs messages.manage')
    const participant = this.participants.byCode(i.participantCode) ?? refuse('NOT_FOUND', 'messages.no_participant', { party: i.participantCode }, `no participant ${i.participantCode}`)
    ctx.subject = `${i.type} ${i.participantCode} ${i.day}`
    return this.exports.export({ type: i.type, participant, day: i.day, currency: i.currency, out: i.out ?? null, by: ctx.requireUser().id })
  }

  list(ctx: CallContext, code: string | null, direction: 'in' | 'out' | null, limit: number): MessageFileRow[] {
    const own = this.scopeCode(ctx)
    if (own && code && code !== own) fail('OUT_OF_SCOPE', 'that participant’s data is not yours to see')
    return this.files.list(own ?? code, direction, limit)
  }

  get(ctx: CallContext, id: number): MessageFileDetail {
    const file = this.files.get(id) ?? refuse('NOT_FOUND', 'messages.no_file', { id }, `no message file #${id}`)
    this.ownBank(ctx, file.party)
    ctx.subject = String(id)
    return { file, transactions: this.files.transactions(id), related: this.files.related(id, file.inReplyTo).filter((f) => f.id !== id) }
  }

  status(ctx: CallContext, id: number): MessageFileState {
    const file = this.files.stateOf(id) ?? refuse('NOT_FOUND', 'messages.no_file', { id }, `no message file #${id}`)
    this.ownBank(ctx, file.party)
    ctx.subject = String(id)
    return { id, status: file.status }
  }

  private ownBank(ctx: CallContext, code: string): void {
    const own = this.scopeCode(ctx)
    if (own && own !== code) fail('OUT_OF_SCOPE', 'that participant’s data is not yours to see')
  }

  private scopeCode(ctx: CallContext): string | null {
    return scopeCodeOf(ctx, (id) => this.participants.codeOf(id))
  }

  /** Who brings a file in, and for participant staff their bank: it makes them a sure sender of its files (R9.1.8). */
  private by(ctx: CallContext) {
    const u = ctx.requireUser()
    return { id: u.id, login: u.login, participantId: ctx.participantScope }
  }
}

/**
 * Why a path is not taken as a file: its problem's code for a validation's list (LINE_ERRORS), its rule for an import's
 * refusal, the same figures for both.
 */
interface PathRefusal {
  code: 'not_a_file' | 'too_large' | 'file_unreadable'
  rule: string
  params: Record<string, string | number>
  message: string
}

/** A file named by path: a regular file within the size limit, read whole; or why not. */
function readPath(path: string): { bytes: Buffer } | { refused: PathRefusal } {
  try {
    const st = statSync(path)
    if (!st.isFile()) return { refused: { code: 'not_a_file', rule: 'messages.not_a_file', params: { path }, message: `${path} is not a file` } }
    // Refused unread: the import would refuse it anyway, after holding it all in memory.
    if (st.size > MAX_FILE_BYTES)
      return { refused: { code: 'too_large', rule: 'messages.file_too_large', params: { bytes: st.size, limitBytes: MAX_FILE_BYTES }, message: `the file is ${st.size} bytes; at most ${MAX_FILE_BYTES} are accepted` } }
    return { bytes: readFileSync(path) }
  } catch (e) {
    return { refused: { code: 'file_unreadable', rule: 'messages.file_unreadable', params: { path, fileError: fileErrorOf(e) }, message: `cannot read ${path}: ${systemCodeOf(e) ?? String(e)}` } }
  }
}
