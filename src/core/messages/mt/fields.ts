// The fields of a transfer in the national format: parties (:50: payer, :59: payee), banks (:52B:, :57B:) and the
// purpose (:70:), read from and written to lines. Shared by MT100 and MT102.
import type { CreditTransfer, MessageParty } from '../types'
import type { Field, Line, Problems } from './tokenizer'
import {
  MAX_ASSIGN,
  MAX_NAME,
  checkBic,
  checkIdn,
  checkIik,
  checkKnp,
  checkReference,
  checkResidency,
  checkSector,
  checkText,
  parseYymmdd,
  toYymmdd,
  type Finding
} from './values'
import { wrap, wrapped } from './writer'

/** The fields of one part of block 4 (MT100 body, MT102 header or transaction) by tag, and where the part starts. */
export interface Part {
  line: number
  where: string
  fields: Map<string, Field>
}

/** Groups fields into a part: a tag not in `allowed` is unknown here, a repeated one is reported. */
export function collectPart(p: Problems, fields: Field[], allowed: readonly string[], line: number, where: string): Part {
  const part: Part = { line, where, fields: new Map() }
  for (const f of fields) {
    const first = part.fields.get(f.tag)
    if (!allowed.includes(f.tag)) p.add(f.line, `${where}: unknown field :${f.tag}: (allowed here: ${allowed.map((t) => `:${t}:`).join(' ')})`, 'mt_field_unknown', `:${f.tag}:`)
    else if (first) p.add(f.line, `${where}: field :${f.tag}: repeated (first on line ${first.line})`, 'mt_field_repeated', `:${f.tag}:`)
    else part.fields.set(f.tag, f)
  }
  return part
}

/** A single-line field's value; a problem when it has continuation lines. */
export function singleLine(p: Problems, f: Field, where: string): string {
  for (const extra of f.lines.slice(1)) p.add(extra.no, `${where}: field :${f.tag}: takes one line`, 'mt_field_layout', `:${f.tag}:`)
  return f.lines[0]!.text
}

export function required(p: Problems, part: Part, tag: string): Field | undefined {
  const f = part.fields.get(tag)
  if (!f) p.add(part.line, `${part.where}: mandatory field :${tag}: missing`, 'mt_field_missing', `:${tag}:`)
  return f
}

interface Subfield {
  line: number
  value: string
}

/**
 * Splits a field into subfields: a line /CODE/value starts one, any other line continues the one before (joined
 * with nothing in between). With `leading`, the first line is not a subfield but the field's own first value.
 */
function subfields(p: Problems, f: Field, codes: readonly string[], leading: boolean, where: string): { first: Line | null; items: Map<string, Subfield> } {
  const items = new Map<string, Subfield>()
  let current: Subfield | null = null
  const lines = leading ? f.lines.slice(1) : f.lines
  for (const l of lines) {
    const m = /^\/([A-Z]+)\/(.*)$/.exec(l.text)
    if (m) {
      const code = m[1]!
      const seen = items.get(code)
      current = { line: l.no, value: m[2]! } // a bad subfield still takes its continuation lines
      if (!codes.includes(code)) p.add(l.no, `${where}: unknown subfield /${code}/ in :${f.tag}: (allowed: ${codes.map((c) => `/${c}/`).join(' ')})`, 'mt_field_unknown', subfieldTag(f, code))
      else if (seen) p.add(l.no, `${where}: subfield /${code}/ repeated in :${f.tag}: (first on line ${seen.line})`, 'mt_field_repeated', subfieldTag(f, code))
      else items.set(code, current)
    } else if (l.text.startsWith('/')) {
      p.add(l.no, `${where}: malformed subfield ${JSON.stringify(l.text)} in :${f.tag}: (expected /CODE/value)`, 'mt_field_layout', `:${f.tag}:`)
      current = null
    } else if (current) {
      current.value += l.text
    } else {
      p.add(l.no, `${where}: line ${JSON.stringify(l.text)} in :${f.tag}: belongs to no subfield (a subfield starts with /CODE/)`, 'mt_field_layout', `:${f.tag}:`)
    }
  }
  return { first: leading ? f.lines[0]! : null, items }
}

