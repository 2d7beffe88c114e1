// MT102: a bulk of customer credit transfers in the national format (FORMAT.md): a header (:20: file reference =
// messageId, :32A: value date + currency + total, and :50:/:52B: when every transfer has the same payer), then one
// part per transfer starting with :21: (txId = instructionId) and :32B: (currency + amount).
import { type Codec, type CreditTransfer, MessageError, type PaymentBatch } from '../types'
import { checkAmount, checkBatchHeader, readReference, readTransfer, readValue32A, readValue32B, transferMinor } from './batch'
import { checkTransferValues, collectPart, payeeLines, payerLines, purposeLines, required } from './fields'
import { type Field, Problems, readEnvelope } from './tokenizer'
import { CURRENCIES, isCurrency } from '../../domain/money'
import { MAX_TRANSACTIONS, almatyMidnight, formatAmount, toYymmdd } from './values'
import { envelope } from './writer'

const HEADER_FIELDS = ['20', '32A', '50', '52B'] as const
const TRANSACTION_FIELDS = ['21', '32B', '50', '52B', '57B', '59', '70'] as const

const sameParty = (a: CreditTransfer['debtor'], b: CreditTransfer['debtor']): boolean =>
  a.name === b.name && a.iban === b.iban && a.bic === b.bic && a.idn === b.idn && a.residency === b.residency && a.sector === b.sector

/** The largest total :32A: holds: 15 digits before the decimal comma. */
const maxTotal = (currency: string): bigint => 10n ** (15n + BigInt(isCurrency(currency) ? CURRENCIES[currency] : 2)) - 1n

export const mt102Codec: Codec<PaymentBatch> = {
  format: 'MT102',

  write(batch: PaymentBatch): string {
    const txs = batch.transactions
    if (txs.length < 1 || txs.length > MAX_TRANSACTIONS) {
      throw new MessageError([{ line: 0, message: `an MT102 carries 1 to ${MAX_TRANSACTIONS} transfers; this batch has ${txs.length}` }])
    }
    const p = new Problems()
    checkBatchHeader(p, batch)
    const currency = txs[0]!.currency
    const seen = new Map<string, number>()
    txs.forEach((tx, i) => {
      const where = `transaction ${i + 1}`
      checkTransferValues(p, tx, where)
      checkAmount(p, tx, where, ':32B:')
      if (tx.currency !== currency) p.add(0, `${where}: currency ${tx.currency} differs from the file's ${currency}; an MT102 has one currency`, 'mt_currency_mixed', ':32B:', { currency: tx.currency })
      const first = seen.get(tx.txId)
      if (first !== undefined) p.add(0, `${where}: txId ${tx.txId} repeats transaction ${first}`, 'mt_reference_repeated', ':21:', { reference: tx.txId })
      else seen.set(tx.txId, i + 1)
    })
    p.throwIfAny()
    const total = txs.reduce((sum, tx) => sum + BigInt(tx.amountMinor), 0n)
    if (total > maxTotal(currency)) p.add(0, `the total ${formatAmount(total, currency)} ${currency} has more than 15 digits before the decimal comma`, 'mt_amount', ':32A:')
    p.throwIfAny()

    const commonPayer = txs.every((tx) => sameParty(tx.debtor, txs[0]!.debtor))
    const body = [`:20:${batch.messageId}`, `:32A:${toYymmdd(batch.settlementDate)}${currency}${formatAmount(total, currency)}`]
    if (commonPayer) body.push(...payerLines(txs[0]!.debtor))
    for (const tx of txs) {
      body.push(`:21:${tx.txId}`, `:32B:${tx.currency}${formatAmount(BigInt(tx.amountMinor), tx.currency)}`)
      if (!commonPayer) body.push(...payerLines(tx.debtor))
      body.push(...payeeLines(tx.creditor), ...purposeLines(tx, batch.settlementDate))
    }
    return envelope(batch.instructingBic, '102', batch.instructedBic, batch.createdAt, body)
  },

  read(text: string): PaymentBatch {
    const env = readEnvelope(text)
    const p = env.problems
    if (env.messageType !== '102') p.add(env.typeLine, `block 2 says MT${env.messageType}; this is not an MT102`, 'mt_block', '{2:')

    // The header is every field before the first :21:; each :21: starts a transaction.
    const groups: Field[][] = [[]]
    for (const f of env.fields) {
      if (f.tag === '21') groups.push([])
      groups[groups.length - 1]!.push(f)
    }
    const header = collectPart(p, groups[0]!, HEADER_FIELDS, env.bodyLine, 'MT102 header')
    const messageId = readReference(p, header, '20')
    const f32 = required(p, header, '32A')
    const value = f32 ? readValue32A(p, f32, 'MT102 header') : { date: null, amount: null }
    const currency = value.amount?.currency ?? ''
    if (groups.length === 1) p.add(env.bodyLine, 'an MT102 needs at least one transaction (:21:)', 'mt_field_missing', ':21:')
    if (groups.length - 1 > MAX_TRANSACTIONS) {
      p.add(groups[MAX_TRANSACTIONS + 1]![0]!.line, `an MT102 carries at most ${MAX_TRANSACTIONS} transactions`, 'mt_transactions_limit', ':21:', { maxCount: MAX_TRANSACTIONS })
    }

    const refs = new Map<string, number>()
    let sum = 0n
    let summable = true
    const transactions = groups.slice(1).map((fields, i) => {
      const part = collectPart(p, fields, TRANSACTION_FIELDS, fields[0]!.line, `MT102 transaction ${i + 1}`)
      const ref = readReference(p, part, '21')
      const first = refs.get(ref)
      if (ref !== '' && first !== undefined) p.add(part.line, `${part.where}: reference ${ref} repeats the transaction on line ${first}`, 'mt_reference_repeated', ':21:', { reference: ref })
      else refs.set(ref, part.line)
      const f32B = required(p, part, '32B')
      const amount = f32B ? readValue32B(p, f32B, part.where) : null
      if (amount && value.amount && amount.currency !== currency) {
        p.add(f32B!.line, `${part.where}: currency ${amount.currency} differs from the header's ${currency}`, 'mt_currency_mixed', ':32B:', { currency: amount.currency })
      }
      const amountMinor = transferMinor(p, f32B?.line ?? 0, amount, `${part.where}: field 32B`, ':32B:')
      if (amountMinor === 0) summable = false
      sum += BigInt(amountMinor)
      return readTransfer(p, part, header, { ref, amountMinor, currency: amount?.currency ?? '' })
    })
    if (value.amount && summable && transactions.length && sum !== value.amount.minor) {
      p.add(f32!.line, `MT102 header: the total ${formatAmount(value.amount.minor, currency)} differs from the sum of the transactions ${formatAmount(sum, currency)}`, 'mt_total', ':32A:')
    }
    p.throwIfAny()
    return {
      messageId,
      createdAt: env.createdAt ?? almatyMidnight(value.date!),
      settlementDate: value.date!,
      instructingBic: env.sender,
      instructedBic: env.receiver,
      transactions
    }
  }
}
