import type { MessageFormat } from '../api/messages-types'
import type { MessageOf, MessageProblem, MessageType, PaymentBatch } from '../messages/types'

/** What the import needs of the codecs: a payment file (pacs.008, MT100, MT102) read and checked, never a throw. */
export interface PaymentFileReader {
  read(text: string): Promise<{ format: MessageFormat | null; errors: MessageProblem[]; batch: PaymentBatch | null }>
}

/** What the exports need: a message written and validated against its schema before it leaves. */
export interface MessageWriter {
  write<T extends MessageType>(type: T, data: MessageOf[T]): Promise<string>
}

/** The formats of a payment file; a status report names the one its file came in (OrgnlMsgNmId). */
export type PaymentFileFormat = 'pacs.008.001.08' | 'MT100' | 'MT102'
export const paymentFormat = (format: string | null): PaymentFileFormat => (format === 'MT100' || format === 'MT102' ? format : 'pacs.008.001.08')