/** A subfield as a problem names it: ':70: /KNP/'. */
const subfieldTag = (f: Pick<Field, 'tag'>, code: string): string => `:${f.tag}: /${code}/`

const PARTY_CODES = ['NAME', 'IDN', 'IRS', 'SECO'] as const
const PURPOSE_CODES = ['NUM', 'DATE', 'KNP', 'ASSIGN'] as const

/** :50: (/D/<IIK> first) or :59: (<IIK> first), then /NAME/, /IDN/, /IRS/, /SECO/; the BIC comes from :52B: / :57B:. */
export function readParty(p: Problems, f: Field, bicField: Field, role: 'payer' | 'payee', where: string): MessageParty {
  const { first, items } = subfields(p, f, PARTY_CODES, true, where)
  let iban = first!.text
  if (f.tag === '50') {
    if (iban.startsWith('/D/')) iban = iban.slice(3)
    else p.add(first!.no, `${where}: :50: must start with /D/<payer IIK>`, 'mt_field_layout', ':50:')
  }
  p.check(first!.no, checkIik(iban), `${where}: ${role}`, `:${f.tag}:`)
  const name = items.get('NAME')
  if (!name) p.add(f.line, `${where}: ${role} /NAME/ missing in :${f.tag}:`, 'mt_field_missing', subfieldTag(f, 'NAME'))
  else p.check(name.line, checkText(name.value, MAX_NAME, 'name'), `${where}: ${role}`, subfieldTag(f, 'NAME'))
  const optional = (code: string, check: (v: string) => Finding | null): string | null => {
    const s = items.get(code)
    if (!s) return null
    p.check(s.line, check(s.value), `${where}: ${role}`, subfieldTag(f, code))
    return s.value
  }
  const idn = optional('IDN', checkIdn)
  const residency = optional('IRS', checkResidency) as MessageParty['residency']
  const sector = optional('SECO', checkSector)
  const bic = singleLine(p, bicField, where)
  p.check(bicField.line, checkBic(bic), `${where}: ${role}'s bank (field ${bicField.tag})`, `:${bicField.tag}:`)
  return { name: name?.value ?? '', iban, bic, idn, residency, sector }
}

/** :70: /NUM/ (the payer's document number = endToEndId), /DATE/ (optional), /KNP/, /ASSIGN/ (optional). */
export function readPurpose(p: Problems, f: Field, where: string): Pick<CreditTransfer, 'endToEndId' | 'purposeCode' | 'remittance'> {
  const { items } = subfields(p, f, PURPOSE_CODES, false, where)
  const num = items.get('NUM')
  if (!num) p.add(f.line, `${where}: /NUM/ (document number) missing in :70:`, 'mt_field_missing', subfieldTag(f, 'NUM'))
  else p.check(num.line, checkReference(num.value), `${where}: /NUM/`, subfieldTag(f, 'NUM'))
  const date = items.get('DATE')
  if (date && parseYymmdd(date.value) === null) p.add(date.line, `${where}: /DATE/ ${JSON.stringify(date.value)} is not a date YYMMDD`, 'mt_date', subfieldTag(f, 'DATE'))
  const knp = items.get('KNP')
  if (!knp) p.add(f.line, `${where}: /KNP/ (EKNP purpose code) missing in :70:`, 'mt_field_missing', subfieldTag(f, 'KNP'))
  else p.check(knp.line, checkKnp(knp.value), `${where}: /KNP/`, subfieldTag(f, 'KNP'))
  const assign = items.get('ASSIGN')
  if (assign) p.check(assign.line, checkText(assign.value, MAX_ASSIGN, 'purpose text'), `${where}: /ASSIGN/`, subfieldTag(f, 'ASSIGN'))
  return { endToEndId: num?.value ?? '', purposeCode: knp?.value ?? '', remittance: assign ? assign.value : null }
}

