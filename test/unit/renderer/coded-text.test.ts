// What the core sends as a code with parameters reaches the screen in the user's language: kk, ru and en from the
// real messages, the figures as the locale writes them, and a row kept before codes in its own words.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.hoisted(() => void Object.assign(globalThis, { window: { api: {} } }))
// The documents' texts name parties from the session (the user's own bank): nobody is signed in here.
vi.mock('../../../src/renderer/src/stores/session.ts', () => ({ useSessionStore: () => ({ user: null }) }))
vi.mock('vue-i18n', async (importOriginal) => (await import('./real-messages')).realI18n(await importOriginal()))
import { useI18n } from 'vue-i18n'
import type { CodedText, LineError, Reason } from '../../../src/core/api/types'
import { rendererModule } from './real-messages'

type Worder = (c: CodedText | null) => string
const { useOperationText } = (await import(rendererModule('views/operations/useOperationText.ts'))) as { useOperationText: () => { deliveryFailure: Worder } }
const { useMessageText } = (await import(rendererModule('views/messages/useMessageText.ts'))) as { useMessageText: () => { lineError: (e: LineError) => string } }
const { useDocumentText } = (await import(rendererModule('views/documents/useDocumentText.ts'))) as {
  useDocumentText: () => { accessDetail: Worder; refusal: (e: unknown) => string; failureData: (f: { code: string; detail: string; reason?: Reason }) => string | null }
}
const { CallFailure } = (await import(rendererModule('api/call.ts'))) as { CallFailure: new (code: string, message: string, details: readonly string[], reasons: readonly Reason[]) => Error }
const { useErrorMessage } = (await import(rendererModule('composables/useErrorMessage.ts'))) as { useErrorMessage: () => { text: (e: unknown) => string; ruled: (r: Reason) => string | null } }
const { useDisputeText } = (await import(rendererModule('views/disputes/useDisputeText.ts'))) as {
  useDisputeText: () => { bundleRefusal: (e: unknown) => string; verificationFailure: (f: { code: string; detail: string; reason?: Reason }) => string }
}
const { useClearingText } = (await import(rendererModule('views/clearing/useClearingText.ts'))) as { useClearingText: () => { closeFailure: Worder; queueResult: Worder } }

const LANGS = ['kk', 'ru', 'en'] as const
const inLocale = <T>(locale: string, make: () => T): T => {
  ;(useI18n().locale as { value: string }).value = locale
  return make()
}
const each = (word: (lang: string) => string): Record<string, string> => Object.fromEntries(LANGS.map((l) => [l, word(l)]))

beforeEach(() => setActivePinia(createPinia()))

describe('the last error of an outbox delivery (the operation’s page, a participant’s status history)', () => {
  const failure = (c: CodedText | null) => each((l) => inLocale(l, useOperationText).deliveryFailure(c))

  it('words the receiver’s refusal with its HTTP status', () => {
    expect(failure({ code: 'receiver_status', params: { status: 503 }, message: 'the receiver answered 503' })).toEqual({
      kk: 'Алушы жеткізуден бас тартты (HTTP 503)',
      ru: 'Получатель отклонил доставку (HTTP 503)',
      en: 'The receiver refused the delivery (HTTP 503)'
    })
  })

  it('words no answer, and an unreachable receiver kept before its network error was named as it was', () => {
    expect(failure({ code: 'no_answer', params: { ms: 5000 }, message: 'the receiver did not answer within 5000 ms' }).ru).toBe('Получатель не ответил вовремя')
    expect(failure({ code: 'unreachable', params: { reason: 'ECONNREFUSED' }, message: 'connect ECONNREFUSED' }).kk).toBe('Алушыға қосылу мүмкін емес (ECONNREFUSED)')
  })

  // «Получатель недоступен (ECONNREFUSED)»: the system's code, not what happened.
  it('says what the network answered when the receiver cannot be reached, not the system’s code', () => {
    expect(failure({ code: 'network', params: { networkError: 'ECONNREFUSED' }, message: 'connect ECONNREFUSED 127.0.0.1:9' })).toEqual({
      kk: 'Алушыға қосылу мүмкін емес: қосылудан бас тартылды',
      ru: 'Получатель недоступен: в соединении отказано',
      en: 'The receiver cannot be reached: the connection was refused'
    })
    for (const networkError of ['ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'other'])
      for (const [lang, text] of Object.entries(failure({ code: 'network', params: { networkError }, message: `connect ${networkError}` }))) expect(text, `${lang}: ${networkError}`).not.toMatch(/E[A-Z_]{3,}|other/)
  })

  it('keeps an error it cannot name, or one kept before codes, in its own words; none is a dash', () => {
    expect(failure({ code: 'failed', params: {}, message: 'socket hang up' }).ru).toBe('Доставка не удалась: socket hang up')
    expect(failure({ code: 'text', params: {}, message: 'the receiver answered 502' }).kk).toBe('the receiver answered 502')
    expect(failure(null).en).toBe('—')
  })
})

describe('why a day’s close stopped (the day console, the days’ history)', () => {
  const failure = (c: CodedText | null) => each((l) => inLocale(l, useClearingText).closeFailure(c))
  const plain = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([l, s]) => [l, s.replace(/\s/g, ' ')]))

  it('words positions off balance with the currency and the amount, written as the locale writes money', () => {
    expect(plain(failure({ code: 'unbalanced', params: { currency: 'KZT', sumMinor: 150_000 }, message: 'net positions do not sum to zero: KZT 150000' }))).toEqual({
      kk: 'Нетто-позициялардың қосындысы нөлге тең емес: айырма 1 500,00 KZT',
      ru: 'Нетто-позиции не сходятся к нулю: расхождение 1 500,00 KZT',
      en: 'The net positions do not sum to zero: they are off by KZT 1,500.00'
    })
  })

  it('words operations not yet recorded, and frames an unexpected failure in the user’s language', () => {
    expect(failure({ code: 'operations_pending', params: { seq: 1204 }, message: 'operations up to 1204 are not all committed' }).kk).toBe('№ 1204 дейінгі операциялардың бәрі әлі жазылмаған')
    expect(failure({ code: 'failed', params: {}, message: 'the disk is full' }).ru).toBe('Закрытие остановлено непредвиденной ошибкой: the disk is full')
    expect(failure({ code: 'text', params: {}, message: 'net positions do not sum to zero: KZT 1' }).en).toBe('net positions do not sum to zero: KZT 1')
  })
})

describe('what a file queued for the close came to (the close screen’s queue, on hover)', () => {
  const result = (c: CodedText | null) => each((l) => inLocale(l, useClearingText).queueResult(c).replace(/\s/g, ' '))

  it('words a processed file with its transactions executed and rejected, counts grouped as the locale groups them', () => {
    expect(result({ code: 'file_processed', params: { executedCount: 1204, rejectedCount: 1 }, message: '1204 executed, 1 rejected' })).toEqual({
      kk: 'Өңделді: 1 204 орындалды, 1 қабылданбады',
      ru: 'Обработан: исполнено 1 204, отклонено 1',
      en: 'Processed: 1,204 executed, 1 rejected'
    })
  })

  it('words a file no longer queued and a kind nothing processes; frames an unexpected failure; keeps a row of before as it was', () => {
    expect(result({ code: 'not_queued', params: { reference: '17' }, message: 'payment file #17 is not queued' }).ru).toBe('Платёжный файл № 17 уже не в очереди')
    expect(result({ code: 'no_processor', params: { kind: 'x_file' }, message: 'no processor for x_file items' }).kk).toBe('Бұл түрдегі файлдар (x_file) күнді жабу кезінде өңделмейді')
    expect(result({ code: 'failed', params: {}, message: 'database is locked' }).ru).toBe('Обработка остановилась из-за непредвиденной ошибки: database is locked')
    expect(result({ code: 'text', params: {}, message: '2 executed, 1 rejected' }).kk).toBe('2 executed, 1 rejected')
    expect(result(null).en).toBe('')
  })
})

