import type { AuthorizationAnswer, AuthorizationRequest } from '../../core/api/center-types'
import { isValidIinOrBin } from '../../core/domain/identifiers'
import { luhnCheckDigit } from '../../core/domain/pan'
import { channelOfTerminal } from '../../core/terminals/terminal-channel'
import type { Fixture, SimAccount, SimCard, SimTerminal } from './fixture'

// Realistic mixed traffic for the intake: what terminals and cash desks send in a day, with a
// few requests that must be refused and some retries of requests already sent.

export type TrafficKind =
  | 'card_payment'
  | 'two_phase_payment'
  | 'completion'
  | 'reversal'
  | 'cash_withdrawal'
  | 'cash_top_up'
  | 'transfer_iban'
  | 'transfer_iin'
  | 'qr_payment'
  | 'exchange'
  | 'bad_unknown_card'
  | 'bad_expired_card'
  | 'bad_insufficient_funds'
  | 'bad_uncertified_terminal'
  | 'retry'

/** A request to one of the intake's endpoints, with the body that endpoint takes. */
export type PlannedRequest =
  | { path: '/v1/authorize'; body: AuthorizationRequest }
  | { path: '/v1/complete'; body: { requestId: string; operation: number; amount?: string } }
  | { path: '/v1/reverse'; body: { requestId: string; operation: number; reason: string } }

export type Planned = { kind: TrafficKind; terminal: SimTerminal } & PlannedRequest

// Shares of each kind, in per mille. Bad requests are rare, as at a real Center.
const MIX: readonly [TrafficKind, number][] = [
  ['card_payment', 280],
  ['two_phase_payment', 40],
  ['completion', 30],
  ['reversal', 15],
  ['cash_withdrawal', 150],
  ['cash_top_up', 140],
  ['transfer_iban', 110],
  ['transfer_iin', 60],
  ['qr_payment', 70],
  ['exchange', 30],
  ['bad_unknown_card', 15],
  ['bad_expired_card', 10],
  ['bad_insufficient_funds', 15],
  ['bad_uncertified_terminal', 10],
  ['retry', 25]
]

/** Operations waiting for a follow-up: held ones to complete or void, accepted payments to reverse. */
interface Followable {
  terminal: SimTerminal
  operation: number
  amount: string
}
const FOLLOWABLE_MAX = 256

