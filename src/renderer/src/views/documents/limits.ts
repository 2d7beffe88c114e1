// The renderer's copies of the documents' constants (it imports only types from the core): the compiler holds
// them to the core's values.
import type { ATTACHMENT_LIMIT_BYTES as CoreLimit, DocumentClass } from '@core/api/documents-types'

export const DOCUMENT_CLASSES = ['confidential', 'strictly_confidential'] as const satisfies readonly DocumentClass[]
export const ATTACHMENT_LIMIT_BYTES: typeof CoreLimit = 20_971_520