/** The problems of a party before writing (line 0: there is no text yet). */
export function checkParty(p: Problems, party: MessageParty, role: 'payer' | 'payee', where: string): void {
  const at = `${where}: ${role}`
  const field = { tag: role === 'payer' ? '50' : '59' }
  p.check(0, checkIik(party.iban), at, `:${field.tag}:`)
  p.check(0, checkBic(party.bic), at, role === 'payer' ? ':52B:' : ':57B:')
  if (p.check(0, checkText(party.name, MAX_NAME, 'name'), at, subfieldTag(field, 'NAME')) && !wrap('/NAME/', party.name)) {
    p.add(0, `${at}: name cannot be split into lines`, 'mt_field_layout', subfieldTag(field, 'NAME'))
  }
  if (party.idn !== null) p.check(0, checkIdn(party.idn), at, subfieldTag(field, 'IDN'))
  if (party.residency !== null) p.check(0, checkResidency(party.residency), at, subfieldTag(field, 'IRS'))
  if (party.sector !== null) p.check(0, checkSector(party.sector), at, subfieldTag(field, 'SECO'))
}

/** The problems of a transfer's own values before writing (amount and currency are checked by the codec). */
export function checkTransferValues(p: Problems, tx: CreditTransfer, where: string): void {
  p.check(0, checkReference(tx.txId), `${where}: txId`, ':21:')
  if (tx.instructionId !== tx.txId) p.add(0, `${where}: instructionId ${JSON.stringify(tx.instructionId)} must equal txId ${JSON.stringify(tx.txId)} (both are the transaction reference)`, 'mt_field_format', ':21:')
  const purpose = { tag: '70' }
  p.check(0, checkReference(tx.endToEndId), `${where}: endToEndId (/NUM/)`, subfieldTag(purpose, 'NUM'))
  p.check(0, checkKnp(tx.purposeCode), `${where}: purposeCode`, subfieldTag(purpose, 'KNP'))
  if (tx.remittance !== null && p.check(0, checkText(tx.remittance, MAX_ASSIGN, 'purpose text'), `${where}: remittance`, subfieldTag(purpose, 'ASSIGN')) && !wrap('/ASSIGN/', tx.remittance)) {
    p.add(0, `${where}: remittance cannot be split into lines`, 'mt_field_layout', subfieldTag(purpose, 'ASSIGN'))
  }
  checkParty(p, tx.debtor, 'payer', where)
  checkParty(p, tx.creditor, 'payee', where)
}

/** :50: and :52B: of the payer. */
export function payerLines(party: MessageParty): string[] {
  return [`:50:/D/${party.iban}`, ...partyRest(party), `:52B:${party.bic}`]
}

/** :57B: and :59: of the payee. */
export function payeeLines(party: MessageParty): string[] {
  return [`:57B:${party.bic}`, `:59:${party.iban}`, ...partyRest(party)]
}

function partyRest(party: MessageParty): string[] {
  return [
    ...wrapped('/NAME/', party.name),
    ...(party.idn !== null ? [`/IDN/${party.idn}`] : []),
    ...(party.residency !== null ? [`/IRS/${party.residency}`] : []),
    ...(party.sector !== null ? [`/SECO/${party.sector}`] : [])
  ]
}

/** :70: with the document date written as the value date (PaymentBatch has no document date of its own). */
export function purposeLines(tx: CreditTransfer, settlementDate: string): string[] {
  return [
    `:70:/NUM/${tx.endToEndId}`,
    `/DATE/${toYymmdd(settlementDate)}`,
    `/KNP/${tx.purposeCode}`,
    ...(tx.remittance !== null ? wrapped('/ASSIGN/', tx.remittance) : [])
  ]
}
