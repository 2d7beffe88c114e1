// The offline investigation bundle (issue 7 §5): a case as UTF-8 JSON, signed (CMS, attached) by the exporting
// analyst and enveloped to the receiving analyst's certificate and the sender's own. Participants travel by code,
// name, BIC and BIN and people by login, because the two databases share no ids. Everything a reader relies on
// is inside the signature; what the signed JSON says is checked here before anything is written.
import { z } from 'zod'
import type { OperationDetail } from '../api/center-types'
import { EVIDENCE_KINDS } from '../api/disputes-types'
import { sha256Hex } from '../domain/digest'
import { DISPUTE_REASONS, DISPUTE_STAGES, DISPUTE_STATUSES } from './lifecycle'

export const BUNDLE_FORMAT = 'kz-psw-dispute-bundle/1'

const time = z.number().int().min(0)
const login = z.string().min(1).max(64)
const party = z.string().min(1).max(32)
const participant = z.strictObject({ code: z.string().regex(/^P\d{3,}$/), name: z.string().min(1).max(200), bic: z.string().regex(/^[A-Z0-9]{8,11}$/), bin: z.string().regex(/^\d{12}$/) })
const stage = z.enum(DISPUTE_STAGES)
const status = z.enum(DISPUTE_STATUSES)
const outcome = z.enum(['accepted', 'partially_accepted', 'rejected'])
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

const caseSchema = z
  .strictObject({
    number: z.string().regex(/^DSP-\d{4}-\d{6,}$/),
    operationSeq: z.number().int().positive(),
    applicant: participant,
    respondent: participant.nullable(),
    reason: z.enum(DISPUTE_REASONS),
    amountMinor: z.number().int().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    description: z.string().max(4000),
    stage,
    status,
    filedAt: time,
    filedBy: login.nullable(),
    source: z.enum(['desk', 'camt.056']),
    messageId: z.string().max(64).nullable(),
    analyst: login.nullable(),
    unit: z.enum(['operational', 'calendar']),
    decideBy: time,
    answerBy: time.nullable(),
    awaitingFrom: z.enum(['applicant', 'respondent']).nullable(),
    appealBy: time.nullable(),
    decidedAmountMinor: z.number().int().min(0).nullable(),
    closedAt: time.nullable(),
    version: z.number().int().positive()
  })
  // The database's own rules for a case's state, so a signed but inconsistent case is refused by name.
  .refine((c) => (c.status === 'awaiting_information') === (c.stage === 'information_requested'), 'stage and status disagree')
  .refine((c) => (c.answerBy === null) === (c.stage !== 'information_requested'), 'an answer is awaited only while information is requested')

const schema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  /** to_workspace: from the main desk to an investigation workspace; to_desk: the offline work coming back. */
  direction: z.enum(['to_workspace', 'to_desk']),
  exportedAt: time,
  exportedBy: login,
  /** The case's version on the main desk when it went offline: coming back, it must still be the desk's. */
  baseVersion: z.number().int().positive(),
  case: caseSchema,
  operation: z.custom<OperationDetail>((v) => isRecord(v) && isRecord(v.operation) && typeof v.operation.seq === 'number', 'must be an operation as the journal shows it'),
  events: z.array(z.strictObject({ at: time, actor: login.nullable(), party, kind: z.string().min(1).max(64), stage, status, detail: z.string().nullable() })),
  evidence: z.array(
    z.strictObject({
      kind: z.enum(EVIDENCE_KINDS), name: z.string().min(1).max(200), mediaType: z.string().min(1).max(100), size: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/), addedAt: time, addedBy: login.nullable(), party, base64: z.string()
    })
  ),
  decisions: z.array(
    z.strictObject({ outcome, amountMinor: z.number().int().min(0), grounds: z.string().max(4000), signer: z.string(), decidedAt: time, origin: z.enum(['desk', 'offline']), signedBase64: z.string() })
  ),
  /** What the investigation found (to_desk: since the case went offline; to_workspace: none, they are in events). */
  findings: z.array(z.strictObject({ at: time, login, text: z.string().min(1).max(4000) })),
  /** The case's ISO 20022 messages as the desk queued or received them (to_workspace only). */
  messages: z.array(z.strictObject({ direction: z.enum(['in', 'out']), party, format: z.string().min(1).max(40), messageId: z.string().nullable(), at: time, payload: z.string().nullable() }))
})

export type DisputeBundle = z.output<typeof schema>
export type BundleEvidence = DisputeBundle['evidence'][number]
export type BundleDecision = DisputeBundle['decisions'][number]
export type BundleParticipant = z.output<typeof participant>

export const encodeBundle = (b: DisputeBundle): Uint8Array => new TextEncoder().encode(JSON.stringify(b))

/** The bundle in signed bytes, or why they are not one (a message for the reader). */
export function decodeBundle(bytes: Uint8Array): DisputeBundle | string {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (e) {
    return `the signed content is not JSON (${(e as Error).message})`
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) return `the signed content is not a ${BUNDLE_FORMAT} bundle (${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'content'}: ${i.message}`).join('; ')})`
  return parsed.data
}

export const evidenceBytes = (e: BundleEvidence): Buffer => Buffer.from(e.base64, 'base64')

/** Evidence whose bytes do not match the size and digest the bundle states. */
export function alteredEvidence(b: DisputeBundle): string[] {
  return b.evidence.filter((e) => {
    const bytes = evidenceBytes(e)
    return bytes.length !== e.size || sha256Hex(bytes) !== e.sha256
  }).map((e) => e.name)
}
