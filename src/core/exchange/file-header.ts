import { namespaceOf } from '../messages'
import { detectNationalFormat } from '../messages/mt'
import type { PaymentFileFormat } from './ports'

/** What of a payment file's header is read when the file as a whole cannot be: the header comes first. */
export interface PaymentFileHeader {
  format: PaymentFileFormat
  /** GrpHdr/MsgId or :20:, when it is there in a form a status report can name it by (Max35Text, no markup). */
  messageId: string | null
  /** InstgAgt's BICFI or block 1's sender, when it is there. */
  senderBic: string | null
}

// The header is at the start: a file refused for its size or its encoding is looked at only this far.
const HEAD_BYTES = 64 * 1024
const PACS_008 = new RegExp(`\\sxmlns(?::[\\w.-]+)?\\s*=\\s*["']${namespaceOf('pacs.008.001.08').replace(/\./g, '\\.')}["']`)
const TAG = '<(?:[\\w.-]+:)?'
const MSG_ID = new RegExp(`${TAG}GrpHdr\\b[^>]*>\\s*${TAG}MsgId>\\s*([^<&\\s][^<&]{0,34}?)\\s*</`)
const INSTG_BIC = new RegExp(`${TAG}InstgAgt\\b[^>]*>\\s*${TAG}FinInstnId\\b[^>]*>\\s*${TAG}BICFI>\\s*([A-Z0-9]{8}(?:[A-Z0-9]{3})?)\\s*</`)
const MT_SENDER = /\{1:F01([A-Z0-9]{8}(?:[A-Z0-9]{3})?)\}/
const MT_REFERENCE = /^:20:([^\r\n]{1,35})\r?$/m

/**
 * The header of a file that looks like a payment file (pacs.008.001.08, MT100, MT102), read leniently by text
 * search, never parsed: it names whom a refusal of the file goes back to and what it answers (R4.1) when the file
 * is refused before its batch is read — unsafe, not UTF-8, failing its schema. Null when it is no payment file.
 */
export function paymentFileHeader(bytes: Uint8Array): PaymentFileHeader | null {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, HEAD_BYTES))
  const national = detectNationalFormat(head)
  if (national) return { format: national, messageId: MT_REFERENCE.exec(head)?.[1]!.trim() || null, senderBic: MT_SENDER.exec(head)?.[1] ?? null }
  if (!PACS_008.test(head)) return null
  return { format: 'pacs.008.001.08', messageId: MSG_ID.exec(head)?.[1] ?? null, senderBic: INSTG_BIC.exec(head)?.[1] ?? null }
}
