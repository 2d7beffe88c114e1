import type { Database } from 'better-sqlite3'
import { bankCodeOf } from '../accounts/accounts-repo'
import type { CenterParts } from '../center'
import { parseRate } from '../center/fx-rates'
import type { ParsedAuthorizationRequest } from '../center/request-schema'
import { iinCheckDigit } from '../domain/identifiers'
import { luhnCheckDigit, maskPan } from '../domain/pan'
import { CARD_PREFIX } from '../instruments/instruments-service'
import { operationalDayOf } from '../opday/calendar'
import { TerminalKeysRepo } from '../terminals/terminal-keys'
import { nextInSequence } from '../store/sequences'
import { statementCache } from '../store/statements'

/** How many demo clients the seed registers (each with a KZT account and a card). */
export const DEMO_CLIENTS = 40

// Forty distinct demo clients (made-up people with common Kazakh names): women at even places, men at odd ones,
// as the century-and-sex digit of their IINs says.
const DEMO_NAMES = [
  'Aizhan Bekova', 'Nurlan Sadykov', 'Dana Akhmetova', 'Yerlan Zhumabekov', 'Aliya Seitkali', 'Daniyar Omarov', 'Madina Kassymova',
  'Arman Tulegenov', 'Zhanna Iskakova', 'Bauyrzhan Abenov', 'Saule Tokhtarova', 'Timur Bekov', 'Gulnara Mukanova', 'Askar Nurpeisov',
  'Aruzhan Sarsenova', 'Marat Kenzhebayev', 'Kamila Utegenova', 'Serik Baimukhanov', 'Asel Zhaksylykova', 'Yerzhan Dosmukhamedov',
  'Ainur Kaliyeva', 'Olzhas Suleimenov', 'Togzhan Ermekova', 'Rustem Abdrakhmanov', 'Dinara Shaikenova', 'Ayan Kozhakhmetov',
  'Laura Amanova', 'Nursultan Baigaliyev', 'Meruyert Tanatarova', 'Alibek Zhunusov', 'Zarina Ospanova', 'Dauren Mussin',
  'Aigerim Kuanysheva', 'Yermek Sultanbekov', 'Balnur Ibrayeva', 'Kanat Yessenov', 'Akmaral Nurgaliyeva', 'Beibit Smagulov',
  'Indira Zhakupova', 'Samat Alimzhanov'
]

/** The demo client's card number: deterministic, Luhn-valid, so the simulator can present it (the core keeps only its hash). */
export function demoCardPan(i: number): string {
  const body = `${CARD_PREFIX}${String(100_000_000 + i * 7_919).slice(-9)}`
  return body + luhnCheckDigit(body)
}

/** A demo client's IIN: a birth date, the century-and-sex digit, a serial and a valid check digit. */
export function demoIin(i: number): string {
  const year = 60 + (i % 40)
  const month = String(1 + (i % 12)).padStart(2, '0')
  const day = String(1 + (i % 28)).padStart(2, '0')
  for (let serial = i * 10; ; serial++) {
    const first11 = `${year}${month}${day}${i % 2 ? 3 : 4}${String(serial % 10_000).padStart(4, '0')}`
    const check = iinCheckDigit(first11)
    if (check !== null) return first11 + check
  }
}

interface DemoParticipant {
  id: string
  code: string
  acquirer: boolean
}

/**
 * The demo's Center: clients with accounts and cards at every issuer, some USD accounts and e-wallets,
 * exchange rates, intake keys for the certified terminals, and a first day of operations made through
 * the real pipeline (cash top-ups that fund the accounts, then mixed traffic with some refusals).
 */
