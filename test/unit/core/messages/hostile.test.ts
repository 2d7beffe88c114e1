import { describe, expect, it } from 'vitest'
import { readMessage } from '../../../../src/core/messages'
import { pacs008 } from '../../../../src/core/messages/iso/pacs008'
import { pacs004 } from '../../../../src/core/messages/iso/pacs004'
import { camt056 } from '../../../../src/core/messages/iso/camt056'
import { camt053 } from '../../../../src/core/messages/iso/camt053'
import { camt054 } from '../../../../src/core/messages/iso/camt054'
import { MessageError, type MessageProblem } from '../../../../src/core/messages/types'
import { XsdValidator } from '../../../../src/core/messages/xsd'
import { guardXml } from '../../../../src/core/messages/xml-guard'
import { SAMPLE_BATCH } from './arbitraries'
import { SCHEMA_DIR } from './schema-dir'

const validator = new XsdValidator(SCHEMA_DIR)
const good = pacs008.write(SAMPLE_BATCH)
const lineOf = (xml: string, needle: string): number => xml.slice(0, xml.indexOf(needle)).split('\n').length

/** Reads a broken document: it must be refused, with one problem matching `pattern`. */
async function refused(xml: string, pattern: RegExp): Promise<MessageProblem> {
  const r = await readMessage(xml, validator)
  expect(r.valid).toBe(false)
  expect(r.message).toBeUndefined()
  const p = r.errors.find((e) => pattern.test(e.message))
  expect(p, JSON.stringify(r.errors)).toBeDefined()
  return p!
}

