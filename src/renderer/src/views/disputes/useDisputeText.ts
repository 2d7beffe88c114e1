import { storeToRefs } from 'pinia'
import { useI18n } from 'vue-i18n'
import type { DisputeEvent, DisputeRow, DisputeStageView, DisputeStatusView, EvidenceKind } from '@core/api/disputes-types'
import type { VerificationFailureView, VerificationReportView } from '@core/api/crypto-types'
import type { CodedText } from '@core/api/types'
import { CallFailure } from '../../api/call'
import { useCodedText } from '../../composables/useCodedText'
import { useErrorMessage } from '../../composables/useErrorMessage'
import { useFormat } from '../../composables/useFormat'
import { useSignatureWords } from '../../composables/useSignatureWords'
import { useDisputesStore } from '../../stores/disputes'

export const DISPUTE_REASON_CODES = ['DUPL', 'FRAD', 'TECH', 'CUST', 'UPAY', 'AM09', 'AC03', 'AGNT'] as const
export type DisputeReasonCode = (typeof DISPUTE_REASON_CODES)[number]
export const STAGES: readonly DisputeStageView[] = ['application', 'review', 'information_requested', 'decision', 'appeal', 'closed']
export const STATUSES: readonly DisputeStatusView[] = ['open', 'awaiting_information', 'accepted', 'partially_accepted', 'rejected', 'withdrawn', 'expired']
export const FLAGS = ['overdue', 'due_soon', 'on_time'] as const
export const EVIDENCE_KIND_CODES: readonly EvidenceKind[] = ['receipt', 'terminal_log', 'correspondence', 'statement', 'other']

type TagType = 'success' | 'danger' | 'warning' | 'info' | 'primary'
export const STATUS_TAG: Record<DisputeStatusView, TagType> = {
  open: 'primary',
  awaiting_information: 'warning',
  accepted: 'success',
  partially_accepted: 'success',
  rejected: 'danger',
  withdrawn: 'info',
  expired: 'info'
}

/** The value of one attribute (CN, O…) of an X.500 name as the core prints it ("C=KZ, O=…, CN=…"). */
export function subjectAttribute(subject: string | null | undefined, attribute: string): string | null {
  if (!subject) return null
  const m = new RegExp(`(?:^|,\\s*)${attribute}=((?:\\\\,|[^,])+)`).exec(subject)
  return m?.[1]?.replace(/\\,/g, ',').trim() ?? null
}

/**
 * The failures of a signature's check that are the message's own (malformed, no signer), not a signer's: the
 * report's list holds every signer's too, which the screen lists under each signer (R10.1).
 */
export const reportOwnFailures = (report: Pick<VerificationReportView, 'failures' | 'signers'>): VerificationFailureView[] =>
  report.failures.filter((f) => !report.signers.some((s) => s.failures.some((g) => g.code === f.code && g.detail === f.detail)))

/** The deadline a row's `nextDeadline` is: an awaited answer, the decision, or the end of the appeal period. */
export function deadlineKind(row: Pick<DisputeRow, 'stage'>): 'answer' | 'decision' | 'appeal' {
  if (row.stage === 'information_requested') return 'answer'
  return row.stage === 'decision' ? 'appeal' : 'decision'
}

const parse = (detail: string | null): Record<string, unknown> | null => {
  if (!detail || !detail.startsWith('{')) return null
  try {
    return JSON.parse(detail) as Record<string, unknown>
  } catch {
    return null
  }
}

/**
 * Words of the disputes screens: stages, statuses, reasons (camt.056 codes with their meaning), parties by
 * name, the timeline's events in the user's language, sizes, and refusals — a token's (PIN cancelled, wrong
 * PIN…) worded for the analyst at the desk.
 */