/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class Traffic {
  private readonly random: () => number
  private readonly certified: SimTerminal[]
  private readonly uncertified: SimTerminal[]
  private readonly activeCards: SimCard[]
  private readonly expiredCards: SimCard[]
  private readonly kzt: SimAccount[]
  /** KZT accounts of clients with a genuine IIN (a bench population may have made-up ones): payees by IIN. */
  private readonly byIin: SimAccount[]
  private readonly iinOfIban: Map<string, string>
  /** Cards on the KZT account of a client who also has a USD account: an exchange has somewhere to credit. */
  private readonly exchangeCards: SimCard[]
  private readonly recent: Planned[] = []
  private readonly held: Followable[] = []
  private readonly reversible: Followable[] = []
  private counter = 0

  /** `runId` makes request ids unique across runs against the same database. */
  constructor(
    private readonly fixture: Fixture,
    private readonly runId: string,
    seed = 1,
    /** The month the Center is in (YYYY-MM): cards expiring before it are the expired ones. */
    month = new Date().toISOString().slice(0, 7)
  ) {
    this.random = seededRandom(seed)
    this.certified = fixture.terminals.filter((t) => t.certified)
    this.uncertified = fixture.terminals.filter((t) => !t.certified)
    this.activeCards = fixture.cards.filter((c) => c.active && c.expiry >= month && c.currency === 'KZT')
    this.expiredCards = fixture.cards.filter((c) => c.expiry < month)
    this.kzt = fixture.accounts.filter((a) => a.currency === 'KZT')
    this.byIin = this.kzt.filter((a) => isValidIinOrBin(a.iin))
    this.iinOfIban = new Map(this.kzt.map((a) => [a.iban, a.iin]))
    const withUsd = new Set(fixture.accounts.filter((a) => a.currency === 'USD').map((a) => a.iin))
    const exchangers = new Set(this.kzt.filter((a) => withUsd.has(a.iin)).map((a) => a.iban))
    this.exchangeCards = this.activeCards.filter((c) => exchangers.has(c.iban))
    if (!this.certified.length) throw new Error('the database has no certified terminal with an intake key')
    if (!this.activeCards.length || this.kzt.length < 2) throw new Error('the database has too few cards or KZT accounts to simulate traffic')
  }

  next(): Planned {
    const planned = this.plan(this.pickKind())
    if (planned.kind !== 'retry') {
      this.recent.push(planned)
      if (this.recent.length > 64) this.recent.shift()
    }
    return planned
  }

  /** Learns from an answer which operations can be completed or reversed later. */
  observe(p: Planned, answer: AuthorizationAnswer): void {
    if (p.path !== '/v1/authorize' || answer.replayed || answer.operation === null) return
    const queue = answer.status === 'held' ? this.held : answer.status === 'accepted' && p.kind === 'card_payment' ? this.reversible : undefined
    if (!queue) return
    queue.push({ terminal: p.terminal, operation: answer.operation, amount: p.body.amount })
    if (queue.length > FOLLOWABLE_MAX) queue.shift()
  }

  private pickKind(): TrafficKind {
    let r = this.random() * 1000
    for (const [kind, share] of MIX) if ((r -= share) < 0) return kind
    return 'card_payment'
  }

  private plan(kind: TrafficKind): Planned {
    const requestId = `${this.runId}-${++this.counter}`
    const at = this.pick(this.certified)
    const card = this.pick(this.activeCards)
    const pay = (c: SimCard) => ({ pan: c.pan, expiry: c.expiry })
    const [from, to] = this.twoAccounts()
    // Each terminal sends in its own channel (a cash desk's is the cash desk's): the Center refuses any other.
    const base = { requestId, terminal: at.terminalCode, channel: channelOfTerminal(at.kind), currency: 'KZT' }
    const authorize = (terminal: SimTerminal, body: AuthorizationRequest): Planned => ({ kind, terminal, path: '/v1/authorize', body })
    switch (kind) {
      case 'card_payment':
        return authorize(at, { ...base, type: 'payment', payer: pay(card), amount: this.amount(500, 30_000) })
      case 'two_phase_payment':
        // A pre-authorization (a hotel, a fuel pump): the money is held, then completed or voided.
        return authorize(at, { ...base, type: 'payment', payer: pay(card), amount: this.amount(5_000, 50_000), twoPhase: true })
      case 'completion': {
        const h = this.held.shift()
        if (!h) return this.plan('card_payment')
        // Now and then for less than was held (the final bill came in lower).
        const amount = this.random() < 0.3 ? (Number(h.amount) / 2).toFixed(2) : undefined
        return { kind, terminal: h.terminal, path: '/v1/complete', body: { requestId, operation: h.operation, ...(amount ? { amount } : {}) } }
      }
      case 'reversal': {
        const r = (this.random() < 0.5 ? this.reversible : this.held).shift()
        if (!r) return this.plan('card_payment')
        return { kind, terminal: r.terminal, path: '/v1/reverse', body: { requestId, operation: r.operation, reason: 'customer cancelled at the terminal' } }
      }
      case 'cash_withdrawal':
        return authorize(at, { ...base, type: 'cash_withdrawal', payer: pay(card), amount: String(1000 * this.int(1, 20)) })
      case 'cash_top_up':
        return authorize(at, { ...base, type: 'top_up', payee: this.random() < 0.5 ? { pan: card.pan } : { iban: card.iban }, amount: String(1000 * this.int(5, 100)) })
      // A terminal names the payer by the client's instrument; account requisites or an IIN name the payee (R7.3.2).
      case 'transfer_iban':
        return authorize(at, { ...base, type: 'transfer', payer: pay(card), payee: { iban: (to.iban === card.iban ? from : to).iban }, amount: this.amount(100, 20_000), purpose: '119' })
      case 'transfer_iin':
        return authorize(at, { ...base, type: 'transfer', payer: pay(card), payee: { iin: this.otherClient(card, to).iin }, amount: this.amount(100, 20_000), purpose: '119' })
      case 'qr_payment':
        return authorize(at, { ...base, type: 'payment', payer: { qr: this.pick(this.fixture.qrPayloads) }, amount: this.amount(200, 15_000) })
      case 'exchange':
        return authorize(at, { ...base, type: 'currency_exchange', payer: pay(this.exchangeCards.length ? this.pick(this.exchangeCards) : card), amount: this.amount(5_000, 50_000), toCurrency: 'USD' })
      case 'bad_unknown_card':
        return authorize(at, { ...base, type: 'payment', payer: { pan: this.unknownPan(), expiry: card.expiry }, amount: this.amount(500, 5_000) })
      case 'bad_expired_card': {
        const expired = this.expiredCards.length ? this.pick(this.expiredCards) : { ...card, expiry: '2020-01' }
        return authorize(at, { ...base, type: 'payment', payer: pay(expired), amount: this.amount(500, 5_000) })
      }
      case 'bad_insufficient_funds':
        // Above the demo balances, within the daily limit: refused for funds (1016), or the limit if the day was busy.
        return authorize(at, { ...base, type: 'payment', payer: pay(card), amount: '2500000.00' })
      case 'bad_uncertified_terminal': {
        // Without a keyed uncertified terminal in the database, this turns into an ordinary payment.
        const device = this.uncertified.length ? this.pick(this.uncertified) : at
        return authorize(device, { ...base, terminal: device.terminalCode, channel: channelOfTerminal(device.kind), type: 'payment', payer: pay(card), amount: this.amount(500, 5_000) })
      }
      case 'retry':
        return this.recent.length ? { ...this.pick(this.recent), kind } : this.plan('card_payment')
    }
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1))
  }

  /** Decimal text between min and max whole units, with tiyn. */
  private amount(min: number, max: number): string {
    return `${this.int(min, max - 1)}.${String(this.int(0, 99)).padStart(2, '0')}`
  }

  private twoAccounts(): [SimAccount, SimAccount] {
    const from = this.pick(this.kzt)
    let to = this.pick(this.kzt)
    while (to.iban === from.iban) to = this.pick(this.kzt)
    return [from, to]
  }

  /** A client other than the card's, named by a genuine IIN when there is one: a transfer's payee by IIN. */
  private otherClient(card: SimCard, fallback: SimAccount): SimAccount {
    const own = this.iinOfIban.get(card.iban)
    // A few draws find another client at once (a scan of every account per request cost the generator more than the
    // request itself with 50,000 clients); only a population of almost one client falls to the scan.
    for (let i = 0; i < 8 && this.byIin.length; i++) {
      const a = this.pick(this.byIin)
      if (a.iin !== own) return a
    }
    const others = this.byIin.filter((a) => a.iin !== own)
    return others.length ? this.pick(others) : fallback
  }

  /** A Luhn-valid card number no issuer of the demo has issued (BIN 999999). */
  private unknownPan(): string {
    const body = `999999${String(this.int(0, 999_999_999)).padStart(9, '0')}`
    return body + String(luhnCheckDigit(body))
  }
}