describe('a refused revocation request (camt.056) and a dispute’s refusals', () => {
  const line = (e: LineError) => each((l) => inLocale(l, useMessageText).lineError(e).replace(/\s/g, ' '))
  const refusal = (rule: string, params: Record<string, string | number>) =>
    each((l) => inLocale(l, useErrorMessage).text(new CallFailure('CONFLICT', 'the English sentence', [], [{ rule, params }])).replace(/\s/g, ' '))

  it('words the disputes’ rule on the messages screen, with its figures', () => {
    const e: LineError = { line: 0, code: 'revocation_refused', params: { rule: 'disputes.assigner_bic', bic: 'HSBKKZKX', party: 'P001', participantBic: 'CASPKZKA' }, message: 'the request was assigned by HSBKKZKX, not by P001 (CASPKZKA)' }
    expect(line(e)).toEqual({
      kk: 'Кері қайтарып алу сұрауы қабылданбады: Сұрауды P001 (CASPKZKA) емес, HSBKKZKX жіберген',
      ru: 'Запрос на отзыв отклонён: Запрос направлен от HSBKKZKX, а не от P001 (CASPKZKA)',
      en: 'The revocation request was refused: The request was assigned by HSBKKZKX, not by P001 (CASPKZKA)'
    })
    // A rule this desk has no words for: the core's sentence, framed.
    expect(line({ ...e, params: { rule: 'disputes.some_new_rule' } }).en).toBe('The revocation request was refused: the request was assigned by HSBKKZKX, not by P001 (CASPKZKA)')
  })

  it('words a claim above what is left to revoke with amounts as the locale writes money, and a closed case', () => {
    expect(refusal('disputes.claim_above_open', { seq: 42, openMinor: 150_000, claimedMinor: 200_000, currency: 'KZT' }).ru).toBe('Невозможно в текущем состоянии: По операции № 42 к отзыву осталось 1 500,00 KZT; заявлено 2 000,00 KZT'.replace(/\s/g, ' '))
    expect(refusal('disputes.case_closed', { number: 'D-2026-000001' }).kk).toContain('D-2026-000001 ісі жабылған')
    expect(refusal('disputes.filing_ended_operational', { seq: 7, lastDay: '2026-11-30', count: 10 }).en).toContain('ended on 30/11/2026 (10 operational days)')
  })

  // An action the case's state does not allow showed the core's English ("case D-…: a case in closed/rejected cannot be …").
  it('words an action the case’s state does not allow with the case, its stage, its status and the action in the user’s words', () => {
    const params = { number: 'DSP-2026-000012', disputeAction: 'appeal', disputeStage: 'closed', disputeStatus: 'rejected' }
    expect(refusal('disputes.action_not_allowed', params)).toEqual({
      kk: 'Ағымдағы күйде мүмкін емес: DSP-2026-000012 дауы «Жабық» кезеңінде, «Қабылданбады» мәртебесінде: «Шағымдану» әрекеті қолжетімсіз',
      ru: 'Невозможно в текущем состоянии: Спор DSP-2026-000012 на этапе «Закрыт», в статусе «Отклонён»: действие «Обжаловать» недоступно',
      en: 'Not possible in the current state: Case DSP-2026-000012 at the stage “Closed”, status “Rejected”: the action “Appeal” is not available'
    })
    // Every action a user can be refused, in words, never its code.
    for (const action of ['take', 'request_information', 'answer', 'decide', 'appeal', 'close', 'withdraw'])
      for (const [lang, text] of Object.entries(refusal('disputes.action_not_allowed', { ...params, disputeAction: action }))) expect(text, `${lang}: ${action}`).not.toContain(action)
  })
  // A decision whose money the Center would not take back showed its English: «… the operation could not be reversed: reversal.insufficient_funds (1825)».
  it('words the Center’s refusal of a decision’s reversal with the Center’s reason as the operations’ screens word it', () => {
    const params = { number: 'DSP-2026-000003', seq: 1204, centerReason: 'reversal.insufficient_funds', resultCode: '1825' }
    expect(refusal('disputes.reversal_refused', params)).toEqual({
      kk: 'Ағымдағы күйде мүмкін емес: Орталық DSP-2026-000003 дауы бойынша № 1204 операцияны сторнирлемеді: Ақша жұмсалып қойған: сторно шот қалдығын ең төменгі мөлшерден кем етеді (1825 коды)',
      ru: 'Невозможно в текущем состоянии: Центр не сторнировал операцию № 1204 по спору DSP-2026-000003: Деньги уже израсходованы: сторно опустит остаток счёта ниже минимума (код 1825)',
      en: 'Not possible in the current state: The Center did not reverse the operation № 1204 for case DSP-2026-000003: The money has already been spent: the reversal would take an account below its minimum (code 1825)'
    })
    for (const [lang, text] of Object.entries(refusal('disputes.reversal_refused', { ...params, centerReason: 'original.reversed', resultCode: '1814' }))) expect(text, lang).not.toContain('original.reversed')
    // A reason this desk has no words for is shown as the Center's code.
    expect(refusal('disputes.reversal_refused', { ...params, centerReason: 'center.some_new_reason' }).en).toContain(': center.some_new_reason (code 1825)')
  })
})

describe('a refusal of the clearing, its reports and the message export (the clearing and messages screens)', () => {
  const refusal = (code: string, message: string, reason: Reason) => each((l) => inLocale(l, useErrorMessage).text(new CallFailure(code, message, [], [reason])).replace(/\s/g, ' '))

  it('words a period reaching a day not cleared with the day and its state as the locale writes them, not in English (R3.1.3)', () => {
    const reason = { rule: 'clearing.report_day_not_cleared', params: { day: '2026-11-30', dayStatus: 'open' } }
    expect(refusal('CONFLICT', "operational day 2026-11-30 is open: a period's report covers cleared days only", reason)).toEqual({
      kk: 'Ағымдағы күйде мүмкін емес: 30.11.2026 операциялық күнінің күйі «Ашық»: кезеңге есеп тек клиринг жасалған күндерді қамтиды',
      ru: 'Невозможно в текущем состоянии: операционный день 30.11.2026 в состоянии «Открыт»: отчёт за период охватывает только дни с выполненным клирингом',
      en: 'Not possible in the current state: operational day 30/11/2026 is “Open”: a period’s report covers cleared days only'
    })
  })

  // «…: record the settlement bank’s funds first» was said after each bank short, as many times as banks (R7.6).
  it('words a settlement short of funds, each bank by its own reason, then once what to do, in kk, ru and en, each amount in its currency as the locale writes money (R7.6, R9.4.5, R9.4.7)', () => {
    const short = (party: string, lackMinor: number, currency: string) => ({ rule: 'clearing.settlement_short', params: { party, lackMinor, currency, instruction: `STL-20261122-${party}-${currency}` } })
    const worded = each((l) =>
      inLocale(l, useErrorMessage).text(new CallFailure('CONFLICT', 'the settlement cannot be finalized: …', [], [short('P003', 1_234_567_89, 'KZT'), short('P004', 50_00, 'USD'), { rule: 'clearing.record_funds_first' }])).replace(/\s/g, ' ')
    )
    expect(worded).toEqual({
      kk: 'Ағымдағы күйде мүмкін емес: P003 қатысушысына STL-20261122-P003-KZT бойынша 1 234 567,89 KZT жетпейді; P004 қатысушысына STL-20261122-P004-USD бойынша 50,00 USD жетпейді; алдымен есеп айырысу банкіндегі қаражатты тіркеңіз',
      ru: 'Невозможно в текущем состоянии: у P003 не хватает 1 234 567,89 KZT по STL-20261122-P003-KZT; у P004 не хватает 50,00 USD по STL-20261122-P004-USD; сначала зарегистрируйте средства в расчётном банке',
      en: 'Not possible in the current state: P003 lacks KZT 1,234,567.89 for STL-20261122-P003-KZT; P004 lacks USD 50.00 for STL-20261122-P004-USD; record the settlement bank’s funds first'
    })
  })

  it('words a statement asked for a day still open on the messages screen', () => {
    const reason = { rule: 'messages.day_not_closed', params: { day: '2026-11-30', dayStatus: 'closing' } }
    expect(refusal('CONFLICT', 'operational day 2026-11-30 is closing: its statement is made once it has closed', reason).kk).toContain('30.11.2026 операциялық күнінің күйі «Жабылуда»')
  })
})

