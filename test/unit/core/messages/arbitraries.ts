import fc from 'fast-check'
import { ibanCheckDigits } from '../../../../src/core/domain/iban'
import { iinCheckDigit } from '../../../../src/core/domain/identifiers'
import { CANCELLATION_REASONS, CANCELLATION_STATUSES, MESSAGE_TYPES, NATIONAL_FORMATS, TRANSACTION_STATUSES } from '../../../../src/core/messages/types'
import type { AccountNotification, AccountStatement, CancellationRequest, CancellationResult, CreditTransfer, MessageOf, MessageParty, MessageType, PaymentBatch, PaymentReturn, StatementEntry, StatusReport, StatusRequest } from '../../../../src/core/messages/types'

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const chars = (alphabet: string, min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((a) => a.join(''))

/** KZ IBANs with correct MOD-97 check digits. */
export const kzIban = fc.tuple(chars('0123456789', 3, 3), chars(ALNUM, 13, 13)).map(([bank, acc]) => {
  const bban = bank + acc
  return `KZ${ibanCheckDigits('KZ', bban)}${bban}`
})

export const bic = fc
  .tuple(chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4, 4), fc.constantFrom('KZ', 'RU', 'DE'), chars(ALNUM, 2, 2), fc.option(chars(ALNUM, 3, 3), { nil: undefined }))
  .map(([bank, country, loc, branch]) => `${bank}${country}${loc}${branch ?? ''}`)

/** IINs (day tens 0–3 at the fifth digit) and BINs (type 4–6 there), with valid check digits. */
export const idn = fc
  .tuple(chars('0123456789', 4, 4), fc.constantFrom(...'0123456'), chars('0123456789', 6, 6))
  .map(([a, b, c]) => `${a}${b}${c}`)
  .filter((first11) => iinCheckDigit(first11) !== null)
  .map((first11) => `${first11}${iinCheckDigit(first11)}`)

/** Text with Cyrillic, Kazakh letters and the XML-special characters, no leading/trailing blank. */
const TEXT_CHARS = 'abcXYZ019 АБВабвЁёӘәҒғҚқҢңӨөҰұҮүҺһІі<>&"\'.,-/№'
export const text = (max: number): fc.Arbitrary<string> => chars(TEXT_CHARS, 1, max).filter((s) => s.trim() === s && s.length > 0)
export const id = chars(`${ALNUM}-`, 1, 35)
export const amount = fc.integer({ min: 1, max: 999_999_999_999 })
export const currency = fc.constantFrom('KZT', 'USD', 'EUR')
export const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) })
export const day = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10))
const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null })

export const party: fc.Arbitrary<MessageParty> = fc.record({
  name: text(140),
  iban: kzIban,
  bic,
  idn: opt(idn),
  residency: opt(fc.constantFrom('1' as const, '2' as const)),
  sector: opt(fc.constantFrom(...'123456789'))
})

export const creditTransfer: fc.Arbitrary<CreditTransfer> = fc.record({
  instructionId: id,
  endToEndId: id,
  txId: id,
  amountMinor: amount,
  currency,
  debtor: party,
  creditor: party,
  purposeCode: chars('0123456789', 3, 3),
  remittance: opt(text(300))
})

export const paymentBatch: fc.Arbitrary<PaymentBatch> = fc.record({
  messageId: id,
  createdAt: instant,
  settlementDate: day,
  instructingBic: bic,
  instructedBic: bic,
  transactions: fc.array(creditTransfer, { minLength: 1, maxLength: 4 })
})

const reasonCode = fc.oneof(chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 4, 4), text(35))

export const statusReport: fc.Arbitrary<StatusReport> = fc.record({
  messageId: id,
  createdAt: instant,
  originalMessageId: id,
  originalMessageType: fc.constantFrom(...MESSAGE_TYPES, ...NATIONAL_FORMATS),
  groupStatus: opt(fc.constantFrom(...TRANSACTION_STATUSES, 'PART' as const)),
  groupReason: opt(reasonCode),
  groupInfo: opt(text(250)),
  transactions: fc.array(fc.record({ originalEndToEndId: id, originalTxId: id, status: fc.constantFrom(...TRANSACTION_STATUSES), reason: opt(reasonCode), info: opt(text(250)) }), { maxLength: 4 })
})

export const paymentReturn: fc.Arbitrary<PaymentReturn> = fc.record({
  messageId: id,
  createdAt: instant,
  settlementDate: day,
  instructingBic: bic,
  instructedBic: bic,
  transactions: fc.array(
    fc.record({ returnId: id, originalMessageId: id, originalEndToEndId: id, originalTxId: id, amountMinor: amount, currency, reason: reasonCode, info: opt(text(200)) }),
    { minLength: 1, maxLength: 4 }
  )
})

export const statusRequest: fc.Arbitrary<StatusRequest> = fc.record({
  messageId: id,
  createdAt: instant,
  transactions: fc.array(fc.record({ originalMessageId: id, originalMessageType: fc.constantFrom(...MESSAGE_TYPES), originalEndToEndId: id, originalTxId: id }), { maxLength: 4 })
})

