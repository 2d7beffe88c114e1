import type { Database } from 'better-sqlite3'
import type { CallContext } from '../api/context'
import type { DocumentAccessEntry, DocumentAttachmentFile, DocumentClass, DocumentExport, ExchangeParty, DocumentRow, OpenedDocument } from '../api/documents-types'
import type { Clock } from '../domain/clock'
import type { AuditLog } from '../security/audit-log'
import type { CertificatesRepo } from '../crypto/keys/certificates-repo'
import type { UserKeys } from '../crypto/keys/user-keys'
import type { TrustRepo } from '../crypto/trust/trust-repo'

export interface SendDocumentInput {
  title: string
  class: DocumentClass
  body: string
  attachments: { name: string; mediaType: string; base64: string }[]
  recipients: string[]
}

export interface ConsentInput {
  grantedBy: string
  reference: string
  grantedOn: string
  note?: string | undefined
}

/** Confidential documents between the operator, the settlement bank and participants (R14.1–R14.5, R14.9). */
export class DocumentsService {
  constructor(
    private readonly db: Database,
    private readonly keys: UserKeys,
    private readonly certificates: CertificatesRepo,
    private readonly trust: TrustRepo,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly newId: () => string
  ) {}

  parties(ctx: CallContext): ExchangeParty[] {
    throw new Error('not yet built')
  }

  list(ctx: CallContext, box: 'inbox' | 'outbox', limit: number): DocumentRow[] {
    throw new Error('not yet built')
  }

  send(ctx: CallContext, input: SendDocumentInput): Promise<DocumentRow> {
    throw new Error('not yet built')
  }

  open(ctx: CallContext, id: string): Promise<OpenedDocument> {
    throw new Error('not yet built')
  }

  download(ctx: CallContext, id: string, index: number): Promise<DocumentAttachmentFile> {
    throw new Error('not yet built')
  }

  forward(ctx: CallContext, id: string, party: string, consent: ConsentInput): Promise<DocumentRow> {
    throw new Error('not yet built')
  }

  export(ctx: CallContext, id: string, out: string | null): Promise<DocumentExport> {
    throw new Error('not yet built')
  }

  import(ctx: CallContext, fileName: string, base64: string): Promise<DocumentRow> {
    throw new Error('not yet built')
  }

  accessLog(ctx: CallContext, id: string): DocumentAccessEntry[] {
    throw new Error('not yet built')
  }
}