describe('a refused payment file’s problems (the messages screen)', () => {
  const line = (e: LineError) => each((l) => inLocale(l, useMessageText).lineError(e).replace(/\s/g, ' '))

  it('words a rule of the desk’s with its figures: a day as the locale writes days, a transaction’s field in words', () => {
    expect(line({ line: 0, code: 'settlement_day_later', params: { settlementDay: '2026-11-30', day: '2026-11-23' }, message: 'the settlement date 2026-11-30 is after …' }).ru).toBe(
      'Дата расчёта 30.11.2026 позже операционного дня 23.11.2026: файл исполняется при закрытии дня, в который он поступил'
    )
    expect(line({ line: 0, code: 'tx_invalid', params: { n: 1, txId: 'TX-1', field: 'amount' }, message: 'transaction 1 (TX-1): amount must be greater than zero; …' })).toEqual({
      kk: '1-транзакция (TX-1): жарамсыз мән — сома; Орталық оны күн жабылғанда қабылдамас еді',
      ru: 'Транзакция 1 (TX-1): недопустимое значение — сумма; Центр отклонил бы её при закрытии дня',
      en: 'Transaction 1 (TX-1): the amount is not acceptable; the Center would refuse it at the close'
    })
    expect(line({ line: 0, code: 'addressee_bic', params: { bic: 'NBRKKZKX', operatorBic: 'KZPSKZKA' }, message: 'the file is addressed to NBRKKZKX, …' }).ru).toBe('Файл адресован NBRKKZKX, а не оператору (БИК KZPSKZKA)')
    // R4.1: a file goes to the settlement bank; the refusal names it, and the operator, in each language.
    expect(line({ line: 0, code: 'addressee_not_settlement_bank', params: { bic: 'NBRKKZKX', settlementBankBic: 'CASPKZKA', operatorBic: 'KZPSKZKA' }, message: 'the file is addressed to NBRKKZKX, …' })).toEqual({
      kk: 'Файл есеп айырысу банкінің (CASPKZKA) немесе оператордың (KZPSKZKA) БСК-сына емес, NBRKKZKX атына жолданған',
      ru: 'Файл адресован NBRKKZKX, а не расчётному банку (БИК CASPKZKA) и не оператору (БИК KZPSKZKA)',
      en: 'The file is addressed to NBRKKZKX, not to the settlement bank’s BIC CASPKZKA nor the operator’s KZPSKZKA'
    })
    expect(line({ line: 0, code: 'too_large', params: { bytes: 60 * 1024 * 1024, limitBytes: 50 * 1024 * 1024 }, message: '' }).ru).toBe('Размер файла 60 МБ; принимается не более 50 МБ')
  })

  it('words why a file failed its checks: the guard’s and the detection’s findings, and which check cites its own words', () => {
    expect(line({ line: 2, code: 'doctype', params: {}, message: 'DOCTYPE (document type declaration) refused: …' })).toEqual({
      kk: 'Құжат түрін жариялау (DOCTYPE) қабылданбайды: төлем хабарламаларында ол болмауы керек (ол арқылы бөтен файлдарды оқуға және жадты толтыруға болады)',
      ru: 'Объявление типа документа (DOCTYPE) не принимается: в платёжных сообщениях его быть не может (через него читают чужие файлы и переполняют память)',
      en: 'A document type declaration (DOCTYPE) is refused: payment messages may not have one (it can be used to read other files or exhaust memory)'
    })
    expect(line({ line: 1, code: 'encoding', params: { encoding: 'windows-1251' }, message: 'encoding windows-1251 refused: …' }).ru).toBe('Кодировка windows-1251 не принимается: только UTF-8')
    const schema = { line: 12, code: 'schema', params: { format: 'pacs.008.001.08' }, message: "Element 'Dbtr': This element is not expected.", detail: "Element 'Dbtr': This element is not expected." } as const
    expect(line(schema)).toEqual({ kk: 'Файл pacs.008.001.08 ресми схемасына сәйкес келмейді', ru: 'Файл не соответствует официальной схеме pacs.008.001.08', en: 'The file does not follow the official schema of pacs.008.001.08' })
    expect(line({ line: 3, code: 'codec', params: { format: 'MT102' }, message: 'line 3: …' }).ru).toBe('Содержимое файла MT102 недопустимо')
  })

  // «cannot read /mnt/in/pay.xml: ENOENT» in English on a Russian desk (R4.1, R12).
  it('says why a file named by path could not be taken, as a problem and as an import’s refusal, not the system’s code', () => {
    expect(line({ line: 0, code: 'file_unreadable', params: { path: '/mnt/in/pay.xml', fileError: 'ENOENT' }, message: 'cannot read /mnt/in/pay.xml: ENOENT' })).toEqual({
      kk: '/mnt/in/pay.xml оқылмайды: файл немесе қалта табылмады',
      ru: '/mnt/in/pay.xml не читается: файл или папка не найдены',
      en: '/mnt/in/pay.xml cannot be read: the file or folder does not exist'
    })
    expect(line({ line: 0, code: 'not_a_file', params: { path: '/mnt/in' }, message: '/mnt/in is not a file' }).ru).toBe('/mnt/in — не файл')
    const refused = (rule: string, params: Record<string, string | number>) => each((l) => inLocale(l, useErrorMessage).text(new CallFailure('VALIDATION', 'in English', [], [{ rule, params }])).replace(/\s/g, ' '))
    expect(refused('messages.file_unreadable', { path: '/mnt/in/pay.xml', fileError: 'EACCES' }).ru).toMatch(/: \/mnt\/in\/pay\.xml не читается: нет доступа$/)
    expect(refused('messages.file_too_large', { bytes: 60 * 1024 * 1024, limitBytes: 50 * 1024 * 1024 })).toEqual({
      kk: expect.stringMatching(/: файл көлемі 60 МБ; 50 МБ аспауы керек$/),
      ru: expect.stringMatching(/: размер файла 60 МБ; принимается не более 50 МБ$/),
      en: expect.stringMatching(/: the file is 60 MB; at most 50 MB are accepted$/)
    })
    expect(refused('messages.not_a_file', { path: '/mnt/in' }).kk).toMatch(/: \/mnt\/in файл емес$/)
  })

  // An export written over yesterday's statement without a word, or «ENOSPC» in English (R9.3.7, R12.1).
  it('says an export would write over a file, or what the file system answered when it could not be written', () => {
    const refused = (rule: string, params: Record<string, string | number>) => each((l) => inLocale(l, useErrorMessage).text(new CallFailure('CONFLICT', 'in English', [], [{ rule, params }])).replace(/\s/g, ' '))
    expect(refused('messages.out_exists', { path: '/mnt/out/st.xml' }).ru).toMatch(/: \/mnt\/out\/st\.xml уже существует: экспорт не записывает поверх файла; выберите другое имя$/)
    expect(refused('messages.out_unwritable', { path: '/mnt/out/st.xml', fileError: 'ENOSPC' })).toEqual({
      kk: expect.stringMatching(/: \/mnt\/out\/st\.xml жазылмайды: дискіде орын жоқ$/),
      ru: expect.stringMatching(/: \/mnt\/out\/st\.xml не записывается: нет места на диске$/),
      en: expect.stringMatching(/: \/mnt\/out\/st\.xml cannot be written: no space is left on the disk$/)
    })
  })

  it('keeps a schema’s or a codec’s own words, as the participant’s systems name the line', () => {
    expect(line({ line: 12, message: "Element 'IntrBkSttlmAmt': '-5' is not a valid value" }).kk).toBe("Element 'IntrBkSttlmAmt': '-5' is not a valid value")
  })
})

describe('a confidential document’s access log and refusals (R14.4)', () => {
  const detail = (c: CodedText | null) => each((l) => inLocale(l, useDocumentText).accessDetail(c))

  it('words what a refused attempt was, and where a forward went with its consent', () => {
    expect(detail({ code: 'download', params: { n: 2 }, message: 'download of attachment 2' })).toEqual({ kk: '2-тіркемені жүктеу', ru: 'загрузка вложения 2', en: 'download of attachment 2' })
    expect(detail({ code: 'open', params: {}, message: 'open' }).kk).toBe('құжатты ашу')
    expect(detail({ code: 'forwarded_to', params: { party: 'P002', number: 'DOC-2026-000002', reference: 'CONSENT-17', grantedOnDay: '2026-11-20', grantedBy: 'operator' }, message: '' }).ru).toBe(
      'P002, как DOC-2026-000002; согласие CONSENT-17 от 20.11.2026, дал(а) Оператор платёжной системы'
    )
  })

  it('shows an attachment’s or a file’s name as it is, and no detail as a dash', () => {
    expect(detail({ code: 'text', params: {}, message: 'act.pdf' }).ru).toBe('act.pdf')
    expect(detail(null).kk).toBe('—')
  })

  it('says why an attachment cannot be downloaded in the user’s language', () => {
    const e = new CallFailure('NOT_FOUND', 'DOC-2026-000001 has 1 attachment(s); there is no attachment 6', [], [{ rule: 'documents.no_attachment', params: { number: 'DOC-2026-000001', count: 1, n: 6 } }])
    expect(inLocale('ru', useDocumentText).refusal(e)).toBe('Не найдено: у DOC-2026-000001 вложений: 1; вложения 6 нет')
  })

  // «Не найдено: no document 0…», «your participant is not registered»: the core's English (R14.2).
  it('says a document is not here, or the user’s participant is not registered, in the user’s language', () => {
    const missing = new CallFailure('NOT_FOUND', 'no document 01J', [], [{ rule: 'documents.no_document', params: { id: '01J' } }])
    expect(each((l) => inLocale(l, useDocumentText).refusal(missing))).toEqual({
      kk: 'Табылмады: Бұл жұмыс орнында мұндай құжат жоқ (01J)',
      ru: 'Не найдено: Такого документа на этом рабочем месте нет (01J)',
      en: 'Not found: There is no such document at this desk (01J)'
    })
    const unregistered = new CallFailure('NOT_FOUND', 'your participant is not registered', [], [{ rule: 'registry.own_participant_missing', params: {} }])
    expect(each((l) => inLocale(l, useDocumentText).refusal(unregistered))).toEqual({
      kk: 'Табылмады: сіздің банкіңіз қатысушы ретінде тіркелмеген',
      ru: 'Не найдено: ваш банк не зарегистрирован как участник',
      en: 'Not found: your bank is not registered as a participant'
    })
  })

  it('says why a document cannot be sent or forwarded, sizes as the locale writes them', () => {
    const big = new CallFailure('VALIDATION', 'attachments: 22020096 bytes in all, more than the 20 MB a document may carry', [], [{ rule: 'documents.attachments_too_large', params: { bytes: 22_020_096, limitBytes: 20_971_520 } }])
    const text = each((l) => inLocale(l, useDocumentText).refusal(big))
    expect(text.en).toMatch(/^.+: The attachments take 21(\.0)? MB in all, more than the 20(\.0)? MB a document may carry$/)
    expect(text.ru).toContain('Вложения занимают 21')
    expect(text.kk).toContain('Тіркемелер барлығы 21')
    const has = new CallFailure('CONFLICT', 'P002 already has DOC-2026-000001', [], [{ rule: 'documents.party_has_it', params: { party: 'P002', number: 'DOC-2026-000001' } }])
    expect(inLocale('kk', useDocumentText).refusal(has)).toContain('P002 тарапында DOC-2026-000001 бар')
  })

  // «Конфликт: out: /mnt/out/DOC-2026-000001.p7m exists; an export does not overwrite a file» (R14.2).
  it('says an export would write over a file, naming the file as it is', () => {
    const e = new CallFailure('CONFLICT', 'out: /mnt/out/DOC-2026-000001.p7m exists; an export does not overwrite a file', [], [{ rule: 'documents.out_exists', params: { path: '/mnt/out/DOC-2026-000001.p7m' } }])
    const text = each((l) => inLocale(l, useDocumentText).refusal(e).replace(/\s/g, ' '))
    expect(text.ru).toMatch(/: \/mnt\/out\/DOC-2026-000001\.p7m уже существует: экспорт не записывает поверх файла; выберите другое имя или папку$/)
    expect(text.kk).toMatch(/: \/mnt\/out\/DOC-2026-000001\.p7m бұрыннан бар: экспорт файлдың үстіне жазбайды/)
    expect(text.en).toMatch(/: \/mnt\/out\/DOC-2026-000001\.p7m already exists: an export does not write over a file/)
  })
})