export function seedCenterDemo(db: Database, c: CenterParts, now: number, newId: () => string): void {
  const participants = db.prepare('SELECT id, code, is_acquirer AS acquirer FROM participants ORDER BY code').all() as { id: string; code: string; acquirer: number }[]
  const banks: DemoParticipant[] = participants.map((p) => ({ id: p.id, code: p.code, acquirer: p.acquirer === 1 }))
  const atms = db.prepare(`SELECT t.code, t.acquirer_id FROM terminals t WHERE t.kind = 'atm' AND t.certified_at IS NOT NULL ORDER BY t.code`).all() as { code: string; acquirer_id: string }[]
  const keys = new TerminalKeysRepo(db)
  // Wallet numbers come from the registry's sequence, as the desk's issuance takes them, so the two never collide.
  const sql = statementCache(db)
  const walletNo = (): string => `W${String(nextInSequence(sql, 'wallet')).padStart(10, '0')}`
  const expiry = operationalDayOf(now + 3 * 365 * 24 * 3600_000).slice(0, 7)
  db.transaction(() => {
    for (const t of db.prepare('SELECT id FROM terminals WHERE certified_at IS NOT NULL').pluck().all() as string[]) keys.issue(t, null, now)
    const rates: [string, string, string][] = [['USD', 'KZT', '512.34'], ['KZT', 'USD', '0.001941'], ['EUR', 'KZT', '556.12'], ['KZT', 'EUR', '0.001785'], ['RUB', 'KZT', '6.45'], ['KZT', 'RUB', '0.1531']]
    for (const [base, quote, rate] of rates) c.fx.insert({ base, quote, rateMicro: parseRate(rate), effectiveFrom: now - 24 * 3600_000, now, by: null })

    const seq = { n: 0 }
    const submit = (r: Omit<ParsedAuthorizationRequest, 'requestId'>, source: string) =>
      c.center.inTransaction((_now, day) => c.center.pipeline.authorize({ requestId: `seed-${++seq.n}`, ...r }, source, now, day), now)
    const clientAccounts: { iban: string; iin: string; pan: string; bank: DemoParticipant }[] = []
    for (let i = 0; i < DEMO_CLIENTS; i++) {
      const bank = banks[i % banks.length]!
      const clientId = newId()
      const iin = demoIin(i)
      const name = DEMO_NAMES[i % DEMO_NAMES.length]!
      db.prepare('INSERT INTO clients (id, iin, name, created_at) VALUES (?, ?, ?, ?)').run(clientId, iin, name, now)
      const open = (currency: string) =>
        c.accounts.openClientAccount({ id: newId(), participantId: bank.id, bankCode: bankCodeOf(bank.code), clientId, currency, minBalanceMinor: 0, limitPerOpMinor: null, limitDailyMinor: 5_000_000_00, now })
      const kzt = open('KZT')
      const pan = demoCardPan(i)
      const holder = name.toUpperCase()
      c.instruments.insert({ id: newId(), kind: 'card', accountId: kzt.id, clientId, issuerId: bank.id, panHash: c.panHash(pan), panMasked: maskPan(pan), walletNo: null, expiry, holderName: holder, qrToken: `demo${String(i).padStart(4, '0')}${clientId.slice(-10)}`, createdAt: now, createdBy: null })
      if (i % 4 === 0)
        c.instruments.insert({ id: newId(), kind: 'wallet', accountId: kzt.id, clientId, issuerId: bank.id, panHash: null, panMasked: null, walletNo: walletNo(), expiry: null, holderName: holder, qrToken: `demow${String(i).padStart(4, '0')}${clientId.slice(-9)}`, createdAt: now, createdBy: null })
      if (i % 3 === 0) open('USD')
      clientAccounts.push({ iban: kzt.iban, iin, pan, bank })
    }
    // Two cards an officer will see refused: one past its expiry (kept as issued long ago), one blocked.
    db.prepare('UPDATE instruments SET expiry = ? WHERE pan_hash = ?').run('2025-06', c.panHash(demoCardPan(3)))
    db.prepare(`UPDATE instruments SET status = 'blocked', status_reason = 'reported lost by the client' WHERE pan_hash = ?`).run(c.panHash(demoCardPan(5)))
    // Fund every client account with cash at an ATM (its own bank's, or Kaspi's for banks without devices).
    const atmOf = (bank: DemoParticipant) => (atms.find((a) => a.acquirer_id === bank.id) ?? atms[0]!).code
    clientAccounts.forEach((a, i) =>
      submit({ type: 'top_up', channel: 'terminal', terminal: atmOf(a.bank), payee: { iban: a.iban }, amount: `${200_000 + ((i * 37_013) % 1_800_000)}.00`, currency: 'KZT' }, atmOf(a.bank))
    )
    for (const usd of db.prepare(`SELECT iban FROM accounts WHERE kind = 'client' AND currency = 'USD'`).pluck().all() as string[])
      submit({ type: 'top_up', channel: 'terminal', terminal: atms[0]!.code, payee: { iban: usd }, amount: '1500.00', currency: 'USD' }, atms[0]!.code)
    // A first day's traffic: transfers, payments, withdrawals, an exchange, and the refusals an officer meets.
    for (let i = 0; i < 120; i++) {
      const a = clientAccounts[i % clientAccounts.length]!
      const b = clientAccounts[(i * 7 + 3) % clientAccounts.length]!
      const amount = `${1_000 + ((i * 4_513) % 90_000)}.00`
      const kind = i % 4
      if (kind === 0) submit({ type: 'transfer', channel: 'app', payer: { iban: a.iban }, payee: { iin: b.iin }, amount, currency: 'KZT', purpose: '119' }, 'app')
      else if (kind === 1) submit({ type: 'cash_withdrawal', channel: 'terminal', terminal: atmOf(b.bank), payer: { pan: a.pan }, amount, currency: 'KZT' }, atmOf(b.bank))
      else if (kind === 2) submit({ type: 'payment', channel: 'terminal', terminal: atmOf(a.bank), payer: { pan: a.pan }, amount, currency: 'KZT', purpose: '710' }, atmOf(a.bank))
      else submit({ type: 'transfer', channel: 'app', payer: { pan: a.pan }, payee: { iban: b.iban }, amount, currency: 'KZT' }, 'app')
    }
    const first = clientAccounts[0]!
    submit({ type: 'currency_exchange', channel: 'app', payer: { iban: first.iban }, amount: '51234.00', currency: 'KZT', toCurrency: 'USD' }, 'app')
    submit({ type: 'transfer', channel: 'app', payer: { iban: first.iban }, payee: { iban: clientAccounts[1]!.iban }, amount: '99999999.00', currency: 'KZT' }, 'app')
    const pos = db.prepare(`SELECT code FROM terminals WHERE certified_at IS NULL ORDER BY code LIMIT 1`).pluck().get() as string
    submit({ type: 'payment', channel: 'terminal', terminal: pos, payer: { pan: first.pan }, amount: '2500.00', currency: 'KZT' }, pos)
    for (const pan of [demoCardPan(3), demoCardPan(5), demoCardPan(DEMO_CLIENTS + 5)])
      submit({ type: 'payment', channel: 'terminal', terminal: atms[0]!.code, payer: { pan }, amount: '2500.00', currency: 'KZT' }, atms[0]!.code)
  })()
}
