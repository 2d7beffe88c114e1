// What MT100 and MT102 share above the fields of a transfer: the batch's own values before writing, the amount
// fields :32A: (date, currency, amount) and :32B: (currency, amount), and building the transfer read from a part.
import type { CreditTransfer, PaymentBatch } from '../types'
import { type Part, readParty, readPurpose, required, singleLine } from './fields'
import type { Field, Problems } from './tokenizer'
import { checkBic, checkCurrency, checkInstant, checkMinor, checkReference, checkSettlementDay, parseAmount, parseYymmdd } from './values'

/** The problems of a batch's header values before writing (line 0). */
export function checkBatchHeader(p: Problems, batch: PaymentBatch): void {
  p.check(0, checkReference(batch.messageId), 'messageId (:20:)', ':20:')
  p.check(0, checkInstant(batch.createdAt), 'createdAt (block 3)', '{CRT:')
  p.check(0, checkSettlementDay(batch.settlementDate), 'settlementDate (:32A:)', ':32A:')
  p.check(0, checkBic(batch.instructingBic), 'instructingBic (block 1)', '{1:')
  p.check(0, checkBic(batch.instructedBic), 'instructedBic (block 2)', '{2:')
}

/** A transfer's amount and currency before writing, in the field `tag` that will carry them. */
export function checkAmount(p: Problems, tx: CreditTransfer, where: string, tag: ':32A:' | ':32B:'): void {
  p.check(0, checkMinor(tx.amountMinor), where, tag)
  p.check(0, checkCurrency(tx.currency), where, tag)
}

export interface Amount {
  currency: string
  minor: bigint
}

/** CCY + amount ("KZT1000,50"), checking the currency and the decimals; null when either is wrong. */
function readAmount(p: Problems, line: number, text: string, where: string, tag: string): Amount | null {
  const m = /^([A-Z]{3})(.*)$/.exec(text)
  if (!m) {
    p.add(line, `${where}: ${JSON.stringify(text)} must be a currency code (3 letters) and an amount`, 'mt_field_layout', tag)
    return null
  }
  const currency = m[1]!
  if (!p.check(line, checkCurrency(currency), where, tag)) return null
  const amount = parseAmount(m[2]!, currency)
  if ('problem' in amount) {
    p.check(line, amount.problem, where, tag)
    return null
  }
  return { currency, minor: amount.minor }
}

/** :32A: value date YYMMDD, currency, amount. */
export function readValue32A(p: Problems, f: Field, where: string): { date: string | null; amount: Amount | null } {
  const text = singleLine(p, f, where)
  const date = parseYymmdd(text.slice(0, 6))
  if (date === null) p.add(f.line, `${where}: field 32A must start with a value date YYMMDD, not ${JSON.stringify(text.slice(0, 6))}`, 'mt_date', ':32A:')
  return { date, amount: readAmount(p, f.line, text.slice(6), `${where}: field 32A`, ':32A:') }
}

/** :32B: currency and amount of one MT102 transaction. */
export const readValue32B = (p: Problems, f: Field, where: string): Amount | null => readAmount(p, f.line, singleLine(p, f, where), `${where}: field 32B`, ':32B:')

/** A transfer's amount in minor units, from the field `tag`: positive and exact in a double. */
export function transferMinor(p: Problems, line: number, amount: Amount | null, where: string, tag: ':32A:' | ':32B:'): number {
  if (!amount) return 0
  if (amount.minor <= 0n || amount.minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    p.add(line, `${where}: amount must be positive and at most ${Number.MAX_SAFE_INTEGER} minor units`, 'mt_amount', tag)
    return 0
  }
  return Number(amount.minor)
}

/** The reference of :20: or :21:. */
export function readReference(p: Problems, part: Part, tag: '20' | '21'): string {
  const f = required(p, part, tag)
  if (!f) return ''
  const ref = singleLine(p, f, part.where)
  p.check(f.line, checkReference(ref), `${part.where}: field ${tag}`, `:${tag}:`)
  return ref
}

/**
 * The parties and purpose of a transfer from its part; :50: and :52B: come from `common` (the MT102 header) when
 * they are there, and must then not be repeated in the transaction.
 */
export function readTransfer(p: Problems, part: Part, common: Part | null, ids: { ref: string; amountMinor: number; currency: string }): CreditTransfer {
  const payerField = (tag: '50' | '52B'): Field | undefined => {
    const shared = common?.fields.get(tag)
    const own = part.fields.get(tag)
    if (shared && own) p.add(own.line, `${part.where}: :${tag}: is already given for all transactions in the header (line ${shared.line})`, 'mt_field_repeated', `:${tag}:`)
    return shared ?? required(p, part, tag)
  }
  const f50 = payerField('50')
  const f52 = payerField('52B')
  const f57 = required(p, part, '57B')
  const f59 = required(p, part, '59')
  const f70 = required(p, part, '70')
  const debtor = f50 && f52 ? readParty(p, f50, f52, 'payer', part.where) : null
  const creditor = f59 && f57 ? readParty(p, f59, f57, 'payee', part.where) : null
  const purpose = f70 ? readPurpose(p, f70, part.where) : { endToEndId: '', purposeCode: '', remittance: null }
  const none = { name: '', iban: '', bic: '', idn: null, residency: null, sector: null }
  return {
    instructionId: ids.ref,
    endToEndId: purpose.endToEndId,
    txId: ids.ref,
    amountMinor: ids.amountMinor,
    currency: ids.currency,
    debtor: debtor ?? none,
    creditor: creditor ?? none,
    purposeCode: purpose.purposeCode,
    remittance: purpose.remittance
  }
}