// «the document cannot be read: the signed content is not a document (…)» and «… (no valid signer)»: the core's English (R14.2).
describe('a signed file that holds no document, or no valid signer', () => {
  it('says so in the user’s language, not the core’s English', () => {
    const notDocument = new CallFailure('VALIDATION', 'the document cannot be read: the signed content is not a document (Unexpected token)', ['the signed content is not a document (Unexpected token)'], [{ rule: 'documents.not_a_document', params: {} }])
    expect(each((l) => inLocale(l, useDocumentText).refusal(notDocument))).toEqual({
      kk: 'Кейбір өрістер дұрыс толтырылмаған: қол қойылған файлда АЖО оқи алатын құжат жоқ',
      ru: 'Некоторые поля заполнены неверно: в подписанном файле нет документа, который АРМ может прочитать',
      en: 'Some fields are not filled in correctly: the signed file holds no document this desk can read'
    })
    const noSigner = new CallFailure('VALIDATION', 'act.p7m: the signature is not valid (no valid signer)', ['no signer of the file is valid'], [{ rule: 'trust.no_valid_signer', params: {} }])
    expect(each((l) => inLocale(l, useDocumentText).refusal(noSigner))).toEqual({
      kk: 'Кейбір өрістер дұрыс толтырылмаған: файлдағы бірде-бір қолтаңба дұрыс емес',
      ru: 'Некоторые поля заполнены неверно: ни одна подпись в файле не верна',
      en: 'Some fields are not filled in correctly: no signature in the file holds'
    })
  })
})

// «Ваши роли не позволяют это действие» alone, the core's English «the access log of … is for its parties' staff» unseen (R14.5).
describe('the access log of another party’s document', () => {
  it('says whose staff read it, in the user’s language', () => {
    const e = new CallFailure('FORBIDDEN', "the access log of DOC-2026-000001 is for its parties' staff and for auditors", [], [{ rule: 'documents.log_not_yours', params: { number: 'DOC-2026-000001' } }])
    expect(each((l) => inLocale(l, useDocumentText).refusal(e))).toEqual({
      kk: 'Рөлдеріңіз бұл әрекетке рұқсат бермейді: DOC-2026-000001 құжатына қол жеткізу журналын тек оның тараптарының құжаттарды оқи алатын қызметкерлері мен аудиторлар көреді',
      ru: 'Ваши роли не позволяют это действие: журнал доступа к DOC-2026-000001 видят только сотрудники его сторон, которым разрешено читать документы, и аудиторы',
      en: 'Your roles do not allow this: the access log of DOC-2026-000001 is for the staff of its parties allowed to read documents, and for auditors'
    })
  })
})

// «Ваши роли не позволяют это действие» alone, the core's English «DOC-… is not a document of your party (P001)» unseen (R14.4).
describe('another party’s document', () => {
  it('says whose document it is not, in the user’s language', () => {
    const e = new CallFailure('FORBIDDEN', 'DOC-2026-000001 is not a document of your party (P001)', [], [{ rule: 'documents.not_yours', params: { number: 'DOC-2026-000001', party: 'P001' } }])
    expect(each((l) => inLocale(l, useDocumentText).refusal(e))).toEqual({
      kk: 'Рөлдеріңіз бұл әрекетке рұқсат бермейді: DOC-2026-000001 сіздің тарапыңыздың (P001) құжаты емес: онымен тек оны жіберген және алған тараптардың қызметкерлері жұмыс істейді',
      ru: 'Ваши роли не позволяют это действие: DOC-2026-000001 — не документ вашей стороны (P001): с ним работают только сотрудники отправившей его стороны и сторон-получателей',
      en: 'Your roles do not allow this: DOC-2026-000001 is not a document of your party (P001): only the staff of the party that sent it and of those it went to work with it'
    })
  })
})

// «Не найдено: no operation 999999»: the core's English, when a dispute's form or the operation's page asks for a number not in the journal.
describe('an operation not in the journal', () => {
  it('says so with its number, in the user’s language', () => {
    const e = new CallFailure('NOT_FOUND', 'no operation 999999', [], [{ rule: 'operations.no_operation', params: { seq: 999_999 } }])
    expect(each((l) => inLocale(l, useErrorMessage).text(e))).toEqual({
      kk: 'Табылмады: журналда № 999999 операция жоқ',
      ru: 'Не найдено: в журнале нет операции № 999999',
      en: 'Not found: there is no operation No. 999999 in the journal'
    })
  })
})

// «Не найдено: no backup named workstation-…»: the core's English, for a backup that left its folder after the list was shown.
describe('a backup no longer in its folder', () => {
  it('says which, in the user’s language', () => {
    const e = new CallFailure('NOT_FOUND', 'no backup named workstation-20261123-090000.db in /data/backups', [], [{ rule: 'backups.no_backup', params: { name: 'workstation-20261123-090000.db', dir: '/data/backups' } }])
    expect(each((l) => inLocale(l, useErrorMessage).text(e))).toEqual({
      kk: 'Табылмады: /data/backups қалтасында workstation-20261123-090000.db резервтік көшірмесі жоқ',
      ru: 'Не найдено: резервной копии workstation-20261123-090000.db нет в папке /data/backups',
      en: 'Not found: there is no backup workstation-20261123-090000.db in /data/backups'
    })
  })
})

describe('an operation entered by hand, refused for a rule of the operation', () => {
  it('says which rule in the user’s language, naming the field', () => {
    const e = new CallFailure('VALIDATION', 'invalid input for operations.submit', ['channel: cash is withdrawn at a terminal or a cash desk'], [{ rule: 'cash_channel', value: 'channel' }])
    const text = each((l) => inLocale(l, useErrorMessage).text(e))
    expect(text.ru).toBe('Некоторые поля заполнены неверно: Канал: наличные снимаются в терминале или кассе')
    expect(text.kk).toContain('Арна: қолма-қол ақша терминалда немесе кассада алынады')
    expect(text.en).toContain('Channel: cash is withdrawn at a terminal or a cash desk')
  })
})

describe('the journal’s filter refused for an amount range upside down (R7.5)', () => {
  it('says the lower amount is above the upper one, naming both fields, in the user’s language', () => {
    const e = new CallFailure('VALIDATION', 'invalid input for operations.list', ['amountMin: must not be above amountMax (100)'], [{ rule: 'amount_min_above_max', value: 'amountMin' }])
    expect(each((l) => inLocale(l, useErrorMessage).text(e))).toEqual({
      kk: 'Кейбір өрістер дұрыс толтырылмаған: Сомасы бастап: «Сомасы дейін» мәнінен көп бола алмайды',
      ru: 'Некоторые поля заполнены неверно: Сумма от: не может быть больше, чем «Сумма до»',
      en: 'Some fields are not filled in correctly: Amount from: cannot be more than “Amount to”'
    })
  })
})

// A name with a control character was taken, and the statement carrying it failed as an internal error (R3.2, R9.3.7).
describe('a registry name holding a character that cannot be used', () => {
  it('says so at the call, naming the field, in the user’s language', () => {
    const e = new CallFailure('VALIDATION', 'invalid input for clients.create', ['name: must not hold a control character'], [{ rule: 'unusable_character', value: 'name' }])
    expect(each((l) => inLocale(l, useErrorMessage).text(e))).toEqual({
      kk: 'Кейбір өрістер дұрыс толтырылмаған: Атауы: қолдануға болмайтын таңба бар (табуляция немесе жол ауысуы сияқты басқарушы таңба)',
      ru: 'Некоторые поля заполнены неверно: Наименование: содержит символ, который нельзя использовать (управляющий символ, например табуляцию или перевод строки)',
      en: 'Some fields are not filled in correctly: Name: holds a character that cannot be used (a control character such as a tab or a line break)'
    })
  })

  it('says a dispute’s text holds a character a payment message cannot carry, lines and tabs being fine (R10.1)', () => {
    const e = new CallFailure('VALIDATION', 'invalid input for disputes.file', ['description: holds a character a payment message cannot carry'], [{ rule: 'message_character', value: 'description' }])
    const text = each((l) => inLocale(l, useErrorMessage).text(e))
    expect(text.ru).toMatch(/: содержит символ, который нельзя передать в платёжном сообщении \(управляющий символ, например NUL или ESC\); переносы строк и табуляция допустимы$/)
    expect(text.kk).toMatch(/: төлем хабарламасында жіберуге болмайтын таңба бар/)
    expect(text.en).toMatch(/: holds a character a payment message cannot carry \(a control character such as NUL or ESC\); line breaks and tabs are fine$/)
    // The field is named in words, not as `description`.
    for (const t of Object.values(text)) expect(t).not.toMatch(/description/)
  })

  it('says whose name stops a statement kept from before the rule', () => {
    const e = new CallFailure('CONFLICT', 'the name of P001 holds a character a message cannot carry', [], [{ rule: 'messages.name_unusable', params: { party: 'P001' } }])
    const text = each((l) => inLocale(l, useErrorMessage).text(e))
    expect(text.ru).toMatch(/: наименование P001 содержит символ, который нельзя использовать в сообщении \(управляющий символ\); выписка будет сформирована после исправления наименования$/)
    expect(text.kk).toMatch(/: P001 атауында хабарламада қолдануға болмайтын таңба бар/)
    expect(text.en).toMatch(/: the name of P001 holds a character that cannot be used in a message/)
  })
})

