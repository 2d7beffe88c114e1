import { detectMessageType } from './detect'
import { camt029 } from './iso/camt029'
import { camt053 } from './iso/camt053'
import { camt054 } from './iso/camt054'
import { camt056 } from './iso/camt056'
import { pacs002 } from './iso/pacs002'
import { pacs004 } from './iso/pacs004'
import { pacs008 } from './iso/pacs008'
import { pacs028 } from './iso/pacs028'
import type { IsoCodec } from './iso/common'
import { cited, MessageError, type Codec, type MessageOf, type MessageProblem, type MessageType } from './types'
import { guardXml, type GuardOptions } from './xml-guard'
import type { XsdValidator } from './xsd'

export { detectMessageType, namespaceOf } from './detect'
export { guardXml, DEFAULT_MAX_BYTES } from './xml-guard'
export { XsdValidator } from './xsd'

const CODECS: { [T in MessageType]: IsoCodec<MessageOf[T]> } = {
  'pacs.008.001.08': pacs008,
  'pacs.002.001.10': pacs002,
  'pacs.004.001.09': pacs004,
  'pacs.028.001.03': pacs028,
  'camt.056.001.08': camt056,
  'camt.029.001.09': camt029,
  'camt.053.001.08': camt053,
  'camt.054.001.08': camt054
}

export const codecOf = <T extends MessageType>(type: T): Codec<MessageOf[T]> => CODECS[type]

export type ReadOptions = GuardOptions

export type ReadResult = { valid: true; messageType: MessageType; errors: []; message: MessageOf[MessageType] } | { valid: false; messageType: MessageType | null; errors: MessageProblem[]; message?: undefined }

/**
 * Reads an ISO 20022 document from outside (R4.2), each step only on what passed the one before: the guard
 * (no DTD, entity, foreign encoding, oversize — nothing parsed yet), the type from the root namespace, the
 * official schema (libxml2, async), then the codec with the checks the schema cannot make (MOD-97, BIC,
 * IIN/BIN, decimals, group totals). Never throws on bad input: the problems come back with their lines.
 */
export async function readMessage(text: string, validator: XsdValidator, opts: ReadOptions = {}): Promise<ReadResult> {
  const unsafe = guardXml(text, opts)
  if (unsafe.length) return { valid: false, messageType: null, errors: unsafe }
  const detected = detectMessageType(text)
  if (detected.type === null) return { valid: false, messageType: null, errors: detected.problems }
  const type = detected.type
  const schemaProblems = await validator.validate(type, text)
  if (schemaProblems.length) return { valid: false, messageType: type, errors: schemaProblems.map((p) => cited(p, 'schema', type)) }
  try {
    return { valid: true, messageType: type, errors: [], message: CODECS[type].read(text, true) }
  } catch (e) {
    if (e instanceof MessageError) return { valid: false, messageType: type, errors: e.problems.map((p) => cited(p, 'codec', type)) }
    // A codec defect must not pass for a bad file silently, nor crash an import: report it as a problem.
    return { valid: false, messageType: type, errors: [{ ...cited({ line: 0, message: (e as Error).message }, 'unreadable', type), message: `the message could not be read: ${(e as Error).message}` }] }
  }
}

/**
 * Writes a message and validates it against its official schema before returning it. Throws MessageError if
 * the output is invalid: our own output failing the schema is a programming (or data) defect, never to be sent.
 */
export async function writeMessage<T extends MessageType>(type: T, data: MessageOf[T], validator: XsdValidator): Promise<string> {
  const xml = codecOf(type).write(data)
  const problems = await validator.validate(type, xml)
  if (problems.length) throw new MessageError(problems.map((p) => ({ ...p, message: `${type} as written fails its schema: ${p.message}` })))
  return xml
}
