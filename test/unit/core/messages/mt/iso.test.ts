// The national format and ISO 20022 pacs.008 describe the same payments as the same PaymentBatch.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pacs008 } from '../../../../../src/core/messages/iso/pacs008'
import { mt102Codec } from '../../../../../src/core/messages/mt'
import { arbMt102Batch, exampleBatch } from './arbitraries'

const MT102 = mt102Codec.write(exampleBatch())

/** The two salary payments of the FORMAT.md MT102 example, written by hand as a pacs.008.001.08. */
const PACS008 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
  <FIToFICstmrCdtTrf>
    <GrpHdr>
      <MsgId>SAL2511-001</MsgId>
      <CreDtTm>2025-11-25T10:30:00.123+05:00</CreDtTm>
      <NbOfTxs>2</NbOfTxs>
      <CtrlSum>637500.50</CtrlSum>
      <TtlIntrBkSttlmAmt Ccy="KZT">637500.50</TtlIntrBkSttlmAmt>
      <IntrBkSttlmDt>2025-11-25</IntrBkSttlmDt>
      <SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>
      <InstgAgt><FinInstnId><BICFI>CASPKZKA</BICFI></FinInstnId></InstgAgt>
      <InstdAgt><FinInstnId><BICFI>NBRKKZKX</BICFI></FinInstnId></InstdAgt>
    </GrpHdr>
    <CdtTrfTxInf>
      <PmtId><InstrId>SAL2511-001-1</InstrId><EndToEndId>000451</EndToEndId><TxId>SAL2511-001-1</TxId></PmtId>
      <IntrBkSttlmAmt Ccy="KZT">350000.00</IntrBkSttlmAmt>
      <ChrgBr>SLEV</ChrgBr>
      <Dbtr><Nm>ТОО «Алматы Құрылыс Сервис»</Nm><Id><OrgId><Othr><Id>940140000385</Id><SchmeNm><Prtry>BIN</Prtry></SchmeNm></Othr></OrgId></Id></Dbtr>
      <DbtrAcct><Id><IBAN>KZ18722S000012345678</IBAN></Id></DbtrAcct>
      <DbtrAgt><FinInstnId><BICFI>CASPKZKA</BICFI></FinInstnId></DbtrAgt>
      <CdtrAgt><FinInstnId><BICFI>HSBKKZKX</BICFI></FinInstnId></CdtrAgt>
      <Cdtr><Nm>Әбілқайыров Нұрсұлтан Ерланұлы</Nm><Id><PrvtId><Othr><Id>061211600012</Id><SchmeNm><Prtry>IIN</Prtry></SchmeNm></Othr></PrvtId></Id></Cdtr>
      <CdtrAcct><Id><IBAN>KZ31601A000000000001</IBAN></Id></CdtrAcct>
      <Purp><Prtry>311</Prtry></Purp>
      <RgltryRptg><DbtCdtRptgInd>DEBT</DbtCdtRptgInd><Dtls><Tp>KOd</Tp><Cd>17</Cd></Dtls></RgltryRptg>
      <RgltryRptg><DbtCdtRptgInd>CRED</DbtCdtRptgInd><Dtls><Tp>KBe</Tp><Cd>19</Cd></Dtls></RgltryRptg>
      <RmtInf><Ustrd>Заработная плата за ноябрь 2025 года согласно ведомости № 11 от 24.11.2025, без НДС</Ustrd></RmtInf>
    </CdtTrfTxInf>
    <CdtTrfTxInf>
      <PmtId><InstrId>SAL2511-001-2</InstrId><EndToEndId>000452</EndToEndId><TxId>SAL2511-001-2</TxId></PmtId>
      <IntrBkSttlmAmt Ccy="KZT">287500.50</IntrBkSttlmAmt>
      <ChrgBr>SLEV</ChrgBr>
      <Dbtr><Nm>ТОО «Алматы Құрылыс Сервис»</Nm><Id><OrgId><Othr><Id>940140000385</Id><SchmeNm><Prtry>BIN</Prtry></SchmeNm></Othr></OrgId></Id></Dbtr>
      <DbtrAcct><Id><IBAN>KZ18722S000012345678</IBAN></Id></DbtrAcct>
      <DbtrAgt><FinInstnId><BICFI>CASPKZKA</BICFI></FinInstnId></DbtrAgt>
      <CdtrAgt><FinInstnId><BICFI>CASPKZKA</BICFI></FinInstnId></CdtrAgt>
      <Cdtr><Nm>Иванова Мария Петровна</Nm></Cdtr>
      <CdtrAcct><Id><IBAN>KZ14722C000000000002</IBAN></Id></CdtrAcct>
      <Purp><Prtry>311</Prtry></Purp>
      <RgltryRptg><DbtCdtRptgInd>DEBT</DbtCdtRptgInd><Dtls><Tp>KOd</Tp><Cd>17</Cd></Dtls></RgltryRptg>
      <RgltryRptg><DbtCdtRptgInd>CRED</DbtCdtRptgInd><Dtls><Tp>KBe</Tp><Cd>19</Cd></Dtls></RgltryRptg>
    </CdtTrfTxInf>
  </FIToFICstmrCdtTrf>
</Document>
`

describe('MT102 and pacs.008 for the same payments', () => {
  it('read to the same PaymentBatch', () => {
    const fromMt = mt102Codec.read(MT102)
    expect(fromMt).toEqual(exampleBatch())
    expect(pacs008.read(PACS008)).toEqual(fromMt)
  })

  it('MT102 → batch → pacs.008 XML → batch → MT102 gives the same text', () => {
    const xml = pacs008.write(mt102Codec.read(MT102))
    expect(mt102Codec.write(pacs008.read(xml))).toBe(MT102)
  })

  it('the same, for generated batches (property)', () => {
    fc.assert(
      fc.property(arbMt102Batch(8), (batch) => {
        const text = mt102Codec.write(batch)
        const viaIso = pacs008.read(pacs008.write(mt102Codec.read(text)))
        expect(viaIso).toEqual(batch)
        expect(mt102Codec.write(viaIso)).toBe(text)
      }),
      { numRuns: 100 }
    )
  })
})