describe('a registry’s refusal (participants, terminals, accounts, instruments)', () => {
  it('words the rule with the statuses in the user’s language, not the core’s English', () => {
    const e = new CallFailure('CONFLICT', 'account KZ… is blocked; it cannot become open', [], [
      { rule: 'registry.account_transition', params: { iban: 'KZ86125KZT5004100100', accountStatus: 'closed', accountNext: 'open' } }
    ])
    expect(each((l) => inLocale(l, useErrorMessage).text(e))).toEqual({
      kk: 'Ағымдағы күйде мүмкін емес: KZ86125KZT5004100100 шотының мәртебесі «Жабық»: оны «Ашық» мәртебесіне ауыстыруға болмайды',
      ru: 'Невозможно в текущем состоянии: у счёта KZ86125KZT5004100100 статус «Закрыт»: его нельзя перевести в «Открыт»',
      en: 'Not possible in the current state: account KZ86125KZT5004100100 has the status “Closed”: it cannot become “Open”'
    })
  })

  it('words a participant’s status from the participants’ words, and leaves a value that is no status as it is', () => {
    const e = new CallFailure('CONFLICT', 'P002 is suspended: no new terminals', [], [{ rule: 'registry.acquirer_no_new_terminals', params: { code: 'P002', participantStatus: 'suspended' } }])
    expect(inLocale('ru', useErrorMessage).text(e)).toContain('у P002 статус «Приостановлен»')
    const odd = new CallFailure('CONFLICT', 'x', [], [{ rule: 'registry.acquirer_no_new_terminals', params: { code: 'P002', participantStatus: 'dormant' } }])
    expect(inLocale('en', useErrorMessage).text(odd)).toContain('P002 has the status “dormant”')
  })
})

describe('an administrator’s refusal (users, approvals, security settings)', () => {
  // The title was translated and the rest English: "Невозможно в текущем состоянии: a request for kaspi.operator already awaits approval".
  it('words the rule in the user’s language, a user’s status from the users’ words', () => {
    const pending = new CallFailure('CONFLICT', 'a request for kaspi.operator already awaits approval', [], [{ rule: 'users.approval_pending', params: { login: 'kaspi.operator' } }])
    expect(each((l) => inLocale(l, useErrorMessage).text(pending))).toEqual({
      kk: 'Ағымдағы күйде мүмкін емес: kaspi.operator бойынша сұрау келісімді күтіп тұр',
      ru: 'Невозможно в текущем состоянии: запрос по kaspi.operator уже ожидает согласования',
      en: 'Not possible in the current state: a request for kaspi.operator already awaits approval'
    })
    const blocked = new CallFailure('CONFLICT', 'kaspi.operator is blocked: unblock first', [], [{ rule: 'users.reset_not_active', params: { login: 'kaspi.operator', userStatus: 'blocked' } }])
    expect(each((l) => inLocale(l, useErrorMessage).text(blocked))).toEqual({
      kk: 'Ағымдағы күйде мүмкін емес: kaspi.operator мәртебесі «Бұғатталған»: алдымен бұғаттан шығарыңыз',
      ru: 'Невозможно в текущем состоянии: у kaspi.operator статус «Заблокирован»: сначала разблокируйте пользователя',
      en: 'Not possible in the current state: kaspi.operator has the status “Blocked”: unblock them first'
    })
  })
})

describe('roles a refusal names', () => {
  it('are the roles’ names in the user’s language, not their codes', () => {
    const e = new CallFailure('VALIDATION', 'roles not allowed for operator staff', ['roles: participant_viewer'], [{ rule: 'users.roles_wrong_kind', params: { login: 'ops2', roles: 'participant_viewer, participant_operator' } }])
    const text = each((l) => inLocale(l, useErrorMessage).text(e))
    for (const lang of LANGS) expect(text[lang]).not.toContain('participant_')
    expect(text.ru).toContain(`ops2 нельзя дать роли ${inLocale('ru', () => useI18n().t('roles.participant_viewer'))}, ${inLocale('ru', () => useI18n().t('roles.participant_operator'))}`)
  })
})

describe('a refusal of the crypto and trust area (a certificate bound, a party’s certificate, a file encrypted)', () => {
  // It showed the core's English after the translated title: «Невозможно в текущем состоянии: the certificate expired on …».
  it('words the rule with its certificate and day in the user’s language, not the core’s English', () => {
    const e = new CallFailure('CONFLICT', 'the certificate expired on 2026-03-01T00:00:00.000Z', [], [{ rule: 'trust.certificate_expired', params: { subject: 'C=KZ, CN=Aidos Serikov', expiredDay: '2026-03-01' } }])
    expect(each((l) => inLocale(l, useErrorMessage).text(e))).toEqual({
      kk: 'Ағымдағы күйде мүмкін емес: C=KZ, CN=Aidos Serikov сертификатының мерзімі 01.03.2026 аяқталды',
      ru: 'Невозможно в текущем состоянии: срок действия сертификата C=KZ, CN=Aidos Serikov истёк 01.03.2026',
      en: 'Not possible in the current state: the certificate C=KZ, CN=Aidos Serikov expired on 01/03/2026'
    })
  })
})

describe('why a certificate’s chain is not trusted (binding a certificate, a recipient’s certificate; R12, R14)', () => {
  const text = (...failures: Record<string, string | number>[]) => {
    const e = new CallFailure('CONFLICT', 'the certificate is not trusted (…)', ['untrusted_chain: CN=X: no trusted issuer found for "CN=Y"'], [
      { rule: 'trust.certificate_untrusted', params: { subject: 'C=KZ, CN=Aidos Serikov' } },
      ...failures.map(({ chainFailure, ...params }) => ({ rule: `trust.chain_${chainFailure}`, params: { chainFailure: chainFailure!, ...params } }))
    ])
    return each((l) => inLocale(l, useErrorMessage).text(e).replace(/\s/g, ' '))
  }
  // The codes and the check's English terms ('expired', 'revoked' are English words too: only kk and ru are checked for them).
  const CODES = /untrusted_chain|not_yet_valid|invalid_ca|not_ca|no_cert_sign|path_length|basicConstraints|keyCertSign/

  // «Невозможно в текущем состоянии: untrusted_chain: C=KZ, CN=…: no trusted issuer found for "CN=Foreign CA"»
  it('words a chain that reaches no trusted CA, naming the certificate and its issuer as they are', () => {
    expect(text({ chainFailure: 'untrusted_chain', certificate: 'C=KZ, CN=Aidos Serikov', issuer: 'CN=Foreign CA' })).toEqual({
      kk: 'Ағымдағы күйде мүмкін емес: C=KZ, CN=Aidos Serikov сертификатына мұнда сенім жоқ: алдымен оның КО-сын сенім қоймасына қосыңыз; C=KZ, CN=Aidos Serikov сертификатын мұнда сенімді КО шығармаған: оның шығарушысы CN=Foreign CA сенім қоймасында жоқ',
      ru: 'Невозможно в текущем состоянии: сертификат C=KZ, CN=Aidos Serikov здесь не доверен: сначала добавьте его УЦ в хранилище доверия; сертификат C=KZ, CN=Aidos Serikov выпущен не доверенным здесь УЦ: его издателя CN=Foreign CA нет в хранилище доверия',
      en: 'Not possible in the current state: the certificate C=KZ, CN=Aidos Serikov is not trusted here: add its CA to the trust store first; the certificate C=KZ, CN=Aidos Serikov was issued by no CA trusted here: its issuer CN=Foreign CA is not in the trust store'
    })
  })

  it('words each other kind of failure with its days as the locale writes them and the serial as it is', () => {
    const revoked = text({ chainFailure: 'revoked', certificate: 'CN=Revoked Signer', serial: '0a1b2c', revokedDay: '2026-03-01' })
    expect(revoked.ru).toContain('; сертификат CN=Revoked Signer (серийный номер 0a1b2c) отозван 01.03.2026')
    expect(revoked.en).toContain('; the certificate CN=Revoked Signer (serial 0a1b2c) was revoked on 01/03/2026')
    expect(text({ chainFailure: 'expired', certificate: 'CN=Sub CA', validUntilDay: '2026-03-01' }).kk).toContain('; тізбектегі CN=Sub CA сертификатының мерзімі 01.03.2026 аяқталды')
    expect(text({ chainFailure: 'not_yet_valid', certificate: 'CN=Sub CA', validFromDay: '2027-01-15' }).en).toContain('; the certificate CN=Sub CA in its chain is valid only from 15/01/2027')
    expect(text({ chainFailure: 'invalid_ca', certificate: 'CN=Person', caProblem: 'not_ca' }).ru).toContain('; CN=Person не вправе выпускать сертификаты: это не сертификат УЦ')
    const all = text(
      { chainFailure: 'untrusted_chain', certificate: 'CN=A', issuer: 'CN=B' },
      { chainFailure: 'expired', certificate: 'CN=A', validUntilDay: '2026-03-01' },
      { chainFailure: 'not_yet_valid', certificate: 'CN=A', validFromDay: '2026-03-01' },
      { chainFailure: 'revoked', certificate: 'CN=A', serial: '01', revokedDay: '2026-03-01' },
      ...['not_ca', 'no_cert_sign', 'path_length'].map((caProblem) => ({ chainFailure: 'invalid_ca', certificate: 'CN=A', caProblem, pathLength: 0 }))
    )
    for (const lang of LANGS) {
      expect(all[lang]).not.toMatch(CODES)
      if (lang !== 'en') expect(all[lang]).not.toMatch(/expired|revoked/)
      expect(all[lang].split('; ')).toHaveLength(8)
    }
  })
})

// A bank new to the workspace, named with a tab or a control character in the bundle: refused, nothing imported (R10.1).
describe('a bundle naming a bank with a character messages cannot carry', () => {
  it('says which bank, in the user’s language', () => {
    const e = new CallFailure('VALIDATION', 'the bundle names P077 (NEWBKZKA) with a control character or one XML cannot carry in its name', [], [{ rule: 'disputes.participant_name_unusable', params: { party: 'P077', bic: 'NEWBKZKA' } }])
    const text = each((l) => inLocale(l, useDisputeText).bundleRefusal(e))
    expect(text.ru).toContain('Пакет называет P077 (NEWBKZKA) с символом в наименовании, который нельзя использовать')
    expect(text.kk).toContain('Пакет P077 (NEWBKZKA) атауында қолдануға болмайтын таңба бар')
    expect(text.en).toContain('The bundle names P077 (NEWBKZKA) with a character that cannot be used in its name')
  })
})

