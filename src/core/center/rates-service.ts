import type { CallContext } from '../api/context'
import type { FxRate } from '../api/types'
import { refuse } from '../domain/errors'
import { parseRate, type FxRates } from './fx-rates'

/** Exchange rates (R7.3.5): published ahead, never back-dated, so an operation's rate is the one in force when it arrived. */
export class RatesService {
  constructor(private readonly rates: FxRates) {}

  list(base?: string, quote?: string): FxRate[] {
    return this.rates.list(base, quote)
  }

  set(ctx: CallContext, i: { base: string; quote: string; rate: string; effectiveFrom: number }): FxRate {
    ctx.subject = `${i.base}/${i.quote}`
    // A minute's grace for the time it took to fill in the form.
    if (i.effectiveFrom < ctx.now - 60_000) refuse('VALIDATION', 'registry.rate_in_past', {}, 'a rate cannot take effect in the past', ['effectiveFrom: must not be in the past'])
    // A moment within the grace takes effect now: exchanges made since then keep the rate they were made at.
    const effectiveFrom = Math.max(i.effectiveFrom, ctx.now)
    if (this.rates.exists(i.base, i.quote, effectiveFrom)) refuse('CONFLICT', 'registry.rate_exists', { base: i.base, quote: i.quote }, `a ${i.base}/${i.quote} rate already takes effect at that moment`)
    return this.rates.insert({ base: i.base, quote: i.quote, rateMicro: parseRate(i.rate), effectiveFrom, now: ctx.now, by: ctx.user?.id ?? null })
  }
}
