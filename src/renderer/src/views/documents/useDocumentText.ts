import { storeToRefs } from 'pinia'
import { useI18n } from 'vue-i18n'
import type { DocumentAccessEntry, DocumentClass, NonDisclosure } from '@core/api/documents-types'
import type { VerificationFailureView } from '@core/api/crypto-types'
import type { CodedText, Reason } from '@core/api/types'
import { CallFailure } from '../../api/call'
import { useCodedText } from '../../composables/useCodedText'
import { useErrorMessage } from '../../composables/useErrorMessage'
import { useFormat } from '../../composables/useFormat'
import { useSignatureWords } from '../../composables/useSignatureWords'
import { useDocumentsStore } from '../../stores/documents'
import { useSessionStore } from '../../stores/session'

/** Tag colours of the confidentiality classes: strictly confidential stands out. */
export const CLASS_TAG: Record<DocumentClass, 'warning' | 'danger'> = { confidential: 'warning', strictly_confidential: 'danger' }

/** Tag colours of access-log actions: a refusal is red, what left the party (forward, export) orange. */
export const ACTION_TAG: Record<DocumentAccessEntry['action'], 'success' | 'info' | 'warning' | 'danger' | 'primary'> = {
  send: 'primary',
  open: 'success',
  download: 'success',
  forward: 'warning',
  export: 'warning',
  import: 'info',
  refused: 'danger'
}

/** The document files the import accepts: CMS (signed, encrypted) as exported by this desk or another. */
export const IMPORT_ACCEPT = '.p7m,.p7e,.p7,.cms,.der'

/** The value of one attribute (CN, O…) of an X.500 name as the core prints it ("C=KZ, O=…, CN=…"). */
export function nameAttribute(subject: string | null | undefined, attribute: string): string | null {
  if (!subject) return null
  const m = new RegExp(`(?:^|,\\s*)${attribute}=((?:\\\\,|[^,])+)`).exec(subject)
  return m?.[1]?.replace(/\\,/g, ',').trim() ?? null
}

/**
 * Words of the documents screens: parties by name (the operator and the settlement bank in the user's
 * language, participants by their registered name), classes, the non-disclosure line (R14.9), sizes, and
 * refusals, with the token's own (PIN cancelled, wrong PIN, …) worded for the person at the desk.
 */
export function useDocumentText() {
  const { t, te } = useI18n()
  const { dateTime, size } = useFormat()
  const { text: errorText } = useErrorMessage()
  const coded = useCodedText()
  const signatureWords = useSignatureWords()
  const { parties } = storeToRefs(useDocumentsStore())
  const session = useSessionStore()

  /** The parties list names every party but the user's own: a participant's staff's own bank is named from the session. */
  const partyName = (party: string): string => {
    if (party === 'operator' || party === 'settlement_bank') return t(`documents.parties.${party}`)
    const known = parties.value.find((p) => p.party === party)?.name
    if (known) return known
    const own = session.user?.kind === 'participant' ? session.user.participantName : null
    return own && parties.value.length ? own : party
  }
  const partyNames = (list: readonly string[]): string => list.map(partyName).join(', ')
  const className = (c: DocumentClass): string => t(`documents.classes.${c}`)
  /** Who signed, from the certificate's subject: the holder's name, or the whole subject if it has none. */
  const signerName = (subject: string): string => nameAttribute(subject, 'CN') ?? subject

  /** R14.9: open-ended while every party is in the system; five years from a participant's departure otherwise. */
  const nonDisclosure = (n: NonDisclosure): string =>
    n.until == null
      ? t('documents.nonDisclosure.open')
      : t('documents.nonDisclosure.until', { date: dateTime(n.until), party: n.leftParty ? partyName(n.leftParty) : '—' })

  const action = (a: DocumentAccessEntry['action']): string => (te(`documents.actions.${a}`) ? t(`documents.actions.${a}`) : a)
  /** What an access did or was refused (an attachment's number, where a forward went), parties by name; a file's name as it is. */
  const accessDetail = (d: CodedText | null): string => {
    if (!d) return '—'
    const party = typeof d.params.party === 'string' ? partyName(d.params.party) : undefined
    const grantedBy = typeof d.params.grantedBy === 'string' ? partyName(d.params.grantedBy) : undefined
    return coded('documents.log.details', { ...d, params: { ...d.params, ...(party ? { party } : {}), ...(grantedBy ? { grantedBy } : {}) } })
  }
  const failure = (code: string): string => (te(`documents.failures.${code}`) ? t(`documents.failures.${code}`) : t('documents.failures.other', { code }))

  /** A field the signed document says otherwise (documents.signed_field_differs), its values named: parties, a class. */
  const named = (r: Reason): Reason => {
    const field = r.params?.documentField
    if (r.rule !== 'documents.signed_field_differs' || !r.params) return r
    const value = (v: string | number | undefined): string | number =>
      field === 'class' ? className(String(v) as DocumentClass) : field === 'sender' || field === 'recipients' ? partyNames(String(v).split(', ')) : (v ?? '')
    return { ...r, params: { ...r.params, signed: value(r.params.signed), recorded: value(r.params.recorded) } }
  }
  /** A signature check's failure the report lists: its data in words (the certificate and why, the attachment…), or null. */
  const failureData = (f: VerificationFailureView): string | null => signatureWords.dataOf(f.reason ? { ...f, reason: named(f.reason) } : f)

  /** A refusal in the user's words; a token's (code TOKEN) names what happened to the PIN or the token. */
  const refusal = (e: unknown): string => {
    if (e instanceof CallFailure && e.code === 'TOKEN') {
      const reason = e.reasons[0]
      const rule = reason?.rule ?? ''
      const base = te(`documents.token.${rule}`) ? t(`documents.token.${rule}`) : t('documents.token.other', { message: e.message })
      const tries = `documents.token.tries.${String(reason?.value ?? '')}`
      return rule === 'pin_incorrect' && te(tries) ? `${base} ${t(tries)}` : base
    }
    return errorText(e instanceof CallFailure ? new CallFailure(e.code, e.message, e.details, e.reasons.map(named)) : e)
  }
  /** The token rule of a refusal, for tests and styling (`pin_cancelled`…); '' when not a token's. */
  const tokenRule = (e: unknown): string => (e instanceof CallFailure && e.code === 'TOKEN' ? (e.reasons[0]?.rule ?? 'other') : '')

  return { partyName, partyNames, className, signerName, nonDisclosure, size, action, accessDetail, failure, failureData, refusal, tokenRule }
}
