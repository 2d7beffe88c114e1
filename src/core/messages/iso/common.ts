import { MESSAGE_TYPES, NATIONAL_FORMATS, type Codec, type MessageType, type NationalFormat } from '../types'
import { children, textAt, textOf, type ReadProblems, type XNode, type Line } from './xml-read'
import type { XmlWriter } from './xml-write'

/**
 * A reason with free text (StatusReasonInformation12, PaymentReturnReason6, CancellationStatusReason4, …):
 * a code of up to 4 letters/digits goes in Rsn/Cd (ISO's external code lists), anything else in Rsn/Prtry;
 * the text in AddtlInf pieces of 105 characters. Nothing is written when both are null.
 */
export function writeReason(w: XmlWriter, container: string, reason: string | null, info: string | null): void {
  if (reason === null && info === null) return
  w.open(container)
  if (reason !== null) w.path(['Rsn', /^[A-Z0-9]{1,4}$/.test(reason) ? 'Cd' : 'Prtry'], reason)
  if (info !== null) {
    const chars = [...info]
    for (let i = 0; i < chars.length || i === 0; i += 105) w.leaf('AddtlInf', chars.slice(i, i + 105).join(''))
  }
  w.close()
}

export function readReason(node: XNode | undefined): { reason: string | null; info: string | null } {
  const reason = textAt(node, 'Rsn', 'Cd') ?? textAt(node, 'Rsn', 'Prtry') ?? null
  const parts = children(node, 'AddtlInf')
  return { reason, info: parts.length ? parts.map((a) => textOf(a) ?? '').join('') : null }
}

/** OrgnlMsgNmId must name a message type we know, since the domain keeps it as a MessageType. */
export function readMessageType(p: ReadProblems, line: Line, text: string | undefined, what: string): MessageType {
  const t = MESSAGE_TYPES.find((m) => m === text)
  if (!t) p.add(line, `${what}: ${JSON.stringify(text ?? '')} is not a supported message type (${MESSAGE_TYPES.join(', ')})`)
  return t ?? MESSAGE_TYPES[0]
}

/** OrgnlMsgNmId of a status report: an ISO message we know, or a national-format file (MT100, MT102) it answers. */
export function readOriginalType(p: ReadProblems, line: Line, text: string | undefined, what: string): MessageType | NationalFormat {
  const national = NATIONAL_FORMATS.find((f) => f === text)
  return national ?? readMessageType(p, line, text, what)
}

/** Checks a closed code list the schema leaves open (ExternalCode types are any 1–4 characters). */
export function readCode<T extends string>(p: ReadProblems, line: Line, text: string | undefined, allowed: readonly T[], what: string): T {
  const v = allowed.find((a) => a === text)
  if (!v) p.add(line, `${what}: ${JSON.stringify(text ?? '')} is not one of ${allowed.join(', ')}`)
  return v ?? allowed[0]!
}

/** An ISO codec: a Codec whose read can skip the guard and well-formedness check readMessage has already made. */
export interface IsoCodec<T> extends Codec<T> {
  read(text: string, checked?: boolean): T
}
