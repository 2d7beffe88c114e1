// The words of the reports in the three interface languages: Kazakh, Russian and English.
// Types and channels use the same wording as the renderer's operations locales.
import type { ReportLocale } from './document'

const ru = {
  titles: { clearing: 'Клиринговый отчёт', statement: 'Выписка участника', regulatory: 'Отчёт за период' },
  confidential: 'Конфиденциально',
  generated: 'Сформирован: {at} (время Алматы)',
  empty: 'Нет данных',
  total: 'Итого',
  operator: 'Оператор',
  subtitle: {
    day: 'Операционный день: {day}',
    state: 'Состояние дня: {state}',
    participant: 'Участник: {code} — {name}',
    allParticipants: 'Все участники',
    period: 'Период: {from} – {to}'
  },
  dayStates: {
    open: 'Открыт',
    closing: 'Закрывается',
    closed: 'Закрыт',
    cleared: 'Клиринг выполнен',
    settled: 'Расчёты завершены',
    failed: 'Сбой'
  },
  sections: {
    positions: 'Нетто-позиции',
    obligations: 'Двусторонние обязательства',
    fees: 'Комиссии',
    instructions: 'Расчётные инструкции',
    checks: 'Проверка: сумма нетто-позиций по валютам',
    operations: 'Операции по ролям, видам и каналам',
    position: 'Позиция',
    refusals: 'Отказы по причинам',
    byType: 'По видам операций',
    byChannel: 'По каналам',
    byParticipant: 'По участникам'
  },
  columns: {
    party: 'Участник',
    name: 'Наименование',
    currency: 'Валюта',
    receivable: 'К получению',
    payable: 'К оплате',
    fees: 'Комиссии',
    net: 'Нетто',
    grossPayable: 'Брутто к оплате',
    grossReceivable: 'Брутто к получению',
    payer: 'Плательщик',
    payee: 'Получатель',
    count: 'Количество',
    amount: 'Сумма',
    model: 'Модель',
    role: 'Роль',
    type: 'Вид операции',
    channel: 'Канал',
    fee: 'Комиссия',
    instruction: 'Инструкция',
    debit: 'Дебет',
    credit: 'Кредит',
    shortfall: 'Недостаток средств',
    accepted: 'Принято',
    acceptedAmount: 'Сумма принятых',
    refused: 'Отказано',
    reason: 'Причина',
    reasonCode: 'Код причины',
    netSum: 'Сумма нетто-позиций',
    result: 'Результат',
    issuerAccepted: 'Принято (эмитент)',
    issuerAmount: 'Сумма (эмитент)',
    issuerRefused: 'Отказано (эмитент)',
    acquirerAccepted: 'Принято (эквайер)',
    acquirerAmount: 'Сумма (эквайер)',
    acquirerRefused: 'Отказано (эквайер)'
  },
  roles: { issuer: 'Эмитент', acquirer: 'Эквайер' },
  types: {
    top_up: 'Пополнение',
    transfer: 'Перевод',
    payment: 'Оплата',
    cash_withdrawal: 'Снятие наличных',
    currency_exchange: 'Обмен валюты',
    other: 'Прочая операция'
  },
  channels: { app: 'Приложение', terminal: 'Терминал', cash_desk: 'Касса', salary: 'Зарплата' },
  models: { net: 'Нетто', gross: 'Брутто' },
  answers: { yes: 'Да', no: 'Нет' },
  check: { ok: 'Сходится', mismatch: 'Расхождение' }
}

export type ReportLabels = typeof ru

