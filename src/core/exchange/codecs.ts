import type { MessageValidation } from '../api/messages-types'
import { readMessage, writeMessage } from '../messages'
import { detectNationalFormat, mt100Codec, mt102Codec } from '../messages/mt'
import { cited, MessageError, type MessageProblem, type PaymentBatch } from '../messages/types'
import type { XsdValidator } from '../messages/xsd'
import type { MessageValidator } from './exchange-service'
import type { MessageWriter, PaymentFileReader } from './ports'

/** Reads a national-format file (MT100, MT102): its batch, or its problems by line. */
function readNational(text: string): { format: 'MT100' | 'MT102'; errors: MessageProblem[]; batch: PaymentBatch | null } | null {
  const format = detectNationalFormat(text)
  if (!format) return null
  try {
    return { format, errors: [], batch: (format === 'MT100' ? mt100Codec : mt102Codec).read(text) }
  } catch (e) {
    if (e instanceof MessageError) return { format, errors: e.problems.map((p) => cited(p, 'codec', format)), batch: null }
    throw e
  }
}

/** The codecs behind the exchange's ports: ISO 20022 with the official schemas, and the national format. */
export function messageCodecs(xsd: XsdValidator): { reader: PaymentFileReader; writer: MessageWriter; validator: MessageValidator } {
  const reader: PaymentFileReader = {
    async read(text) {
      const national = readNational(text)
      if (national) return national
      const r = await readMessage(text, xsd)
      return { format: r.messageType, errors: r.errors, batch: r.valid && r.messageType === 'pacs.008.001.08' ? (r.message as PaymentBatch) : null }
    }
  }
  const validator: MessageValidator = {
    async validate(text): Promise<MessageValidation> {
      const national = readNational(text)
      if (national) return { valid: national.errors.length === 0, messageType: national.format, errors: national.errors }
      const r = await readMessage(text, xsd)
      return { valid: r.valid, messageType: r.messageType, errors: r.errors }
    }
  }
  return { reader, validator, writer: { write: (type, data) => writeMessage(type, data, xsd) } }
}
