// MT100: one customer credit transfer in the national format (FORMAT.md). The message is the transfer, so the
// batch's messageId, the transfer's txId and instructionId are all :20:; endToEndId is /NUM/ of :70:.
import { type Codec, MessageError, type PaymentBatch } from '../types'
import { checkAmount, checkBatchHeader, readReference, readTransfer, readValue32A, transferMinor } from './batch'
import { checkTransferValues, collectPart, payeeLines, payerLines, purposeLines, required } from './fields'
import { Problems, readEnvelope } from './tokenizer'
import { almatyMidnight, formatAmount, toYymmdd } from './values'
import { envelope } from './writer'

const FIELDS = ['20', '32A', '50', '52B', '57B', '59', '70'] as const

export const mt100Codec: Codec<PaymentBatch> = {
  format: 'MT100',

  write(batch: PaymentBatch): string {
    if (batch.transactions.length !== 1) {
      throw new MessageError([{ line: 0, message: `an MT100 carries exactly one transfer; this batch has ${batch.transactions.length} (write it as an MT102)` }])
    }
    const tx = batch.transactions[0]!
    const p = new Problems()
    checkBatchHeader(p, batch)
    checkTransferValues(p, tx, 'transfer')
    checkAmount(p, tx, 'transfer', ':32A:')
    if (batch.messageId !== tx.txId) p.add(0, `messageId ${JSON.stringify(batch.messageId)} must equal the transfer's txId ${JSON.stringify(tx.txId)}: an MT100 has one reference (:20:)`, 'mt_field_format', ':20:')
    p.throwIfAny()
    return envelope(batch.instructingBic, '100', batch.instructedBic, batch.createdAt, [
      `:20:${batch.messageId}`,
      `:32A:${toYymmdd(batch.settlementDate)}${tx.currency}${formatAmount(BigInt(tx.amountMinor), tx.currency)}`,
      ...payerLines(tx.debtor),
      ...payeeLines(tx.creditor),
      ...purposeLines(tx, batch.settlementDate)
    ])
  },

  read(text: string): PaymentBatch {
    const env = readEnvelope(text)
    const p = env.problems
    if (env.messageType !== '100') p.add(env.typeLine, `block 2 says MT${env.messageType}; this is not an MT100`, 'mt_block', '{2:')
    const part = collectPart(p, env.fields, FIELDS, env.bodyLine, 'MT100')
    const ref = readReference(p, part, '20')
    const f32 = required(p, part, '32A')
    const value = f32 ? readValue32A(p, f32, 'MT100') : { date: null, amount: null }
    const amountMinor = transferMinor(p, f32?.line ?? 0, value.amount, 'MT100: field 32A', ':32A:')
    const tx = readTransfer(p, part, null, { ref, amountMinor, currency: value.amount?.currency ?? '' })
    p.throwIfAny()
    return {
      messageId: ref,
      createdAt: env.createdAt ?? almatyMidnight(value.date!),
      settlementDate: value.date!,
      instructingBic: env.sender,
      instructedBic: env.receiver,
      transactions: [tx]
    }
  }
}