// «Пакет отклонён: содержимое изменено после подписания»: which evidence, or what of which decision, was in the core's English only (R10.1, R12.1).
describe('a bundle whose evidence or decision is not what it signs', () => {
  const changed = (rule: string, params: Record<string, string | number>) => ({ rule, params: { ...params, signatureFailure: 'content_changed' } })
  const refused = (message: string, ...reasons: Reason[]) => each((l) => inLocale(l, useDisputeText).bundleRefusal(new CallFailure('VALIDATION', message, [], reasons)).replace(/\s/g, ' '))

  it('names the evidence', () => {
    expect(refused('back.p7m: evidence does not match its signed digest (content_changed)', changed('disputes.evidence_changed', { evidence: 'statement.csv' }))).toEqual({
      kk: 'Пакет қабылданбады: statement.csv дәлелі пакетте қол қойылған өлшемі мен хэшіне сәйкес келмейді',
      ru: 'Пакет отклонён: доказательство statement.csv не совпадает с размером и хэшем, подписанными в пакете',
      en: 'The bundle was refused: the evidence statement.csv does not match the size and digest the bundle signs for it'
    })
  })

  it('names the decision and what of it differs, amounts as the locale writes money, the outcome in words', () => {
    const text = refused(
      'back.p7m: decision 1 does not match its signed document or the case (content_changed)',
      changed('disputes.decision_differs', { n: 1, decisionField: 'outcome' }),
      changed('disputes.decision_over_claim', { n: 1, amountMinor: 150_000, claimedMinor: 149_999, currency: 'KZT' }),
      changed('disputes.decision_outcome_amount', { n: 1, disputeStatus: 'rejected', amountMinor: 100, currency: 'KZT' })
    )
    expect(text).toEqual({
      kk: 'Пакет қабылданбады: пакеттің 1 шешімі: қол қойылған шешімдегі «нәтиже» пакетте көрсетілгенге сәйкес келмейді; пакеттің 1 шешімі 1 500,00 KZT қайтарады, бұл мәлімделген 1 499,99 KZT сомасынан көп; пакеттің 1 шешімі «Қабылданбады» болса, 1,00 KZT қайтара алмайды',
      ru: 'Пакет отклонён: решение 1 пакета: «исход» в подписанном решении не совпадает с указанным в пакете; решение 1 пакета возвращает 1 500,00 KZT — больше заявленных 1 499,99 KZT; решение 1 пакета «Отклонён» не может возвращать 1,00 KZT',
      en: 'The bundle was refused: decision 1 of the bundle: its “outcome” as signed is not what the bundle states; decision 1 of the bundle returns KZT 1,500.00, more than the KZT 1,499.99 claimed; decision 1 of the bundle, “Rejected”, cannot return KZT 1.00'
    })
    for (const lang of LANGS) expect(text[lang]).not.toMatch(/content_changed|signed digest|disputes\.|decisionField|_/)
  })
})

// The shapes the core sends: test/integration/disputes/offline.test.ts and documents/import.test.ts check them on a real chain.
describe('why a bundle’s or a document’s signature fails its chain (R10.1, R12.1, R14.2)', () => {
  const expired = { rule: 'trust.chain_expired', params: { chainFailure: 'expired', certificate: 'CN=Lapsed Sub CA, C=KZ', validUntilDay: '2026-11-13' } }
  const notCa = { rule: 'trust.chain_invalid_ca', params: { chainFailure: 'invalid_ca', certificate: 'CN=Posing Sub CA, C=KZ', caProblem: 'not_ca' } }
  const untrusted = { rule: 'trust.chain_untrusted_chain', params: { chainFailure: 'untrusted_chain', certificate: 'CN=Former Sub CA, C=KZ', issuer: 'CN=Former Root CA, C=KZ' } }
  const ENGLISH = /valid until|checked at|basicConstraints|no trusted issuer|expired:|invalid_ca/

  // «Пакет отклонён: Срок действия сертификата истёк»: which certificate, and since when, was in the English only.
  it('words a refused bundle’s chain failure with the CA and its day, not the check’s English', () => {
    const e = new CallFailure('VALIDATION', 'case.p7m: the signature is not valid (expired)', ['expired: CN=Lapsed Sub CA, C=KZ: valid until 2026-11-13T04:00:00.000Z, checked at 2026-11-23T04:00:00.000Z'], [expired])
    expect(each((l) => inLocale(l, useDisputeText).bundleRefusal(e))).toEqual({
      kk: 'Пакет қабылданбады: тізбектегі CN=Lapsed Sub CA, C=KZ сертификатының мерзімі 13.11.2026 аяқталды',
      ru: 'Пакет отклонён: срок действия сертификата CN=Lapsed Sub CA, C=KZ в цепочке истёк 13.11.2026',
      en: 'The bundle was refused: the certificate CN=Lapsed Sub CA, C=KZ in its chain expired on 13/11/2026'
    })
  })

  // «Некоторые поля заполнены неверно: Содержимое изменено после подписания (the content does not match the signed message
  // digest); …»: the check's English in brackets, and which attachment was changed in the English only.
  it('words a refused document’s failures, each with its data (the attachment, the CA and why), none in the check’s English', () => {
    const failed = (code: string, r: Reason) => ({ ...r, params: { ...r.params, signatureFailure: code } })
    const e = new CallFailure(
      'VALIDATION',
      'incoming.p7m: the signature is not valid (content_changed, invalid_ca)',
      ['content_changed: the content does not match the signed message digest', 'content_changed: attachment act.pdf does not match its signed digest', 'invalid_ca: CN=Posing Sub CA, C=KZ: basicConstraints cA is not set'],
      [failed('content_changed', { rule: 'trust.verification_content_changed' }), failed('content_changed', { rule: 'documents.attachment_changed', params: { attachment: 'act.pdf' } }), failed('invalid_ca', notCa)]
    )
    const text = each((l) => inLocale(l, useDocumentText).refusal(e))
    // Titled as a signature's refusal, not as a form's («Некоторые поля заполнены неверно»).
    expect(text).toEqual({
      kk: 'Қолтаңба қабылданбады: мазмұн қол қойылғаннан кейін өзгертілген; act.pdf тіркемесі қол қойылғаны емес; CN=Posing Sub CA, C=KZ сертификат шығара алмайды: бұл КО сертификаты емес',
      ru: 'Подпись не принята: содержимое изменено после подписания; вложение act.pdf — не то, что подписано; CN=Posing Sub CA, C=KZ не вправе выпускать сертификаты: это не сертификат УЦ',
      en: 'The signature was not accepted: the content was changed after it was signed; the attachment act.pdf is not the one signed; CN=Posing Sub CA, C=KZ may not issue certificates: it is not a CA certificate'
    })
    // Any screen words it so; a form's refusal keeps its own title.
    expect(inLocale('ru', useErrorMessage).text(e)).toBe(text.ru)
    const form = new CallFailure('VALIDATION', 'invalid input', ['title: too short'], [{ rule: 'too_small', value: 'title' }])
    expect(inLocale('ru', useErrorMessage).text(form)).toMatch(/^Некоторые поля заполнены неверно: /)
    for (const lang of LANGS) expect(text[lang]).not.toMatch(/signed digest|message digest|content_changed|signatureFailure|verification_/)
    for (const lang of LANGS) expect(text[lang]).not.toMatch(ENGLISH)
  })

  // The report of an opened document showed the check's English beneath the failure («title: the signed document says …»).
  it('words a report’s failure with its data: an attachment, a field the signed document says otherwise with parties and classes named', () => {
    const { failureData } = inLocale('ru', useDocumentText)
    const differs = (documentField: string, signed: string, recorded: string) => ({ code: 'content_changed', detail: '…', reason: { rule: 'documents.signed_field_differs', params: { documentField, signed, recorded } } })
    expect(failureData(differs('class', 'strictly_confidential', 'confidential'))).toBe('в подписанном документе гриф — «Строго конфиденциально», а у АРМ записано «Конфиденциально»')
    expect(failureData(differs('recipients', 'P001, settlement_bank', 'P001'))).toBe('в подписанном документе получатели — «P001, Расчётный банк», а у АРМ записано «P001»')
    const kk = inLocale('kk', useDocumentText).failureData
    expect(kk(differs('sender', 'operator', 'P002'))).toBe('қол қойылған құжатта жіберушісі — «Төлем жүйесінің операторы», ал АЖО-да «P002» деп жазылған')
    const en = inLocale('en', useDocumentText).failureData
    expect(en(differs('attachments', '2', '1'))).toBe('the signed document’s number of attachments is “2”, the desk records “1”')
    expect(en({ code: 'content_changed', detail: '…', reason: { rule: 'documents.attachment_changed', params: { attachment: 'act.pdf' } } })).toBe('the attachment act.pdf is not the one signed')
    // A failure whose code says all has no data to add: the English detail is not shown instead.
    expect(en({ code: 'signature_invalid', detail: 'the signature does not verify with the signer certificate key' })).toBeNull()
  })

  // A case's decisions showed the failure's code with the check's English as its hover title («(untrusted_chain)»).
  it('words a decision’s failed check (a case’s decisions) by what failed, then the certificate and why, with no code or English', () => {
    const failure = { code: 'untrusted_chain', detail: 'CN=Former Sub CA, C=KZ: no trusted issuer found for "CN=Former Root CA, C=KZ"', reason: untrusted }
    expect(each((l) => inLocale(l, useDisputeText).verificationFailure(failure))).toEqual({
      kk: 'қол қоюшының сертификаты АЖО сенетін куәландырушы орталыққа апармайды — CN=Former Sub CA, C=KZ сертификатын мұнда сенімді КО шығармаған: оның шығарушысы CN=Former Root CA, C=KZ сенім қоймасында жоқ',
      ru: 'сертификат подписавшего не ведёт к удостоверяющему центру, которому доверяет АРМ — сертификат CN=Former Sub CA, C=KZ выпущен не доверенным здесь УЦ: его издателя CN=Former Root CA, C=KZ нет в хранилище доверия',
      en: 'the signer’s certificate does not lead to a certification authority this desk trusts — the certificate CN=Former Sub CA, C=KZ was issued by no CA trusted here: its issuer CN=Former Root CA, C=KZ is not in the trust store'
    })
    // A failure whose code says all is worded by it alone; one with the signer's usages names them.
    expect(inLocale('ru', useDisputeText).verificationFailure({ code: 'signature_invalid', detail: 'the signature does not verify' })).toBe('подпись не соответствует сертификату подписавшего')
    const usage = { rule: 'trust.signer_cannot_sign', params: { certificate: 'CN=Auth Only', keyUsage: 'digitalSignature', extendedKeyUsage: 'clientAuth', keyUsageNeeded: 'digitalSignature, nonRepudiation', extendedKeyUsageNeeded: 'emailProtection, anyExtendedKeyUsage' } }
    expect(inLocale('en', useDisputeText).verificationFailure({ code: 'wrong_key_usage', detail: 'key usage digitalSignature, extended key usage clientAuth: not a document-signing key', reason: usage })).toMatch(
      /^the signer's certificate is not meant for signing — the key usage of the certificate CN=Auth Only \(digital signature; extended: client authentication\) does not allow/
    )
    for (const lang of LANGS) expect(inLocale(lang, useDisputeText).verificationFailure(failure)).not.toMatch(/untrusted_chain|no trusted issuer/)
  })
})

