// The simulator's traffic (R7.4): a transfer by IIN names another client than the card's owner, found without
// scanning every account per request.
import { describe, expect, it } from 'vitest'
import { iinCheckDigit } from '../../../src/core/domain/identifiers'
import type { Fixture } from '../../../src/main/simulator/fixture'
import { Traffic } from '../../../src/main/simulator/traffic'

/** A valid IIN of its own for the n-th client: serial n, born in January 1990 on the first day that gives a check digit. */
const iin = (n: number): string => {
  for (let day = 1; ; day++) {
    const first11 = `9001${String(day).padStart(2, '0')}3${String(n).padStart(4, '0')}`
    const check = iinCheckDigit(first11)
    if (check !== null) return first11 + check
  }
}

function fixture(clients: number): Fixture {
  const accounts = Array.from({ length: clients }, (_, n) => ({ iban: `KZ00125KZT${String(n).padStart(10, '0')}`, currency: 'KZT', iin: iin(n) }))
  return {
    terminals: [{ terminalCode: 'T000001', keyId: 'k1', secret: Buffer.alloc(32), kind: 'atm', certified: true }],
    cards: accounts.map((a, n) => ({ pan: `4400430000000${String(n).padStart(3, '0')}`, expiry: '2030-12', iban: a.iban, currency: 'KZT', active: true })),
    accounts,
    qrPayloads: []
  }
}

const ownerOf = (f: Fixture, iban: string): string => f.accounts.find((a) => a.iban === iban)!.iin

describe('Traffic: transfers by IIN', () => {
  it.each([2, 3, 500])('names a payee other than the paying card’s client, among %i clients', (clients) => {
    const f = fixture(clients)
    expect(new Set(f.accounts.map((a) => a.iin)).size).toBe(clients)
    const traffic = new Traffic(f, 'run', 7, '2026-12')
    let seen = 0
    for (let i = 0; i < 5_000; i++) {
      const p = traffic.next()
      if (p.kind !== 'transfer_iin' || p.path !== '/v1/authorize') continue
      const body = p.body as { payer: { pan: string }; payee: { iin: string } }
      const card = f.cards.find((c) => c.pan === body.payer.pan)!
      expect(body.payee.iin).not.toBe(ownerOf(f, card.iban))
      expect(f.accounts.some((a) => a.iin === body.payee.iin)).toBe(true)
      seen++
    }
    expect(seen).toBeGreaterThan(100)
  })
})