export const cancellationRequest: fc.Arbitrary<CancellationRequest> = fc.record({
  assignmentId: id,
  createdAt: instant,
  assignerBic: bic,
  assigneeBic: bic,
  caseId: id,
  creatorBic: bic,
  transactions: fc.array(
    fc.record({ cancellationId: id, originalMessageId: id, originalEndToEndId: id, originalTxId: id, amountMinor: amount, currency, reason: fc.constantFrom(...CANCELLATION_REASONS), info: opt(text(200)) }),
    { minLength: 1, maxLength: 4 }
  )
})

export const cancellationResult: fc.Arbitrary<CancellationResult> = fc.record({
  assignmentId: id,
  createdAt: instant,
  assignerBic: bic,
  assigneeBic: bic,
  caseId: id,
  creatorBic: bic,
  status: fc.constantFrom(...CANCELLATION_STATUSES),
  transactions: fc.array(fc.record({ cancellationId: id, originalEndToEndId: id, originalTxId: id, status: fc.constantFrom(...CANCELLATION_STATUSES), reason: opt(reasonCode), info: opt(text(200)) }), { maxLength: 4 })
})

const entry = (ccy: string): fc.Arbitrary<StatementEntry> =>
  fc.record({
    reference: id,
    amountMinor: amount,
    currency: fc.constant(ccy),
    creditDebit: fc.constantFrom('CRDT' as const, 'DBIT' as const),
    bookingDate: day,
    valueDate: day,
    endToEndId: opt(id),
    purposeCode: opt(chars('0123456789', 3, 3)),
    remittance: opt(text(200))
  })

const account = fc.record({ iban: kzIban, currency, ownerName: text(140), servicerBic: bic })

export const accountStatement: fc.Arbitrary<AccountStatement> = account.chain((acct) =>
  fc.record({ messageId: id, createdAt: instant, statementId: id, fromDay: day, toDay: day, opening: fc.integer({ min: -1e12, max: 1e12 }), entries: fc.array(entry(acct.currency), { maxLength: 5 }) }).map((r) => ({
    messageId: r.messageId,
    createdAt: r.createdAt,
    statementId: r.statementId,
    account: acct,
    fromDay: r.fromDay,
    toDay: r.toDay,
    openingBalanceMinor: r.opening,
    // The closing balance is what the entries make of the opening one, as in any true statement.
    closingBalanceMinor: r.entries.reduce((s, e) => s + (e.creditDebit === 'CRDT' ? e.amountMinor : -e.amountMinor), r.opening),
    entries: r.entries
  }))
)

export const accountNotification: fc.Arbitrary<AccountNotification> = account.chain((acct) =>
  fc.record({ messageId: id, createdAt: instant, notificationId: id, account: fc.constant(acct), entries: fc.array(entry(acct.currency), { maxLength: 5 }) })
)

export const ARBITRARIES: { [T in MessageType]: fc.Arbitrary<MessageOf[T]> } = {
  'pacs.008.001.08': paymentBatch,
  'pacs.002.001.10': statusReport,
  'pacs.004.001.09': paymentReturn,
  'pacs.028.001.03': statusRequest,
  'camt.056.001.08': cancellationRequest,
  'camt.029.001.09': cancellationResult,
  'camt.053.001.08': accountStatement,
  'camt.054.001.08': accountNotification
}

/** A fixed, realistic pacs.008 for the hostile-input tests to break one thing at a time. */
export const SAMPLE_BATCH: PaymentBatch = {
  messageId: 'MSG-0001',
  createdAt: Date.UTC(2025, 0, 13, 5, 0, 0),
  settlementDate: '2025-01-13',
  instructingBic: 'CASPKZKA',
  instructedBic: 'NBRKKZKX',
  transactions: [
    {
      instructionId: 'I-1', endToEndId: 'E2E-1', txId: 'TX-1', amountMinor: 1_234_567, currency: 'KZT',
      debtor: { name: 'ТОО «Қазақ Сауда»', iban: 'KZ86125KZT5004100100', bic: 'CASPKZKA', idn: '940140000385', residency: '1', sector: '7' },
      creditor: { name: 'Иванов И.И.', iban: 'KZ86125KZT5004100100', bic: 'HSBKKZKX', idn: '061211600012', residency: '1', sector: '9' },
      purposeCode: '710', remittance: 'Оплата по счёту №5 <срочно> & "важно"'
    },
    {
      instructionId: 'I-2', endToEndId: 'E2E-2', txId: 'TX-2', amountMinor: 50_000, currency: 'KZT',
      debtor: { name: 'АО Ромашка', iban: 'KZ86125KZT5004100100', bic: 'CASPKZKA', idn: '990140004654', residency: '1', sector: '7' },
      creditor: { name: 'Петров П.П.', iban: 'KZ86125KZT5004100100', bic: 'KCJBKZKX', idn: null, residency: null, sector: null },
      purposeCode: '010', remittance: null
    }
  ]
}