// These read by their code's words alone («время подписания — в будущем», «… не принимает»): which time, attribute,
// algorithm or certificate was in the check's English only, or nowhere.
describe('what exactly a signature check found: the key, the certificate named, the times, the attribute, the algorithm (R10.1, R12.1, R14.2)', () => {
  const worded = (code: string, rule: string, params: Record<string, string | number>) => each((l) => inLocale(l, useDisputeText).verificationFailure({ code, detail: '…', reason: { rule, params } }))
  const CODES = /signature_invalid|certificate_hash_mismatch|signing_time_in_future|duplicate_attribute|unsupported_algorithm|signedAttribute|algorithmRole|messageDigest|maskHash|\{/

  it('a signature the certificate’s key does not verify, and a signing-certificate attribute naming another certificate', () => {
    expect(worded('signature_invalid', 'trust.signature_not_of_key', { certificate: 'CN=Marat Abenov, C=KZ' })).toEqual({
      kk: 'қолтаңба қол қоюшының сертификатына сәйкес келмейді — қолтаңба CN=Marat Abenov, C=KZ сертификатының ашық кілтімен расталмайды: ол басқа кілтпен қойылған, не қолтаңба немесе қол қойылған мазмұн өзгертілген',
      ru: 'подпись не соответствует сертификату подписавшего — подпись не проверяется открытым ключом сертификата CN=Marat Abenov, C=KZ: она сделана другим ключом, либо подпись или подписанное изменены',
      en: 'the signature does not match the signer’s certificate — the signature does not verify with the public key of the certificate CN=Marat Abenov, C=KZ: it was made with another key, or the signature or what it signs was changed'
    })
    const differs = worded('certificate_hash_mismatch', 'trust.signing_certificate_differs', { certificate: 'CN=Marat Abenov, C=KZ', serial: '4F1A' })
    expect(differs.ru).toBe('использован не тот сертификат, что указан при подписании — подписанный атрибут с сертификатом подписавшего указывает не на сертификат CN=Marat Abenov, C=KZ (серийный номер 4F1A), приложенный к подписи')
    expect(differs.en).toContain('names another than CN=Marat Abenov, C=KZ (serial 4F1A), the one the signature carries')
    expect(differs.kk).toContain('CN=Marat Abenov, C=KZ сертификатын (сериялық нөмірі 4F1A)')
  })

  it('a signing time ahead of the desk’s clock: both moments as the locale writes them, in Almaty time', () => {
    // 18:30 and 17:00 UTC are 23:30 and 22:00 in Asia/Almaty (UTC+5).
    const text = worded('signing_time_in_future', 'trust.signing_time_ahead', { signingAt: Date.UTC(2026, 11, 7, 18, 30, 0), checkedAt: Date.UTC(2026, 11, 7, 17, 0, 0) })
    expect(text.ru).toBe('время подписания — в будущем — подпись датирована 07.12.2026, 23:30:00, а часы АРМ при проверке показывали 07.12.2026, 22:00:00')
    expect(text.en).toBe('the signing time is in the future — the signature is dated 07/12/2026, 23:30:00, while this desk’s clock read 07/12/2026, 22:00:00 when it checked it')
    expect(text.kk).toBe('қол қою уақыты болашақта — қолтаңба 07.12.2026, 23:30:00 уақытымен белгіленген, ал тексеру кезінде АЖО сағаты 07.12.2026, 22:00:00 көрсетті')
  })

  it('a repeated signed attribute by name, with how many times or values', () => {
    expect(worded('duplicate_attribute', 'trust.attribute_repeated', { signedAttribute: 'messageDigest', count: 2 }).ru).toBe(
      'подписанный атрибут (тип содержимого, хэш, время подписания или сертификат) указан более одного раза — подписанный атрибут «хэш содержимого» указан несколько раз (всего 2), а допускается один'
    )
    expect(worded('duplicate_attribute', 'trust.attribute_values_repeated', { signedAttribute: 'signingTime', count: 2 })).toMatchObject({
      kk: expect.stringContaining('«қол қою уақыты» қол қойылған атрибутында бірнеше мән бар (барлығы 2), ал біреуі ғана рұқсат етіледі'),
      en: expect.stringContaining('the signed attribute “signing time” has 2 values; it may have one')
    })
  })

  it('an unsupported algorithm by name (or OID) with what it was for', () => {
    expect(worded('unsupported_algorithm', 'trust.algorithm_unsupported', { algorithmRole: 'digest', algorithm: 'SHA3-256' })).toEqual({
      kk: 'қолтаңба АЖО қабылдамайтын алгоритмді пайдаланады — АЖО қолдамайды — хэш-функция: SHA3-256',
      ru: 'подпись использует алгоритм, который АРМ не принимает — АРМ не поддерживает хэш-функцию: SHA3-256',
      en: 'the signature uses an algorithm this desk does not accept — this desk does not support the hash function: SHA3-256'
    })
    expect(worded('unsupported_algorithm', 'trust.algorithm_unsupported', { algorithmRole: 'signature', algorithm: '1.2.398.99.1' }).ru).toMatch(/АРМ не поддерживает алгоритм подписи: 1\.2\.398\.99\.1$/)
    expect(worded('unsupported_algorithm', 'trust.algorithm_unsupported', { algorithmRole: 'maskHash', algorithm: 'SHA-1' }).en).toMatch(/does not support an RSA-PSS mask hash function other than the signature’s: SHA-1$/)
  })

  it('none shows a code, a parameter’s name or the check’s English, in any language', () => {
    const all = [
      worded('signature_invalid', 'trust.signature_not_of_key', { certificate: 'CN=X' }),
      worded('certificate_hash_mismatch', 'trust.signing_certificate_differs', { certificate: 'CN=X', serial: '01' }),
      worded('signing_time_in_future', 'trust.signing_time_ahead', { signingAt: 1, checkedAt: 0 }),
      ...['contentType', 'messageDigest', 'signingTime', 'signingCertificate', 'signingCertificateV2'].map((a) => worded('duplicate_attribute', 'trust.attribute_repeated', { signedAttribute: a, count: 3 })),
      ...['digest', 'signature', 'maskGeneration', 'maskHash'].map((r) => worded('unsupported_algorithm', 'trust.algorithm_unsupported', { algorithmRole: r, algorithm: 'MD5' }))
    ]
    for (const text of all) for (const lang of LANGS) expect(text[lang]).not.toMatch(CODES)
  })
})

describe('a certificate’s key usages and a file’s system error a refusal names (R12, R14)', () => {
  const refusal = (rule: string, params: Record<string, string | number>) => each((l) => inLocale(l, useErrorMessage).ruled({ rule, params }) ?? '')
  const IDENTIFIERS = /digitalSignature|nonRepudiation|keyEncipherment|dataEncipherment|keyAgreement|keyCertSign|cRLSign|clientAuth|emailProtection|\bany\b|E[A-Z]{3,}/

  // «… назначение ключа C=KZ, CN=Auth Only (keyEncipherment; расширенное: 1.3.6.1.5.5.7.3.2) не позволяет …»
  it('names the key usages and the extended ones by their standard names, not the bits’ or the purposes’ identifiers', () => {
    const text = refusal('tokens.certificate_cannot_sign', { subject: 'C=KZ, CN=Auth Only', keyUsage: 'keyEncipherment, dataEncipherment', extendedKeyUsage: 'clientAuth' })
    expect(text).toEqual({
      kk: 'C=KZ, CN=Auth Only кілтінің мақсаты (кілттерді шифрлау, деректерді шифрлау; кеңейтілген: клиенттің түпнұсқалығын растау) құжаттарға қол қоюға мүмкіндік бермейді',
      ru: 'назначение ключа C=KZ, CN=Auth Only (шифрование ключей, шифрование данных; расширенное: проверка подлинности клиента) не позволяет подписывать документы',
      en: 'the key usage of C=KZ, CN=Auth Only (key encipherment, data encipherment; extended: client authentication) does not allow signing documents'
    })
    const unlimited = refusal('tokens.certificate_cannot_sign', { subject: 'CN=X', keyUsage: 'any', extendedKeyUsage: 'serverAuth, 1.3.6.1.4.1.99999.1' })
    expect(unlimited.ru).toContain('(не ограничено; расширенное: проверка подлинности сервера, 1.3.6.1.4.1.99999.1)')
    for (const lang of LANGS) expect(unlimited[lang]).not.toMatch(IDENTIFIERS)
  })

  // «… (цифровая подпись; расширенное: проверка подлинности клиента, 1.2.398.3.3.4.1.2, 1.2.398.3.3.4.1.2.5) …»: the NCA RK's
  // own purposes (who the holder is, what they may sign for a legal entity) were shown as bare OIDs.
  it('names the purposes of NCA RK certificates (ҰКО / НУЦ РК, 1.2.398.3.3.4.1.*) by who the holder is; an unknown one by its OID', () => {
    const auth = refusal('tokens.certificate_cannot_sign', { subject: 'CN=Aidos Serikov', keyUsage: 'digitalSignature', extendedKeyUsage: 'clientAuth, ncaLegalEntity, ncaEmployee' })
    expect(auth).toEqual({
      kk: 'CN=Aidos Serikov кілтінің мақсаты (цифрлық қолтаңба; кеңейтілген: клиенттің түпнұсқалығын растау, заңды тұлға (ҚР ҰКО), ұйым қызметкері (ҚР ҰКО)) құжаттарға қол қоюға мүмкіндік бермейді',
      ru: 'назначение ключа CN=Aidos Serikov (цифровая подпись; расширенное: проверка подлинности клиента, юридическое лицо (НУЦ РК), сотрудник организации (НУЦ РК)) не позволяет подписывать документы',
      en: 'the key usage of CN=Aidos Serikov (digital signature; extended: client authentication, legal entity (NCA RK), employee of an organisation (NCA RK)) does not allow signing documents'
    })
    const all = refusal('tokens.certificate_cannot_sign', {
      subject: 'CN=X', keyUsage: 'any', extendedKeyUsage: 'ncaIndividual, ncaFirstHead, ncaSigningRight, ncaFinancialSigningRight, ncaHumanResources, 1.2.398.3.3.4.2'
    })
    expect(all.ru).toContain(
      'физическое лицо (НУЦ РК), первый руководитель юридического лица (НУЦ РК), лицо с правом подписи (НУЦ РК), лицо с правом подписи финансовых документов (НУЦ РК), сотрудник отдела кадров, подтверждающий заявки сотрудников на сертификаты (НУЦ РК), 1.2.398.3.3.4.2)'
    )
    expect(all.en).toContain('individual (NCA RK), first head of a legal entity (NCA RK), person with the right to sign (NCA RK), person with the right to sign financial documents (NCA RK)')
    expect(all.kk).toContain('жеке тұлға (ҚР ҰКО), заңды тұлғаның бірінші басшысы (ҚР ҰКО)')
    for (const lang of LANGS) expect(all[lang]).not.toMatch(/\bnca[A-Z]|1\.2\.398\.3\.3\.4\.1/)
  })

  // A document's or a decision's report said «Сертификат подписавшего не предназначен для подписи», the usages in the check's English only.
  it('names the usages a signer’s certificate has and the ones signing needs, in a signature’s report or refusal', () => {
    const needed = { keyUsageNeeded: 'digitalSignature, nonRepudiation', extendedKeyUsageNeeded: 'emailProtection, anyExtendedKeyUsage' }
    const text = refusal('trust.signer_cannot_sign', { certificate: 'CN=Auth Only, C=KZ', keyUsage: 'digitalSignature, keyEncipherment', extendedKeyUsage: 'clientAuth, ncaEmployee', ...needed })
    expect(text).toEqual({
      kk: 'CN=Auth Only, C=KZ сертификаты кілтінің мақсаты (цифрлық қолтаңба, кілттерді шифрлау; кеңейтілген: клиенттің түпнұсқалығын растау, ұйым қызметкері (ҚР ҰКО)) құжаттарға қол қоюға мүмкіндік бермейді: мақсаттардың бірі (цифрлық қолтаңба, бас тартпау) және, кеңейтілген мақсаттар көрсетілсе, кеңейтілгендердің бірі (электрондық поштаны қорғау, кез келген мақсат) қажет',
      ru: 'назначение ключа сертификата CN=Auth Only, C=KZ (цифровая подпись, шифрование ключей; расширенное: проверка подлинности клиента, сотрудник организации (НУЦ РК)) не позволяет подписывать документы: нужно одно из назначений (цифровая подпись, неотрекаемость) и, если расширенные указаны, одно из расширенных (защита электронной почты, любое назначение)',
      en: 'the key usage of the certificate CN=Auth Only, C=KZ (digital signature, key encipherment; extended: client authentication, employee of an organisation (NCA RK)) does not allow signing documents, which needs one of the usages (digital signature, non-repudiation) and, where extended usages are listed, one of the extended (email protection, any purpose)'
    })
    const unlimited = refusal('trust.signer_cannot_sign', { certificate: 'CN=X', keyUsage: 'keyEncipherment', extendedKeyUsage: 'any', ...needed })
    expect(unlimited.ru).toContain('(шифрование ключей; расширенное: не ограничено)')
    // «any purpose» is anyExtendedKeyUsage's words.
    for (const t of [text, unlimited]) for (const lang of LANGS) expect(t[lang].replace('any purpose', '')).not.toMatch(IDENTIFIERS)
  })

  it('names the usage a recipient’s or a CRL issuer’s key lacks', () => {
    const recipient = refusal('trust.not_for_encryption', { subject: 'CN=Signing Only', keyUsage: 'digitalSignature, nonRepudiation', keyUsageNeeded: 'keyAgreement' })
    expect(recipient.ru).toBe('сертификат CN=Signing Only не предназначен для шифрования: в его назначении ключа (цифровая подпись, неотрекаемость) нет «согласование ключей»')
    expect(recipient.kk).toContain('(цифрлық қолтаңба, бас тартпау) «кілттерді келісу» жоқ')
    const crl = refusal('trust.crl_issuer_not_crl_signer', { issuer: 'CN=Test CA', keyUsage: 'keyCertSign', keyUsageNeeded: 'cRLSign' })
    expect(crl.en).toBe('the revocation list’s CA CN=Test CA may not sign revocation lists: its key usage (certificate signing) lacks “CRL signing”')
    for (const text of [recipient, crl]) for (const lang of LANGS) expect(text[lang]).not.toMatch(IDENTIFIERS)
  })

  // «Ошибка в данных: /tmp/act.pdf не читается (EACCES)»
  it('says what happened to a file rather than the system’s error code; the path is shown as it is', () => {
    expect(refusal('tokens.file_unreadable', { path: '/tmp/act.pdf', fileError: 'EACCES' })).toEqual({
      kk: '/tmp/act.pdf оқылмайды: рұқсат жоқ',
      ru: '/tmp/act.pdf не читается: нет доступа',
      en: '/tmp/act.pdf cannot be read: access is denied'
    })
    const full = refusal('tokens.out_unwritable', { path: '/mnt/out/act.p7m', fileError: 'ENOSPC' })
    expect(full.ru).toBe('/mnt/out/act.p7m не записывается: нет места на диске')
    expect(full.kk).toContain('дискіде орын жоқ')
    for (const lang of LANGS) expect(refusal('tokens.out_unwritable', { path: '/x', fileError: 'other' })[lang]).not.toMatch(IDENTIFIERS)
  })
})

describe('why the national format’s codec refused a file (the messages screen, R4.2)', () => {
  const line = (e: LineError) => each((l) => inLocale(l, useMessageText).lineError(e).replace(/\s/g, ' '))
  const mt = (code: LineError['code'], params: Record<string, string | number>, message: string): LineError => ({ line: 9, code, params: { format: 'MT102', ...params }, message, detail: message })

  // It was «Содержимое файла MT102 недопустимо» for every one of them, the codec's English beneath.
  it('says which kind of check failed on which field, in the user’s language', () => {
    expect(line(mt('mt_field_missing', { tag: ':57B:' }, 'MT102 transaction 2: mandatory field :57B: missing'))).toEqual({
      kk: 'Міндетті :57B: өрісі жоқ',
      ru: 'Нет обязательного поля :57B:',
      en: 'The mandatory field :57B: is missing'
    })
    expect(line(mt('mt_account', { tag: ':59:' }, 'MT102 transaction 1: payee: IIK "KZ…" is not a valid KZ IBAN'))).toEqual({
      kk: ':59: өрісіндегі шот (ЖСК) дұрыс қазақстандық IBAN емес: бақылау сандары немесе пішімі қате',
      ru: 'Счёт (ИИК) в поле :59: не является правильным казахстанским IBAN: неверны контрольные цифры или формат',
      en: 'The account (IIK) in :59: is not a valid Kazakhstan IBAN: its check digits or its form are wrong'
    })
    expect(line(mt('mt_field_length', { tag: ':59: /NAME/', maxCount: 140 }, '…'))).toEqual({
      kk: ':59: /NAME/ өрісінің мәні 140 таңбадан ұзын',
      ru: 'Значение поля :59: /NAME/ длиннее 140 символов',
      en: 'The value of :59: /NAME/ is longer than 140 characters'
    })
    expect(line(mt('mt_currency_mixed', { tag: ':32B:', currency: 'USD' }, '…')).ru).toBe('Валюта USD в поле :32B: отличается от валюты файла')
    expect(line(mt('mt_reference_repeated', { tag: ':21:', reference: 'T-1' }, '…')).kk).toBe(':21: өрісіндегі T-1 референсі файлда қайталанады')
    expect(line(mt('mt_block', { tag: '{4:' }, 'block 4 is not closed by a line -}')).ru).toBe('Нарушена структура блока {4: файла MT102')
  })
})