describe('hostile and broken input', () => {
  it('accepts the unbroken sample (the baseline of every case below)', async () => {
    const r = await readMessage(good, validator)
    expect(r.errors).toEqual([])
    expect(r.message).toEqual(SAMPLE_BATCH)
  })

  it('refuses an external entity (XXE) without reading the file', async () => {
    const xxe = good.replace('<Document', '<!DOCTYPE Document [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<Document').replace('<MsgId>MSG-0001</MsgId>', '<MsgId>&xxe;</MsgId>')
    const p = await refused(xxe, /DOCTYPE .*refused/)
    expect(p).toMatchObject({ line: 2, code: 'doctype', params: {} })
    const entity = await refused(xxe, /ENTITY declaration refused/)
    expect(entity).toMatchObject({ line: 3, code: 'entity' })
    // The codec alone (without readMessage) refuses it too, and nothing anywhere contains the passwd file.
    expect(() => pacs008.read(xxe)).toThrow(/DOCTYPE/)
  })

  it('refuses an entity-expansion bomb (billion laughs) at once, expanding nothing', async () => {
    const ents = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)]
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${ents.join('\n')}\n]>\n<lolz>&lol9;</lolz>\n`
    const started = performance.now()
    const r = await readMessage(bomb, validator)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(r.valid).toBe(false)
    expect(r.errors[0]).toEqual({ line: 2, message: expect.stringMatching(/DOCTYPE .*refused.*entity-expansion/), code: 'doctype', params: {} })
    expect(r.errors.filter((e) => /ENTITY declaration refused/.test(e.message))).toHaveLength(10)
  })

  it('refuses an oversize file before looking inside, with a configurable limit', async () => {
    const p = await readMessage(good, validator, { maxBytes: 1000 })
    expect(p.valid).toBe(false)
    expect(p.errors).toEqual([{ line: 0, message: expect.stringMatching(/document of \d+ bytes exceeds the limit of 1000 bytes/), code: 'document_too_large', params: { bytes: expect.any(Number), limitBytes: 1000 } }])
    const huge = `${good}${' '.repeat(50 * 1024 * 1024)}`
    await refused(huge, /exceeds the limit of 52428800 bytes/)
  })

  it('refuses processing instructions, NUL bytes and non-UTF-8 encodings', () => {
    expect(guardXml(good.replace('<Document', '<?xml-stylesheet href="x"?>\n<Document'))).toEqual([
      { line: 2, message: expect.stringMatching(/processing instruction <\?xml-stylesheet\?> refused/), code: 'processing_instruction', params: { target: 'xml-stylesheet' } }
    ])
    expect(guardXml(good.replace('MSG-0001', 'MSG\u00000001'))).toEqual([{ line: lineOf(good, 'MSG-0001'), message: expect.stringMatching(/NUL byte/), code: 'nul_byte', params: {} }])
    expect(guardXml(good.replace('encoding="UTF-8"', 'encoding="windows-1251"'))).toEqual([{ line: 1, message: 'encoding windows-1251 refused: only UTF-8 is accepted', code: 'encoding', params: { encoding: 'windows-1251' } }])
  })

  it('refuses a wrong namespace, naming the supported ones', async () => {
    const p = await refused(good.replace('urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08', 'http://example.com/payments'), /namespace http:\/\/example.com\/payments is not an ISO 20022 message namespace; supported: pacs.008.001.08/)
    expect(p).toMatchObject({ line: 2, code: 'namespace_not_iso', params: { namespace: 'http://example.com/payments', supported: expect.stringMatching(/^pacs\.008\.001\.08, /) } })
  })

  it('refuses an unsupported version of a supported message', async () => {
    const p = await refused(good.replace('pacs.008.001.08', 'pacs.008.001.07'), /^namespace urn:iso:std:iso:20022:tech:xsd:pacs.008.001.07 is not a supported version; supported: pacs.008.001.08, pacs.002.001.10/)
    expect(p).toMatchObject({ line: 2, code: 'namespace_version', params: { namespace: 'urn:iso:std:iso:20022:tech:xsd:pacs.008.001.07' } })
  })

  it('refuses malformed XML with the line of the fault', async () => {
    const broken = good.replace('<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>2</NbOfTx>')
    const p = await refused(broken, /Opening and ending tag mismatch/)
    expect(p.line).toBe(lineOf(good, '<NbOfTxs>'))
    // Read without the schema step, the codec reports it with its line as well.
    expect(() => pacs008.read(broken)).toThrow(new RegExp(`line ${lineOf(good, '<NbOfTxs>')}: malformed XML`))
  })

  it('refuses a schema violation (a mandatory element missing) with its line', async () => {
    const noChrgBr = good.replace(/\n\s*<ChrgBr>SLEV<\/ChrgBr>/, '')
    const p = await refused(noChrgBr, /Element 'Dbtr': This element is not expected. Expected is .*ChrgBr/)
    expect(p.line).toBe(lineOf(noChrgBr, '<Dbtr>'))
    // Which check refused it is coded for the screens; libxml2's own words are cited as they are.
    expect(p).toMatchObject({ code: 'schema', params: { format: 'pacs.008.001.08' }, detail: p.message })
  })

  it('refuses an amount with more decimals than the currency has (the schema allows five)', async () => {
    const xml = good.replace('<IntrBkSttlmAmt Ccy="KZT">500.00</IntrBkSttlmAmt>', '<IntrBkSttlmAmt Ccy="KZT">500.001</IntrBkSttlmAmt>')
    const p = await refused(xml, /transaction 2 IntrBkSttlmAmt: 500\.001 KZT is not a whole number of minor units: KZT has 2 decimal places/)
    expect(p.line).toBe(lineOf(xml, '500.001'))
  })

  it('refuses an IBAN whose check digits are wrong', async () => {
    const xml = good.replace('<IBAN>KZ86125KZT5004100100</IBAN>', '<IBAN>KZ87125KZT5004100100</IBAN>')
    const p = await refused(xml, /transaction 1 debtor: IBAN KZ87125KZT5004100100 fails its check/)
    expect(p.line).toBe(lineOf(xml, 'KZ87125KZT5004100100'))
    expect(p).toMatchObject({ code: 'codec', params: { format: 'pacs.008.001.08' }, detail: p.message })
  })

  it('refuses a BIC of the wrong shape that the schema lets through', async () => {
    // BICFI's schema pattern allows digits in the bank code; a BIC (as the brief's pattern) does not.
    const xml = good.replace('<BICFI>HSBKKZKX</BICFI>', '<BICFI>HSB1KZKX</BICFI>')
    const p = await refused(xml, /transaction 1 creditor agent: BIC HSB1KZKX is not valid/)
    expect(p.line).toBe(lineOf(xml, 'HSB1KZKX'))
  })

  it('refuses an IIN/BIN with a wrong check digit', async () => {
    const xml = good.replace('<Id>061211600012</Id>', '<Id>061211600013</Id>')
    const p = await refused(xml, /transaction 1 creditor IIN: IIN\/BIN 061211600013 is not valid/)
    expect(p.line).toBe(lineOf(xml, '061211600013'))
  })

  // The batch keeps one settlement date: a transaction dated otherwise must not be read as dated like the first.
  it('refuses a transaction whose own IntrBkSttlmDt differs from the file’s', async () => {
    const perTx = good
      .replace(/\n\s*<IntrBkSttlmDt>2025-01-13<\/IntrBkSttlmDt>/, '')
      .replace('<IntrBkSttlmAmt Ccy="KZT">12345.67</IntrBkSttlmAmt>', '<IntrBkSttlmAmt Ccy="KZT">12345.67</IntrBkSttlmAmt><IntrBkSttlmDt>2025-01-13</IntrBkSttlmDt>')
      .replace('<IntrBkSttlmAmt Ccy="KZT">500.00</IntrBkSttlmAmt>', '<IntrBkSttlmAmt Ccy="KZT">500.00</IntrBkSttlmAmt><IntrBkSttlmDt>2025-01-20</IntrBkSttlmDt>')
    const p = await refused(perTx, /transaction 2: IntrBkSttlmDt 2025-01-20 differs from the file's settlement date 2025-01-13/)
    expect(p.line).toBe(lineOf(perTx, '2025-01-20'))
    const mixed = good.replace('<IntrBkSttlmAmt Ccy="KZT">500.00</IntrBkSttlmAmt>', '<IntrBkSttlmAmt Ccy="KZT">500.00</IntrBkSttlmAmt><IntrBkSttlmDt>2025-01-20</IntrBkSttlmDt>')
    await refused(mixed, /transaction 2: IntrBkSttlmDt 2025-01-20 differs/)
    // The same date on every transaction is the file's date.
    const same = perTx.replace('2025-01-20', '2025-01-13')
    expect((await readMessage(same, validator)).message).toEqual(SAMPLE_BATCH)
  })

  it('refuses NbOfTxs that does not match the transactions', async () => {
    const p = await refused(good.replace('<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>3</NbOfTxs>'), /^NbOfTxs is 3 but the message has 2$/)
    expect(p.line).toBe(lineOf(good, '<NbOfTxs>'))
  })

  it('refuses CtrlSum that does not match the amounts', async () => {
    const p = await refused(good.replace('<CtrlSum>12845.67</CtrlSum>', '<CtrlSum>12845.68</CtrlSum>'), /^CtrlSum is 12845.68 but the amounts add up to 12845.67$/)
    expect(p.line).toBe(lineOf(good, '<CtrlSum>'))
  })

  it('refuses TtlIntrBkSttlmAmt that does not match the amounts', async () => {
    const xml = good.replace('<TtlIntrBkSttlmAmt Ccy="KZT">12845.67</TtlIntrBkSttlmAmt>', '<TtlIntrBkSttlmAmt Ccy="KZT">12845.6</TtlIntrBkSttlmAmt>')
    const p = await refused(xml, /^TtlIntrBkSttlmAmt is 12845.6 but the amounts add up to 12845.67$/)
    expect(p.line).toBe(lineOf(good, '<TtlIntrBkSttlmAmt'))
  })

  it('checks the group totals of the other messages that have them', () => {
    const ret = pacs004.write({ messageId: 'R1', createdAt: 0, settlementDate: '2025-01-13', instructingBic: 'NBRKKZKX', instructedBic: 'CASPKZKA', transactions: [{ returnId: 'RT1', originalMessageId: 'M1', originalEndToEndId: 'E1', originalTxId: 'T1', amountMinor: 100, currency: 'KZT', reason: 'FOCR', info: null }] })
    expect(() => pacs004.read(ret.replace('<NbOfTxs>1</NbOfTxs>', '<NbOfTxs>2</NbOfTxs>'))).toThrow(/NbOfTxs is 2 but the message has 1/)
    expect(() => pacs004.read(ret.replace('<TtlRtrdIntrBkSttlmAmt Ccy="KZT">1.00<', '<TtlRtrdIntrBkSttlmAmt Ccy="KZT">1.01<'))).toThrow(/TtlRtrdIntrBkSttlmAmt is 1.01/)
    const cxl = camt056.write({ assignmentId: 'A1', createdAt: 0, assignerBic: 'CASPKZKA', assigneeBic: 'NBRKKZKX', caseId: 'C1', creatorBic: 'CASPKZKA', transactions: [{ cancellationId: 'X1', originalMessageId: 'M1', originalEndToEndId: 'E1', originalTxId: 'T1', amountMinor: 100, currency: 'KZT', reason: 'DUPL', info: null }] })
    expect(() => camt056.read(cxl.replace('<CtrlSum>1.00</CtrlSum>', '<CtrlSum>2</CtrlSum>'))).toThrow(/CtrlData\/CtrlSum is 2 but the amounts add up to 1.00/)
    const account = { iban: 'KZ86125KZT5004100100', currency: 'KZT', ownerName: 'Kaspi', servicerBic: 'NBRKKZKX' }
    const entry = { reference: 'N1', amountMinor: 500, currency: 'KZT', creditDebit: 'CRDT' as const, bookingDate: '2025-01-13', valueDate: '2025-01-13', endToEndId: null, purposeCode: null, remittance: null }
    const stmt = camt053.write({ messageId: 'S1', createdAt: 0, statementId: 'ST1', account, fromDay: '2025-01-13', toDay: '2025-01-13', openingBalanceMinor: 1000, closingBalanceMinor: 1500, entries: [entry] })
    expect(() => camt053.read(stmt.replace(/<Amt Ccy="KZT">15.00<\/Amt>/, '<Amt Ccy="KZT">15.01</Amt>'))).toThrow(/closing balance 1501 ≠ opening balance 1000 \+ entries 500/)
    expect(() => camt053.read(stmt.replace('<NbOfNtries>1</NbOfNtries>', '<NbOfNtries>4</NbOfNtries>'))).toThrow(/TxsSummry\/TtlNtries\/NbOfNtries is 4/)
  })

  // A statement's amounts are in its account's currency (foreign amounts go in AmtDtls): a USD entry on a KZT
  // account must not be booked as so many tiyn, nor leave the balances unchecked.
  it('refuses a statement or notification entry, or a balance, in another currency than the account', () => {
    const account = { iban: 'KZ86125KZT5004100100', currency: 'KZT', ownerName: 'Kaspi', servicerBic: 'NBRKKZKX' }
    const entry = { reference: 'N1', amountMinor: 500, currency: 'USD', creditDebit: 'CRDT' as const, bookingDate: '2025-01-13', valueDate: '2025-01-13', endToEndId: null, purposeCode: null, remittance: null }
    const stmt = camt053.write({ messageId: 'S1', createdAt: 0, statementId: 'ST1', account, fromDay: '2025-01-13', toDay: '2025-01-13', openingBalanceMinor: 1000, closingBalanceMinor: 1500, entries: [entry] })
    expect(() => camt053.read(stmt)).toThrow(/entry 1: Amt is in USD but the account \(Acct\/Ccy\) is in KZT/)
    const kzt = camt053.write({ messageId: 'S1', createdAt: 0, statementId: 'ST1', account, fromDay: '2025-01-13', toDay: '2025-01-13', openingBalanceMinor: 1000, closingBalanceMinor: 1500, entries: [{ ...entry, currency: 'KZT' }] })
    expect(() => camt053.read(kzt.replace('<Amt Ccy="KZT">10.00</Amt>', '<Amt Ccy="EUR">10.00</Amt>'))).toThrow(/balance OPBD is in EUR but the account \(Acct\/Ccy\) is in KZT/)
    const ntf = camt054.write({ messageId: 'N1', createdAt: 0, notificationId: 'NT1', account, entries: [entry] })
    expect(() => camt054.read(ntf)).toThrow(/entry 1: Amt is in USD but the account \(Acct\/Ccy\) is in KZT/)
  })

  it('reports every problem of a file at once, as a MessageError', () => {
    const xml = good.replace('<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>9</NbOfTxs>').replace('<Id>061211600012</Id>', '<Id>061211600013</Id>')
    try {
      pacs008.read(xml)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(MessageError)
      expect((e as MessageError).problems.map((p) => p.message)).toEqual([expect.stringMatching(/061211600013/), 'NbOfTxs is 9 but the message has 2'])
    }
  })
})
