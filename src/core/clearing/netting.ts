import { OPERATOR_PARTY, type MatrixCell, type NetPosition } from '../api/clearing-types'

/** What one party's clients sent another's in a currency over a day: the payer owes the payee. */
export interface Obligation {
  payer: string
  payee: string
  currency: string
  count: number
  amountMinor: number
  /** Settled by itself (R7.6, R7.9), outside the multilateral net. */
  gross: boolean
}

export interface FeeTotal {
  party: string
  currency: string
  feeMinor: number
}

export interface Netting {
  positions: NetPosition[]
  matrix: MatrixCell[]
  checks: { currency: string; sumMinor: number }[]
}

const blank = (party: string, name: string, currency: string): NetPosition => ({
  party, name, currency, receivableMinor: 0, payableMinor: 0, feesMinor: 0, netMinor: 0, grossPayableMinor: 0, grossReceivableMinor: 0
})

/**
 * Multilateral netting (R7.7): every party's claims and obligations of the day are offset into one net
 * position per currency — receivable − payable − fees, the operator receiving the fees (R9.4.6), net of those given
 * back: a party's fees are negative on a day that gave it back more than it was charged. Gross
 * obligations are shown but settled one by one. Obligations between a party and itself cancel out and are
 * dropped. The positions of a currency always sum to zero; `checks` carries the sums so the caller can prove it.
 */
export function net(obligations: readonly Obligation[], fees: readonly FeeTotal[], nameOf: (party: string) => string): Netting {
  const cells = new Map<string, MatrixCell>()
  for (const o of obligations) {
    if (o.payer === o.payee || o.amountMinor === 0) continue
    const key = `${o.payer}\u0000${o.payee}\u0000${o.currency}\u0000${o.gross ? 1 : 0}`
    const c = cells.get(key)
    if (c) {
      c.count += o.count
      c.amountMinor += o.amountMinor
    } else cells.set(key, { payer: o.payer, payee: o.payee, currency: o.currency, count: o.count, amountMinor: o.amountMinor, gross: o.gross })
  }
  const positions = new Map<string, NetPosition>()
  const position = (party: string, currency: string): NetPosition => {
    const key = `${party}\u0000${currency}`
    let p = positions.get(key)
    if (!p) positions.set(key, (p = blank(party, nameOf(party), currency)))
    return p
  }
  for (const c of cells.values()) {
    const payer = position(c.payer, c.currency)
    const payee = position(c.payee, c.currency)
    if (c.gross) {
      payer.grossPayableMinor += c.amountMinor
      payee.grossReceivableMinor += c.amountMinor
    } else {
      payer.payableMinor += c.amountMinor
      payee.receivableMinor += c.amountMinor
    }
  }
  for (const f of fees) {
    if (f.feeMinor === 0) continue
    position(f.party, f.currency).feesMinor += f.feeMinor
    position(OPERATOR_PARTY, f.currency).receivableMinor += f.feeMinor
  }
  // A day that gave back more fees than it charged (reversals of earlier days' operations): the operator pays them.
  for (const p of positions.values())
    if (p.party === OPERATOR_PARTY && p.receivableMinor < 0) {
      p.payableMinor = -p.receivableMinor
      p.receivableMinor = 0
    }
  const sums = new Map<string, number>()
  for (const p of positions.values()) {
    p.netMinor = p.receivableMinor - p.payableMinor - p.feesMinor
    sums.set(p.currency, (sums.get(p.currency) ?? 0) + p.netMinor)
  }
  const byPartyCurrency = (a: { currency: string }, b: { currency: string }, x: string, y: string) => a.currency.localeCompare(b.currency) || x.localeCompare(y)
  return {
    positions: [...positions.values()].sort((a, b) => byPartyCurrency(a, b, a.party, b.party)),
    matrix: [...cells.values()].sort((a, b) => byPartyCurrency(a, b, `${a.payer} ${a.payee} ${+a.gross}`, `${b.payer} ${b.payee} ${+b.gross}`)),
    checks: [...sums].map(([currency, sumMinor]) => ({ currency, sumMinor })).sort((a, b) => a.currency.localeCompare(b.currency))
  }
}