const kk: ReportLabels = {
  titles: { clearing: 'Клиринг есебі', statement: 'Қатысушының үзінді көшірмесі', regulatory: 'Кезеңдегі есеп' },
  confidential: 'Құпия',
  generated: 'Қалыптастырылды: {at} (Алматы уақыты)',
  empty: 'Деректер жоқ',
  total: 'Барлығы',
  operator: 'Оператор',
  subtitle: {
    day: 'Операциялық күн: {day}',
    state: 'Күннің күйі: {state}',
    participant: 'Қатысушы: {code} — {name}',
    allParticipants: 'Барлық қатысушылар',
    period: 'Кезең: {from} – {to}'
  },
  dayStates: {
    open: 'Ашық',
    closing: 'Жабылуда',
    closed: 'Жабық',
    cleared: 'Клиринг жүргізілді',
    settled: 'Есеп айырысу аяқталды',
    failed: 'Сәтсіздік'
  },
  sections: {
    positions: 'Нетто-позициялар',
    obligations: 'Екіжақты міндеттемелер',
    fees: 'Комиссиялар',
    instructions: 'Есеп айырысу нұсқаулары',
    checks: 'Тексеру: валюталар бойынша нетто-позициялар сомасы',
    operations: 'Рөлдер, түрлер және арналар бойынша операциялар',
    position: 'Позиция',
    refusals: 'Себептер бойынша бас тартулар',
    byType: 'Операция түрлері бойынша',
    byChannel: 'Арналар бойынша',
    byParticipant: 'Қатысушылар бойынша'
  },
  columns: {
    party: 'Қатысушы',
    name: 'Атауы',
    currency: 'Валюта',
    receivable: 'Алынатын',
    payable: 'Төленетін',
    fees: 'Комиссиялар',
    net: 'Нетто',
    grossPayable: 'Брутто төленетін',
    grossReceivable: 'Брутто алынатын',
    payer: 'Төлеуші',
    payee: 'Алушы',
    count: 'Саны',
    amount: 'Сомасы',
    model: 'Модель',
    role: 'Рөлі',
    type: 'Операция түрі',
    channel: 'Арна',
    fee: 'Комиссия',
    instruction: 'Нұсқау',
    debit: 'Дебет',
    credit: 'Кредит',
    shortfall: 'Қаражат жетіспеушілігі',
    accepted: 'Қабылданды',
    acceptedAmount: 'Қабылданғандар сомасы',
    refused: 'Бас тартылды',
    reason: 'Себебі',
    reasonCode: 'Себеп коды',
    netSum: 'Нетто-позициялар сомасы',
    result: 'Нәтиже',
    issuerAccepted: 'Қабылданды (эмитент)',
    issuerAmount: 'Сомасы (эмитент)',
    issuerRefused: 'Бас тартылды (эмитент)',
    acquirerAccepted: 'Қабылданды (эквайер)',
    acquirerAmount: 'Сомасы (эквайер)',
    acquirerRefused: 'Бас тартылды (эквайер)'
  },
  roles: { issuer: 'Эмитент', acquirer: 'Эквайер' },
  types: {
    top_up: 'Толықтыру',
    transfer: 'Аударым',
    payment: 'Төлем',
    cash_withdrawal: 'Қолма-қол ақша алу',
    currency_exchange: 'Валюта айырбастау',
    other: 'Басқа операция'
  },
  channels: { app: 'Қосымша', terminal: 'Терминал', cash_desk: 'Касса', salary: 'Жалақы' },
  models: { net: 'Нетто', gross: 'Брутто' },
  answers: { yes: 'Иә', no: 'Жоқ' },
  check: { ok: 'Сәйкес', mismatch: 'Сәйкессіздік' }
}

const en: ReportLabels = {
  titles: { clearing: 'Clearing report', statement: 'Participant statement', regulatory: 'Regulatory period report' },
  confidential: 'Confidential',
  generated: 'Generated {at} (Almaty time)',
  empty: 'No data',
  total: 'Total',
  operator: 'Operator',
  subtitle: {
    day: 'Operational day: {day}',
    state: 'Day state: {state}',
    participant: 'Participant: {code} — {name}',
    allParticipants: 'All participants',
    period: 'Period: {from} – {to}'
  },
  dayStates: {
    open: 'Open',
    closing: 'Closing',
    closed: 'Closed',
    cleared: 'Cleared',
    settled: 'Settled',
    failed: 'Failed'
  },
  sections: {
    positions: 'Net positions',
    obligations: 'Bilateral obligations',
    fees: 'Fees',
    instructions: 'Settlement instructions',
    checks: 'Check: sum of net positions per currency',
    operations: 'Operations by role, type and channel',
    position: 'Position',
    refusals: 'Refusals by reason',
    byType: 'By operation type',
    byChannel: 'By channel',
    byParticipant: 'By participant'
  },
  columns: {
    party: 'Participant',
    name: 'Name',
    currency: 'Currency',
    receivable: 'Receivable',
    payable: 'Payable',
    fees: 'Fees',
    net: 'Net',
    grossPayable: 'Gross payable',
    grossReceivable: 'Gross receivable',
    payer: 'Payer',
    payee: 'Payee',
    count: 'Count',
    amount: 'Amount',
    model: 'Model',
    role: 'Role',
    type: 'Operation type',
    channel: 'Channel',
    fee: 'Fee',
    instruction: 'Instruction',
    debit: 'Debit',
    credit: 'Credit',
    shortfall: 'Shortfall',
    accepted: 'Accepted',
    acceptedAmount: 'Accepted amount',
    refused: 'Refused',
    reason: 'Reason',
    reasonCode: 'Reason code',
    netSum: 'Sum of net positions',
    result: 'Result',
    issuerAccepted: 'Accepted (issuer)',
    issuerAmount: 'Amount (issuer)',
    issuerRefused: 'Refused (issuer)',
    acquirerAccepted: 'Accepted (acquirer)',
    acquirerAmount: 'Amount (acquirer)',
    acquirerRefused: 'Refused (acquirer)'
  },
  roles: { issuer: 'Issuer', acquirer: 'Acquirer' },
  types: {
    top_up: 'Top-up',
    transfer: 'Transfer',
    payment: 'Payment',
    cash_withdrawal: 'Cash withdrawal',
    currency_exchange: 'Currency exchange',
    other: 'Other operation'
  },
  channels: { app: 'App', terminal: 'Terminal', cash_desk: 'Cash desk', salary: 'Salary' },
  models: { net: 'Net', gross: 'Gross' },
  answers: { yes: 'Yes', no: 'No' },
  check: { ok: 'Balanced', mismatch: 'Mismatch' }
}

export const REPORT_LABELS: Record<ReportLocale, ReportLabels> = { kk, ru, en }

export const labelsOf = (locale: ReportLocale): ReportLabels => REPORT_LABELS[locale]

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
