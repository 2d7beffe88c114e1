// The amounts of ISO 20022 messages are xs:decimal (fractionDigits 5, totalDigits 18, minInclusive 0): a
// participant's system may write "+1.00", "1.0", "01.00", ".5" or "1.000", and the official schema, checked by
// the system's xmllint, takes them all. The codec must read each to the same exact minor units, and refuse,
// naming why, only what the currency's minor unit cannot hold (R4.2).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readMessage } from '../../../src/core/messages'
import { pacs008 } from '../../../src/core/messages/iso/pacs008'
import type { PaymentBatch } from '../../../src/core/messages/types'
import { XsdValidator } from '../../../src/core/messages/xsd'
import { SAMPLE_BATCH } from '../../unit/core/messages/arbitraries'
import { SCHEMA_DIR } from '../../unit/core/messages/schema-dir'

const dir = mkdtempSync(join(tmpdir(), 'xs-decimal-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const validator = new XsdValidator(SCHEMA_DIR)

/** The sample batch with its second amount (500.00 KZT) written as `text`; no group totals, which would repeat it. */
function withAmount(text: string): string {
  return pacs008
    .write(SAMPLE_BATCH)
    .replace('<IntrBkSttlmAmt Ccy="KZT">500.00</IntrBkSttlmAmt>', `<IntrBkSttlmAmt Ccy="KZT">${text}</IntrBkSttlmAmt>`)
    .replace(/<CtrlSum>[^<]*<\/CtrlSum>/, '')
    .replace(/<TtlIntrBkSttlmAmt[^>]*>[^<]*<\/TtlIntrBkSttlmAmt>/, '')
}

function systemXmllint(xml: string): boolean {
  const f = join(dir, 'pacs008.xml')
  writeFileSync(f, xml, 'utf8')
  try {
    execFileSync('/usr/bin/xmllint', ['--noout', '--nonet', '--schema', join(SCHEMA_DIR, 'pacs.008.001.08.xsd'), f], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

describe('ISO amounts in every lexical form of xs:decimal', () => {
  it.each([
    ['+500.00', 50_000],
    ['500.0', 50_000],
    ['0500.00', 50_000],
    ['500.', 50_000],
    ['500', 50_000],
    ['500.00000', 50_000],
    ['.5', 50],
    ['+.05', 5],
    [' 500.00 ', 50_000]
  ])('reads %j, which the schema accepts, as %i tiyn', async (text, minor) => {
    const xml = withAmount(text)
    expect(systemXmllint(xml)).toBe(true)
    const r = await readMessage(xml, validator)
    expect(r.errors).toEqual([])
    expect((r.message as PaymentBatch).transactions[1]!.amountMinor).toBe(minor)
  })

  it.each([
    ['500.001', /transaction 2 IntrBkSttlmAmt: 500\.001 KZT is not a whole number of minor units: KZT has 2 decimal places/],
    ['500.00100', /transaction 2 IntrBkSttlmAmt: 500\.00100 KZT is not a whole number of minor units: KZT has 2 decimal places/],
    ['123456789012345678', /transaction 2 IntrBkSttlmAmt: 123456789012345678 KZT is more than the largest amount handled \(90071992547409\.91\)/]
  ])('refuses %j, which the schema accepts but tiyn cannot hold, saying why', async (text, why) => {
    const xml = withAmount(text)
    expect(systemXmllint(xml)).toBe(true)
    const r = await readMessage(xml, validator)
    expect(r.valid).toBe(false)
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(why)])
  })

  it('leaves to the schema what it refuses itself (a sign, an exponent, a comma)', async () => {
    for (const text of ['-1.00', '1e2', '1,00', '.']) {
      const xml = withAmount(text)
      expect(systemXmllint(xml), text).toBe(false)
      expect((await readMessage(xml, validator)).valid, text).toBe(false)
    }
  })

  it('reads the forms without the schema too (the codec alone), refusing a negative amount', () => {
    expect(pacs008.read(withAmount('+0500.50')).transactions[1]!.amountMinor).toBe(50_050)
    expect(() => pacs008.read(withAmount('-1.00'))).toThrow(/transaction 2 IntrBkSttlmAmt: -1\.00 is negative/)
    expect(pacs008.read(withAmount('-0.00')).transactions[1]!.amountMinor).toBe(0)
  })
})
