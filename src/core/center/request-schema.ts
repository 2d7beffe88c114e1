import { z } from 'zod'
import { CHANNELS, OPERATION_TYPES, type AuthorizationRequest } from '../api/center-types'
import { isValidKzIban } from '../domain/iban'
import { isValidIinOrBin } from '../domain/identifiers'
import { isCurrency } from '../domain/money'
import { isValidPan } from '../domain/pan'

// The shapes an authorization request may take, shared by the online intake (R7.4) and the
// operations.submit call, so both refuse the same bad input with the same words.

export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrency, 'must be a currency the system handles (KZT, USD, EUR, RUB, CNY, GBP, KGS, UZS)')

/** A positive amount in the currency's units, at most two decimals, at most 10 trillion (no floats, no exponents). */
const AMOUNT = /^\d{1,13}(\.\d{1,2})?$/

export const amountText = z
  .string()
  .trim()
  .regex(AMOUNT, 'must be a positive amount like 1500 or 1500.50 (at most 2 decimals, at most 13 digits)')
  .refine((a) => /[1-9]/.test(a), 'must be greater than zero')

/** An amount that may be zero (a balance, a fee part). */
export const amountOrZeroText = z.string().trim().regex(AMOUNT, 'must be an amount like 0, 1500 or 1500.50 (not negative, at most 2 decimals, at most 13 digits)')

export const iinText = z.string().trim().refine(isValidIinOrBin, 'must be an IIN of 12 digits with a valid check digit')
export const ibanText = z.string().trim().toUpperCase().refine(isValidKzIban, 'must be a KZ IBAN of 20 characters with valid check digits')
export const panText = z.string().trim().regex(/^\d{13,19}$/, 'must be 13–19 digits').refine(isValidPan, 'has an invalid check digit (Luhn)')
export const expiryText = z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM')

// A party named no way or two ways matches no branch: without its own words the sender read only "Invalid input".
export const partyRef = z.union(
  [
    z.strictObject({ pan: panText, expiry: expiryText.optional() }),
    z.strictObject({ wallet: z.string().trim().regex(/^W\d{10}$/, 'must be a wallet number W + 10 digits') }),
    z.strictObject({ iban: ibanText }),
    z.strictObject({ qr: z.string().trim().min(8).max(200) }),
    z.strictObject({ iin: iinText })
  ],
  { error: 'must be named one way: pan (with its expiry), wallet, iban, qr or iin' }
)

/** The rules of an operation as a whole that a request can break, named in its issues (params.rule) for the desk to word. */
export const REQUEST_RULES = ['terminal_required', 'to_currency_required', 'same_currency', 'not_an_exchange', 'payer_required', 'cash_channel', 'payee_required', 'payee_with_cash', 'two_phase_type'] as const

export const authorizationRequest = z
  .strictObject({
    requestId: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1–64 latin letters, digits, dot, dash, colon or underscore'),
    type: z.enum(OPERATION_TYPES),
    channel: z.enum(CHANNELS),
    terminal: z.string().trim().regex(/^T\d{6}$/, 'must be a terminal code T + 6 digits').optional(),
    payer: partyRef.optional(),
    payee: partyRef.optional(),
    amount: amountText,
    currency: currencyCode,
    toCurrency: currencyCode.optional(),
    twoPhase: z.boolean().optional(),
    purpose: z.string().trim().regex(/^\d{3}$/, 'must be a payment purpose code (KNP) of 3 digits').optional()
  })
  .superRefine((r, ctx) => {
    // Each refusal names its rule (params.rule), which the desk words in kk, ru and en; the message is the intake's English.
    const issue = (path: string, rule: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message, params: { rule } })
    if ((r.channel === 'terminal' || r.channel === 'cash_desk') && !r.terminal) issue('terminal', 'terminal_required', `a ${r.channel} operation names its terminal`)
    if (r.type === 'currency_exchange') {
      if (!r.toCurrency) issue('toCurrency', 'to_currency_required', 'a currency exchange names the currency to credit')
      else if (r.toCurrency === r.currency) issue('toCurrency', 'same_currency', 'must differ from the currency debited')
    } else if (r.toCurrency) issue('toCurrency', 'not_an_exchange', 'only a currency exchange credits another currency')
    const cashIn = r.type === 'top_up' && (r.channel === 'terminal' || r.channel === 'cash_desk')
    if (!r.payer && !cashIn) issue('payer', 'payer_required', 'must name the payer: an instrument, an account, a QR code or an IIN')
    if (r.type === 'cash_withdrawal' && r.channel !== 'terminal' && r.channel !== 'cash_desk') issue('channel', 'cash_channel', 'cash is withdrawn at a terminal or a cash desk')
    if ((r.type === 'transfer' || r.type === 'top_up' || r.type === 'other') && !r.payee) issue('payee', 'payee_required', `a ${r.type.replace('_', '-')} names the account or instrument credited`)
    if (r.type === 'cash_withdrawal' && r.payee) issue('payee', 'payee_with_cash', 'cash is paid out at the terminal: no payee')
    if (r.twoPhase && r.type !== 'payment' && r.type !== 'cash_withdrawal') issue('twoPhase', 'two_phase_type', 'only payments and cash withdrawals are authorized in two phases')
  })

// The schema and the request type must describe the same thing: this stops compiling if they drift apart.
type Describes<T extends AuthorizationRequest> = T
export type ParsedAuthorizationRequest = Describes<z.output<typeof authorizationRequest>>