export function useDisputeText() {
  const { t, te } = useI18n()
  const { dateTime, money, size } = useFormat()
  const { text: errorText, said } = useErrorMessage()
  const coded = useCodedText()
  const signatureWords = useSignatureWords()
  const { participants } = storeToRefs(useDisputesStore())

  const word = (group: string, code: string): string => (te(`disputes.${group}.${code}`) ? t(`disputes.${group}.${code}`) : code)
  const stage = (s: string): string => word('stages', s)
  const status = (s: string): string => word('statuses', s)
  const flag = (f: string): string => word('flags', f)
  const reasonName = (code: string): string => word('reasons', code)
  const reason = (code: string): string => `${code} · ${reasonName(code)}`
  const reasonHint = (code: string): string => word('reasonHints', code)
  const evidenceKind = (k: string): string => word('evidenceKinds', k)

  /** 'operator', or a participant's code with its name where the user may see it. */
  const party = (code: string | null | undefined): string => {
    if (!code) return '—'
    if (code === 'operator') return t('disputes.parties.operator')
    const name = participants.value.find((p) => p.code === code)?.name
    return name ? `${code} · ${name}` : code
  }

  /** What an event of the timeline says beyond its kind: the reason and amount filed, the question, the outcome… */
  const eventDetail = (e: DisputeEvent, currency: string): string => {
    const d = parse(e.detail)
    switch (e.kind) {
      case 'filed':
        if (!d) break
        return t('disputes.eventDetail.filed', {
          reason: reason(String(d.reason ?? '')),
          amount: money(Number(d.amountMinor ?? 0), currency),
          date: dateTime(Number(d.decideBy ?? 0)),
          source: word('sources', String(d.source ?? 'desk'))
        })
      case 'request_information':
        if (!d) break
        return t('disputes.eventDetail.request', { from: word('roles', String(d.from ?? '')).toLowerCase(), question: String(d.question ?? '') })
      case 'evidence':
        if (!d) break
        return t('disputes.eventDetail.evidence', { kind: evidenceKind(String(d.kind ?? 'other')), name: String(d.name ?? '') })
      case 'decided': {
        if (!d) break
        const parts = [t('disputes.eventDetail.decided', { outcome: status(String(d.outcome ?? '')), amount: money(Number(d.amountMinor ?? 0), currency) })]
        if (typeof d.reversalSeq === 'number') parts.push(t('disputes.eventDetail.reversal', { seq: d.reversalSeq }))
        if (d.origin === 'offline') parts.push(t('disputes.eventDetail.offline'))
        return parts.join('; ')
      }
      case 'bundle_exported':
        if (!d) break
        return t('disputes.eventDetail.exported', {
          file: String(d.fileName ?? ''),
          recipient: subjectAttribute(String(d.recipient ?? ''), 'CN') ?? String(d.recipient ?? ''),
          direction: word('directions', String(d.direction ?? ''))
        })
      case 'bundle_imported':
        if (!d) break
        return t('disputes.eventDetail.imported', {
          file: String(d.fileName ?? ''),
          signer: subjectAttribute(String(d.signer ?? ''), 'CN') ?? String(d.signer ?? ''),
          direction: word('directions', String(d.direction ?? ''))
        })
      case 'message':
        if (!d) break
        return t('disputes.eventDetail.message', {
          format: String(d.format ?? ''),
          direction: t(d.direction === 'in' ? 'disputes.eventDetail.in' : 'disputes.eventDetail.out'),
          party: party(String(d.party ?? ''))
        })
      default:
        break
    }
    if (!e.detail) return ''
    if (!d) return e.detail
    // An event this screen has no words for yet: its fields as they are, still readable.
    return Object.entries(d)
      .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(', ')
  }
  const eventTitle = (kind: string): string => word('events', kind)
  /** The reversal operation a decision made, from the timeline. */
  const reversalOf = (events: readonly DisputeEvent[]): number | null => {
    for (const e of [...events].reverse()) {
      const seq = e.kind === 'decided' ? parse(e.detail)?.reversalSeq : undefined
      if (typeof seq === 'number') return seq
    }
    return null
  }

  /** A refusal in the user's words; a token's (code TOKEN) names what happened to the PIN or the token. */
  const refusal = (e: unknown): string => {
    if (e instanceof CallFailure && e.code === 'TOKEN') {
      const rule = e.reasons[0]?.rule ?? ''
      return te(`disputes.token.${rule}`) ? t(`disputes.token.${rule}`) : t('disputes.token.other', { reason: errorText(e) })
    }
    return errorText(e)
  }
  /** A signature check's failure code in words, or the code itself when this desk has none for it. */
  const failure = (code: string): string => signatureWords.byCode(code)
  /**
   * A decision's failed signature check in words: what failed, then its data where the core gave it (which certificate
   * of the chain and why, the usages of the signer's key), as a document's report says it; the check's English is the log's.
   */
  const verificationFailure = (f: VerificationFailureView): string => {
    const data = signatureWords.dataOf(f)
    return data ? `${failure(f.code)} — ${data}` : failure(f.code)
  }
  /**
   * A bundle's refusal: the reasons it names in words (each failed signature check with its data, the rule it was
   * refused by: already imported, changed on the desk since…), else the checks its lines or message name by code
   * ("(content_changed)"), or its own account of it.
   */
  const bundleRefusal = (e: unknown): string => {
    if (!(e instanceof CallFailure) || (e.code !== 'VALIDATION' && e.code !== 'CONFLICT' && e.code !== 'NOT_FOUND')) return refusal(e)
    const own = said(e)
    if (own) return `${t('disputes.bundle.refused')}: ${own}`
    const named = [...e.details.map((d) => d.split(':')[0]!.trim()), ...[...e.message.matchAll(/\(([a-z_]+)\)/g)].map((m) => m[1]!)]
    const checks = [...new Set(named.filter((c) => te(`trust.refusals.verification_${c}`)))].map(failure)
    return `${t('disputes.bundle.refused')}: ${checks.length ? checks.join('; ') : e.message}`
  }
  /** One thing an import did (the case copied, findings, evidence, the decision applied), its outcome and signer in words. */
  const applied = (a: CodedText): string => {
    const p = a.params
    const signer = typeof p.signer === 'string' ? (subjectAttribute(p.signer, 'CN') ?? p.signer) : undefined
    const outcome = typeof p.outcome === 'string' ? status(p.outcome) : undefined
    return coded('disputes.bundle.applied', { ...a, params: { ...p, ...(signer ? { signer } : {}), ...(outcome ? { outcome } : {}) } })
  }
  /** The token rule of a refusal (`pin_cancelled`…), '' when not a token's: for tests and styling. */
  const tokenRule = (e: unknown): string => (e instanceof CallFailure && e.code === 'TOKEN' ? (e.reasons[0]?.rule ?? 'other') : '')

  return { stage, status, flag, reason, reasonName, reasonHint, evidenceKind, party, size, eventDetail, eventTitle, reversalOf, refusal, bundleRefusal, applied, failure, verificationFailure, tokenRule, word }
}
